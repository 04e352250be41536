//! Scores: runs the alignment over every document of every suite and turns it into counts,
//! precision/recall/F1, per-type figures, a type confusion table, attribute agreement and
//! the list of errors. Produces plain data ([`Report`]); rendering is in `render`.

use std::collections::{BTreeMap, HashMap};

use parley_model::{Actor, EventRecord, Polarity};
use serde::{Deserialize, Serialize};

use crate::gold::{GoldDoc, GoldEvent, GoldFormat, GoldSuite};
use crate::matching::{agreement, align, sides_match, Alignment};

/// Label for "no event" in the confusion table.
pub const NONE: &str = "NONE";

/// Event counts of a suite (or of all suites).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Counts {
    pub documents: usize,
    pub gold_required: usize,
    pub gold_optional: usize,
    pub coded: usize,
    pub matched: usize,
    pub matched_required: usize,
    pub matched_optional: usize,
    pub duplicates: usize,
    pub false_positives: usize,
    pub misses: usize,
}

impl Counts {
    fn add(&mut self, o: &Counts) {
        self.documents += o.documents;
        self.gold_required += o.gold_required;
        self.gold_optional += o.gold_optional;
        self.coded += o.coded;
        self.matched += o.matched;
        self.matched_required += o.matched_required;
        self.matched_optional += o.matched_optional;
        self.duplicates += o.duplicates;
        self.false_positives += o.false_positives;
        self.misses += o.misses;
    }
}

/// `agreed` of `scored` matched pairs; `share` is `None` when nothing was scored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Ratio {
    pub agreed: usize,
    pub scored: usize,
    pub share: Option<f64>,
}

impl Ratio {
    fn push(&mut self, v: Option<bool>) {
        if let Some(ok) = v {
            self.scored += 1;
            self.agreed += usize::from(ok);
        }
        self.share = (self.scored > 0).then(|| self.agreed as f64 / self.scored as f64);
    }
    fn add(&mut self, o: &Ratio) {
        self.agreed += o.agreed;
        self.scored += o.scored;
        self.share = (self.scored > 0).then(|| self.agreed as f64 / self.scored as f64);
    }
}

/// Agreement among matched events.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Agreement {
    pub modality: Ratio,
    pub date: Ratio,
    pub place: Ratio,
    pub quantities: Ratio,
}

/// Per-type figures. Recall counts required gold events of the type; precision counts coded
/// events of the type (matched or false positive; duplicates left out).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TypeScore {
    #[serde(rename = "type")]
    pub event_type: String,
    pub gold_required: usize,
    pub gold_matched: usize,
    pub coded: usize,
    pub coded_matched: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

/// One cell of the type confusion table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConfusionCell {
    pub gold: String,
    pub coded: String,
    pub count: usize,
}

/// Everything measured on a set of documents.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Scores {
    pub counts: Counts,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub per_type: Vec<TypeScore>,
    /// Rows: gold type; columns: coded type. Matched pairs, near misses (a miss and a false
    /// positive with the same actors and polarity in the same document), then unpaired misses
    /// (coded `NONE`) and false positives (gold `NONE`).
    pub confusion: Vec<ConfusionCell>,
    pub agreement: Agreement,
}

/// A coded event, shortened for error listings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CodedSummary {
    pub id: String,
    pub event: String,
    pub actors: Vec<String>,
    pub recipients: Vec<String>,
    pub polarity: Polarity,
    pub rule: String,
    pub sentence: String,
}

fn actor_labels(actors: &[Actor]) -> Vec<String> {
    actors
        .iter()
        .map(|a| match (&a.code, &a.sector) {
            (Some(c), Some(s)) => format!("{c}/{s}"),
            (Some(c), None) => c.clone(),
            (None, Some(s)) => format!("?/{s} ({})", a.name),
            (None, None) => format!("? ({})", a.name),
        })
        .collect()
}

impl CodedSummary {
    fn new(e: &EventRecord, doc: &GoldDoc) -> Self {
        let sentence = if e.text_info.text.trim().is_empty() {
            doc.text.trim().to_string()
        } else {
            e.text_info.text.trim().to_string()
        };
        CodedSummary {
            id: e.id.clone(),
            event: e.event.clone(),
            actors: actor_labels(&e.actor),
            recipients: actor_labels(&e.recipient),
            polarity: e.polarity,
            rule: e.rule.clone(),
            sentence,
        }
    }
}

/// What kind of error an [`ErrorItem`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// A required gold event that no coded event matched.
    Miss,
    /// A coded event that matches no gold event.
    FalsePositive,
    /// A miss and a false positive on the same actors: wrong type and/or polarity.
    NearMiss,
}

/// One miss or false positive, with the sentence it comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ErrorItem {
    pub kind: ErrorKind,
    pub doc_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gold: Option<GoldEvent>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coded: Option<CodedSummary>,
    /// For near misses: what differs (`type`, `polarity`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub differs: Vec<String>,
    pub sentence: String,
}

/// The result for one gold file.
#[derive(Debug, Clone, Serialize)]
pub struct SuiteReport {
    pub name: String,
    pub path: String,
    pub format: GoldFormat,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    pub scores: Scores,
    pub errors: Vec<ErrorItem>,
}

/// The result of `parley eval`.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub suites: Vec<SuiteReport>,
    /// All suites together (micro-averaged: counts summed, then figures computed).
    pub overall: Scores,
    /// Coded events whose `doc_id` is in no gold file (not scored).
    pub unscored_events: usize,
}

#[derive(Debug, Clone, Default)]
struct Tally {
    counts: Counts,
    // type -> (gold_required, gold_matched, coded, coded_matched)
    per_type: BTreeMap<String, [usize; 4]>,
    confusion: BTreeMap<(String, String), usize>,
    agreement: Agreement,
}

impl Tally {
    fn add(&mut self, o: &Tally) {
        self.counts.add(&o.counts);
        for (t, v) in &o.per_type {
            let e = self.per_type.entry(t.clone()).or_default();
            for i in 0..4 {
                e[i] += v[i];
            }
        }
        for (k, n) in &o.confusion {
            *self.confusion.entry(k.clone()).or_default() += n;
        }
        self.agreement.modality.add(&o.agreement.modality);
        self.agreement.date.add(&o.agreement.date);
        self.agreement.place.add(&o.agreement.place);
        self.agreement.quantities.add(&o.agreement.quantities);
    }

    fn type_slot(&mut self, t: &str) -> &mut [usize; 4] {
        self.per_type
            .entry(t.trim().to_ascii_uppercase())
            .or_default()
    }

    fn confuse(&mut self, gold: &str, coded: &str) {
        *self
            .confusion
            .entry((gold.to_string(), coded.trim().to_ascii_uppercase()))
            .or_default() += 1;
    }

    fn scores(&self) -> Scores {
        let c = &self.counts;
        let precision = ratio(c.matched, c.matched + c.false_positives);
        let recall = ratio(c.matched_required, c.gold_required);
        let per_type = self
            .per_type
            .iter()
            .map(|(t, v)| {
                let (p, r) = (ratio(v[3], v[2]), ratio(v[1], v[0]));
                TypeScore {
                    event_type: t.clone(),
                    gold_required: v[0],
                    gold_matched: v[1],
                    coded: v[2],
                    coded_matched: v[3],
                    precision: p,
                    recall: r,
                    f1: f1(p, r),
                }
            })
            .collect();
        let confusion = self
            .confusion
            .iter()
            .map(|((g, k), n)| ConfusionCell {
                gold: g.clone(),
                coded: k.clone(),
                count: *n,
            })
            .collect();
        Scores {
            counts: c.clone(),
            precision,
            recall,
            f1: f1(precision, recall),
            per_type,
            confusion,
            agreement: self.agreement.clone(),
        }
    }
}

/// `num / den`, or 0 when `den` is 0 (nothing to measure counts as nothing achieved).
pub fn ratio(num: usize, den: usize) -> f64 {
    if den == 0 {
        0.0
    } else {
        num as f64 / den as f64
    }
}

/// Harmonic mean of precision and recall; 0 when both are 0.
pub fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether a coded event's sentence lies in the gold event's lines (when both are known), so
/// near misses pair events read from the same passage.
fn same_passage(doc: &GoldDoc, gold: &GoldEvent, coded: &EventRecord) -> bool {
    let sentence = squash(&coded.text_info.text);
    if gold.line.is_empty() || sentence.is_empty() {
        return true;
    }
    let evidence = squash(&doc.evidence(gold));
    evidence.contains(&sentence) || sentence.contains(&evidence)
}

fn score_document(
    doc: &GoldDoc,
    coded: &[&EventRecord],
    tally: &mut Tally,
    errors: &mut Vec<ErrorItem>,
) {
    let gold = &doc.events;
    let al: Alignment = align(gold, coded);
    let c = &mut tally.counts;
    c.documents += 1;
    c.gold_required += gold.iter().filter(|g| g.required).count();
    c.gold_optional += gold.iter().filter(|g| !g.required).count();
    c.coded += coded.len();
    c.matched += al.pairs.len();
    c.matched_required += al.pairs.iter().filter(|(g, _)| gold[*g].required).count();
    c.matched_optional += al.pairs.iter().filter(|(g, _)| !gold[*g].required).count();
    c.duplicates += al.duplicates.len();
    c.false_positives += al.false_positives.len();
    c.misses += al.misses.len();

    for g in gold.iter().filter(|g| g.required) {
        tally.type_slot(&g.event_type)[0] += 1;
    }
    for &(g, k) in &al.pairs {
        let (ge, ce) = (&gold[g], coded[k]);
        if ge.required {
            tally.type_slot(&ge.event_type)[1] += 1;
        }
        let slot = tally.type_slot(&ce.event);
        slot[2] += 1;
        slot[3] += 1;
        tally.confuse(&ge.event_type, &ce.event);
        let a = agreement(ge, ce);
        tally.agreement.modality.push(a.modality);
        tally.agreement.date.push(a.date);
        tally.agreement.place.push(a.place);
        tally.agreement.quantities.push(a.quantities);
    }
    for &k in &al.false_positives {
        tally.type_slot(&coded[k].event)[2] += 1;
    }

    // Near misses: pair each miss with the first unpaired false positive on the same actors.
    let mut fp_left: Vec<usize> = al.false_positives.clone();
    for &g in &al.misses {
        let ge = &gold[g];
        let near = fp_left
            .iter()
            .position(|&k| sides_match(ge, coded[k]) && same_passage(doc, ge, coded[k]));
        match near {
            Some(i) => {
                let k = fp_left.remove(i);
                let ce = coded[k];
                let mut differs = Vec::new();
                if !crate::matching::type_matches(ge, ce) {
                    differs.push("type".to_string());
                }
                if ge.polarity != ce.polarity {
                    differs.push("polarity".to_string());
                }
                if ge.polarity == ce.polarity {
                    tally.confuse(&ge.event_type, &ce.event);
                } else {
                    tally.confuse(&ge.event_type, NONE);
                    tally.confuse(NONE, &ce.event);
                }
                errors.push(ErrorItem {
                    kind: ErrorKind::NearMiss,
                    doc_id: doc.id.clone(),
                    gold: Some(ge.clone()),
                    coded: Some(CodedSummary::new(ce, doc)),
                    differs,
                    sentence: doc.evidence(ge),
                });
            }
            None => {
                tally.confuse(&ge.event_type, NONE);
                errors.push(ErrorItem {
                    kind: ErrorKind::Miss,
                    doc_id: doc.id.clone(),
                    gold: Some(ge.clone()),
                    coded: None,
                    differs: Vec::new(),
                    sentence: doc.evidence(ge),
                });
            }
        }
    }
    for k in fp_left {
        let ce = coded[k];
        tally.confuse(NONE, &ce.event);
        let summary = CodedSummary::new(ce, doc);
        errors.push(ErrorItem {
            kind: ErrorKind::FalsePositive,
            doc_id: doc.id.clone(),
            gold: None,
            sentence: summary.sentence.clone(),
            coded: Some(summary),
            differs: Vec::new(),
        });
    }
}

/// Scores coded events against gold suites. Coded events are tied to gold documents by
/// `doc_id`; events of documents in no suite are counted in `unscored_events`.
pub fn evaluate(suites: &[GoldSuite], coded: &[EventRecord]) -> Report {
    let mut by_doc: HashMap<&str, Vec<&EventRecord>> = HashMap::new();
    for e in coded {
        by_doc.entry(e.doc_id.as_str()).or_default().push(e);
    }
    let mut overall = Tally::default();
    let mut reports = Vec::new();
    let mut seen_docs: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for suite in suites {
        let mut tally = Tally::default();
        let mut errors = Vec::new();
        for doc in &suite.docs {
            seen_docs.insert(doc.id.as_str());
            let events = by_doc
                .get(doc.id.as_str())
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            score_document(doc, events, &mut tally, &mut errors);
        }
        overall.add(&tally);
        reports.push(SuiteReport {
            name: suite.name.clone(),
            path: suite.path.display().to_string(),
            format: suite.format,
            warnings: suite.warnings.clone(),
            scores: tally.scores(),
            errors,
        });
    }
    let unscored_events = by_doc
        .iter()
        .filter(|(d, _)| !seen_docs.contains(**d))
        .map(|(_, v)| v.len())
        .sum();
    Report {
        suites: reports,
        overall: overall.scores(),
        unscored_events,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use parley_model::Actor;
    use std::path::PathBuf;

    fn coded(doc: &str, id: &str, t: &str, actors: &[&str], recipients: &[&str]) -> EventRecord {
        let act = |cs: &[&str]| {
            cs.iter()
                .map(|c| Actor {
                    name: c.to_string(),
                    code: Some(c.to_string()),
                    ..Default::default()
                })
                .collect()
        };
        EventRecord {
            id: id.into(),
            doc_id: doc.into(),
            event: t.into(),
            actor: act(actors),
            recipient: act(recipients),
            ..Default::default()
        }
    }

    fn suite() -> GoldSuite {
        let g = |id: &str, t: &str, s: &str, tg: &str, required: bool| GoldEvent {
            id: id.into(),
            event_type: t.into(),
            sources: vec![s.into()],
            targets: vec![tg.into()],
            required,
            ..Default::default()
        };
        GoldSuite {
            name: "s.jsonl".into(),
            path: PathBuf::from("s.jsonl"),
            format: GoldFormat::Suite,
            docs: vec![
                GoldDoc {
                    id: "d1".into(),
                    text: "Russia and Ukraine met.".into(),
                    events: vec![
                        g("talks", "CONSULT", "RUS", "UKR", true),
                        g("demand", "REQUEST", "RUS", "UKR", true),
                        g("bg", "ASSAULT", "RUS", "UKR", false),
                    ],
                    ..Default::default()
                },
                GoldDoc {
                    id: "d2".into(),
                    text: "Nothing.".into(),
                    no_events: true,
                    ..Default::default()
                },
            ],
            warnings: Vec::new(),
        }
    }

    #[test]
    fn counts_and_figures() {
        let coded = vec![
            coded("d1", "1", "CONSULT", &["RUS"], &["UKR"]),
            coded("d1", "2", "CONSULT", &["RUS"], &["UKR"]), // duplicate
            coded("d1", "3", "THREATEN", &["RUS"], &["UKR"]), // near miss of "demand"
            coded("d2", "4", "AID", &["USA"], &["UKR"]),     // false positive
            coded("elsewhere", "5", "AID", &["USA"], &["UKR"]),
        ];
        let r = evaluate(&[suite()], &coded);
        let s = &r.suites[0].scores;
        let c = &s.counts;
        assert_eq!(
            (c.documents, c.gold_required, c.gold_optional, c.coded),
            (2, 2, 1, 4)
        );
        assert_eq!(
            (c.matched, c.duplicates, c.false_positives, c.misses),
            (1, 1, 2, 1)
        );
        assert!((s.precision - 1.0 / 3.0).abs() < 1e-9);
        assert!((s.recall - 0.5).abs() < 1e-9);
        assert!((s.f1 - 0.4).abs() < 1e-9);
        assert_eq!(r.unscored_events, 1);
        let cell = |g: &str, k: &str| {
            s.confusion
                .iter()
                .find(|x| x.gold == g && x.coded == k)
                .map(|x| x.count)
                .unwrap_or(0)
        };
        assert_eq!(cell("CONSULT", "CONSULT"), 1);
        assert_eq!(cell("REQUEST", "THREATEN"), 1);
        assert_eq!(cell(NONE, "AID"), 1);
        let kinds: Vec<ErrorKind> = r.suites[0].errors.iter().map(|e| e.kind).collect();
        assert_eq!(kinds, vec![ErrorKind::NearMiss, ErrorKind::FalsePositive]);
        let consult = s
            .per_type
            .iter()
            .find(|t| t.event_type == "CONSULT")
            .unwrap();
        assert_eq!(
            (
                consult.gold_required,
                consult.gold_matched,
                consult.coded,
                consult.coded_matched
            ),
            (1, 1, 1, 1)
        );
        let threaten = s
            .per_type
            .iter()
            .find(|t| t.event_type == "THREATEN")
            .unwrap();
        assert_eq!((threaten.coded, threaten.precision), (1, 0.0));
        assert_eq!(s.agreement.modality.scored, 1);
        assert_eq!(r.overall, *s);
    }

    #[test]
    fn nothing_coded_gives_zeros() {
        let r = evaluate(&[suite()], &[]);
        let s = &r.overall;
        assert_eq!((s.precision, s.recall, s.f1), (0.0, 0.0, 0.0));
        assert_eq!(s.counts.misses, 2);
        assert_eq!(r.suites[0].errors.len(), 2);
        assert_eq!(s.agreement.date.share, None);
    }

    #[test]
    fn baseline_check_flags_only_real_drops() {
        let coded = vec![coded("d1", "1", "CONSULT", &["RUS"], &["UKR"])];
        let r = evaluate(&[suite()], &coded);
        let mut b = crate::Baseline::from_report(&r, "test");
        assert!(b.check(&r).regressions.is_empty());
        b.suites.get_mut("s.jsonl").unwrap().f1 += 0.00005;
        assert!(b.check(&r).regressions.is_empty(), "within tolerance");
        b.suites.get_mut("s.jsonl").unwrap().f1 += 0.01;
        assert_eq!(b.check(&r).regressions.len(), 1);
        b.suites.clear();
        assert_eq!(b.check(&r).unlisted, vec!["s.jsonl".to_string()]);
    }

    #[test]
    fn renders_text_and_json() {
        let coded = vec![coded("d1", "1", "CONSULT", &["RUS"], &["UKR"])];
        let r = evaluate(&[suite()], &coded);
        let text = crate::render::to_text(&r, crate::RenderOptions { show_errors: true });
        assert!(
            text.contains("precision 1.000   recall 0.500   F1 0.667"),
            "{text}"
        );
        assert!(
            text.contains("MISS [d1]") && text.contains("Russia and Ukraine met."),
            "{text}"
        );
        let json = crate::render::to_json(&r, crate::RenderOptions::default());
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["suites"][0]["scores"]["counts"]["matched"], 1);
        assert_eq!(v["suites"][0]["errors"].as_array().map(Vec::len), Some(0));
    }
}
