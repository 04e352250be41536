//! parley's durable event store: an embedded SQLite database of documents, the
//! reports (mentions) coded from them, the merged events those reports describe,
//! and the negotiation threads built over the events.
//!
//! * [`schema`]: tables and migrations (`PRAGMA user_version`), WAL, foreign keys.
//! * [`store`]: [`Store`], opening a database and ingesting one coded document per
//!   transaction (idempotent by content hash, safe against `kill -9`).
//! * [`merge`]: when two reports describe the same happening (type, parties, date
//!   window, place, subject), confidence over independent sources, conflicts.
//! * [`query`]: filtered event listings and an event's reports.
//! * [`threads`]: negotiation threads (parties + subject) with mediators, demands,
//!   offers, agreements and their follow-through.
//! * [`export`]: JSONL, CSV and (feature `parquet`) Parquet files for analysts.
//!
//! This crate does not read sources or code text: callers give it [`Document`]s and
//! the [`EventRecord`]s the coder produced for them.
//!
//! [`Document`]: parley_model::Document
//! [`EventRecord`]: parley_model::EventRecord

pub mod dates;
pub mod export;
pub mod merge;
pub mod query;
pub mod schema;
pub mod store;
pub mod threads;

pub use export::{export_events, ExportFormat, ExportTable};
pub use query::{EventFilter, MentionRow, StoredEvent};
pub use store::{content_hash, default_db_path, outlet_of, IngestOutcome, Store, StoreStats};
pub use threads::{Thread, ThreadEntry};

/// Errors of the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
    #[error("i/o: {0}")]
    Io(#[from] std::io::Error),
    #[error("csv: {0}")]
    Csv(#[from] csv::Error),
    #[error("store set-up: {0}")]
    Setup(String),
    #[error("the store has schema version {found}, newer than this parley supports ({supported}); upgrade parley")]
    NewerSchema { found: i64, supported: i64 },
    #[error("invalid {what}: {value:?}")]
    Invalid { what: &'static str, value: String },
    #[error("export format {0} is not built into this parley (enable the `parquet` feature)")]
    Unsupported(&'static str),
    #[cfg(feature = "parquet")]
    #[error("parquet: {0}")]
    Parquet(String),
}
