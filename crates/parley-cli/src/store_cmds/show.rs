//! `parley events`, `parley export`, `parley threads`, `parley thread ID`: flag
//! parsing and printing over `parley-store` queries.

use std::io::{BufWriter, Write};
use std::path::PathBuf;

use anyhow::Context;
use parley_store::{ExportFormat, ExportTable, StoredEvent, Thread};

use super::{open_existing, FilterArgs};

#[derive(clap::Args)]
pub struct EventsArgs {
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Show one event (ev-…) with all its reports.
    #[arg(long)]
    pub id: Option<String>,
    /// Output: table or jsonl.
    #[arg(long, default_value = "table")]
    pub format: String,
    /// Event store (default: $PARLEY_DB or the platform data directory).
    #[arg(long)]
    pub db: Option<PathBuf>,
}

#[derive(clap::Args)]
pub struct ExportArgs {
    /// jsonl (nested, with reports), csv or parquet (flat; see docs/export.md).
    #[arg(long, default_value = "jsonl")]
    pub format: String,
    /// One row per `events` (merged) or per `mentions` (reports).
    #[arg(long, default_value = "events")]
    pub table: String,
    /// Output file (default: standard output).
    #[arg(long, short = 'o')]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Event store (default: $PARLEY_DB or the platform data directory).
    #[arg(long)]
    pub db: Option<PathBuf>,
}

#[derive(clap::Args)]
pub struct ThreadsArgs {
    /// Only threads with this party (code).
    #[arg(long)]
    pub party: Option<String>,
    /// Only this subject: ceasefire, prisoners, territory, sanctions, nuclear, talks.
    #[arg(long)]
    pub subject: Option<String>,
    /// Only threads with at least N events.
    #[arg(long, default_value_t = 1)]
    pub min_events: usize,
    /// Output: table or jsonl.
    #[arg(long, default_value = "table")]
    pub format: String,
    /// Event store (default: $PARLEY_DB or the platform data directory).
    #[arg(long)]
    pub db: Option<PathBuf>,
}

#[derive(clap::Args)]
pub struct ThreadArgs {
    /// Thread id as `parley threads` shows it, e.g. RUS-UKR:prisoners.
    pub id: String,
    /// Output: text (timeline) or json.
    #[arg(long, default_value = "text")]
    pub format: String,
    /// Event store (default: $PARLEY_DB or the platform data directory).
    #[arg(long)]
    pub db: Option<PathBuf>,
}

fn is_table(format: &str, alt: &str) -> anyhow::Result<bool> {
    match format {
        "table" | "text" => Ok(true),
        f if f == alt || f == "jsonl" || f == "json" => Ok(false),
        f => anyhow::bail!("unknown --format {f:?} (expected table or {alt})"),
    }
}

fn cut(s: &str, n: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= n {
        s
    } else {
        format!(
            "{}…",
            s.chars().take(n.saturating_sub(1)).collect::<String>()
        )
    }
}

fn sides(e: &StoredEvent) -> String {
    let a = e.actor_codes().join(",");
    let r = e.recipient_codes().join(",");
    format!(
        "{}→{}",
        if a.is_empty() { "?" } else { &a },
        if r.is_empty() { "-" } else { &r }
    )
}

pub fn events(a: EventsArgs) -> anyhow::Result<i32> {
    let store = open_existing(a.db.as_deref())?;
    let table = is_table(&a.format, "jsonl")?;
    let out = std::io::stdout();
    let mut out = BufWriter::new(out.lock());
    if let Some(id) = &a.id {
        let Some(ev) = store.event(id)? else {
            eprintln!("parley: no event {id}");
            return Ok(1);
        };
        let reports = store.mentions(id)?;
        if table {
            writeln!(
                out,
                "{}  {} {}  {}  {}",
                ev.id,
                ev.event,
                ev.polarity,
                ev.date.as_deref().unwrap_or("-"),
                sides(&ev)
            )?;
            writeln!(
                out,
                "  context: {}  mode: {}  modality: {}",
                ev.context.join(","),
                ev.mode.join(","),
                ev.modality.join(",")
            )?;
            if let Some(p) = &ev.event_loc {
                writeln!(
                    out,
                    "  place: {} ({})",
                    p.name,
                    p.country_code.as_deref().unwrap_or("?")
                )?;
            }
            writeln!(
                out,
                "  {} reports from {} sources, confidence {:.2}",
                ev.n_mentions, ev.n_sources, ev.confidence
            )?;
            if !ev.conflicts_with.is_empty() {
                writeln!(out, "  conflicts with: {}", ev.conflicts_with.join(", "))?;
            }
            for m in reports {
                writeln!(
                    out,
                    "  - {} {} [{}:{}..{}] {}",
                    m.published.as_deref().unwrap_or("----------"),
                    m.outlet,
                    m.doc_id,
                    m.start,
                    m.end,
                    cut(&m.text, 100)
                )?;
            }
        } else {
            let v = serde_json::json!({ "event": ev, "reports": reports });
            writeln!(out, "{v}")?;
        }
        out.flush()?;
        return Ok(0);
    }
    let evs = store.events(&a.filter.to_filter())?;
    if table {
        writeln!(
            out,
            "{:<19}  {:<10}  {:<9} {:<3} {:<22} {:<14} {:>3} {:>4}  text",
            "id", "date", "type", "pol", "actor→recipient", "place", "src", "conf"
        )?;
        for e in &evs {
            writeln!(
                out,
                "{:<19}  {:<10}  {:<9} {:<3} {:<22} {:<14} {:>3} {:>4.2}  {}{}",
                e.id,
                e.date.as_deref().unwrap_or("-"),
                e.event,
                if e.polarity == "negative" { "NOT" } else { "" },
                cut(&sides(e), 22),
                cut(
                    e.event_loc.as_ref().map(|p| p.name.as_str()).unwrap_or("-"),
                    14
                ),
                e.n_sources,
                e.confidence,
                if e.conflicts_with.is_empty() {
                    ""
                } else {
                    "[conflict] "
                },
                cut(&e.text, 70)
            )?;
        }
    } else {
        for e in &evs {
            serde_json::to_writer(&mut out, e)?;
            out.write_all(b"\n")?;
        }
    }
    out.flush()?;
    Ok(0)
}

pub fn export(a: ExportArgs) -> anyhow::Result<i32> {
    let store = open_existing(a.db.as_deref())?;
    let format: ExportFormat = a.format.parse().map_err(|e: String| anyhow::anyhow!(e))?;
    let table: ExportTable = a.table.parse().map_err(|e: String| anyhow::anyhow!(e))?;
    let filter = a.filter.to_filter();
    let n = match &a.out {
        Some(path) => {
            // Write next to the target and rename, so a failed export never leaves half a file.
            let tmp = path.with_extension("partial");
            let file = std::fs::File::create(&tmp)
                .with_context(|| format!("creating {}", tmp.display()))?;
            let n =
                parley_store::export_events(&store, &filter, format, table, BufWriter::new(file))?;
            std::fs::rename(&tmp, path).with_context(|| format!("writing {}", path.display()))?;
            n
        }
        None => {
            if format == ExportFormat::Parquet
                && std::io::IsTerminal::is_terminal(&std::io::stdout())
            {
                anyhow::bail!("parquet is binary: pass --out FILE");
            }
            parley_store::export_events(&store, &filter, format, table, std::io::stdout())?
        }
    };
    eprintln!(
        "parley export: {n} rows{}",
        a.out
            .as_ref()
            .map(|p| format!(" → {}", p.display()))
            .unwrap_or_default()
    );
    Ok(0)
}

pub fn threads(a: ThreadsArgs) -> anyhow::Result<i32> {
    let store = open_existing(a.db.as_deref())?;
    let table = is_table(&a.format, "jsonl")?;
    let party = a.party.as_ref().map(|p| p.to_ascii_uppercase());
    let ts: Vec<Thread> = store
        .threads()?
        .into_iter()
        .filter(|t| t.n_events >= a.min_events)
        .filter(|t| party.as_ref().is_none_or(|p| t.parties.contains(p)))
        .filter(|t| {
            a.subject
                .as_ref()
                .is_none_or(|s| t.subject.eq_ignore_ascii_case(s))
        })
        .collect();
    let out = std::io::stdout();
    let mut out = BufWriter::new(out.lock());
    if table {
        writeln!(
            out,
            "{:<26} {:<16} {:>6} {:>4} {:>4} {:>4}  {:<10} {:<23}",
            "thread", "status", "events", "dem", "off", "agr", "mediators", "dates"
        )?;
        for t in &ts {
            writeln!(
                out,
                "{:<26} {:<16} {:>6} {:>4} {:>4} {:>4}  {:<10} {} .. {}",
                t.id,
                t.status,
                t.n_events,
                t.n_demands,
                t.n_offers,
                t.n_agreements,
                if t.mediators.is_empty() {
                    "-".to_string()
                } else {
                    t.mediators.join(",")
                },
                t.first_date.as_deref().unwrap_or("?"),
                t.last_date.as_deref().unwrap_or("?")
            )?;
        }
    } else {
        for t in &ts {
            serde_json::to_writer(&mut out, t)?;
            out.write_all(b"\n")?;
        }
    }
    out.flush()?;
    Ok(0)
}

pub fn thread(a: ThreadArgs) -> anyhow::Result<i32> {
    let store = open_existing(a.db.as_deref())?;
    let text = is_table(&a.format, "json")?;
    let Some(t) = store.thread(&a.id)? else {
        eprintln!("parley: no thread {} (see `parley threads`)", a.id);
        return Ok(1);
    };
    let out = std::io::stdout();
    let mut out = BufWriter::new(out.lock());
    if !text {
        serde_json::to_writer_pretty(&mut out, &t)?;
        writeln!(out)?;
        out.flush()?;
        return Ok(0);
    }
    writeln!(
        out,
        "{}  ({} and {}, {})",
        t.id, t.parties[0], t.parties[1], t.subject
    )?;
    writeln!(
        out,
        "status: {}   events: {}   demands: {}   offers: {}   agreements: {}   mediators: {}",
        t.status,
        t.n_events,
        t.n_demands,
        t.n_offers,
        t.n_agreements,
        if t.mediators.is_empty() {
            "none".to_string()
        } else {
            t.mediators.join(", ")
        }
    )?;
    writeln!(out)?;
    for e in &t.timeline {
        let who = format!(
            "{}{}",
            e.actor.join(","),
            if e.recipient.is_empty() {
                String::new()
            } else {
                format!(" → {}", e.recipient.join(","))
            }
        );
        let neg = if e.polarity == "negative" { " NOT" } else { "" };
        let status = match &e.status {
            Some(s) if e.followed_by.is_empty() => format!("  [{s}]"),
            Some(s) => format!("  [{s}: {}]", e.followed_by.join(", ")),
            None => String::new(),
        };
        writeln!(
            out,
            "{:<10}  {:<14} {}{neg}  {}{}",
            e.date.as_deref().unwrap_or("undated"),
            e.role,
            e.event,
            who,
            status
        )?;
        writeln!(
            out,
            "{:<10}  {} · {} source{}, confidence {:.2}{}",
            "",
            e.event_id,
            e.n_sources,
            if e.n_sources == 1 { "" } else { "s" },
            e.confidence,
            if e.modality.is_empty() {
                String::new()
            } else {
                format!(" · {}", e.modality.join(","))
            }
        )?;
        writeln!(out, "{:<10}  \"{}\"", "", cut(&e.text, 110))?;
    }
    out.flush()?;
    Ok(0)
}
