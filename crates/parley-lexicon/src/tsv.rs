//! Reading parley's TSV data files: header check, comments, `|` lists, and errors that
//! name the file and line. Knows nothing about what the columns mean.

use crate::LoadError;

/// One data row: its 1-based line number and its cells by header position.
pub struct Row<'a> {
    pub file: &'a str,
    pub line: usize,
    cells: Vec<&'a str>,
}

impl<'a> Row<'a> {
    /// The cell of column `i` (trimmed); empty when the row is short.
    pub fn get(&self, i: usize) -> &'a str {
        self.cells.get(i).map(|s| s.trim()).unwrap_or("")
    }
    /// A required cell.
    pub fn req(&self, i: usize, name: &str) -> Result<&'a str, LoadError> {
        let v = self.get(i);
        if v.is_empty() {
            return Err(self.err(format!("column '{name}' is empty")));
        }
        Ok(v)
    }
    /// A `|`-separated list cell, empty items dropped.
    pub fn list(&self, i: usize) -> Vec<&'a str> {
        split_list(self.get(i))
    }
    pub fn err(&self, message: impl Into<String>) -> LoadError {
        LoadError::Invalid {
            file: self.file.to_string(),
            line: self.line,
            message: message.into(),
        }
    }
    /// A number cell.
    pub fn f64(&self, i: usize, name: &str) -> Result<Option<f64>, LoadError> {
        let v = self.get(i);
        if v.is_empty() {
            return Ok(None);
        }
        v.parse::<f64>()
            .map(Some)
            .map_err(|_| self.err(format!("column '{name}': '{v}' is not a number")))
    }
}

pub fn split_list(cell: &str) -> Vec<&str> {
    cell.split('|')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

/// Parses `content` of `file`, checking the header equals `columns`.
pub fn parse<'a>(
    file: &'a str,
    content: &'a str,
    columns: &[&str],
) -> Result<Vec<Row<'a>>, LoadError> {
    let mut rows = Vec::new();
    let mut header_seen = false;
    for (n, raw) in content.lines().enumerate() {
        let line = n + 1;
        let text = raw.trim_end_matches('\r');
        if text.trim().is_empty() || text.trim_start().starts_with('#') {
            continue;
        }
        let cells: Vec<&str> = text.split('\t').collect();
        if !header_seen {
            let got: Vec<&str> = cells.iter().map(|c| c.trim()).collect();
            if got != columns {
                return Err(LoadError::Invalid {
                    file: file.to_string(),
                    line,
                    message: format!(
                        "header is '{}', expected '{}'",
                        got.join("\\t"),
                        columns.join("\\t")
                    ),
                });
            }
            header_seen = true;
            continue;
        }
        if cells.len() > columns.len()
            && cells[columns.len()..].iter().any(|c| !c.trim().is_empty())
        {
            return Err(LoadError::Invalid {
                file: file.to_string(),
                line,
                message: format!(
                    "{} columns, expected at most {} (is a TAB inside a cell?)",
                    cells.len(),
                    columns.len()
                ),
            });
        }
        rows.push(Row { file, line, cells });
    }
    if !header_seen && !content.trim().is_empty() {
        return Err(LoadError::Invalid {
            file: file.to_string(),
            line: 1,
            message: "no header line".into(),
        });
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rows_and_reports_bad_header_and_width() {
        let ok = "# c\na\tb\n\nx\ty|z\n";
        let rows = parse("f.tsv", ok, &["a", "b"]).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].line, 4);
        assert_eq!(rows[0].list(1), ["y", "z"]);
        let e = parse("f.tsv", "a\tc\n", &["a", "b"])
            .err()
            .unwrap()
            .to_string();
        assert!(e.starts_with("f.tsv:1:"), "{e}");
        let e = parse("f.tsv", "a\tb\n1\t2\t3\n", &["a", "b"])
            .err()
            .unwrap()
            .to_string();
        assert!(e.starts_with("f.tsv:2:"), "{e}");
    }
}
