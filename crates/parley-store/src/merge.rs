//! When two reports describe the same happening, and how sure we are of it.
//!
//! A report (one coded [`EventRecord`] of one document) is reduced to a
//! [`Happening`] key: type, actor and recipient code sets, subject (`context`),
//! mode, a day range and a place. Two keys are *compatible* ([`compatible`]) when
//! all of these hold:
//!
//! * same PLOVER type;
//! * parties: actor sets and recipient sets each overlap or one side is unknown
//!   (empty), with at least one real overlap; for reciprocal types (AGREE, CONSULT,
//!   COOPERATE) actors and recipients may be swapped, and equal party sets of two
//!   or more codes also match ("Russia and Ukraine agreed" = "Russia agreed with Ukraine");
//! * dates within the type's window ([`window_days`]); the publication date stands
//!   in when the text gives none; a report with no date at all only merges with
//!   events with no date;
//! * subject: contexts overlapping, or both empty, or (except for AGREE, REQUEST,
//!   REJECT and CONCEDE, whose subject *is* the happening) one empty: an AGREE on
//!   prisoners and an AGREE to meet again the same day stay two events; for those
//!   four types a specific subject (ceasefire, prisoners, territory, sanctions,
//!   nuclear) on either side must be shared; modes both empty, one empty, or overlapping;
//! * mediators (third parties of a `third-party` event, actors with a mediator role)
//!   do not count as principal parties: "Turkey hosted talks between Russia and
//!   Ukraine" matches "Russian and Ukrainian delegations met";
//! * place: country codes equal when both known; city/site names equal when both
//!   are cities or sites.
//!
//! Polarity is not part of compatibility: a compatible event of the other polarity
//! ("agreed" vs "no agreement was reached") is a *conflict*; the report goes to (or
//! creates) an event of its own polarity and the two are linked, never merged.
//!
//! Confidence: each report has a weight ([`report_weight`]: 0.6 asserted, less when
//! only reported by someone else or not (yet) real); each independent source
//! (outlet = URL host, see `store::outlet_of`) counts once with its best weight;
//! confidence = 1 − Π(1 − w) over sources. One outlet: 0.6; two: 0.84; three: 0.94.
//!
//! This module is pure logic; reading and writing rows is in `store.rs`.

use std::collections::BTreeSet;

use parley_model::{EventRecord, Place, Polarity};

use crate::dates::{day_range, range_distance};

/// Merge window in days for a PLOVER type: how far apart two reports' dates may be
/// and still describe one happening. Short for physical, dated happenings (an
/// attack is dated to the day), longer for diplomatic steps reported over days,
/// longest for sanctions (announced, adopted, entering into force).
pub fn window_days(event: &str) -> i64 {
    match event {
        "ASSAULT" | "COERCE" | "PROTEST" => 1,
        "CONSULT" | "ACCUSE" | "THREATEN" | "MOBILIZE" | "RETREAT" => 2,
        "AGREE" | "REJECT" | "REQUEST" | "SUPPORT" | "CONCEDE" | "COOPERATE" | "AID" => 3,
        "SANCTION" => 7,
        _ => 2,
    }
}

/// Largest window of any type (for candidate look-ups).
pub const MAX_WINDOW: i64 = 7;

/// Reciprocal types: who is actor and who recipient is a matter of phrasing.
pub fn is_symmetric(event: &str) -> bool {
    matches!(event, "AGREE" | "CONSULT" | "COOPERATE")
}

/// The merge key of a report (or of a stored event).
#[derive(Debug, Clone, PartialEq)]
pub struct Happening {
    pub event: String,
    pub polarity: Polarity,
    pub actors: BTreeSet<String>,
    pub recipients: BTreeSet<String>,
    pub context: BTreeSet<String>,
    pub mode: BTreeSet<String>,
    /// Inclusive day range; `None`: no date known.
    pub days: Option<(i64, i64)>,
    /// True when `days` comes from the text, false when from the publication date.
    pub date_from_text: bool,
    pub place_country: Option<String>,
    /// Lower-cased name when the place is a city or a site.
    pub place_local: Option<String>,
    /// Third parties (mediators, hosts): not principal parties of the happening.
    pub mediators: BTreeSet<String>,
}

impl Happening {
    /// The key of one report; `published` is the document's date (fallback).
    pub fn of_record(rec: &EventRecord, published: Option<&str>) -> Happening {
        let text_days = rec.date.as_deref().and_then(day_range);
        let (days, date_from_text) = match text_days {
            Some(d) => (Some(d), true),
            None => (published.and_then(day_range), false),
        };
        let (place_country, place_local) = place_key(rec.event_loc.as_ref());
        Happening {
            event: rec.event.to_ascii_uppercase(),
            polarity: rec.polarity,
            actors: rec.actor_codes().into_iter().map(str::to_string).collect(),
            recipients: rec
                .recipient_codes()
                .into_iter()
                .map(str::to_string)
                .collect(),
            context: lower_set(&rec.context),
            mode: lower_set(&rec.mode),
            days,
            date_from_text,
            place_country,
            place_local,
            mediators: mediators_of(&rec.actor, &rec.recipient, &rec.mode),
        }
    }

    /// Principal party codes (actors and recipients but mediators).
    pub fn parties(&self) -> BTreeSet<String> {
        self.actors
            .union(&self.recipients)
            .filter(|c| !self.mediators.contains(*c))
            .cloned()
            .collect()
    }
}

/// Mediators of an event: actors or recipients whose role says mediator, or, in a
/// `third-party` event with two or more recipients (Turkey hosts Russia and
/// Ukraine), the actors that are not recipients.
pub fn mediators_of(
    actors: &[parley_model::Actor],
    recipients: &[parley_model::Actor],
    mode: &[String],
) -> BTreeSet<String> {
    let mut m: BTreeSet<String> = actors
        .iter()
        .chain(recipients)
        .filter(|a| {
            a.role
                .as_deref()
                .is_some_and(|r| r.to_lowercase().contains("mediat"))
        })
        .filter_map(|a| a.code.clone())
        .collect();
    let third = mode.iter().any(|x| {
        matches!(
            x.to_lowercase().as_str(),
            "third-party" | "mediation" | "mediate"
        )
    });
    let rc: BTreeSet<&str> = recipients
        .iter()
        .filter_map(|a| a.code.as_deref())
        .collect();
    if m.is_empty() && third && rc.len() >= 2 {
        m = actors
            .iter()
            .filter_map(|a| a.code.clone())
            .filter(|c| !rc.contains(c.as_str()))
            .collect();
    }
    m
}

/// The specific negotiation subjects a context list names: ceasefire, prisoners,
/// territory, sanctions, nuclear (general contexts such as `negotiations` or
/// `military` name none).
pub fn specific_subjects<'a>(
    context: impl IntoIterator<Item = &'a String>,
) -> BTreeSet<&'static str> {
    let mut out = BTreeSet::new();
    for c in context {
        let c = c.to_lowercase();
        let has = |ks: &[&str]| ks.iter().any(|k| c.contains(k));
        if has(&["ceasefire", "cease-fire", "truce", "armistice"]) {
            out.insert("ceasefire");
        }
        if has(&["prisoner", "hostage", "pow", "detainee"]) {
            out.insert("prisoners");
        }
        if has(&["territor", "withdraw", "border", "occupied", "annex"]) {
            out.insert("territory");
        }
        if has(&["sanction", "embargo"]) {
            out.insert("sanctions");
        }
        if has(&["nuclear"]) {
            out.insert("nuclear");
        }
    }
    out
}

/// Types whose subject (`context`) defines the happening: what was agreed,
/// demanded, rejected or conceded. For these a report with a subject and one
/// without are not merged.
pub fn subject_defines(event: &str) -> bool {
    matches!(event, "AGREE" | "REQUEST" | "REJECT" | "CONCEDE")
}

/// Country and (for cities and sites) lower-cased name of a place.
pub fn place_key(p: Option<&Place>) -> (Option<String>, Option<String>) {
    match p {
        None => (None, None),
        Some(p) => {
            let local = match p.feature.as_deref() {
                Some("city") | Some("site") => {
                    Some(p.name.trim().to_lowercase()).filter(|s| !s.is_empty())
                }
                _ => None,
            };
            (p.country_code.clone(), local)
        }
    }
}

fn lower_set(v: &[String]) -> BTreeSet<String> {
    v.iter()
        .map(|s| s.trim().to_lowercase())
        .filter(|s| !s.is_empty())
        .collect()
}

/// `Some(true)`: overlap; `Some(false)`: one side unknown; `None`: disjoint.
fn side(a: &BTreeSet<String>, b: &BTreeSet<String>) -> Option<bool> {
    if a.is_empty() || b.is_empty() {
        Some(false)
    } else if a.intersection(b).next().is_some() {
        Some(true)
    } else {
        None
    }
}

/// Score of the party match (0: incompatible).
fn parties_score(
    actors: (&BTreeSet<String>, &BTreeSet<String>),
    recipients: (&BTreeSet<String>, &BTreeSet<String>),
) -> u32 {
    match (side(actors.0, actors.1), side(recipients.0, recipients.1)) {
        (Some(a), Some(r)) if a || r => 2 * (a as u32 + r as u32),
        _ => 0,
    }
}

/// Whether `a` and `b` may describe the same happening, ignoring polarity; the
/// returned score (higher: closer) ranks several candidates. `None`: incompatible.
pub fn compatible(a: &Happening, b: &Happening) -> Option<u32> {
    if a.event != b.event {
        return None;
    }
    // Parties.
    let mut party = parties_score((&a.actors, &b.actors), (&a.recipients, &b.recipients));
    if is_symmetric(&a.event) {
        party = party.max(parties_score(
            (&a.actors, &b.recipients),
            (&a.recipients, &b.actors),
        ));
        let (pa, pb) = (a.parties(), b.parties());
        if pa.len() >= 2 && pa == pb {
            party = party.max(4);
        }
    }
    if party == 0 {
        return None;
    }
    // Dates.
    let date_score = match (a.days, b.days) {
        (Some(x), Some(y)) => {
            let d = range_distance(x, y);
            if d > window_days(&a.event) {
                return None;
            }
            if d == 0 {
                2
            } else {
                1
            }
        }
        (None, None) => 0,
        _ => return None,
    };
    // Subject and mode.
    if subject_defines(&a.event) {
        // What was agreed / demanded: a specific subject on either side must be shared
        // ("agreed to meet again" is not "agreed to exchange prisoners").
        let (sa, sb) = (specific_subjects(&a.context), specific_subjects(&b.context));
        if (!sa.is_empty() || !sb.is_empty()) && sa.is_disjoint(&sb) {
            return None;
        }
    }
    let context_score = match side(&a.context, &b.context) {
        Some(true) => {
            2 * a.context.intersection(&b.context).count() as u32 + (a.context == b.context) as u32
        }
        Some(false) if a.context.is_empty() && b.context.is_empty() => 1,
        Some(false) if !subject_defines(&a.event) => 0,
        _ => return None,
    };
    side(&a.mode, &b.mode)?;
    // Place.
    let mut place_score = 0;
    if let (Some(x), Some(y)) = (&a.place_country, &b.place_country) {
        if x != y {
            return None;
        }
        place_score += 1;
    }
    if let (Some(x), Some(y)) = (&a.place_local, &b.place_local) {
        if x != y {
            return None;
        }
        place_score += 1;
    }
    Some(party + date_score + context_score + place_score)
}

/// Evidence weight of one report: 0.6 for an asserted event; 0.4 when it is only
/// attributed ("reportedly", Italian conditional); 0.3 when future, conditional or
/// hypothetical (a plan, not a happening).
pub fn report_weight(rec: &EventRecord) -> f64 {
    let has = |m: &str| rec.modality.iter().any(|x| x.eq_ignore_ascii_case(m));
    if has("future") || has("conditional") || has("hypothetical") {
        0.3
    } else if has("reported") {
        0.4
    } else {
        0.6
    }
}

/// 1 − Π(1 − w) over independent sources' weights.
pub fn confidence(source_weights: impl IntoIterator<Item = f64>) -> f64 {
    let miss: f64 = source_weights
        .into_iter()
        .map(|w| 1.0 - w.clamp(0.0, 1.0))
        .product();
    let c = 1.0 - miss;
    (c * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use parley_model::Actor;

    fn actor(code: &str) -> Actor {
        Actor {
            name: code.into(),
            code: Some(code.into()),
            ..Default::default()
        }
    }

    fn rec(event: &str, a: &[&str], r: &[&str], ctx: &[&str], date: Option<&str>) -> EventRecord {
        EventRecord {
            event: event.into(),
            actor: a.iter().map(|c| actor(c)).collect(),
            recipient: r.iter().map(|c| actor(c)).collect(),
            context: ctx.iter().map(|s| s.to_string()).collect(),
            date: date.map(str::to_string),
            ..Default::default()
        }
    }

    fn key(r: &EventRecord) -> Happening {
        Happening::of_record(r, Some("2025-05-16"))
    }

    #[test]
    fn same_exchange_reported_differently_is_compatible() {
        let a = key(&rec(
            "AGREE",
            &["RUS", "UKR"],
            &[],
            &["prisoners"],
            Some("2025-05-16"),
        ));
        let b = key(&rec("AGREE", &["UKR"], &["RUS"], &["prisoners"], None));
        let c = key(&rec(
            "AGREE",
            &["RUS"],
            &["UKR"],
            &["prisoners"],
            Some("2025-05-17"),
        ));
        assert!(compatible(&a, &b).is_some());
        assert!(
            compatible(&b, &c).is_some(),
            "reciprocal type: swapped sides match"
        );
    }

    #[test]
    fn different_subject_or_parties_or_date_is_not() {
        let a = key(&rec(
            "AGREE",
            &["RUS"],
            &["UKR"],
            &["prisoners"],
            Some("2025-05-16"),
        ));
        assert!(compatible(
            &a,
            &key(&rec("AGREE", &["RUS"], &["UKR"], &["negotiations"], None))
        )
        .is_none());
        assert!(compatible(
            &a,
            &key(&rec("AGREE", &["USA"], &["UKR"], &["prisoners"], None))
        )
        .is_none());
        assert!(compatible(&a, &key(&rec("AGREE", &["RUS"], &[], &["prisoners"], None))).is_some());
        assert!(compatible(
            &a,
            &key(&rec("AGREE", &["USA"], &["FRA"], &["prisoners"], None))
        )
        .is_none());
        assert!(compatible(
            &a,
            &key(&rec(
                "AGREE",
                &["RUS"],
                &["UKR"],
                &["prisoners"],
                Some("2025-05-25")
            ))
        )
        .is_none());
        assert!(compatible(
            &a,
            &key(&rec("CONSULT", &["RUS"], &["UKR"], &["prisoners"], None))
        )
        .is_none());
    }

    #[test]
    fn specific_subject_must_be_shared() {
        let a = key(&rec(
            "AGREE",
            &["RUS", "UKR"],
            &[],
            &["prisoners", "negotiations"],
            None,
        ));
        let b = key(&rec("AGREE", &["RUS", "UKR"], &[], &["negotiations"], None));
        assert!(compatible(&a, &b).is_none());
        let c = key(&rec(
            "AGREE",
            &["RUS", "UKR"],
            &[],
            &["prisoners", "negotiations", "military"],
            None,
        ));
        let d = key(&rec("AGREE", &["RUS", "UKR"], &[], &["prisoners"], None));
        assert!(compatible(&a, &c).unwrap() > compatible(&a, &d).unwrap());
    }

    #[test]
    fn assault_is_directional_and_short_window() {
        let a = key(&rec("ASSAULT", &["RUS"], &["UKR"], &[], Some("2025-05-16")));
        assert!(compatible(
            &a,
            &key(&rec("ASSAULT", &["UKR"], &["RUS"], &[], Some("2025-05-16")))
        )
        .is_none());
        assert!(compatible(
            &a,
            &key(&rec("ASSAULT", &["RUS"], &["UKR"], &[], Some("2025-05-17")))
        )
        .is_some());
        assert!(compatible(
            &a,
            &key(&rec("ASSAULT", &["RUS"], &["UKR"], &[], Some("2025-05-18")))
        )
        .is_none());
        let s = key(&rec("SANCTION", &["EU"], &["RUS"], &[], Some("2025-05-16")));
        assert!(compatible(
            &s,
            &key(&rec("SANCTION", &["EU"], &["RUS"], &[], Some("2025-05-22")))
        )
        .is_some());
    }

    #[test]
    fn places_must_agree() {
        let mut r1 = rec("CONSULT", &["RUS"], &["UKR"], &[], Some("2025-05-16"));
        r1.event_loc = Some(Place {
            name: "Istanbul".into(),
            country_code: Some("TUR".into()),
            feature: Some("city".into()),
            ..Default::default()
        });
        let mut r2 = r1.clone();
        r2.event_loc = Some(Place {
            name: "Riyadh".into(),
            country_code: Some("SAU".into()),
            feature: Some("city".into()),
            ..Default::default()
        });
        assert!(compatible(&key(&r1), &key(&r2)).is_none());
        let mut r3 = r1.clone();
        r3.event_loc = Some(Place {
            name: "Turkey".into(),
            country_code: Some("TUR".into()),
            feature: Some("country".into()),
            ..Default::default()
        });
        assert!(compatible(&key(&r1), &key(&r3)).is_some());
    }

    #[test]
    fn confidence_grows_with_sources() {
        assert_eq!(confidence([0.6]), 0.6);
        assert_eq!(confidence([0.6, 0.6]), 0.84);
        assert!(confidence([0.6, 0.6, 0.6]) > 0.93);
        assert_eq!(confidence([]), 0.0);
    }
}
