//! The matching rules of `FORMAT.md`: when one coded event matches one gold event, how a
//! document's coded events are assigned to its gold events, and whether a matched pair
//! agrees on modality, date, place and quantities.
//!
//! Pure functions over gold and coded events; counting and reporting are in `metrics`.

use parley_model::EventRecord;
use serde::Serialize;

use crate::codes::{normalize, side_satisfied};
use crate::gold::GoldEvent;

/// Rule 1: the coded type is the gold type or one of its `alt` types.
pub fn type_matches(gold: &GoldEvent, coded: &EventRecord) -> bool {
    let t = coded.event.trim().to_ascii_uppercase();
    t == gold.event_type || gold.alt.contains(&t)
}

/// Rule 2: actors satisfy `sources` and recipients satisfy `targets`, or, for a symmetric
/// gold event, the other way round. An empty gold side places no condition.
pub fn sides_match(gold: &GoldEvent, coded: &EventRecord) -> bool {
    let straight = side_satisfied(&gold.sources, &coded.actor)
        && side_satisfied(&gold.targets, &coded.recipient);
    straight
        || (gold.symmetric
            && side_satisfied(&gold.sources, &coded.recipient)
            && side_satisfied(&gold.targets, &coded.actor))
}

/// All three rules: type (or alt), actors, polarity.
pub fn event_matches(gold: &GoldEvent, coded: &EventRecord) -> bool {
    gold.polarity == coded.polarity && type_matches(gold, coded) && sides_match(gold, coded)
}

/// How one matched pair agrees on the attributes scored apart from matching. `None`: the
/// gold event gives nothing to compare (no date, place or quantities).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct PairAgreement {
    pub modality: Option<bool>,
    pub date: Option<bool>,
    pub place: Option<bool>,
    pub quantities: Option<bool>,
}

impl PairAgreement {
    fn score(&self) -> usize {
        [self.modality, self.date, self.place, self.quantities]
            .iter()
            .filter(|a| **a == Some(true))
            .count()
    }
}

fn modality_set(v: &[String]) -> Vec<String> {
    let mut out: Vec<String> = v.iter().map(|m| m.trim().to_ascii_lowercase()).collect();
    out.sort();
    out.dedup();
    out
}

/// Compares a matched pair: modality sets equal; coded date equal to the gold date or more
/// precise within it (gold `2022`, coded `2022-02-24`); place name equal (case-insensitive),
/// or the same country when the gold place gives only a country; every gold quantity value
/// among the coded quantities.
pub fn agreement(gold: &GoldEvent, coded: &EventRecord) -> PairAgreement {
    let modality = Some(modality_set(&gold.modality) == modality_set(&coded.modality));
    let date = gold
        .date
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| {
            coded
                .date
                .as_deref()
                .map(str::trim)
                .is_some_and(|c| c == d || c.starts_with(&format!("{d}-")))
        });
    let place = gold.location.as_ref().and_then(|loc| {
        let loc_name = loc.name.as_deref().map(str::trim).filter(|n| !n.is_empty());
        let loc_country = loc
            .country
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty());
        let coded_loc = coded.event_loc.as_ref();
        match (loc_name, loc_country) {
            (Some(n), _) => Some(coded_loc.is_some_and(|p| p.name.trim().eq_ignore_ascii_case(n))),
            (None, Some(c)) => Some(coded_loc.is_some_and(|p| {
                p.country_code
                    .as_deref()
                    .is_some_and(|pc| normalize(pc) == normalize(c))
            })),
            (None, None) => None,
        }
    });
    let quantities = (!gold.quantities.is_empty()).then(|| {
        gold.quantities.iter().all(|g| {
            coded
                .quantities
                .iter()
                .any(|q| (q.value - g.value).abs() <= 1e-6 * g.value.abs().max(1.0))
        })
    });
    PairAgreement {
        modality,
        date,
        place,
        quantities,
    }
}

/// How a document's coded events were assigned to its gold events (indices into the slices
/// given to [`align`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Alignment {
    /// (gold, coded) pairs, in gold order.
    pub pairs: Vec<(usize, usize)>,
    /// (coded, gold): coded events that match an already matched gold event.
    pub duplicates: Vec<(usize, usize)>,
    /// Coded events that match no gold event, required or optional.
    pub false_positives: Vec<usize>,
    /// Required gold events left unmatched.
    pub misses: Vec<usize>,
    /// Optional gold events left unmatched (no penalty).
    pub unmatched_optional: Vec<usize>,
}

/// A key that orders coded events independently of the order the coder wrote them in.
fn canonical_key(e: &EventRecord) -> (usize, usize, usize, String, String, String) {
    (
        e.text_info.sentence,
        e.text_info.start,
        e.text_info.end,
        e.event.clone(),
        e.id.clone(),
        serde_json::to_string(e).unwrap_or_default(),
    )
}

fn augment(
    g: usize,
    candidates: &[Vec<usize>],
    seen: &mut [bool],
    owner: &mut [Option<usize>],
) -> bool {
    for &c in &candidates[g] {
        if seen[c] {
            continue;
        }
        seen[c] = true;
        let free = match owner[c] {
            None => true,
            Some(other) => augment(other, candidates, seen, owner),
        };
        if free {
            owner[c] = Some(g);
            return true;
        }
    }
    false
}

/// Assigns coded events to gold events, each gold event at most once, by a maximum bipartite
/// matching (augmenting paths). Required gold events are placed first, so as many required
/// events as possible are matched, then optional ones. Each gold event tries its candidates in
/// order of agreement (exact type before alt type, then modality/date/place/quantities agreeing),
/// ties broken by a canonical order of the coded events; the result therefore does not
/// depend on the order of the coder's output.
pub fn align(gold: &[GoldEvent], coded: &[&EventRecord]) -> Alignment {
    let mut order: Vec<usize> = (0..coded.len()).collect();
    let keys: Vec<_> = coded.iter().map(|e| canonical_key(e)).collect();
    order.sort_by(|&a, &b| keys[a].cmp(&keys[b]));
    let mut rank = vec![0usize; coded.len()];
    for (r, &c) in order.iter().enumerate() {
        rank[c] = r;
    }

    let candidates: Vec<Vec<usize>> = gold
        .iter()
        .map(|g| {
            let mut cs: Vec<usize> = (0..coded.len())
                .filter(|&c| event_matches(g, coded[c]))
                .collect();
            cs.sort_by_key(|&c| {
                let exact = coded[c].event.trim().eq_ignore_ascii_case(&g.event_type);
                let score = agreement(g, coded[c]).score() + if exact { 10 } else { 0 };
                (std::cmp::Reverse(score), rank[c])
            });
            cs
        })
        .collect();

    let mut owner: Vec<Option<usize>> = vec![None; coded.len()];
    let gold_order = (0..gold.len())
        .filter(|&g| gold[g].required)
        .chain((0..gold.len()).filter(|&g| !gold[g].required));
    for g in gold_order {
        let mut seen = vec![false; coded.len()];
        augment(g, &candidates, &mut seen, &mut owner);
    }

    let mut out = Alignment::default();
    let mut gold_to_coded: Vec<Option<usize>> = vec![None; gold.len()];
    for (c, o) in owner.iter().enumerate() {
        if let Some(g) = *o {
            gold_to_coded[g] = Some(c);
        }
    }
    for (g, m) in gold_to_coded.iter().enumerate() {
        match m {
            Some(c) => out.pairs.push((g, *c)),
            None if gold[g].required => out.misses.push(g),
            None => out.unmatched_optional.push(g),
        }
    }
    for &c in &order {
        if owner[c].is_some() {
            continue;
        }
        match (0..gold.len()).find(|&g| candidates[g].contains(&c)) {
            Some(g) => out.duplicates.push((c, g)),
            None => out.false_positives.push(c),
        }
    }
    out
}
