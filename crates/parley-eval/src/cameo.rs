//! The CAMEO→PLOVER event-code table, embedded in parley (`data/cameo2plover.tsv`).
//!
//! Used to read CAMEO-coded gold (PETRARCH validation records, TSV) as PLOVER gold. It
//! only maps event codes; actor codes are handled in `codes`, and parley's own `cameo`
//! output field is the coder's business, not this module's.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The embedded table (derived from the PLOVER project's table, CC BY-SA 4.0).
pub const TABLE_TSV: &str = include_str!("../data/cameo2plover.tsv");

/// One row of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CameoMapping {
    pub cameo: String,
    /// PLOVER event type (upper case).
    pub plover: String,
    /// PLOVER mode, when the table gives one.
    pub mode: Option<String>,
    pub context: Vec<String>,
    pub description: String,
}

/// Parses a table in the embedded file's format: `#` comments, a header line starting with
/// `cameo`, then `cameo<TAB>plover<TAB>mode<TAB>context<TAB>description` rows. The first row for
/// a code wins. Returns the 1-based line number and a message for a malformed row.
pub fn parse_table(text: &str) -> Result<Vec<CameoMapping>, (usize, String)> {
    let mut out: Vec<CameoMapping> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        if line.trim().is_empty() || line.starts_with('#') || line.starts_with("cameo\t") {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 2 {
            return Err((
                line_no,
                format!("expected at least 2 tab-separated columns: {line:?}"),
            ));
        }
        let cameo = cols[0].trim();
        if cameo.is_empty() || !cameo.chars().all(|c| c.is_ascii_digit()) {
            return Err((line_no, format!("CAMEO code must be digits: {cameo:?}")));
        }
        let plover = cols[1].trim().to_ascii_uppercase();
        if !parley_model::PLOVER_TYPES.contains(&plover.as_str()) {
            return Err((line_no, format!("unknown PLOVER type {plover:?}")));
        }
        let col = |k: usize| cols.get(k).map(|s| s.trim()).unwrap_or("");
        let mode = Some(col(2)).filter(|m| !m.is_empty()).map(str::to_string);
        let context = col(3)
            .split(',')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_string)
            .collect();
        if seen.insert(cameo.to_string()) {
            out.push(CameoMapping {
                cameo: cameo.to_string(),
                plover,
                mode,
                context,
                description: col(4).to_string(),
            });
        }
    }
    Ok(out)
}

fn table() -> &'static HashMap<String, CameoMapping> {
    static TABLE: OnceLock<HashMap<String, CameoMapping>> = OnceLock::new();
    TABLE.get_or_init(|| {
        // The embedded file is checked by a unit test; a malformed build would fail it.
        parse_table(TABLE_TSV)
            .unwrap_or_default()
            .into_iter()
            .map(|m| (m.cameo.clone(), m))
            .collect()
    })
}

/// The mapping for a CAMEO event code, by longest prefix (`0432` → `043`). `None` when no prefix
/// is in the table: CAMEO 01 (statements) and 02 (appeals) have no PLOVER type.
pub fn lookup(code: &str) -> Option<&'static CameoMapping> {
    let code = code.trim();
    if code.is_empty() || !code.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let t = table();
    (2..=code.len()).rev().find_map(|n| t.get(&code[..n]))
}

/// Number of rows in the embedded table.
pub fn table_len() -> usize {
    table().len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn embedded_table_parses() {
        let rows = parse_table(TABLE_TSV).expect("embedded table is well formed");
        assert!(rows.len() > 250, "{}", rows.len());
        assert_eq!(table_len(), rows.len());
    }

    #[test]
    fn longest_prefix_lookup() {
        let m = lookup("0871").expect("0871");
        assert_eq!(
            (m.plover.as_str(), m.mode.as_deref()),
            ("RETREAT", Some("ceasefire"))
        );
        assert_eq!(lookup("0449").map(|m| m.cameo.as_str()), Some("044"));
        assert_eq!(lookup("163").map(|m| m.plover.as_str()), Some("COERCE"));
        assert_eq!(lookup("08").map(|m| m.plover.as_str()), Some("CONCEDE"));
        assert_eq!(
            lookup("1121").map(|m| m.context.clone()),
            Some(vec!["crime".into(), "corruption".into()])
        );
        assert!(lookup("010").is_none());
        assert!(lookup("02").is_none());
        assert!(lookup("x12").is_none());
    }

    /// Reads the PLOVER project's original table the way `data/cameo2plover.tsv` was derived
    /// from it: `CODE: TYPE, mode, context # description`, `;` between contexts, first entry wins.
    fn parse_original(text: &str) -> Vec<(String, String, String, Vec<String>)> {
        let mut out: Vec<(String, String, String, Vec<String>)> = Vec::new();
        for line in text.lines() {
            let Some((code, rest)) = line.split_once(':') else {
                continue;
            };
            let code = code.trim();
            if !(2..=4).contains(&code.len()) || !code.chars().all(|c| c.is_ascii_digit()) {
                continue;
            }
            if out.iter().any(|r| r.0 == code) {
                continue;
            }
            let body = rest.split('#').next().unwrap_or("");
            let mut parts = body.split(',').map(str::trim);
            let plover = parts.next().unwrap_or("").to_string();
            let mode = parts.next().unwrap_or("").to_string();
            let ctx = parts
                .next()
                .unwrap_or("")
                .split(';')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_string)
                .collect();
            out.push((code.to_string(), plover, mode, ctx));
        }
        out
    }

    #[test]
    fn embedded_table_agrees_with_shared_original_when_present() {
        let shared = std::env::var_os("PARLEY_SHARED")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
        let path = shared.join("eval/CAMEO2PLOVER-2021.txt");
        let Ok(text) = std::fs::read_to_string(&path) else {
            eprintln!("skipped: {} not found (set PARLEY_SHARED)", path.display());
            return;
        };
        let original = parse_original(&text);
        let ours = parse_table(TABLE_TSV).expect("embedded table is well formed");
        assert_eq!(
            original.len(),
            ours.len(),
            "row count differs from {}",
            path.display()
        );
        for ((code, plover, mode, ctx), m) in original.iter().zip(&ours) {
            assert_eq!(code, &m.cameo);
            assert_eq!(plover, &m.plover, "{code}");
            assert_eq!(mode.as_str(), m.mode.as_deref().unwrap_or(""), "{code}");
            assert_eq!(ctx, &m.context, "{code}");
        }
    }
}
