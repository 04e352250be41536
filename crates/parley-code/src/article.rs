//! Article level: "le due parti"/"both sides" and implicit parties resolve to the parties
//! of the article's talks; a demand by one party with no recipient goes to the other;
//! the same event reported twice in one document becomes one record with several
//! evidence spans. Works on candidates only, never on text.

use crate::events::{Candidate, Side};
use crate::mentions::ActorRef;
use parley_model::Polarity;
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;

/// The parties of the article's talks: the most frequent set of two or more country codes
/// acting together in reciprocal events.
pub fn parties(cands: &[Candidate]) -> Option<Vec<ActorRef>> {
    let mut counts: BTreeMap<Vec<String>, (usize, usize, Vec<ActorRef>)> = BTreeMap::new();
    for (order, c) in cands.iter().enumerate() {
        if !c.reciprocal {
            continue;
        }
        if let Side::Actors(a) = &c.source {
            let mut codes: Vec<String> = a.iter().filter_map(|x| x.code.clone()).collect();
            codes.sort();
            codes.dedup();
            if codes.len() >= 2 {
                let mut reps: Vec<ActorRef> = Vec::new();
                for x in a {
                    if x.code.is_some() && !reps.iter().any(|r| r.code == x.code) {
                        reps.push(x.clone());
                    }
                }
                let e = counts.entry(codes).or_insert((0, order, reps));
                e.0 += 1;
            }
        }
    }
    counts
        .into_values()
        .max_by_key(|(n, first, _)| (*n, std::cmp::Reverse(*first)))
        .map(|(_, _, a)| a)
}

/// A resolved event and the further (sentence, byte span) evidence of its duplicates.
pub type Resolved = (Candidate, Vec<(usize, (usize, usize))>);

/// Resolves parties, drops events left without an actor, merges duplicates.
pub fn resolve(mut cands: Vec<Candidate>) -> Vec<Resolved> {
    let parties = parties(&cands);
    for c in cands.iter_mut() {
        let implicit = c.source == Side::Unknown && c.reciprocal;
        if c.source == Side::Parties || implicit {
            match &parties {
                Some(p) => {
                    c.source = Side::Actors(p.clone());
                    if c.target == Side::Unknown || c.target == Side::Parties {
                        c.target = Side::Actors(p.clone());
                    }
                }
                None => c.source = Side::Unknown,
            }
        }
        if c.target == Side::Parties {
            c.target = match &parties {
                Some(p) => Side::Actors(p.clone()),
                None => Side::Unknown,
            };
        }
        // A demand or refusal by one party, with no recipient: aimed at the other party.
        if c.target == Side::Unknown && !c.reciprocal {
            if let (Some(p), Side::Actors(src)) = (&parties, &c.source) {
                let src_codes: Vec<&str> = src.iter().filter_map(|x| x.code.as_deref()).collect();
                let in_parties = src_codes
                    .iter()
                    .all(|sc| p.iter().any(|x| x.code.as_deref() == Some(*sc)));
                if in_parties
                    && !src_codes.is_empty()
                    && matches!(
                        c.event,
                        "REQUEST" | "REJECT" | "ACCUSE" | "THREATEN" | "CONCEDE" | "RETREAT"
                    )
                {
                    let others: Vec<ActorRef> = p
                        .iter()
                        .filter(|x| !src_codes.contains(&x.code.as_deref().unwrap_or("")))
                        .cloned()
                        .collect();
                    if !others.is_empty() {
                        c.target = Side::Actors(others);
                    }
                }
            }
        }
    }
    // An event needs an actor with a code (country, body or group): a bare "officials" or
    // "refugees" tells a user nothing they can count.
    cands.retain(|c| matches!(&c.source, Side::Actors(a) if a.iter().any(|x| x.code.is_some())));
    // Duplicates: same type, polarity and actor/recipient code sets, told twice in one
    // sentence or with the same rule and date. Keys are computed once and looked up in
    // two indexes, so a long document costs linear time, not quadratic.
    fn codes(s: &Side) -> Vec<&str> {
        let mut v: Vec<&str> = match s {
            Side::Actors(a) => a.iter().filter_map(|x| x.code.as_deref()).collect(),
            _ => Vec::new(),
        };
        v.sort_unstable();
        v.dedup();
        v
    }
    // The key, interned: equal keys get the same number, so the indexes below hash small
    // tuples (FxHash) instead of strings.
    let mut key_ids: FxHashMap<String, u32> = FxHashMap::default();
    let mut key_buf = String::new();
    let mut key = |c: &Candidate| -> u32 {
        let (mut a, mut b) = (codes(&c.source), codes(&c.target));
        if c.reciprocal {
            a.append(&mut b);
            a.sort_unstable();
            a.dedup();
        }
        key_buf.clear();
        key_buf.push_str(c.event);
        key_buf.push(if c.polarity == Polarity::Positive {
            '+'
        } else {
            '-'
        });
        for (i, x) in a.iter().enumerate() {
            key_buf.push_str(if i == 0 { "" } else { "," });
            key_buf.push_str(x);
        }
        key_buf.push('|');
        for (i, x) in b.iter().enumerate() {
            key_buf.push_str(if i == 0 { "" } else { "," });
            key_buf.push_str(x);
        }
        let next = key_ids.len() as u32;
        match key_ids.get(key_buf.as_str()) {
            Some(&id) => id,
            None => {
                key_ids.insert(key_buf.clone(), next);
                next
            }
        }
    };
    let mut out: Vec<Resolved> = Vec::new();
    let mut by_sentence: FxHashMap<(u32, usize), usize> = FxHashMap::default();
    let mut by_rule_date: FxHashMap<(u32, usize, String), usize> = FxHashMap::default();
    for c in cands {
        let k = key(&c);
        let in_sentence = by_sentence.get(&(k, c.sentence)).copied();
        let same_rule_date = c
            .date
            .as_ref()
            .and_then(|d| by_rule_date.get(&(k, c.pattern, d.clone())))
            .copied();
        // the earliest record that matches, as a scan in order would find
        let hit = match (in_sentence, same_rule_date) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        if let Some(i) = hit {
            let prev = &mut out[i];
            prev.1.push((c.sentence, c.span));
            for q in c.quantities {
                if !prev
                    .0
                    .quantities
                    .iter()
                    .any(|x| x.value == q.value && x.unit == q.unit)
                {
                    prev.0.quantities.push(q);
                }
            }
            for ctx in c.context {
                if !prev.0.context.contains(&ctx) {
                    prev.0.context.push(ctx);
                }
            }
            if prev.0.date.is_none() {
                if let Some(d) = c.date {
                    // the record now has a date: later reports by the same rule match it
                    let e = by_rule_date
                        .entry((k, prev.0.pattern, d.clone()))
                        .or_insert(i);
                    *e = (*e).min(i);
                    prev.0.date = Some(d);
                }
            }
            if prev.0.place.is_none() {
                prev.0.place = c.place;
            }
            continue;
        }
        let i = out.len();
        by_sentence.entry((k, c.sentence)).or_insert(i);
        if let Some(d) = &c.date {
            by_rule_date.entry((k, c.pattern, d.clone())).or_insert(i);
        }
        out.push((c, Vec::new()));
    }
    out
}
