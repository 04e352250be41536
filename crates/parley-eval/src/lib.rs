//! Scoring parley's coding against gold standards, by the matching rules of `FORMAT.md`.
//!
//! Load gold with [`load_gold`] (parley's `*.gold.json` and `*.jsonl`, PETRARCH validation
//! XML, CAMEO TSV), coded events with [`read_events_jsonl`], score with [`evaluate`], print
//! with [`render`], guard against regressions with [`baseline`]. This crate never runs the
//! coder (the CLI does) and never reads `../shared` at run time: the CAMEO→PLOVER table and
//! all code lists are embedded.

pub mod baseline;
pub mod cameo;
pub mod codes;
mod error;
pub mod gold;
pub mod matching;
pub mod metrics;
pub mod petrarch;
pub mod render;

use std::path::Path;

pub use baseline::{Baseline, BaselineCheck};
pub use error::LoadError;
pub use gold::{load_gold, GoldDoc, GoldEvent, GoldFormat, GoldSuite};
pub use metrics::{evaluate, Report, Scores};
pub use render::RenderOptions;

use parley_model::EventRecord;

/// Reads coded events, one JSON [`EventRecord`] a line (the output of `parley code`).
pub fn read_events_jsonl(path: &Path) -> Result<Vec<EventRecord>, LoadError> {
    let text = std::fs::read_to_string(path).map_err(|source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse_events_jsonl(path, &text)
}

/// Parses coded events from JSONL text; `path` is only used in errors.
pub fn parse_events_jsonl(path: &Path, text: &str) -> Result<Vec<EventRecord>, LoadError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let ev: EventRecord = serde_json::from_str(line).map_err(|source| LoadError::Json {
            path: path.to_path_buf(),
            line: i + 1,
            source,
        })?;
        out.push(ev);
    }
    Ok(out)
}
