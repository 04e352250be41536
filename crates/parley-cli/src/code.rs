//! `parley code`: documents in (text or JSONL files, or standard input), event records
//! out (JSONL, one JSON array, or a table for people). Documents are read as a stream
//! and coded in parallel batches bounded in count and bytes, each batch's records
//! written and flushed before the next is read, so memory stays bounded on endless
//! input and a downstream `head` sees output early. Long texts are coded in parts.
//! A bad input, line or document is reported on stderr and skipped; the exit status
//! is 1 only when no document at all could be read. The table format keeps all
//! records until the end (to align columns): use it for articles, not streams.

use anyhow::Context;
use parley_code::Coder;
use parley_ingest::{InputFormat, ReadError, ReadOptions};
use parley_model::{Document, EventRecord};
use rayon::prelude::*;
use std::io::Write;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Files to code (text or JSONL); none or `-` reads standard input.
    pub files: Vec<PathBuf>,
    /// Input format: auto (by extension and content), text or jsonl.
    #[arg(long, default_value = "auto")]
    pub input: String,
    /// Publication date (YYYY-MM-DD) of a text input; JSONL documents carry their own.
    #[arg(long)]
    pub published: Option<String>,
    /// Language: auto, it or en.
    #[arg(long, default_value = "auto")]
    pub lang: String,
    /// Output: jsonl (one event per line), json (one array) or table.
    #[arg(long, default_value = "jsonl")]
    pub format: String,
    /// Document id for a single text input (default: the file name).
    #[arg(long)]
    pub doc_id: Option<String>,
    /// Extra actor lists (TSV in the format of lexicons/common/people.tsv).
    #[arg(long)]
    pub actors: Vec<PathBuf>,
    /// Load lexicons from this directory instead of the built-in ones.
    #[arg(long)]
    pub lexicons: Option<PathBuf>,
    /// A text longer than this many bytes is coded in parts `<id>#1`, `<id>#2`, …
    /// cut at paragraph or sentence ends (memory stays bounded on huge inputs).
    #[arg(long, default_value_t = DEFAULT_MAX_DOC_BYTES)]
    pub max_doc_bytes: usize,
}

/// Builds the coder the options ask for.
pub fn load_coder(actors: &[PathBuf], lexicons: Option<&PathBuf>) -> anyhow::Result<Coder> {
    let lex = if let Some(dir) = lexicons {
        parley_lexicon::Lexicons::from_dir(dir)
            .with_context(|| format!("loading lexicons from {}", dir.display()))?
    } else if actors.is_empty() {
        parley_lexicon::Lexicons::builtin().context("loading built-in lexicons")?
    } else {
        let mut files = Vec::new();
        for a in actors {
            let text = std::fs::read_to_string(a)
                .with_context(|| format!("reading actor list {}", a.display()))?;
            files.push((a.display().to_string(), text));
        }
        parley_lexicon::Lexicons::with_actors(&files)?
    };
    Ok(Coder::with_lexicons(lex))
}

pub fn run(args: Args) -> anyhow::Result<i32> {
    let format: InputFormat = args.input.parse().map_err(anyhow::Error::msg)?;
    let out_format = match args.format.as_str() {
        "jsonl" => OutFormat::Jsonl,
        "json" => OutFormat::Json,
        "table" => OutFormat::Table,
        other => anyhow::bail!("--format must be jsonl, json or table, not '{other}'"),
    };
    if !matches!(args.lang.as_str(), "auto" | "it" | "en") {
        anyhow::bail!("--lang must be auto, it or en, not '{}'", args.lang);
    }
    if let Some(p) = &args.published {
        chrono::NaiveDate::parse_from_str(p, "%Y-%m-%d")
            .with_context(|| format!("--published '{p}' is not a YYYY-MM-DD date"))?;
    }
    if args.max_doc_bytes < 1024 {
        anyhow::bail!(
            "--max-doc-bytes must be at least 1024, not {}",
            args.max_doc_bytes
        );
    }
    let coder = load_coder(&args.actors, args.lexicons.as_ref())?;
    let opts = ReadOptions {
        format,
        published: args.published.clone(),
        lang: if args.lang == "auto" {
            None
        } else {
            Some(args.lang.clone())
        },
        doc_id: args.doc_id.clone(),
        max_doc_bytes: args.max_doc_bytes,
        ..Default::default()
    };
    let inputs: Vec<Option<PathBuf>> = if args.files.is_empty() {
        vec![None]
    } else {
        args.files
            .iter()
            .map(|f| (f.as_os_str() != "-").then(|| f.clone()))
            .collect()
    };
    let stdout = std::io::stdout();
    let mut sink = Sink::new(
        std::io::BufWriter::with_capacity(1 << 16, stdout.lock()),
        out_format,
    );
    let mut stats = Stats::default();
    match code_inputs(&coder, inputs, opts, &mut sink, &mut stats) {
        Ok(()) => {}
        // The reader went away (`parley code … | head`): stop quietly.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(0),
        Err(e) => return Err(anyhow::Error::new(e).context("parley code stopped")),
    }
    note(&format!(
        "{} documents read, {} coded, {} not coded, {} unreadable inputs or lines skipped, {} warnings, {} events",
        stats.read, stats.coded, stats.not_coded, stats.unreadable, stats.warnings, stats.events
    ));
    Ok(if stats.read == 0 { 1 } else { 0 })
}

/// Reads every input on a reader thread, codes its documents in bounded batches
/// and writes the records as each batch is done. A batch is coded when it is full
/// or when no further document is ready yet, so a slow stream (`tail -f … | parley
/// code`) gets its records without waiting for a full batch. Only an output error
/// stops the run; a bad input, line or document is reported on stderr and skipped.
fn code_inputs<W: Write>(
    coder: &Coder,
    inputs: Vec<Option<PathBuf>>,
    opts: ReadOptions,
    sink: &mut Sink<W>,
    stats: &mut Stats,
) -> std::io::Result<()> {
    use std::sync::mpsc::{sync_channel, TryRecvError};
    sink.begin()?;
    // Bounded: the reader waits while the coder is busy.
    let (tx, rx) = sync_channel::<Result<Document, ReadError>>(BATCH_DOCS);
    // Joined only once the input is exhausted: on a closed output the reader may be
    // blocked on standard input, and the process exits without waiting for it.
    let reader = std::thread::Builder::new()
        .name("parley-read".into())
        .spawn(move || {
            for input in inputs {
                let docs = match &input {
                    Some(p) => parley_ingest::read_path(p, &opts),
                    None => parley_ingest::read_stdin(&opts),
                };
                for item in docs {
                    if tx.send(item).is_err() {
                        return; // the coder has stopped
                    }
                }
            }
        })
        .map_err(|e| std::io::Error::new(e.kind(), format!("cannot start a reader thread: {e}")))?;
    let mut batch = Batch::default();
    'run: while let Ok(item) = rx.recv() {
        let mut item = item;
        loop {
            if take(item, &mut batch, stats) {
                code_batch(coder, &mut batch, sink, stats)?;
            }
            item = match rx.try_recv() {
                Ok(next) => next,
                Err(TryRecvError::Empty) => {
                    // Nothing ready: code what there is rather than wait.
                    code_batch(coder, &mut batch, sink, stats)?;
                    continue 'run;
                }
                Err(TryRecvError::Disconnected) => break 'run,
            };
        }
    }
    code_batch(coder, &mut batch, sink, stats)?;
    if reader.join().is_err() {
        stats.unreadable += 1;
        note("internal error while reading the input; the rest of it was not read");
    }
    sink.end()
}

/// Adds one read result to the batch (or reports it); true when the batch is full.
fn take(item: Result<Document, ReadError>, batch: &mut Batch, stats: &mut Stats) -> bool {
    match item {
        Ok(d) => {
            stats.read += 1;
            batch.bytes += d.text.len();
            batch.docs.push(d);
            batch.docs.len() >= BATCH_DOCS || batch.bytes >= BATCH_BYTES
        }
        Err(e) if e.is_warning() => {
            stats.warnings += 1;
            note(&format!("warning: {e}"));
            false
        }
        Err(e) => {
            stats.unreadable += 1;
            note(&format!("skipped: {e}"));
            false
        }
    }
}

/// Most documents coded together (in parallel) before their records are written.
const BATCH_DOCS: usize = 256;
/// Most text bytes coded together: with `--max-doc-bytes` this bounds the
/// memory of a batch (texts, analyses and records) whatever the input.
const BATCH_BYTES: usize = 1 << 20;
/// Default part size for long texts: 32 KiB is a very long article, so real
/// articles are not cut, and a huge single text still gives batches of many parts
/// that all cores code in parallel. (The article-level merge is linear since
/// 9f29444; before, larger parts were also slower per byte.)
const DEFAULT_MAX_DOC_BYTES: usize = 32 << 10;

#[derive(Default)]
struct Batch {
    docs: Vec<Document>,
    bytes: usize,
}

#[derive(Default)]
struct Stats {
    /// Documents (or parts of long documents) read.
    read: usize,
    /// Inputs, lines or records that could not be read.
    unreadable: usize,
    /// Documents read with a problem (invalid UTF-8) but still coded.
    warnings: usize,
    coded: usize,
    /// Documents the coder refused (unsupported language, no text, internal error).
    not_coded: usize,
    events: usize,
}

/// A message on stderr. Never fails: a closed stderr must not stop the coding.
fn note(msg: &str) {
    let _ = writeln!(std::io::stderr().lock(), "parley: {msg}");
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum OutFormat {
    Jsonl,
    Json,
    Table,
}

/// Writes records as they come (JSONL, one JSON array) or, for the table, keeps
/// them to align the columns at the end.
struct Sink<W: Write> {
    out: W,
    format: OutFormat,
    first: bool,
    table: Vec<EventRecord>,
    buf: Vec<u8>,
}

impl<W: Write> Sink<W> {
    fn new(out: W, format: OutFormat) -> Self {
        Self {
            out,
            format,
            first: true,
            table: Vec::new(),
            buf: Vec::with_capacity(4096),
        }
    }

    fn begin(&mut self) -> std::io::Result<()> {
        if self.format == OutFormat::Json {
            self.out.write_all(b"[")?;
        }
        Ok(())
    }

    fn record(&mut self, ev: EventRecord) -> std::io::Result<()> {
        if self.format == OutFormat::Table {
            self.table.push(ev);
            return Ok(());
        }
        self.buf.clear();
        if self.format == OutFormat::Json && !std::mem::take(&mut self.first) {
            self.buf.push(b',');
        }
        ev.write_json(&mut self.buf);
        if self.format == OutFormat::Jsonl {
            self.buf.push(b'\n');
        }
        self.out.write_all(&self.buf)
    }

    /// End of a batch: what was written reaches the reader now.
    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }

    fn end(&mut self) -> std::io::Result<()> {
        match self.format {
            OutFormat::Json => self.out.write_all(b"]\n")?,
            OutFormat::Table => write_table(&mut self.out, &self.table)?,
            OutFormat::Jsonl => {}
        }
        self.out.flush()
    }
}

thread_local! {
    /// Set while a document is being coded, so the panic hook stays quiet and the
    /// panic is reported as that document's error instead.
    static CODING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    static PANIC_AT: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Installs (once) a panic hook that records where a panic inside the coder
/// happened instead of printing it; other panics print as usual.
fn install_panic_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if CODING.with(|c| c.get()) {
                let at = info
                    .location()
                    .map(|l| format!(" at {}:{}", l.file(), l.line()))
                    .unwrap_or_default();
                PANIC_AT.with(|p| *p.borrow_mut() = Some(at));
            } else {
                previous(info);
            }
        }));
    });
}

/// Codes one document; a panic in the coder becomes this document's error, so
/// one bad document never takes the batch (or the run) with it.
fn code_one(coder: &Coder, doc: &Document) -> Result<Vec<EventRecord>, String> {
    CODING.with(|c| c.set(true));
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| coder.code(doc)));
    CODING.with(|c| c.set(false));
    match r {
        Ok(Ok(evs)) => Ok(evs),
        Ok(Err(e)) => Err(e.to_string()),
        Err(payload) => {
            let msg = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown".into());
            let at = PANIC_AT.with(|p| p.borrow_mut().take()).unwrap_or_default();
            Err(format!(
                "document {}: internal error in the coder ({msg}{at}); please report it",
                doc.id
            ))
        }
    }
}

fn code_batch<W: Write>(
    coder: &Coder,
    batch: &mut Batch,
    sink: &mut Sink<W>,
    stats: &mut Stats,
) -> std::io::Result<()> {
    if batch.docs.is_empty() {
        return Ok(());
    }
    install_panic_hook();
    let docs = std::mem::take(&mut batch.docs);
    batch.bytes = 0;
    let results: Vec<_> = docs.par_iter().map(|d| code_one(coder, d)).collect();
    for (doc, r) in docs.iter().zip(results) {
        match r {
            Ok(evs) => {
                stats.coded += 1;
                stats.events += evs.len();
                for ev in evs {
                    sink.record(ev)?;
                }
            }
            Err(e) => {
                stats.not_coded += 1;
                match &doc.source {
                    Some(src) => note(&format!("skipped: {src}: {e}")),
                    None => note(&format!("skipped: {e}")),
                }
            }
        }
    }
    sink.flush()
}

fn codes(a: &[parley_model::Actor]) -> String {
    let mut v: Vec<&str> = Vec::new();
    for x in a {
        let c = x.code.as_deref().unwrap_or("?");
        if !v.contains(&c) {
            v.push(c);
        }
    }
    v.join("+")
}

/// A readable summary: one line per event, aligned columns.
fn write_table(out: &mut impl Write, evs: &[EventRecord]) -> std::io::Result<()> {
    let header = [
        "doc",
        "sent",
        "event",
        "pol",
        "actor",
        "recipient",
        "modality",
        "date",
        "place",
        "context",
        "attribution",
        "evidence",
    ];
    let mut rows: Vec<Vec<String>> = vec![header.iter().map(|s| s.to_string()).collect()];
    for e in evs {
        let ev = format!(
            "{}{}",
            e.event,
            if e.mode.is_empty() {
                String::new()
            } else {
                format!(":{}", e.mode.join(","))
            }
        );
        let evidence: String = if e.text_info.text.chars().count() > 60 {
            format!("{}…", e.text_info.text.chars().take(59).collect::<String>())
        } else {
            e.text_info.text.clone()
        };
        rows.push(vec![
            e.doc_id.clone(),
            e.text_info.sentence.to_string(),
            ev,
            if e.polarity == parley_model::Polarity::Negative {
                "neg".into()
            } else {
                "pos".into()
            },
            codes(&e.actor),
            codes(&e.recipient),
            e.modality.join(","),
            e.date.clone().unwrap_or_default(),
            e.event_loc
                .as_ref()
                .map(|p| p.name.clone())
                .unwrap_or_default(),
            e.context.join(","),
            e.attribution
                .as_ref()
                .map(|a| a.name.clone())
                .unwrap_or_default(),
            evidence,
        ]);
    }
    let widths: Vec<usize> = (0..header.len())
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    for r in rows {
        let mut line = String::new();
        for (c, cell) in r.iter().enumerate() {
            if c + 1 == r.len() {
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&" ".repeat(widths[c] - cell.chars().count() + 2));
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}
