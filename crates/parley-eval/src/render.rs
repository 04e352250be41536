//! Turns a [`Report`] into what people and machines read: an aligned text report and JSON.
//! No scoring happens here.

use std::fmt::Write as _;

use crate::metrics::{ErrorItem, ErrorKind, Ratio, Report, Scores, NONE};

/// What to include when rendering.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RenderOptions {
    /// List misses, near misses and false positives with their sentences.
    pub show_errors: bool,
}

/// The report as pretty JSON. Error listings are included only with `show_errors`.
pub fn to_json(report: &Report, opts: RenderOptions) -> String {
    let mut r = report.clone();
    if !opts.show_errors {
        for s in &mut r.suites {
            s.errors.clear();
        }
    }
    // Serializing plain data with string keys cannot fail; fall back to an empty object.
    serde_json::to_string_pretty(&r).unwrap_or_else(|_| "{}".to_string())
}

fn pct(x: f64) -> String {
    format!("{x:.3}")
}

fn ratio(r: &Ratio) -> String {
    match r.share {
        Some(s) => format!("{:.3} ({}/{})", s, r.agreed, r.scored),
        None => "n/a (0 scored)".to_string(),
    }
}

fn short(t: &str) -> String {
    if t == NONE {
        "none".to_string()
    } else {
        t.chars().take(4).collect()
    }
}

fn scores_text(out: &mut String, s: &Scores) {
    let c = &s.counts;
    let _ = writeln!(
        out,
        "documents {}   gold events {} required + {} optional   coded events {}",
        c.documents, c.gold_required, c.gold_optional, c.coded
    );
    let _ =
        writeln!(
        out,
        "matched {} ({} required, {} optional)   duplicates {}   false positives {}   misses {}",
        c.matched, c.matched_required, c.matched_optional, c.duplicates, c.false_positives, c.misses
    );
    let _ = writeln!(
        out,
        "precision {}   recall {}   F1 {}",
        pct(s.precision),
        pct(s.recall),
        pct(s.f1)
    );

    if !s.per_type.is_empty() {
        let _ = writeln!(
            out,
            "\nper type     gold  found  coded  right      P      R     F1"
        );
        for t in &s.per_type {
            let _ = writeln!(
                out,
                "  {:<10} {:>4}  {:>5}  {:>5}  {:>5}  {:>5}  {:>5}  {:>5}",
                t.event_type,
                t.gold_required,
                t.gold_matched,
                t.coded,
                t.coded_matched,
                pct(t.precision),
                pct(t.recall),
                pct(t.f1)
            );
        }
    }

    if !s.confusion.is_empty() {
        let mut rows: Vec<&str> = s.confusion.iter().map(|c| c.gold.as_str()).collect();
        let mut cols: Vec<&str> = s.confusion.iter().map(|c| c.coded.as_str()).collect();
        for v in [&mut rows, &mut cols] {
            v.sort_by_key(|t| (*t == NONE, *t));
            v.dedup();
        }
        let _ = writeln!(
            out,
            "\nconfusion (rows: gold type, columns: coded type; none: no event)"
        );
        let _ = write!(out, "  {:<10}", "gold\\coded");
        for c in &cols {
            let _ = write!(out, " {:>5}", short(c));
        }
        let _ = writeln!(out);
        for r in &rows {
            let label = if *r == NONE { "none" } else { r };
            let _ = write!(out, "  {label:<10}");
            for c in &cols {
                let n = s
                    .confusion
                    .iter()
                    .find(|x| x.gold == *r && x.coded == *c)
                    .map(|x| x.count)
                    .unwrap_or(0);
                let cell = if n == 0 {
                    ".".to_string()
                } else {
                    n.to_string()
                };
                let _ = write!(out, " {cell:>5}");
            }
            let _ = writeln!(out);
        }
    }

    let a = &s.agreement;
    let _ = writeln!(out, "\nagreement among matched events");
    let _ = writeln!(out, "  modality    {}", ratio(&a.modality));
    let _ = writeln!(out, "  date        {}", ratio(&a.date));
    let _ = writeln!(out, "  place       {}", ratio(&a.place));
    let _ = writeln!(out, "  quantities  {}", ratio(&a.quantities));
}

fn clip(s: &str, max: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= max {
        s
    } else {
        let cut: String = s.chars().take(max).collect();
        format!("{cut}…")
    }
}

fn side(codes: &[String]) -> String {
    if codes.is_empty() {
        "*".to_string()
    } else {
        codes.join(",")
    }
}

fn error_text(out: &mut String, e: &ErrorItem) {
    let kind = match e.kind {
        ErrorKind::Miss => "MISS",
        ErrorKind::FalsePositive => "FALSE POSITIVE",
        ErrorKind::NearMiss => "NEAR MISS",
    };
    let _ = writeln!(out, "  {kind} [{}]", e.doc_id);
    if let Some(g) = &e.gold {
        let alt = if g.alt.is_empty() {
            String::new()
        } else {
            format!(" (alt {})", g.alt.join(","))
        };
        let arrow = if g.symmetric { "<->" } else { "->" };
        let modality = if g.modality.is_empty() {
            String::new()
        } else {
            format!(" [{}]", g.modality.join(","))
        };
        let _ = writeln!(
            out,
            "    gold  {} {}{alt} {} {arrow} {} {}{modality}",
            g.id,
            g.event_type,
            side(&g.sources),
            side(&g.targets),
            g.polarity.as_str()
        );
    }
    if let Some(c) = &e.coded {
        let _ = writeln!(
            out,
            "    coded {} {} {} -> {} {} (rule {})",
            c.id,
            c.event,
            side(&c.actors),
            side(&c.recipients),
            c.polarity.as_str(),
            if c.rule.is_empty() { "?" } else { &c.rule }
        );
    }
    if let Some(c) = e
        .coded
        .as_ref()
        .filter(|c| e.gold.is_some() && c.sentence != e.sentence)
    {
        let _ = writeln!(out, "    coded from \"{}\"", clip(&c.sentence, 300));
    }
    if !e.differs.is_empty() {
        let _ = writeln!(out, "    differs: {}", e.differs.join(", "));
    }
    let _ = writeln!(out, "    \"{}\"", clip(&e.sentence, 300));
}

/// The report as text: per suite, then overall when there are several suites.
pub fn to_text(report: &Report, opts: RenderOptions) -> String {
    let mut out = String::new();
    for s in &report.suites {
        let _ = writeln!(out, "== {} ({}) ==", s.name, s.path);
        for w in &s.warnings {
            let _ = writeln!(out, "warning: {w}");
        }
        scores_text(&mut out, &s.scores);
        if opts.show_errors {
            let _ = writeln!(out, "\nerrors ({})", s.errors.len());
            for e in &s.errors {
                error_text(&mut out, e);
            }
        }
        let _ = writeln!(out);
    }
    if report.suites.len() > 1 {
        let _ = writeln!(out, "== overall ({} gold files) ==", report.suites.len());
        scores_text(&mut out, &report.overall);
        let _ = writeln!(out);
    }
    if report.unscored_events > 0 {
        let _ = writeln!(
            out,
            "note: {} coded events belong to documents in no gold file and were not scored",
            report.unscored_events
        );
    }
    out
}
