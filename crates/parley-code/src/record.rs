//! Builds the output [`EventRecord`] (FORMAT.md) from a resolved candidate: actors with
//! their evidence text, CAMEO code, stable id and provenance. No decisions are made here.

use crate::events::{Candidate, Side};
use crate::mentions::ActorRef;
use parley_lexicon::LangLexicon;
use parley_model::{coder_tag, decimal, Actor, Document, EventRecord, TextInfo};
use parley_text::Lang;

/// The side's actors, each name and code once. Takes the side: its strings move into the
/// record instead of being copied.
fn actors(side: Side) -> Vec<Actor> {
    match side {
        Side::Actors(a) => {
            let mut out: Vec<Actor> = Vec::with_capacity(a.len());
            for x in a {
                if out.iter().any(|o| o.name == x.name && o.code == x.code) {
                    continue;
                }
                out.push(to_actor(x));
            }
            out
        }
        _ => Vec::new(),
    }
}

fn to_actor(x: ActorRef) -> Actor {
    Actor {
        text: x.name.clone(),
        name: x.name,
        code: x.code,
        sector: x.sector,
        role: x.role,
        wikidata: x.wikidata,
    }
}

/// Default CAMEO root codes by PLOVER type, when a pattern names none.
pub fn default_cameo(event: &str) -> &'static str {
    match event {
        "AGREE" => "030",
        "CONSULT" => "040",
        "SUPPORT" => "050",
        "COOPERATE" => "060",
        "AID" => "070",
        "CONCEDE" => "080",
        "RETREAT" => "084",
        "REQUEST" => "100",
        "ACCUSE" => "112",
        "REJECT" => "120",
        "THREATEN" => "130",
        "PROTEST" => "140",
        "MOBILIZE" => "150",
        "SANCTION" => "160",
        "COERCE" => "170",
        _ => "190",
    }
}

/// FNV-1a: a stable id across runs and platforms.
fn fnv(parts: &[&[u8]]) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for p in parts {
        for &b in p.iter().chain(std::iter::once(&0x1f)) {
            h ^= b as u64;
            h = h.wrapping_mul(0x100000001b3);
        }
    }
    format!("{h:016x}")
}

pub fn build(
    doc: &Document,
    lang: Lang,
    lex: &LangLexicon,
    text: &str,
    sentences: &[(usize, usize)],
    c: Candidate,
    more: Vec<(usize, (usize, usize))>,
) -> EventRecord {
    let pat = &lex.patterns[c.pattern];
    let info = |sentence: usize, span: (usize, usize)| {
        let (a, b) = sentences.get(sentence).copied().unwrap_or((0, 0));
        TextInfo {
            sentence,
            start: span.0,
            end: span.1,
            text: text.get(a..b).unwrap_or("").to_string(),
        }
    };
    let text_info = info(c.sentence, c.span);
    let (mut b1, mut b2) = ([0u8; 20], [0u8; 20]);
    let id = fnv(&[
        doc.id.as_bytes(),
        decimal(c.sentence as u64, &mut b1),
        decimal(c.span.0 as u64, &mut b2),
        pat.id.as_bytes(),
        parley_model::VERSION.as_bytes(),
    ]);
    EventRecord {
        id,
        doc_id: doc.id.clone(),
        event: c.event.to_string(),
        mode: c.mode,
        context: c.context,
        actor: actors(c.source),
        recipient: actors(c.target),
        polarity: c.polarity,
        modality: c.modality.iter().map(|m| m.to_string()).collect(),
        attribution: c.attribution.map(to_actor),
        date: c.date,
        event_loc: c.place,
        quantities: c.quantities,
        cameo: Some(
            pat.cameo
                .clone()
                .unwrap_or_else(|| default_cameo(c.event).to_string()),
        ),
        text_info,
        more_evidence: more.into_iter().map(|(s, sp)| info(s, sp)).collect(),
        rule: pat.id.clone(),
        language: lang.code().to_string(),
        coder: coder_tag(),
    }
}
