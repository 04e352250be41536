//! Negotiation threads: the events between the same two parties on one subject
//! (ceasefire, prisoners, territory, sanctions, nuclear, talks), as a timeline with
//! mediators, demands, offers, agreements and what became of each agreement.
//!
//! Threads are *derived* from the merged events each time they are asked for (no
//! tables of their own), so they are always consistent with the store and need no
//! repair after a crash. A thread's id is its key, `PARTY1-PARTY2:subject` with the
//! parties' codes sorted, stable across runs (`RUS-UKR:prisoners`).
//!
//! Rules:
//! * subject of an event: from its `context` (and, for RETREAT, its `mode`: `release`
//!   → prisoners, `withdraw` → territory, `ceasefire` → ceasefire); a CONSULT with no
//!   subject belongs to `talks`. Events without a subject are in no thread, but are
//!   still looked at for follow-through (a RETREAT:release, an ASSAULT after a ceasefire);
//! * parties: pairs actor × recipient; a compound subject with no recipient ("the two
//!   sides agreed") gives the pairs among its actors. Mediators: actors whose role
//!   says mediator, or, in a `third-party` CONSULT (Turkey hosts Russia and Ukraine),
//!   the actors that are not among the two or more recipients; they are listed
//!   apart and do not form pairs;
//! * roles: REQUEST = demand; AGREE positive with `future`/`conditional`/`hypothetical`
//!   modality or an `offer` mode = offer; other positive AGREE = agreement (a
//!   commitment); negative AGREE = no agreement; REJECT = rejection; CONSULT = meeting;
//!   RETREAT/CONCEDE = follow-through or concession;
//! * an agreement is *fulfilled* when a later positive event between the same parties
//!   carries it out (prisoners: RETREAT on prisoners or with mode `release`;
//!   territory: RETREAT; talks: a later CONSULT; other subjects: RETREAT, CONCEDE,
//!   COOPERATE or AID on the subject); *violated* when a ceasefire is followed by an
//!   ASSAULT between the parties; *contested* when a later REJECT on the subject
//!   follows, or when other reports deny it (a conflicting negative AGREE).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::query::{EventFilter, StoredEvent};
use crate::store::Store;
use crate::StoreError;

/// Subjects threads are built on.
pub const SUBJECTS: [&str; 6] = [
    "ceasefire",
    "prisoners",
    "territory",
    "sanctions",
    "nuclear",
    "talks",
];

/// One event of a thread, with the part it plays.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThreadEntry {
    pub event_id: String,
    pub date: Option<String>,
    pub event: String,
    pub polarity: String,
    /// demand, offer, agreement, no-agreement, rejection, meeting, mediation,
    /// follow-through, concession, or the event type in lower case.
    pub role: String,
    pub actor: Vec<String>,
    pub recipient: Vec<String>,
    pub mode: Vec<String>,
    pub modality: Vec<String>,
    /// For agreements: pending, fulfilled, contested or violated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// For agreements: the events that fulfilled, violated or contested it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub followed_by: Vec<String>,
    pub n_sources: i64,
    pub confidence: f64,
    pub text: String,
}

/// A negotiation thread.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Thread {
    /// `RUS-UKR:prisoners`.
    pub id: String,
    pub parties: Vec<String>,
    pub subject: String,
    /// Mediator codes, most frequent first.
    pub mediators: Vec<String>,
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    /// open (no agreement yet), agreed, fulfilled, partly-fulfilled, contested.
    pub status: String,
    pub n_events: usize,
    pub n_demands: usize,
    pub n_offers: usize,
    pub n_agreements: usize,
    /// Events in date order (undated last).
    pub timeline: Vec<ThreadEntry>,
}

fn subjects_of(ev: &StoredEvent) -> BTreeSet<&'static str> {
    let mut out = BTreeSet::new();
    let words = ev.context.iter().chain(if ev.event == "RETREAT" {
        ev.mode.iter()
    } else {
        [].iter()
    });
    for c in words {
        let c = c.to_lowercase();
        let has = |ks: &[&str]| ks.iter().any(|k| c.contains(k));
        if has(&["ceasefire", "cease-fire", "truce", "armistice"]) {
            out.insert("ceasefire");
        }
        if has(&[
            "prisoner", "exchange", "hostage", "pow", "release", "detainee",
        ]) {
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
        if has(&[
            "summit", "negotiat", "talks", "peace", "meeting", "diplomac", "mediat",
        ]) {
            out.insert("talks");
        }
    }
    if out.is_empty() && ev.event == "CONSULT" {
        out.insert("talks");
    }
    out
}

fn has_any(v: &[String], ks: &[&str]) -> bool {
    v.iter()
        .any(|m| ks.iter().any(|k| m.eq_ignore_ascii_case(k)))
}

/// Mediators of an event and the pairs of principal parties it concerns.
fn parties_of(ev: &StoredEvent) -> (Vec<String>, Vec<(String, String)>) {
    let mediators = crate::merge::mediators_of(&ev.actor, &ev.recipient, &ev.mode);
    let actors = ev.actor_codes();
    let recipients = ev.recipient_codes();
    let third_party = has_any(&ev.mode, &["third-party", "mediation", "mediate"]);
    let a: Vec<String> = actors
        .into_iter()
        .filter(|c| !mediators.contains(c))
        .collect();
    let r: Vec<String> = recipients
        .into_iter()
        .filter(|c| !mediators.contains(c))
        .collect();
    let mut pairs = BTreeSet::new();
    let mut add = |x: &String, y: &String| {
        if x != y {
            let (p, q) = if x < y {
                (x.clone(), y.clone())
            } else {
                (y.clone(), x.clone())
            };
            pairs.insert((p, q));
        }
    };
    if r.is_empty() || (third_party && a.is_empty()) {
        let all: Vec<&String> = if r.is_empty() {
            a.iter().collect()
        } else {
            r.iter().collect()
        };
        for (i, x) in all.iter().enumerate() {
            for y in &all[i + 1..] {
                add(x, y);
            }
        }
    } else {
        for x in &a {
            for y in &r {
                add(x, y);
            }
        }
    }
    let pairs: Vec<_> = pairs.into_iter().collect();
    // A statement to a whole list of countries is not a bilateral negotiation.
    if pairs.len() > 6 {
        return (mediators.into_iter().collect(), Vec::new());
    }
    (mediators.into_iter().collect(), pairs)
}

fn role_of(ev: &StoredEvent, mediated: bool) -> &'static str {
    let positive = ev.polarity == "positive";
    match ev.event.as_str() {
        "REQUEST" => "demand",
        "AGREE" if !positive => "no-agreement",
        "AGREE"
            if has_any(&ev.modality, &["future", "conditional", "hypothetical"])
                || has_any(&ev.mode, &["offer", "propose"]) =>
        {
            "offer"
        }
        "AGREE" => "agreement",
        "REJECT" => "rejection",
        "CONSULT" if mediated => "mediation",
        "CONSULT" => "meeting",
        "RETREAT" => "follow-through",
        "CONCEDE" => "concession",
        _ => "other",
    }
}

fn involves(ev: &StoredEvent, pair: &(String, String)) -> bool {
    let codes: BTreeSet<String> = ev
        .actor_codes()
        .into_iter()
        .chain(ev.recipient_codes())
        .collect();
    codes.contains(&pair.0) && codes.contains(&pair.1)
}

fn later_or_same(a: &StoredEvent, b: &StoredEvent) -> bool {
    match (a.day(), b.day()) {
        (Some(x), Some(y)) => y >= x,
        _ => false,
    }
}

/// Builds all threads from a set of events.
pub fn build_threads(events: &[StoredEvent]) -> Vec<Thread> {
    struct Acc<'a> {
        events: Vec<(&'a StoredEvent, bool)>,
        mediators: BTreeMap<String, usize>,
    }
    let mut groups: BTreeMap<((String, String), &'static str), Acc> = BTreeMap::new();
    for ev in events {
        let subjects = subjects_of(ev);
        if subjects.is_empty() {
            continue;
        }
        let (mediators, pairs) = parties_of(ev);
        for pair in pairs {
            for s in &subjects {
                let acc = groups.entry((pair.clone(), *s)).or_insert_with(|| Acc {
                    events: Vec::new(),
                    mediators: BTreeMap::new(),
                });
                acc.events.push((ev, !mediators.is_empty()));
                for m in &mediators {
                    *acc.mediators.entry(m.clone()).or_default() += 1;
                }
            }
        }
    }
    let mut out = Vec::new();
    for ((pair, subject), acc) in groups {
        let mut evs = acc.events;
        evs.sort_by_key(|(e, _)| (e.day().is_none(), e.day(), e.row_id));
        let mut timeline = Vec::new();
        for (ev, mediated) in &evs {
            let role = role_of(ev, *mediated);
            let mut entry = ThreadEntry {
                event_id: ev.id.clone(),
                date: ev.date.clone(),
                event: ev.event.clone(),
                polarity: ev.polarity.clone(),
                role: if role == "other" {
                    ev.event.to_lowercase()
                } else {
                    role.to_string()
                },
                actor: ev.actor_codes(),
                recipient: ev.recipient_codes(),
                mode: ev.mode.clone(),
                modality: ev.modality.clone(),
                status: None,
                followed_by: Vec::new(),
                n_sources: ev.n_sources,
                confidence: ev.confidence,
                text: ev.text.clone(),
            };
            if role == "agreement" {
                let (status, by) = follow_through(ev, subject, &pair, &evs, events);
                entry.status = Some(status.to_string());
                entry.followed_by = by;
            }
            timeline.push(entry);
        }
        let count = |r: &str| timeline.iter().filter(|e| e.role == r).count();
        let statuses: Vec<&str> = timeline
            .iter()
            .filter_map(|e| e.status.as_deref())
            .collect();
        let fulfilled = statuses.iter().filter(|s| **s == "fulfilled").count();
        let status = if statuses.is_empty() {
            "open"
        } else if fulfilled == statuses.len() {
            "fulfilled"
        } else if statuses
            .iter()
            .any(|s| *s == "contested" || *s == "violated")
        {
            "contested"
        } else if fulfilled > 0 {
            "partly-fulfilled"
        } else {
            "agreed"
        };
        let mut mediators: Vec<(String, usize)> = acc.mediators.into_iter().collect();
        mediators.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let dated: Vec<&ThreadEntry> = timeline.iter().filter(|e| e.date.is_some()).collect();
        out.push(Thread {
            id: format!("{}-{}:{}", pair.0, pair.1, subject),
            parties: vec![pair.0.clone(), pair.1.clone()],
            subject: subject.to_string(),
            mediators: mediators.into_iter().map(|m| m.0).collect(),
            first_date: dated.first().and_then(|e| e.date.clone()),
            last_date: dated.last().and_then(|e| e.date.clone()),
            status: status.to_string(),
            n_events: timeline.len(),
            n_demands: count("demand"),
            n_offers: count("offer"),
            n_agreements: count("agreement"),
            timeline,
        });
    }
    out
}

/// What became of an agreement: status and the events that decided it.
fn follow_through(
    agree: &StoredEvent,
    subject: &str,
    pair: &(String, String),
    thread: &[(&StoredEvent, bool)],
    all: &[StoredEvent],
) -> (&'static str, Vec<String>) {
    let positive_later =
        |e: &StoredEvent| e.polarity == "positive" && e.id != agree.id && later_or_same(agree, e);
    let carries_out = |e: &StoredEvent| match subject {
        "prisoners" => e.event == "RETREAT",
        "territory" => e.event == "RETREAT",
        "talks" => e.event == "CONSULT" && e.day() > agree.day(),
        _ => matches!(
            e.event.as_str(),
            "RETREAT" | "CONCEDE" | "COOPERATE" | "AID"
        ),
    };
    let fulfilled: Vec<String> = thread
        .iter()
        .map(|(e, _)| *e)
        .filter(|e| positive_later(e) && carries_out(e))
        .map(|e| e.id.clone())
        .collect();
    if !fulfilled.is_empty() {
        return ("fulfilled", fulfilled);
    }
    if subject == "prisoners" {
        // A release reported without a subject still carries out an exchange.
        let releases: Vec<String> = all
            .iter()
            .filter(|e| {
                e.event == "RETREAT"
                    && positive_later(e)
                    && involves(e, pair)
                    && has_any(&e.mode, &["release"])
            })
            .map(|e| e.id.clone())
            .collect();
        if !releases.is_empty() {
            return ("fulfilled", releases);
        }
    }
    if subject == "ceasefire" {
        let attacks: Vec<String> = all
            .iter()
            .filter(|e| {
                e.event == "ASSAULT"
                    && positive_later(e)
                    && e.day() > agree.day()
                    && involves(e, pair)
            })
            .map(|e| e.id.clone())
            .collect();
        if !attacks.is_empty() {
            return ("violated", attacks);
        }
    }
    let mut contested: Vec<String> = thread
        .iter()
        .map(|(e, _)| *e)
        .filter(|e| e.event == "REJECT" && positive_later(e))
        .map(|e| e.id.clone())
        .collect();
    contested.extend(agree.conflicts_with.iter().cloned());
    if !contested.is_empty() {
        return ("contested", contested);
    }
    ("pending", Vec::new())
}

impl Store {
    /// All negotiation threads, most recent activity first.
    pub fn threads(&self) -> Result<Vec<Thread>, StoreError> {
        let events = self.events(&EventFilter::default())?;
        let mut t = build_threads(&events);
        t.sort_by(|a, b| {
            b.last_date
                .cmp(&a.last_date)
                .then(b.n_events.cmp(&a.n_events))
                .then(a.id.cmp(&b.id))
        });
        Ok(t)
    }

    /// One thread by id (`RUS-UKR:prisoners`, case-insensitive, parties in any order).
    pub fn thread(&self, id: &str) -> Result<Option<Thread>, StoreError> {
        let Some((parties, subject)) = id.trim().split_once(':') else {
            return Err(StoreError::Invalid {
                what: "thread id (expected PARTY-PARTY:subject)",
                value: id.to_string(),
            });
        };
        let mut p: Vec<String> = parties
            .split('-')
            .map(|s| s.trim().to_ascii_uppercase())
            .collect();
        p.sort();
        let want = format!("{}:{}", p.join("-"), subject.trim().to_lowercase());
        let mut filter = EventFilter::default();
        if let Some(first) = p.first() {
            filter.party = Some(first.clone());
        }
        let events = self.events(&filter)?;
        Ok(build_threads(&events).into_iter().find(|t| t.id == want))
    }
}
