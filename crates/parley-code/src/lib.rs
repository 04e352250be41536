//! The event coder: turns one [`Document`] into PLOVER [`EventRecord`]s.
//!
//! Pipeline stages live in their own modules; this file only wires them together.
//! It does not read files or write output (see `parley-ingest` and the CLI).

use parley_model::{Document, EventRecord};

/// Why a document could not be coded.
#[derive(Debug, thiserror::Error)]
pub enum CodeError {
    #[error("document {doc_id}: language '{lang}' ({name}) is not supported (supported: it, en)")]
    UnsupportedLanguage { doc_id: String, lang: String, name: String },
    #[error("document {doc_id}: no text to code")]
    Empty { doc_id: String },
}

/// A loaded coder: all languages' lexicons compiled once, shared across threads.
pub struct Coder {}

impl Coder {
    /// The coder with the lexicons built into parley.
    pub fn with_defaults() -> Result<Coder, parley_lexicon::LoadError> {
        Ok(Coder {})
    }

    /// Codes one document.
    pub fn code(&self, doc: &Document) -> Result<Vec<EventRecord>, CodeError> {
        if doc.text.trim().is_empty() {
            return Err(CodeError::Empty { doc_id: doc.id.clone() });
        }
        Ok(Vec::new())
    }
}
