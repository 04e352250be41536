//! `parley bench`: coding speed, memory and start-up on a corpus built by recombining the
//! sentences of parley's own example articles (and, with `--shared DIR`, the texts in
//! `../shared`), scaled to `--mb` megabytes. Prints figures; asserts nothing.
//!
//! Figures are end to end, raw text in, event records serialized to JSON lines out, on
//! one thread and on all cores; a third, sequential pass reads the clock between stages
//! to show where the time goes (that pass is a little slower for the clock reads).

use parley_model::Document;
use rayon::prelude::*;
use std::path::PathBuf;
use std::time::Instant;

#[derive(clap::Args)]
pub struct Args {
    /// Corpus size in megabytes.
    #[arg(long, default_value_t = 20)]
    pub mb: usize,
    /// Also take sentences from this folder's examples and evaluation texts.
    #[arg(long)]
    pub shared: Option<PathBuf>,
    /// Sentences per generated document.
    #[arg(long, default_value_t = 12)]
    pub doc_sentences: usize,
}

/// Documents coded before each timed run (about 1 % of the 100 MB corpus).
const WARM_UP_DOCS: usize = 500;

const IT: &str = include_str!("../../../examples/kharkiv-talks.it.txt");
const EN: &str = include_str!("../../../examples/gaza-aid.en.txt");

fn sentences(text: &str) -> Vec<String> {
    let spans = parley_text::split_sentences(text, &|_| false);
    spans
        .iter()
        .map(|s| text[s.start..s.end].to_string())
        .collect()
}

pub fn run(args: Args) -> anyhow::Result<i32> {
    let t0 = Instant::now();
    let coder = parley_code::Coder::with_defaults()?;
    let first = coder.code(&Document {
        id: "warm".into(),
        text: "Mosca e Kiev hanno concordato una tregua.".into(),
        lang: Some("it".into()),
        ..Default::default()
    })?;
    let startup = t0.elapsed();
    let mut pools: Vec<(String, Vec<String>)> =
        vec![("it".into(), sentences(IT)), ("en".into(), sentences(EN))];
    if let Some(dir) = &args.shared {
        if let Ok(t) = std::fs::read_to_string(dir.join("examples/istanbul-talks.it.txt")) {
            pools[0].1.extend(sentences(&t));
        }
        if let Ok(t) = std::fs::read_to_string(dir.join("eval/plover-gsr.dev.jsonl")) {
            for line in t.lines() {
                if let Ok(v) = serde_json::from_str::<serde_json::Value>(line) {
                    if let Some(s) = v.get("text").and_then(|x| x.as_str()) {
                        pools[1].1.push(s.to_string());
                    }
                }
            }
        }
    }
    // Deterministic recombination: a linear congruential walk over each pool.
    let target = args.mb << 20;
    let mut docs = Vec::new();
    let (mut bytes, mut n_sent, mut state) = (0usize, 0usize, 12345u64);
    while bytes < target {
        let (lang, pool) = &pools[docs.len() % pools.len()];
        let mut text = String::new();
        for _ in 0..args.doc_sentences {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            text.push_str(&pool[(state >> 33) as usize % pool.len()]);
            text.push('\n');
            n_sent += 1;
        }
        bytes += text.len();
        docs.push(Document {
            id: format!("bench-{}", docs.len()),
            text,
            published: Some("2025-05-16".into()),
            lang: Some(lang.clone()),
            ..Default::default()
        });
    }
    println!("corpus: {} documents, {} sentences, {:.1} MB (recombined sentences of parley's examples{})", docs.len(), n_sent, bytes as f64 / 1e6, if args.shared.is_some() { " and ../shared texts" } else { "" });
    println!(
        "start-up to first coded sentence: {:.1} ms ({} events)",
        startup.as_secs_f64() * 1e3,
        first.len()
    );
    let threads = rayon::current_num_threads();
    // codes documents in parallel (on the pool it is called in); returns the events written
    let code_all = |docs: &[Document]| -> usize {
        docs.par_iter()
            .map(|d| coder.code(d).map(|e| emit(&e)).unwrap_or(0))
            .sum()
    };
    println!(
        "each timed run follows an untimed warm-up over its first {} documents",
        docs.len().min(WARM_UP_DOCS)
    );
    for (label, n) in [("1 thread", 1usize), ("all cores", threads)] {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(n).build()?;
        // Warm-up, untimed: the pool's threads fill their word caches and the allocator
        // maps the memory it will reuse; the timed run then shows the steady rate of a
        // long stream (a first pass also pays the kernel's zeroing of fresh pages).
        let warm = &docs[..docs.len().min(WARM_UP_DOCS)];
        pool.install(|| code_all(warm));
        let cpu0 = cpu_seconds();
        let t = Instant::now();
        let events = pool.install(|| code_all(&docs));
        let secs = t.elapsed().as_secs_f64();
        // CPU time shows the per-core rate even when other programs share the machine.
        let cpu = match (cpu0, cpu_seconds()) {
            (Some(a), Some(b)) if b > a => format!(
                "; {:.0} sentences per CPU-second ({:.2} CPU-s)",
                n_sent as f64 / (b - a),
                b - a
            ),
            _ => String::new(),
        };
        println!(
            "{label} ({n}): {:.0} sentences/s, {:.2} MB/s, {:.0} documents/s, {:.0} events/s ({events} events in {secs:.2} s{cpu})",
            n_sent as f64 / secs,
            bytes as f64 / 1e6 / secs,
            docs.len() as f64 / secs,
            events as f64 / secs
        );
    }
    // Stage by stage, one thread.
    let mut times = parley_code::StageTimes::default();
    let mut output = std::time::Duration::ZERO;
    for d in &docs {
        if let Ok(e) = coder.code_timed(d, &mut times) {
            let t = Instant::now();
            emit(&e);
            output += t.elapsed();
        }
    }
    let mut stages = times.stages().to_vec();
    stages.push(("output (JSON lines)", output));
    let total: f64 = stages.iter().map(|(_, d)| d.as_secs_f64()).sum();
    println!("per stage (1 thread, clock read between stages):");
    for (name, d) in stages {
        let secs = d.as_secs_f64();
        println!(
            "  {name:<44} {:>8.1} ms {:>5.1}%  {:>10.0} sentences/s",
            secs * 1e3,
            100.0 * secs / total.max(1e-9),
            n_sent as f64 / secs.max(1e-9)
        );
    }
    println!(
        "peak RSS: {}",
        peak_rss().unwrap_or_else(|| "unknown (no /proc/self/status)".into())
    );
    Ok(0)
}

/// Serializes records as `parley code` does (one JSON line each); returns how many.
fn emit(records: &[parley_model::EventRecord]) -> usize {
    let mut buf = Vec::with_capacity(1024);
    let mut n = 0;
    for r in records {
        buf.clear();
        r.write_json(&mut buf);
        buf.push(b'\n');
        n += 1;
    }
    std::hint::black_box(&buf);
    n
}

/// User plus system CPU time of this process so far (Linux `/proc`, 10 ms ticks).
fn cpu_seconds() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/stat").ok()?;
    // fields after the command name, which is in parentheses and may hold spaces
    let rest = s.get(s.rfind(')')? + 2..)?;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = f.get(11)?.parse().ok()?;
    let stime: f64 = f.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

fn peak_rss() -> Option<String> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(format!("{:.1} MB", kb / 1024.0))
}
