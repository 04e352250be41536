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
    // A free candidate first, so an earlier gold event keeps its preferred coded event when
    // this one can be served without moving it; only then try to re-route the owners.
    if let Some(&c) = candidates[g]
        .iter()
        .find(|&&c| owner[c].is_none() && !seen[c])
    {
        seen[c] = true;
        owner[c] = Some(g);
        return true;
    }
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
/// ties broken by a canonical order of the coded events, and takes a free candidate before
/// re-routing another gold event's; the result therefore does not depend on the order of
/// the coder's output.
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gold::{GoldPlace, GoldQuantity};
    use parley_model::{Actor, Place, Polarity, Quantity};

    fn a(code: &str) -> Actor {
        Actor {
            name: code.into(),
            code: Some(code.into()),
            ..Default::default()
        }
    }

    fn coded(id: &str, t: &str, actors: &[&str], recipients: &[&str]) -> EventRecord {
        EventRecord {
            id: id.into(),
            doc_id: "d".into(),
            event: t.into(),
            actor: actors.iter().map(|c| a(c)).collect(),
            recipient: recipients.iter().map(|c| a(c)).collect(),
            ..Default::default()
        }
    }

    fn gold(id: &str, t: &str, sources: &[&str], targets: &[&str]) -> GoldEvent {
        GoldEvent {
            id: id.into(),
            event_type: t.into(),
            sources: sources.iter().map(|s| s.to_string()).collect(),
            targets: targets.iter().map(|s| s.to_string()).collect(),
            required: true,
            ..Default::default()
        }
    }

    #[test]
    fn symmetric_gold_matches_swapped_actors_only_when_symmetric() {
        let mut g = gold("g", "CONSULT", &["RUS"], &["UKR"]);
        let swapped = coded("c", "CONSULT", &["UKR"], &["RUS"]);
        assert!(!event_matches(&g, &swapped));
        g.symmetric = true;
        assert!(event_matches(&g, &swapped));
        assert!(event_matches(
            &g,
            &coded("c", "CONSULT", &["RUS"], &["UKR"])
        ));
    }

    #[test]
    fn one_shared_code_per_side_is_enough() {
        let g = gold("g", "CONSULT", &["UKR"], &["USA", "FRA", "DEU"]);
        assert!(event_matches(
            &g,
            &coded("c", "CONSULT", &["UKR"], &["FRA"])
        ));
        assert!(event_matches(
            &g,
            &coded("c", "CONSULT", &["UKR", "POL"], &["ITA", "DEU"])
        ));
        assert!(!event_matches(
            &g,
            &coded("c", "CONSULT", &["UKR"], &["ITA"])
        ));
    }

    #[test]
    fn empty_gold_side_places_no_condition() {
        let g = gold("g", "AGREE", &["HUN", "ROU"], &[]);
        assert!(event_matches(&g, &coded("c", "AGREE", &["HUN"], &[])));
        assert!(event_matches(&g, &coded("c", "AGREE", &["ROU"], &["HUN"])));
        assert!(!event_matches(&g, &coded("c", "AGREE", &[], &["HUN"])));
        let g = gold("g", "PROTEST", &[], &[]);
        assert!(event_matches(&g, &coded("c", "PROTEST", &[], &[])));
    }

    #[test]
    fn type_or_alt_and_polarity() {
        let mut g = gold("g", "AGREE", &["RUS"], &["UKR"]);
        g.alt = vec!["REJECT".into()];
        g.polarity = Polarity::Negative;
        let mut c = coded("c", "agree", &["RUS"], &["UKR"]);
        assert!(
            !event_matches(&g, &c),
            "positive AGREE must not match a failed agreement"
        );
        c.polarity = Polarity::Negative;
        assert!(event_matches(&g, &c));
        c.event = "REJECT".into();
        assert!(event_matches(&g, &c));
        c.event = "CONSULT".into();
        assert!(!event_matches(&g, &c));
    }

    #[test]
    fn group_codes_in_gold() {
        let g = gold("g", "CONSULT", &["UKR"], &["EUR"]);
        assert!(event_matches(
            &g,
            &coded("c", "CONSULT", &["UKR"], &["ALB"])
        ));
        assert!(!event_matches(
            &g,
            &coded("c", "CONSULT", &["UKR"], &["USA"])
        ));
        let g = gold("g", "AGREE", &["IGO"], &["JAP"]);
        assert!(event_matches(&g, &coded("c", "AGREE", &["APEC"], &["JPN"])));
        let mut ngo = coded("c", "ACCUSE", &[], &["LBY"]);
        ngo.actor = vec![Actor {
            name: "jurists".into(),
            sector: Some("NGO".into()),
            ..Default::default()
        }];
        assert!(event_matches(
            &gold("g", "ACCUSE", &["NGO"], &["LBY"]),
            &ngo
        ));
    }

    #[test]
    fn duplicates_are_neither_right_nor_wrong() {
        let g = vec![gold("talks", "CONSULT", &["RUS"], &["UKR"])];
        let c1 = coded("c1", "CONSULT", &["RUS"], &["UKR"]);
        let c2 = coded("c2", "CONSULT", &["RUS"], &["UKR"]);
        let c3 = coded("c3", "ASSAULT", &["RUS"], &["UKR"]);
        let al = align(&g, &[&c1, &c2, &c3]);
        assert_eq!(al.pairs, vec![(0, 0)]);
        assert_eq!(al.duplicates, vec![(1, 0)]);
        assert_eq!(al.false_positives, vec![2]);
        assert!(al.misses.is_empty());
    }

    #[test]
    fn maximum_matching_does_not_depend_on_output_order() {
        // c_both matches both gold events, c_one only the first: a greedy pass that gives
        // c_both to the first gold event would miss the second.
        let mut g1 = gold("g1", "AGREE", &["RUS"], &["UKR"]);
        g1.symmetric = true;
        let g2 = gold("g2", "AGREE", &["UKR"], &["RUS"]);
        let c_both = coded("a", "AGREE", &["UKR"], &["RUS"]);
        let c_one = coded("b", "AGREE", &["RUS"], &["UKR"]);
        let golds = vec![g1, g2];
        for order in [vec![&c_both, &c_one], vec![&c_one, &c_both]] {
            let al = align(&golds, &order);
            assert_eq!(al.pairs.len(), 2, "{al:?}");
            assert!(
                al.misses.is_empty() && al.duplicates.is_empty() && al.false_positives.is_empty()
            );
        }
    }

    #[test]
    fn required_gold_is_matched_before_optional() {
        let mut optional = gold("bg", "ASSAULT", &["RUS"], &["UKR"]);
        optional.required = false;
        let required = gold("req", "ASSAULT", &["RUS"], &[]);
        let c = coded("c", "ASSAULT", &["RUS"], &["UKR"]);
        let al = align(&[optional, required], &[&c]);
        assert_eq!(al.pairs, vec![(1, 0)]);
        assert_eq!(al.unmatched_optional, vec![0]);
        assert!(al.misses.is_empty());
    }

    #[test]
    fn optional_gold_is_not_a_false_positive_when_coded() {
        let mut optional = gold("bg", "CONSULT", &["USA"], &["ARE"]);
        optional.required = false;
        let c = coded("c", "CONSULT", &["USA"], &["ARE"]);
        let al = align(&[optional], &[&c]);
        assert_eq!(al.pairs, vec![(0, 0)]);
        assert!(al.false_positives.is_empty());
    }

    #[test]
    fn exact_type_and_agreeing_attributes_are_preferred() {
        let mut g = gold("g", "AGREE", &["RUS"], &["UKR"]);
        g.alt = vec!["CONSULT".into()];
        g.modality = vec!["future".into()];
        let alt = coded("a", "CONSULT", &["RUS"], &["UKR"]);
        let mut exact = coded("b", "AGREE", &["RUS"], &["UKR"]);
        exact.modality = vec!["future".into()];
        let al = align(std::slice::from_ref(&g), &[&alt, &exact]);
        assert_eq!(al.pairs, vec![(0, 1)]);
        assert_eq!(al.duplicates, vec![(0, 0)]);
    }

    #[test]
    fn attribute_agreement() {
        let mut g = gold("g", "CONSULT", &["RUS"], &["UKR"]);
        g.date = Some("2022".into());
        g.location = Some(GoldPlace {
            name: Some("Istanbul".into()),
            country: Some("TUR".into()),
            ..Default::default()
        });
        g.quantities = vec![GoldQuantity {
            value: 1000.0,
            unit: Some("prisoner".into()),
        }];
        let mut c = coded("c", "CONSULT", &["RUS"], &["UKR"]);
        c.date = Some("2022-02-24".into());
        c.event_loc = Some(Place {
            name: "istanbul".into(),
            ..Default::default()
        });
        c.quantities = vec![Quantity {
            value: 1000.0,
            unit: "prisoner".into(),
            text: "mille".into(),
        }];
        let ag = agreement(&g, &c);
        assert_eq!(
            ag,
            PairAgreement {
                modality: Some(true),
                date: Some(true),
                place: Some(true),
                quantities: Some(true)
            }
        );
        c.date = Some("2025-05-16".into());
        c.modality = vec!["historical".into()];
        c.quantities.clear();
        let ag = agreement(&g, &c);
        assert_eq!(
            (ag.modality, ag.date, ag.quantities),
            (Some(false), Some(false), Some(false))
        );
        // A gold place given only as a country agrees with any place in that country.
        g.location = Some(GoldPlace {
            country: Some("ALB".into()),
            ..Default::default()
        });
        c.event_loc = Some(Place {
            name: "Tirana".into(),
            country_code: Some("ALB".into()),
            ..Default::default()
        });
        assert_eq!(agreement(&g, &c).place, Some(true));
        g.location = None;
        g.date = None;
        assert_eq!(
            (agreement(&g, &c).place, agreement(&g, &c).date),
            (None, None)
        );
    }
    #[test]
    fn a_free_candidate_is_taken_before_re_routing_a_better_pair() {
        // "talks" prefers c1 (date agrees); "meet" (alt CONSULT) can take c1 or c2. The later
        // gold event must take the free c2 rather than pull c1 away from "talks".
        let mut talks = gold("talks", "CONSULT", &["RUS"], &["UKR"]);
        talks.symmetric = true;
        talks.date = Some("2025-05-16".into());
        let mut meet = gold("meet", "AGREE", &["RUS"], &["UKR"]);
        meet.alt = vec!["CONSULT".into()];
        meet.symmetric = true;
        let mut c1 = coded("c1", "CONSULT", &["RUS"], &["UKR"]);
        c1.date = Some("2025-05-16".into());
        let c2 = coded("c2", "CONSULT", &["UKR"], &["RUS"]);
        let al = align(&[talks, meet], &[&c1, &c2]);
        assert_eq!(al.pairs, vec![(0, 0), (1, 1)]);
    }
}
