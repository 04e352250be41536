//! parley's shared records: the [`Document`] that goes into the coder and the
//! [`EventRecord`] that comes out, exactly as `FORMAT.md` (in `../shared`) specifies.
//!
//! This crate holds plain data and its JSON shape only. It does not code, read
//! files or score anything; every other parley crate speaks through these types.

mod json;

use serde::{Deserialize, Serialize};

/// parley's version, stamped on every record (`coder: "parley/VERSION"`).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The `coder` field value for this build.
pub const CODER_TAG: &str = concat!("parley/", env!("CARGO_PKG_VERSION"));

/// The `coder` field value for this build, owned.
pub fn coder_tag() -> String {
    CODER_TAG.to_string()
}

/// The decimal digits of `n`, written into `buf` and returned (no allocation): for record
/// ids and JSON numbers on the output path.
pub fn decimal(mut n: u64, buf: &mut [u8; 20]) -> &[u8] {
    let mut k = buf.len();
    loop {
        k -= 1;
        buf[k] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            return &buf[k..];
        }
    }
}

/// One news document to code.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Stable id: file name, URL or an id given by the source.
    pub id: String,
    /// The article text. Paragraphs are separated by newlines.
    pub text: String,
    /// Publication date, `YYYY-MM-DD`, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// ISO 639-1 language code when the source states it; `None` means detect.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Where the document came from (file path, feed, archive), for provenance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// Who acts or is acted upon.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Actor {
    pub name: String,
    /// ISO 3166-1 alpha-3 country code, an international body's code (`UNO`, `NATO`, `EU`…)
    /// or a region group (`EUR`). `None` when the text does not tell.
    pub code: Option<String>,
    /// CAMEO agent sector: GOV, MIL, REB, OPP, IGO, NGO, MED, CVL, BUS…
    pub sector: Option<String>,
    pub role: Option<String>,
    pub wikidata: Option<String>,
    /// The words of the document this actor was read from.
    pub text: String,
}

/// Where an event happened.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Place {
    pub name: String,
    pub country_code: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// `city`, `region`, `country` or `site`.
    pub feature: Option<String>,
    pub geonameid: Option<i64>,
    pub text: String,
}

/// A number that belongs to an event (1000 prisoners, 30 days).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    pub value: f64,
    pub unit: String,
    pub text: String,
}

/// The evidence of an event: where in the normalized document text it was read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TextInfo {
    /// Sentence index in the document (0-based).
    pub sentence: usize,
    /// Byte offsets of the evidence span in the normalized document text.
    pub start: usize,
    pub end: usize,
    /// The sentence text.
    pub text: String,
}

/// `positive`: the event happened (or is said to); `negative`: it is said not to have.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Polarity {
    #[default]
    Positive,
    Negative,
}

impl Polarity {
    pub fn as_str(self) -> &'static str {
        match self {
            Polarity::Positive => "positive",
            Polarity::Negative => "negative",
        }
    }
}

/// One coded event, one JSONL line of `parley code` output.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EventRecord {
    pub id: String,
    pub doc_id: String,
    /// PLOVER type, upper case (AGREE, CONSULT, …).
    pub event: String,
    #[serde(default)]
    pub mode: Vec<String>,
    #[serde(default)]
    pub context: Vec<String>,
    #[serde(default)]
    pub actor: Vec<Actor>,
    #[serde(default)]
    pub recipient: Vec<Actor>,
    #[serde(default)]
    pub polarity: Polarity,
    #[serde(default)]
    pub modality: Vec<String>,
    #[serde(default)]
    pub attribution: Option<Actor>,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub event_loc: Option<Place>,
    #[serde(default)]
    pub quantities: Vec<Quantity>,
    #[serde(default)]
    pub cameo: Option<String>,
    pub text_info: TextInfo,
    /// Further evidence spans when one event is reported several times in the document.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub more_evidence: Vec<TextInfo>,
    pub rule: String,
    pub language: String,
    pub coder: String,
}

impl EventRecord {
    /// Actor codes, without duplicates, in order.
    pub fn actor_codes(&self) -> Vec<&str> {
        codes(&self.actor)
    }
    /// Recipient codes, without duplicates, in order.
    pub fn recipient_codes(&self) -> Vec<&str> {
        codes(&self.recipient)
    }
}

fn codes(actors: &[Actor]) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for a in actors {
        if let Some(c) = a.code.as_deref() {
            if !out.contains(&c) {
                out.push(c);
            }
        }
    }
    out
}

/// The 16 PLOVER event types.
pub const PLOVER_TYPES: [&str; 16] = [
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
];

/// Modality values an event may carry.
pub const MODALITIES: [&str; 5] = [
    "reported",
    "future",
    "conditional",
    "hypothetical",
    "historical",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_record_round_trips_through_json() {
        let ev = EventRecord {
            id: "e1".into(),
            doc_id: "d".into(),
            event: "AGREE".into(),
            actor: vec![Actor {
                name: "Russia".into(),
                code: Some("RUS".into()),
                ..Default::default()
            }],
            polarity: Polarity::Negative,
            rule: "it.agree".into(),
            language: "it".into(),
            coder: coder_tag(),
            ..Default::default()
        };
        let line = serde_json::to_string(&ev).unwrap();
        assert!(line.contains("\"polarity\":\"negative\""));
        let back: EventRecord = serde_json::from_str(&line).unwrap();
        assert_eq!(back, ev);
        assert_eq!(back.actor_codes(), vec!["RUS"]);
    }

    #[test]
    fn document_reads_minimal_jsonl() {
        let d: Document = serde_json::from_str(r#"{"id":"a","text":"t","extra":1}"#).unwrap();
        assert_eq!(d.id, "a");
        assert!(d.published.is_none());
    }
}
