//! Store-facing subcommands: `ingest`, `events`, `export`, `threads`, `thread`.
//! This module only parses flags and prints; the store, merging, threads and
//! export live in `parley-store`, reading sources in `parley-ingest`.

mod ingest;
mod show;

use std::path::{Path, PathBuf};

use anyhow::Context;
use parley_store::{EventFilter, Store};

pub use ingest::{ingest, IngestArgs};
pub use show::{events, export, thread, threads, EventsArgs, ExportArgs, ThreadArgs, ThreadsArgs};

/// `--db`, else `$PARLEY_DB`, else the platform data directory.
pub(crate) fn db_path(flag: Option<&Path>) -> anyhow::Result<PathBuf> {
    if let Some(p) = flag {
        return Ok(p.to_path_buf());
    }
    parley_store::default_db_path().context(
        "no database path: pass --db PATH or set PARLEY_DB (no home or data directory found)",
    )
}

/// Opens an existing store (listing commands never create one).
pub(crate) fn open_existing(flag: Option<&Path>) -> anyhow::Result<Store> {
    let path = db_path(flag)?;
    if !path.exists() {
        anyhow::bail!(
            "no event store at {} (run `parley ingest SOURCE` first, or pass --db)",
            path.display()
        );
    }
    Store::open(&path).with_context(|| format!("opening event store {}", path.display()))
}

/// Event filters shared by `events` and `export`.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct FilterArgs {
    /// Actor code (e.g. RUS).
    #[arg(long)]
    pub actor: Option<String>,
    /// Recipient code.
    #[arg(long)]
    pub recipient: Option<String>,
    /// Code on either side (actor or recipient).
    #[arg(long)]
    pub party: Option<String>,
    /// PLOVER event type (AGREE, CONSULT, …).
    #[arg(long = "type")]
    pub event_type: Option<String>,
    /// Events on or after this date (YYYY-MM-DD, YYYY-MM or YYYY).
    #[arg(long)]
    pub from: Option<String>,
    /// Events on or before this date.
    #[arg(long)]
    pub to: Option<String>,
    /// Place name (substring) or the place's country code.
    #[arg(long)]
    pub place: Option<String>,
    /// Words that must all appear in one report's sentence.
    #[arg(long)]
    pub text: Option<String>,
    /// Subject / context value (ceasefire, prisoners, …).
    #[arg(long)]
    pub context: Option<String>,
    /// Minimum confidence (0–1).
    #[arg(long)]
    pub min_confidence: Option<f64>,
    /// At most N events.
    #[arg(long)]
    pub limit: Option<usize>,
}

impl FilterArgs {
    pub(crate) fn to_filter(&self) -> EventFilter {
        EventFilter {
            actor: self.actor.clone(),
            recipient: self.recipient.clone(),
            party: self.party.clone(),
            event_type: self.event_type.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
            place: self.place.clone(),
            text: self.text.clone(),
            context: self.context.clone(),
            min_confidence: self.min_confidence,
            limit: self.limit,
        }
    }
}
