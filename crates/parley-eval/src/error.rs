//! Why gold or coded-event files could not be read: one error type naming the file and,
//! where it applies, the line. The underlying I/O or JSON error is the `source()` (print the
//! chain, e.g. anyhow's `{:#}`, to see it). Scoring itself cannot fail and has no errors here.

use std::path::PathBuf;

/// A gold or events file that could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{path}: cannot read")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}: invalid JSON")]
    Json {
        path: PathBuf,
        line: usize,
        source: serde_json::Error,
    },
    #[error("{path}:{line}: {message}")]
    Invalid {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("{path}: the document text {document} cannot be read")]
    DocumentText {
        path: PathBuf,
        document: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{path}: unknown gold format (expected *.gold.json, *.json, *.jsonl, *.xml or *.tsv; \
         or choose one with --gold-format)"
    )]
    UnknownFormat { path: PathBuf },
}

impl LoadError {
    pub(crate) fn invalid(path: &std::path::Path, line: usize, message: impl Into<String>) -> Self {
        LoadError::Invalid {
            path: path.to_path_buf(),
            line,
            message: message.into(),
        }
    }
}
