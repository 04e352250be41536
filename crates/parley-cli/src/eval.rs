//! `parley eval`: scores coding quality against gold standards and guards the baseline.
//!
//! Command-line plumbing only: reads arguments, codes the gold texts (in parallel) or reads a
//! given events file, and hands everything to `parley_eval` for matching, figures and
//! rendering. No scoring rule lives here.

use std::path::PathBuf;

use anyhow::Context as _;
use parley_eval::{Baseline, GoldFormat, GoldSuite, RenderOptions};
use parley_model::EventRecord;
use rayon::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Show {
    /// Misses, near misses and false positives with their sentences.
    Errors,
}

#[derive(clap::Args)]
pub struct Args {
    /// Gold files: a gold document (*.gold.json, its text beside it), a suite (*.jsonl),
    /// PETRARCH validation records (*.xml) or CAMEO rows (*.tsv: id, text, source, cameo, target).
    #[arg(required = true, value_name = "GOLD")]
    pub gold: Vec<PathBuf>,
    /// Score these coded events (JSONL, as `parley code` writes) instead of coding the texts.
    #[arg(long, value_name = "FILE.jsonl")]
    pub events: Option<PathBuf>,
    /// Output: a text report, or JSON for machines.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
    /// Also list the errors (misses and false positives with their sentences).
    #[arg(long, value_enum, value_name = "WHAT")]
    pub show: Vec<Show>,
    /// Fail (exit 1) when the F1 of a suite is below this baseline file's figure minus 0.0001.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Write the current figures as a baseline file.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Read every GOLD file in this format instead of choosing by extension:
    /// gold-json, suite, petrarch-xml or tsv.
    #[arg(long, value_name = "FORMAT", value_parser = |s: &str| s.parse::<GoldFormat>())]
    pub gold_format: Option<GoldFormat>,
}

/// Codes every gold document with parley's coder, documents in parallel.
fn code_gold(suites: &[GoldSuite]) -> anyhow::Result<Vec<EventRecord>> {
    let coder = parley_code::Coder::with_defaults().context("cannot load the coder's lexicons")?;
    let docs: Vec<_> = suites
        .iter()
        .flat_map(|s| s.docs.iter().map(move |d| d.to_document(&s.path)))
        .collect();
    let results: Vec<_> = docs
        .par_iter()
        .map(|doc| {
            coder.code(doc).map(|mut events| {
                // The events belong to the document we gave, whatever the coder wrote.
                for e in &mut events {
                    e.doc_id.clone_from(&doc.id);
                }
                events
            })
        })
        .collect();
    let mut out = Vec::new();
    let mut failed = 0usize;
    for r in results {
        match r {
            Ok(events) => out.extend(events),
            Err(e) => {
                failed += 1;
                eprintln!("parley eval: warning: not coded: {e}");
            }
        }
    }
    if failed > 0 {
        eprintln!(
            "parley eval: warning: {failed} of {} documents could not be coded (scored as coding nothing)",
            docs.len()
        );
    }
    Ok(out)
}

pub fn run(args: Args) -> anyhow::Result<i32> {
    let mut suites = Vec::with_capacity(args.gold.len());
    for path in &args.gold {
        let suite = parley_eval::load_gold(path, args.gold_format)
            .with_context(|| format!("cannot read gold file {}", path.display()))?;
        suites.push(suite);
    }

    let coded = match &args.events {
        Some(path) => parley_eval::read_events_jsonl(path)
            .with_context(|| format!("cannot read coded events {}", path.display()))?,
        None => code_gold(&suites)?,
    };

    let report = parley_eval::evaluate(&suites, &coded);
    let opts = RenderOptions {
        show_errors: args.show.contains(&Show::Errors),
    };
    match args.format {
        OutputFormat::Text => print!("{}", parley_eval::render::to_text(&report, opts)),
        OutputFormat::Json => println!("{}", parley_eval::render::to_json(&report, opts)),
    }

    if let Some(path) = &args.write_baseline {
        let note = "F1 per gold suite that `parley eval --baseline` (and the quality_guard test) \
                    must not fall below (tolerance 0.0001). Written by `parley eval --write-baseline`; \
                    raise it when coding improves.";
        Baseline::from_report(&report, note)
            .save(path)
            .with_context(|| format!("cannot write baseline {}", path.display()))?;
        eprintln!("parley eval: baseline written to {}", path.display());
    }

    if let Some(path) = &args.baseline {
        let baseline = Baseline::load(path)
            .with_context(|| format!("cannot read baseline {}", path.display()))?;
        let check = baseline.check(&report);
        for name in &check.unlisted {
            eprintln!(
                "parley eval: note: {name} has no figure in {}",
                path.display()
            );
        }
        if !check.regressions.is_empty() {
            for r in &check.regressions {
                eprintln!(
                    "parley eval: REGRESSION: {}: F1 {:.4} is below the baseline {:.4} (tolerance {})",
                    r.suite,
                    r.f1,
                    r.baseline_f1,
                    parley_eval::baseline::TOLERANCE
                );
            }
            return Ok(1);
        }
        eprintln!(
            "parley eval: no suite below the baseline in {}",
            path.display()
        );
    }
    Ok(0)
}
