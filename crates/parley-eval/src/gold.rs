//! Gold standards in memory and how parley's own gold formats are read: a gold document
//! (`*.gold.json`, text in the file it names) and a suite (`*.jsonl`, one document a line).
//!
//! Loading validates what scoring relies on (event types, modality values, unique document
//! ids) and reports the file and line of any problem. CAMEO-coded peer formats are read in
//! `petrarch`; matching and scoring live elsewhere.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use parley_model::{Document, Polarity, MODALITIES, PLOVER_TYPES};
use serde::{Deserialize, Deserializer, Serialize};

use crate::LoadError;

/// The file formats `parley eval` reads gold from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum GoldFormat {
    /// One gold document, `*.gold.json` (any `*.json`).
    GoldJson,
    /// A suite, `*.jsonl`.
    Suite,
    /// PETRARCH validation records, `*.xml`.
    PetrarchXml,
    /// `id<TAB>text<TAB>source<TAB>cameo<TAB>target` rows, `*.tsv`.
    Tsv,
}

impl GoldFormat {
    /// The format a file name implies, if any.
    pub fn detect(path: &Path) -> Option<GoldFormat> {
        let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
        if name.ends_with(".json") {
            Some(GoldFormat::GoldJson)
        } else if name.ends_with(".jsonl") {
            Some(GoldFormat::Suite)
        } else if name.ends_with(".xml") {
            Some(GoldFormat::PetrarchXml)
        } else if name.ends_with(".tsv") {
            Some(GoldFormat::Tsv)
        } else {
            None
        }
    }
}

impl FromStr for GoldFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "gold-json" | "json" => Ok(GoldFormat::GoldJson),
            "suite" | "jsonl" => Ok(GoldFormat::Suite),
            "petrarch" | "petrarch-xml" | "xml" => Ok(GoldFormat::PetrarchXml),
            "tsv" => Ok(GoldFormat::Tsv),
            other => Err(format!(
                "unknown gold format {other:?} (expected gold-json, suite, petrarch-xml or tsv)"
            )),
        }
    }
}

/// One gold file: a single document or a suite of them.
#[derive(Debug, Clone)]
pub struct GoldSuite {
    /// The file name, used as the suite's name in reports and baselines.
    pub name: String,
    pub path: PathBuf,
    pub format: GoldFormat,
    pub docs: Vec<GoldDoc>,
    /// Things the loader skipped or assumed (e.g. CAMEO codes with no PLOVER type).
    pub warnings: Vec<String>,
}

/// One gold document.
#[derive(Debug, Clone, Default)]
pub struct GoldDoc {
    /// Coded events are tied to it by `doc_id`.
    pub id: String,
    pub text: String,
    pub lang: Option<String>,
    pub published: Option<String>,
    pub events: Vec<GoldEvent>,
    /// The gold file states that the document has no events.
    pub no_events: bool,
    /// 1-based line of the gold file the document starts on.
    pub line: usize,
}

impl GoldDoc {
    /// The document to give the coder.
    pub fn to_document(&self, source: &Path) -> Document {
        Document {
            id: self.id.clone(),
            text: self.text.clone(),
            published: self.published.clone(),
            lang: self.lang.clone(),
            source: Some(source.display().to_string()),
            ..Default::default()
        }
    }

    /// The text a gold event was read from: its `line`s of the document (1-based paragraphs)
    /// when given, otherwise the whole text.
    pub fn evidence(&self, event: &GoldEvent) -> String {
        let lines: Vec<&str> = self.text.lines().collect();
        let picked: Vec<&str> = event
            .line
            .iter()
            .filter_map(|&n| n.checked_sub(1).and_then(|i| lines.get(i)))
            .copied()
            .collect();
        if picked.is_empty() {
            self.text.trim().to_string()
        } else {
            picked.join(" / ")
        }
    }
}

/// A gold place: a name, a country, or both.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GoldPlace {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub lat: Option<f64>,
    #[serde(default)]
    pub lon: Option<f64>,
}

/// A gold quantity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldQuantity {
    pub value: f64,
    #[serde(default)]
    pub unit: Option<String>,
}

fn yes() -> bool {
    true
}

fn one_or_many<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<usize>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(usize),
        Many(Vec<usize>),
    }
    Ok(match Option::<OneOrMany>::deserialize(d)? {
        None => Vec::new(),
        Some(OneOrMany::One(n)) => vec![n],
        Some(OneOrMany::Many(v)) => v,
    })
}

/// One gold event, as `FORMAT.md` describes it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GoldEvent {
    #[serde(default)]
    pub id: String,
    /// Paragraph lines (1-based) of the document the event is read from.
    #[serde(default, deserialize_with = "one_or_many")]
    pub line: Vec<usize>,
    #[serde(rename = "type")]
    pub event_type: String,
    /// Other defensible types; they match too.
    #[serde(default)]
    pub alt: Vec<String>,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default)]
    pub targets: Vec<String>,
    /// CAMEO sector hints of the sources (`USAGOV` → `GOV`), for CAMEO-coded gold; shown,
    /// not matched.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub source_sectors: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub target_sectors: Vec<String>,
    #[serde(default)]
    pub symmetric: bool,
    #[serde(default)]
    pub polarity: Polarity,
    #[serde(default)]
    pub modality: Vec<String>,
    /// `false`: background event a coder may leave out without penalty.
    #[serde(default = "yes")]
    pub required: bool,
    #[serde(default)]
    pub mode: Vec<String>,
    #[serde(default)]
    pub context: Vec<String>,
    #[serde(default)]
    pub location: Option<GoldPlace>,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub quantities: Vec<GoldQuantity>,
    /// A name, or an object with `name` and `country`.
    #[serde(default)]
    pub attribution: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The CAMEO event code, for gold read from CAMEO-coded files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cameo: Option<String>,
}

impl GoldEvent {
    /// Upper-cases types and checks them and the modality values; `Err` holds the message.
    pub fn normalize_and_check(&mut self) -> Result<(), String> {
        self.event_type = self.event_type.trim().to_ascii_uppercase();
        for a in &mut self.alt {
            *a = a.trim().to_ascii_uppercase();
        }
        for t in std::iter::once(&self.event_type).chain(&self.alt) {
            if !PLOVER_TYPES.contains(&t.as_str()) {
                return Err(format!(
                    "event {:?}: {t:?} is not a PLOVER type ({})",
                    self.id,
                    PLOVER_TYPES.join(", ")
                ));
            }
        }
        for m in &mut self.modality {
            *m = m.trim().to_ascii_lowercase();
            if !MODALITIES.contains(&m.as_str()) {
                return Err(format!(
                    "event {:?}: modality {m:?} is not one of {}",
                    self.id,
                    MODALITIES.join(", ")
                ));
            }
        }
        Ok(())
    }
}

/// Reads a gold file in the format given, or the one its name implies.
pub fn load_gold(path: &Path, format: Option<GoldFormat>) -> Result<GoldSuite, LoadError> {
    let format =
        format
            .or_else(|| GoldFormat::detect(path))
            .ok_or_else(|| LoadError::UnknownFormat {
                path: path.to_path_buf(),
            })?;
    let text = std::fs::read_to_string(path).map_err(|source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let (mut docs, mut warnings) = match format {
        GoldFormat::GoldJson => (vec![parse_gold_json(path, &text)?], Vec::new()),
        GoldFormat::Suite => (parse_suite(path, &text)?, Vec::new()),
        GoldFormat::PetrarchXml => crate::petrarch::parse_xml(path, &text)?,
        GoldFormat::Tsv => crate::petrarch::parse_tsv(path, &text)?,
    };
    make_ids_unique(path, &mut docs, &mut warnings);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    Ok(GoldSuite {
        name,
        path: path.to_path_buf(),
        format,
        docs,
        warnings,
    })
}

/// Gives every document a distinct id: a repeated id (real gold sets have them, with
/// different texts) becomes `ID@LINE`, with a warning, so each text is scored on its own.
fn make_ids_unique(path: &Path, docs: &mut [GoldDoc], warnings: &mut Vec<String>) {
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for d in docs.iter_mut() {
        if let Some(&first) = seen.get(&d.id) {
            let new_id = format!("{}@{}", d.id, d.line);
            warnings.push(format!(
                "{}:{}: document id {:?} already used on line {first}; scored as {new_id:?} \
                 (coded events for it must carry that doc_id)",
                path.display(),
                d.line,
                d.id
            ));
            d.id = new_id;
        }
        seen.insert(d.id.clone(), d.line);
    }
}

/// 1-based line of the first occurrence of `needle` in `text`, or 1.
fn line_of(text: &str, needle: &str) -> usize {
    text.find(needle)
        .map(|at| text[..at].matches('\n').count() + 1)
        .unwrap_or(1)
}

#[derive(Deserialize)]
struct GoldFile {
    document: String,
    #[serde(default)]
    language: Option<String>,
    #[serde(default)]
    published: Option<String>,
    #[serde(default)]
    events: Vec<GoldEvent>,
}

fn parse_gold_json(path: &Path, text: &str) -> Result<GoldDoc, LoadError> {
    let file: GoldFile = serde_json::from_str(text).map_err(|source| LoadError::Json {
        path: path.to_path_buf(),
        line: source.line(),
        source,
    })?;
    let doc_path = path.parent().unwrap_or(Path::new(".")).join(&file.document);
    let doc_text =
        std::fs::read_to_string(&doc_path).map_err(|source| LoadError::DocumentText {
            path: path.to_path_buf(),
            document: doc_path.clone(),
            source,
        })?;
    let id = Path::new(&file.document)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.document.clone());
    let mut events = file.events;
    for (i, ev) in events.iter_mut().enumerate() {
        if ev.id.is_empty() {
            ev.id = format!("{id}#{}", i + 1);
        }
        let at = line_of(text, &format!("\"{}\"", ev.id));
        ev.normalize_and_check()
            .map_err(|m| LoadError::invalid(path, at, m))?;
    }
    Ok(GoldDoc {
        id,
        text: doc_text,
        lang: file.language,
        published: file.published,
        no_events: events.is_empty(),
        events,
        line: 1,
    })
}

#[derive(Deserialize)]
struct SuiteLine {
    id: String,
    text: String,
    #[serde(default)]
    lang: Option<String>,
    #[serde(default)]
    published: Option<String>,
    #[serde(default)]
    events: Vec<GoldEvent>,
    #[serde(default)]
    no_events: bool,
}

fn parse_suite(path: &Path, text: &str) -> Result<Vec<GoldDoc>, LoadError> {
    let mut docs = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        if raw.trim().is_empty() {
            continue;
        }
        let rec: SuiteLine = serde_json::from_str(raw).map_err(|source| LoadError::Json {
            path: path.to_path_buf(),
            line,
            source,
        })?;
        if rec.no_events && !rec.events.is_empty() {
            return Err(LoadError::invalid(
                path,
                line,
                format!("document {:?} has no_events: true but lists events", rec.id),
            ));
        }
        let mut events = rec.events;
        for (k, ev) in events.iter_mut().enumerate() {
            if ev.id.is_empty() {
                ev.id = format!("{}#{}", rec.id, k + 1);
            }
            ev.normalize_and_check()
                .map_err(|m| LoadError::invalid(path, line, m))?;
        }
        docs.push(GoldDoc {
            id: rec.id,
            text: rec.text,
            lang: rec.lang,
            published: rec.published,
            events,
            no_events: rec.no_events,
            line,
        });
    }
    Ok(docs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tmp(name: &str, body: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("parley-eval-gold-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join(name);
        std::fs::write(&p, body).unwrap();
        p
    }

    #[test]
    fn reads_a_suite_and_defaults() {
        let p = tmp(
            "a.jsonl",
            "{\"id\":\"d1\",\"text\":\"t\",\"events\":[{\"type\":\"agree\",\"sources\":[\"RUS\"]}]}\n\n\
             {\"id\":\"d2\",\"text\":\"u\",\"no_events\":true}\n",
        );
        let s = load_gold(&p, None).unwrap();
        assert_eq!(s.name, "a.jsonl");
        assert_eq!(s.docs.len(), 2);
        let ev = &s.docs[0].events[0];
        assert_eq!(ev.event_type, "AGREE");
        assert!(ev.required);
        assert_eq!(ev.id, "d1#1");
        assert_eq!(s.docs[1].line, 3);
    }

    #[test]
    fn errors_name_file_and_line() {
        let p = tmp("bad.jsonl", "{\"id\":\"d1\",\"text\":\"t\"}\n{\"id\":\"d2\",\"text\":\"t\",\"events\":[{\"type\":\"HUG\"}]}\n");
        let e = load_gold(&p, None).unwrap_err().to_string();
        assert!(e.contains("bad.jsonl:2:") && e.contains("HUG"), "{e}");
        let p = tmp("broken.jsonl", "{\"id\":\"d1\",\"text\":\"t\"}\n{\"id\":\n");
        let e = load_gold(&p, None).unwrap_err().to_string();
        assert!(e.contains("broken.jsonl:2: invalid JSON"), "{e}");
        let p = tmp(
            "dup.jsonl",
            "{\"id\":\"d\",\"text\":\"t\"}\n{\"id\":\"d\",\"text\":\"t\"}\n",
        );
        let s = load_gold(&p, None).unwrap();
        assert_eq!(s.docs[1].id, "d@2");
        let w = &s.warnings[0];
        assert!(w.contains("dup.jsonl:2:") && w.contains("line 1"), "{w}");
        let e = load_gold(Path::new("x.txt"), None).unwrap_err();
        assert!(matches!(e, LoadError::UnknownFormat { .. }));
    }

    #[test]
    fn reads_a_gold_document_beside_its_text() {
        tmp("doc.txt", "first line\nsecond line\n");
        let p = tmp(
            "doc.gold.json",
            "{\"document\":\"doc.txt\",\"language\":\"it\",\"published\":\"2025-05-16\",\n\"events\":[\n\
             {\"id\":\"e1\",\"line\":[2],\"type\":\"CONSULT\",\"attribution\":\"both\",\"modality\":[\"future\"]}]}",
        );
        let s = load_gold(&p, None).unwrap();
        let d = &s.docs[0];
        assert_eq!(d.id, "doc.txt");
        assert_eq!(d.lang.as_deref(), Some("it"));
        assert_eq!(d.evidence(&d.events[0]), "second line");
        let p = tmp("bad.gold.json", "{\"document\":\"doc.txt\",\n\"events\":[\n{\"id\":\"e9\",\"type\":\"AGREE\",\"modality\":[\"maybe\"]}]}");
        let e = load_gold(&p, None).unwrap_err().to_string();
        assert!(e.contains("bad.gold.json:3:") && e.contains("maybe"), "{e}");
        let p = tmp(
            "missing.gold.json",
            "{\"document\":\"nope.txt\",\"events\":[]}",
        );
        let e = load_gold(&p, None).unwrap_err().to_string();
        assert!(e.contains("nope.txt"), "{e}");
    }
}
