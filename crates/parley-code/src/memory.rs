//! Entity memory of one article: which countries it is about, so that an actor the
//! sentence leaves without a country ("la polizia", "the government", "protesters",
//! "civilians") gets the country the text places it in.
//!
//! Filled sentence by sentence from the mentions (countries and actors named, places
//! and their countries), read once all sentences are coded. The rule it applies, in
//! order: the event's own place ("police in Tunis"), then the article's focus country
//! when one country clearly dominates what the article names. Nothing is invented where
//! neither holds: the actor stays without a country. This stage reads no words.

use crate::events::{Candidate, Side};
use crate::mentions::{MentionKind, Mentions};
use parley_lexicon::Common;

/// How much more than the runner-up the top country must weigh to be the article's focus.
const FOCUS_MARGIN: f32 = 1.5;
/// The headline and the lead say what the article is about: their mentions count more.
const LEAD_WEIGHT: f32 = 2.0;

/// Countries the article has named so far, weighted.
#[derive(Debug, Default, Clone)]
pub struct ArticleMemory {
    /// (country code, English name, weight), in order of first mention.
    countries: Vec<(String, String, f32)>,
}

impl ArticleMemory {
    /// Notes the countries of one sentence's mentions.
    pub fn note(&mut self, common: &Common, sentence: usize, m: &Mentions) {
        let w = if sentence <= 1 { LEAD_WEIGHT } else { 1.0 };
        for mn in &m.actors {
            if mn.kind != MentionKind::Actor {
                continue;
            }
            for a in &mn.actors {
                if let Some(code) = a.code.as_deref() {
                    self.add(common, code, w);
                }
            }
        }
        for p in &m.places {
            if let Some(code) = p.place.country_code.as_deref() {
                self.add(common, code, w);
            }
        }
    }

    fn add(&mut self, common: &Common, code: &str, w: f32) {
        // only countries: an IGO or a group is no home for a policeman
        let Some(c) = common.country(code) else {
            return;
        };
        match self.countries.iter_mut().find(|(k, _, _)| k == code) {
            Some(e) => e.2 += w,
            None => self.countries.push((code.to_string(), c.name.clone(), w)),
        }
    }

    /// The country the article is about, when one clearly dominates.
    pub fn focus(&self) -> Option<(&str, &str)> {
        let mut best: Option<&(String, String, f32)> = None;
        let mut second = 0.0f32;
        for e in &self.countries {
            match best {
                Some(b) if e.2 > b.2 => {
                    second = b.2;
                    best = Some(e);
                }
                Some(_) => second = second.max(e.2),
                None => best = Some(e),
            }
        }
        let b = best?;
        (b.2 >= 2.0 && b.2 >= FOCUS_MARGIN * second).then_some((b.0.as_str(), b.1.as_str()))
    }

    /// Gives a country to the actors of the candidate's sides that have none. The
    /// recipient takes the event's place first ("civilians" killed in Odesa are
    /// Ukraine's, whoever fired), else the article's focus; the actor takes only the
    /// focus (attackers in Gaza are not thereby Palestinian).
    pub fn fill(&self, c: &mut Candidate) {
        let focus: Option<(String, String)> =
            self.focus().map(|(k, n)| (k.to_string(), n.to_string()));
        let place = c.place.as_ref().and_then(|p| {
            let k = p.country_code.as_deref()?;
            Some((k.to_string(), country_name_of(self, k, &p.name)))
        });
        fill_side(&mut c.source, focus.as_ref());
        fill_side(&mut c.target, place.as_ref().or(focus.as_ref()));
    }
}

fn fill_side(side: &mut Side, home: Option<&(String, String)>) {
    let (Side::Actors(list), Some((code, name))) = (side, home) else {
        return;
    };
    for a in list.iter_mut().filter(|a| a.code.is_none()) {
        a.code = Some(code.clone());
        if !a.person {
            a.name = format!("{name} {}", a.role.as_deref().unwrap_or(&a.name));
        }
    }
}

/// The English name of a country the memory holds, else the place's own name.
fn country_name_of(mem: &ArticleMemory, code: &str, fallback: &str) -> String {
    mem.countries
        .iter()
        .find(|(k, _, _)| k == code)
        .map(|(_, n, _)| n.clone())
        .unwrap_or_else(|| fallback.to_string())
}
