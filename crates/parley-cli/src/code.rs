//! `parley code`: documents in (text or JSONL files, or standard input), event records
//! out (JSONL, one JSON array, or a table for people). Documents are read as a stream
//! and coded in parallel batches, so memory stays bounded on endless input.

use anyhow::Context;
use parley_code::Coder;
use parley_ingest::{InputFormat, ReadOptions};
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
    if !matches!(args.format.as_str(), "jsonl" | "json" | "table") {
        anyhow::bail!(
            "--format must be jsonl, json or table, not '{}'",
            args.format
        );
    }
    if !matches!(args.lang.as_str(), "auto" | "it" | "en") {
        anyhow::bail!("--lang must be auto, it or en, not '{}'", args.lang);
    }
    if let Some(p) = &args.published {
        chrono::NaiveDate::parse_from_str(p, "%Y-%m-%d")
            .with_context(|| format!("--published '{p}' is not a YYYY-MM-DD date"))?;
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
        ..Default::default()
    };
    let inputs: Vec<Option<PathBuf>> = if args.files.is_empty() {
        vec![None]
    } else {
        args.files
            .iter()
            .map(|f| {
                if f.as_os_str() == "-" {
                    None
                } else {
                    Some(f.clone())
                }
            })
            .collect()
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut stats = Stats::default();
    let mut all: Vec<EventRecord> = Vec::new();
    let mut first_json = true;
    if args.format == "json" {
        write!(out, "[")?;
    }
    for input in inputs {
        let docs = match &input {
            Some(p) => parley_ingest::read_path(p, &opts),
            None => parley_ingest::read_stdin(&opts),
        };
        let mut batch: Vec<Document> = Vec::with_capacity(BATCH);
        for item in docs {
            match item {
                Ok(d) => {
                    stats.read += 1;
                    batch.push(d);
                    if batch.len() >= BATCH {
                        emit(
                            &coder,
                            &mut batch,
                            &args.format,
                            &mut out,
                            &mut all,
                            &mut first_json,
                            &mut stats,
                        )?;
                    }
                }
                Err(e) => {
                    stats.bad += 1;
                    eprintln!("parley: skipped: {e}");
                }
            }
        }
        emit(
            &coder,
            &mut batch,
            &args.format,
            &mut out,
            &mut all,
            &mut first_json,
            &mut stats,
        )?;
    }
    match args.format.as_str() {
        "json" => writeln!(out, "]")?,
        "table" => write_table(&mut out, &all)?,
        _ => {}
    }
    out.flush()?;
    eprintln!(
        "parley: {} documents read, {} coded, {} skipped, {} events",
        stats.read + stats.bad,
        stats.coded,
        stats.bad + stats.uncoded,
        stats.events
    );
    Ok(if stats.read == 0 { 1 } else { 0 })
}

const BATCH: usize = 256;

#[derive(Default)]
struct Stats {
    read: usize,
    bad: usize,
    coded: usize,
    uncoded: usize,
    events: usize,
}

fn emit(
    coder: &Coder,
    batch: &mut Vec<Document>,
    format: &str,
    out: &mut impl Write,
    all: &mut Vec<EventRecord>,
    first_json: &mut bool,
    stats: &mut Stats,
) -> anyhow::Result<()> {
    let results: Vec<_> = batch.par_iter().map(|d| coder.code(d)).collect();
    batch.clear();
    for r in results {
        match r {
            Ok(evs) => {
                stats.coded += 1;
                stats.events += evs.len();
                for ev in evs {
                    match format {
                        "jsonl" => {
                            serde_json::to_writer(&mut *out, &ev)?;
                            writeln!(out)?;
                        }
                        "json" => {
                            if !*first_json {
                                write!(out, ",")?;
                            }
                            *first_json = false;
                            serde_json::to_writer(&mut *out, &ev)?;
                        }
                        _ => all.push(ev),
                    }
                }
            }
            Err(e) => {
                stats.uncoded += 1;
                eprintln!("parley: skipped: {e}");
            }
        }
    }
    Ok(())
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
fn write_table(out: &mut impl Write, evs: &[EventRecord]) -> anyhow::Result<()> {
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
