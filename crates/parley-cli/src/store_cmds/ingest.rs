//! `parley ingest SOURCE...`: read sources, code documents in parallel (rayon),
//! write them to the store from one writer thread, one transaction per document.
//! Shows a progress bar on a terminal and prints a one-line summary on stderr.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use parley_code::{CodeError, Coder};
use parley_ingest::{read_path, InputFormat, ReadOptions};
use parley_model::{Document, EventRecord};
use parley_store::{content_hash, IngestOutcome, Store};
use rayon::prelude::*;

#[derive(clap::Args)]
pub struct IngestArgs {
    /// Files or directories (read recursively): text, HTML, RSS/Atom, WARC(.gz), JSONL.
    #[arg(required = true)]
    pub sources: Vec<PathBuf>,
    /// Event store (SQLite). Default: $PARLEY_DB, else the platform data directory
    /// (~/.local/share/parley/parley.db).
    #[arg(long)]
    pub db: Option<PathBuf>,
    /// Language (ISO 639-1) for documents whose source does not state one.
    #[arg(long)]
    pub lang: Option<String>,
    /// Publication date (YYYY-MM-DD) for documents whose source carries none.
    #[arg(long)]
    pub published: Option<String>,
    /// Input format: auto, text, jsonl, html, feed, warc.
    #[arg(long, default_value = "auto")]
    pub format: String,
    /// Coding threads (default: all cores).
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
    /// Documents coded per batch.
    #[arg(long, default_value_t = 64, hide = true)]
    pub batch: usize,
    /// No progress bar, no per-document error lines (the summary is still printed).
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// What the coder made of one document.
enum Coded {
    Records(Vec<EventRecord>),
    /// Not codable: stored as skipped with this reason; `key` groups the summary.
    Skip {
        key: String,
        reason: String,
    },
    /// The coder crashed on it: reported, not stored (a fixed coder may retry it).
    Crash(String),
}

#[derive(Default)]
struct Tally {
    read: u64,
    coded: u64,
    unchanged: u64,
    skipped: BTreeMap<String, u64>,
    warnings: u64,
    mentions: u64,
    new: u64,
    merged: u64,
    conflicts: u64,
}

impl Tally {
    fn skip(&mut self, key: impl Into<String>) {
        *self.skipped.entry(key.into()).or_default() += 1;
    }
    fn events_msg(&self) -> String {
        format!("events {} new, {} merged", self.new, self.merged)
    }
}

fn code_one(coder: &Coder, doc: &Document) -> Coded {
    match catch_unwind(AssertUnwindSafe(|| coder.code(doc))) {
        Ok(Ok(recs)) => Coded::Records(recs),
        Ok(Err(e)) => {
            let key = if matches!(e, CodeError::Empty { .. }) {
                "empty text".to_string()
            } else if matches!(e, CodeError::UnsupportedLanguage { .. }) {
                "unsupported language".to_string()
            } else {
                "coding error".to_string()
            };
            Coded::Skip {
                key,
                reason: e.to_string(),
            }
        }
        Err(p) => {
            let msg = p
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "panic".into());
            Coded::Crash(format!("{}: coder crashed: {msg}", doc.id))
        }
    }
}

pub fn ingest(a: IngestArgs) -> anyhow::Result<i32> {
    let started = Instant::now();
    let path = super::db_path(a.db.as_deref())?;
    let format: InputFormat = a.format.parse().map_err(|e: String| anyhow::anyhow!(e))?;
    if let Some(p) = &a.published {
        chrono::NaiveDate::parse_from_str(p, "%Y-%m-%d")
            .with_context(|| format!("--published {p:?}: expected YYYY-MM-DD"))?;
    }
    for s in &a.sources {
        if !s.exists() {
            anyhow::bail!("{}: no such file or directory", s.display());
        }
    }
    let writer_store =
        Store::open(&path).with_context(|| format!("opening event store {}", path.display()))?;
    let reader_store = Store::open(&path)?;
    let coder = Coder::with_defaults().map_err(|e| anyhow::anyhow!("loading the coder: {e}"))?;
    let jobs = a
        .jobs
        .unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1)
        })
        .max(1);
    let pool = rayon::ThreadPoolBuilder::new().num_threads(jobs).build()?;
    let opts = ReadOptions {
        format,
        lang: a.lang.clone(),
        published: a.published.clone(),
        ..ReadOptions::default()
    };

    let pb = if !a.quiet && std::io::stderr().is_terminal() {
        let pb = ProgressBar::new_spinner();
        pb.set_style(
            ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {pos} documents ({per_sec}) · {msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        pb.enable_steady_tick(Duration::from_millis(120));
        pb
    } else {
        ProgressBar::hidden()
    };
    let report = {
        let pb = pb.clone();
        let quiet = a.quiet;
        move |line: String| {
            if !quiet {
                pb.suspend(|| eprintln!("parley: {line}"));
            }
        }
    };

    // One writer thread owns the write connection; batches arrive in read order.
    let (tx, rx) = mpsc::sync_channel::<Vec<(Document, Coded)>>(4);
    let writer = {
        let pb = pb.clone();
        let report = report.clone();
        std::thread::spawn(move || -> anyhow::Result<Tally> {
            let mut store = writer_store;
            let mut t = Tally::default();
            for batch in rx {
                for (doc, coded) in batch {
                    let outcome = match &coded {
                        Coded::Records(r) => store.ingest(&doc, Ok(r)),
                        Coded::Skip { reason, .. } => store.ingest(&doc, Err(reason)),
                        Coded::Crash(msg) => {
                            report(msg.clone());
                            t.skip("coder crash");
                            pb.inc(1);
                            continue;
                        }
                    }
                    .with_context(|| format!("writing document {} to the store", doc.id))?;
                    match outcome {
                        IngestOutcome::Unchanged => t.unchanged += 1,
                        IngestOutcome::Skipped { reason } => {
                            if let Coded::Skip { key, .. } = coded {
                                t.skip(key);
                            }
                            report(format!("{}: skipped: {reason}", doc.id));
                        }
                        IngestOutcome::Coded {
                            mentions,
                            events_new,
                            events_merged,
                            conflicts,
                        } => {
                            t.coded += 1;
                            t.mentions += mentions as u64;
                            t.new += events_new as u64;
                            t.merged += events_merged as u64;
                            t.conflicts += conflicts as u64;
                        }
                    }
                    pb.inc(1);
                }
                pb.set_message(t.events_msg());
            }
            Ok(t)
        })
    };

    // Reader + coder: this thread reads, skips what the store already has, codes a batch in parallel.
    let mut read = 0u64;
    let mut unchanged_early = 0u64;
    let mut read_errors: BTreeMap<String, u64> = BTreeMap::new();
    let mut warnings = 0u64;
    let mut batch: Vec<Document> = Vec::with_capacity(a.batch);
    let send = |batch: &mut Vec<Document>| -> bool {
        let docs = std::mem::take(batch);
        let coded: Vec<(Document, Coded)> = pool.install(|| {
            docs.into_par_iter()
                .map(|d| {
                    let c = code_one(&coder, &d);
                    (d, c)
                })
                .collect()
        });
        tx.send(coded).is_ok()
    };
    let mut writer_gone = false;
    'sources: for source in &a.sources {
        for item in read_path(source, &opts) {
            match item {
                Ok(doc) => {
                    read += 1;
                    if reader_store
                        .contains(&content_hash(&doc.text))
                        .unwrap_or(false)
                    {
                        unchanged_early += 1;
                        pb.inc(1);
                        continue;
                    }
                    batch.push(doc);
                    if batch.len() >= a.batch.max(1) && !send(&mut batch) {
                        writer_gone = true;
                        break 'sources;
                    }
                }
                Err(e) if e.is_warning() => {
                    warnings += 1;
                    report(format!("warning: {e}"));
                }
                Err(e) => {
                    *read_errors
                        .entry(format!("{:?}", e.kind).to_lowercase())
                        .or_default() += 1;
                    report(e.to_string());
                }
            }
        }
    }
    if !writer_gone && !batch.is_empty() {
        send(&mut batch);
    }
    drop(tx);
    let mut t = match writer.join() {
        Ok(r) => r?,
        Err(_) => anyhow::bail!("the store writer thread crashed"),
    };
    pb.finish_and_clear();
    t.read = read;
    t.unchanged += unchanged_early;
    t.warnings = warnings;
    for (k, n) in &read_errors {
        *t.skipped.entry(format!("unreadable ({k})")).or_default() += n;
    }
    eprintln!("{}", summary(&t, started.elapsed(), &path));
    let n_errors: u64 = read_errors.values().sum();
    Ok(if read == 0 && n_errors > 0 { 1 } else { 0 })
}

fn summary(t: &Tally, took: Duration, db: &Path) -> String {
    let secs = took.as_secs_f64().max(1e-9);
    let skipped: u64 = t.skipped.values().sum();
    let reasons = if t.skipped.is_empty() {
        String::new()
    } else {
        format!(
            " ({})",
            t.skipped
                .iter()
                .map(|(k, n)| format!("{k} {n}"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let warn = if t.warnings > 0 {
        format!(", {} warnings", t.warnings)
    } else {
        String::new()
    };
    format!(
        "parley ingest: read {}, coded {}, unchanged {}, skipped {}{reasons}{warn}; reports {}, events new {}, merged {}, conflicts {}; {:.1} s, {:.0} documents/s; store {}",
        t.read,
        t.coded,
        t.unchanged,
        skipped,
        t.mentions,
        t.new,
        t.merged,
        t.conflicts,
        secs,
        t.read as f64 / secs,
        db.display()
    )
}
