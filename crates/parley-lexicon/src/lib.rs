//! Loads, validates and compiles parley's language data (`lexicons/`).

/// A data file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{file}:{line}: {message}")]
    Invalid { file: String, line: usize, message: String },
    #[error("{file}: {source}")]
    Io { file: String, source: std::io::Error },
}
