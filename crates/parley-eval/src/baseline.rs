//! The quality baseline: F1 (with precision, recall and counts) per gold suite, checked in
//! as `quality/baseline.json`, and the check that fails when a suite falls below it.
//!
//! Reading, writing and comparing only; which files to evaluate is the caller's choice.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::metrics::{Counts, Report};
use crate::LoadError;

/// How far below the baseline F1 a suite may fall before it counts as a regression.
pub const TOLERANCE: f64 = 0.0001;

/// Figures recorded for one suite.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BaselineEntry {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    #[serde(default)]
    pub counts: Counts,
}

/// The baseline file: suites by name (the gold file's name, e.g. `plover-gsr.dev.jsonl`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Baseline {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    pub suites: BTreeMap<String, BaselineEntry>,
}

/// A suite whose F1 fell below its baseline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Regression {
    pub suite: String,
    pub baseline_f1: f64,
    pub f1: f64,
}

/// The outcome of comparing a report with a baseline.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct BaselineCheck {
    pub regressions: Vec<Regression>,
    /// Suites evaluated that the baseline does not list (not a failure).
    pub unlisted: Vec<String>,
}

impl Baseline {
    /// The figures of a report, as a baseline.
    pub fn from_report(report: &Report, note: impl Into<String>) -> Baseline {
        let suites = report
            .suites
            .iter()
            .map(|s| {
                let sc = &s.scores;
                let entry = BaselineEntry {
                    precision: round4(sc.precision),
                    recall: round4(sc.recall),
                    f1: round4(sc.f1),
                    counts: sc.counts.clone(),
                };
                (s.name.clone(), entry)
            })
            .collect();
        Baseline {
            note: note.into(),
            suites,
        }
    }

    /// Reads a baseline file.
    pub fn load(path: &Path) -> Result<Baseline, LoadError> {
        let text = std::fs::read_to_string(path).map_err(|source| LoadError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        serde_json::from_str(&text).map_err(|source| LoadError::Json {
            path: path.to_path_buf(),
            line: source.line(),
            source,
        })
    }

    /// Writes the baseline as pretty JSON.
    pub fn save(&self, path: &Path) -> Result<(), LoadError> {
        let io = |source| LoadError::Io {
            path: path.to_path_buf(),
            source,
        };
        let mut text =
            serde_json::to_string_pretty(self).map_err(|e| io(std::io::Error::other(e)))?;
        text.push('\n');
        std::fs::write(path, text).map_err(io)
    }

    /// Compares a report with the baseline: a suite regresses when its F1 is below the
    /// recorded F1 minus [`TOLERANCE`].
    pub fn check(&self, report: &Report) -> BaselineCheck {
        let mut out = BaselineCheck::default();
        for s in &report.suites {
            match self.suites.get(&s.name) {
                Some(b) if s.scores.f1 < b.f1 - TOLERANCE => out.regressions.push(Regression {
                    suite: s.name.clone(),
                    baseline_f1: b.f1,
                    f1: s.scores.f1,
                }),
                Some(_) => {}
                None => out.unlisted.push(s.name.clone()),
            }
        }
        out
    }
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}
