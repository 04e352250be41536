//! Reads news sources into parley [`Document`]s: plain text, JSONL, HTML pages,
//! RSS/Atom feeds and WARC archives, each optionally gzip-compressed, from files,
//! directories or standard input.
//!
//! Everything is streamed: [`read_path`], [`read_stdin`] and [`read_reader`] return
//! iterators that yield one `Result<Document, ReadError>` at a time. A bad document
//! (malformed JSON line, binary file, feed that does not parse…) becomes one
//! `Err(ReadError)` naming the input and, where it applies, the line or record; the
//! iterator then goes on with the rest. Very large texts are split into parts of at
//! most [`ReadOptions::max_doc_bytes`] (ids `<id>#1`, `<id>#2`, …), so memory stays
//! bounded whatever the input.
//!
//! This crate is not for fetching from the network, detecting language or
//! splitting sentences: it only turns bytes into documents.
//!
//! ```no_run
//! use parley_ingest::{read_path, ReadOptions};
//! for item in read_path("news/".as_ref(), &ReadOptions::default()) {
//!     match item {
//!         Ok(doc) => println!("{}: {} bytes", doc.id, doc.text.len()),
//!         Err(e) => eprintln!("{e}"),
//!     }
//! }
//! ```

mod decode;
mod feed;
mod html;
mod jsonl;
mod split;
mod text;
mod walk;
mod warc;

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

pub use parley_model::Document;
pub use split::{split_document, Parts};

/// Iterator over the documents (or errors) of an input.
pub type DocIter = Box<dyn Iterator<Item = Result<Document, ReadError>> + Send>;

/// Input format. `Auto` decides from the file extension and the first bytes
/// (see [`detect_format`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputFormat {
    #[default]
    Auto,
    /// Plain text, one paragraph per line or blank-line separated; one document per input.
    Text,
    /// One JSON document per line: `{"id", "text", "published"?, "lang"?, "title"?, "url"?}`.
    Jsonl,
    /// One HTML page; the main article text is extracted.
    Html,
    /// RSS 0.9x/1.0/2.0 or Atom feed; one document per item.
    Feed,
    /// WARC archive; one document per HTML response record.
    Warc,
}

impl std::str::FromStr for InputFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "auto" => Ok(Self::Auto),
            "text" | "txt" => Ok(Self::Text),
            "jsonl" | "ndjson" => Ok(Self::Jsonl),
            "html" | "htm" => Ok(Self::Html),
            "feed" | "rss" | "atom" => Ok(Self::Feed),
            "warc" => Ok(Self::Warc),
            other => Err(format!(
                "unknown input format {other:?} (expected auto, text, jsonl, html, feed or warc)"
            )),
        }
    }
}

/// How to read an input.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Format to assume; `Auto` detects it per file.
    pub format: InputFormat,
    /// Publication date (`YYYY-MM-DD`) for documents whose source does not carry one.
    pub published: Option<String>,
    /// Language (ISO 639-1) for documents whose source does not state one.
    pub lang: Option<String>,
    /// Document id for a single text input (file or stdin). Ignored for directories
    /// and for formats whose records carry their own ids.
    pub doc_id: Option<String>,
    /// A document text longer than this is split into parts `<id>#1`, `<id>#2`, …
    /// (default 4 MiB).
    pub max_doc_bytes: usize,
    /// A JSONL line (or WARC header line) longer than this is reported and skipped
    /// without being held in memory (default 64 MiB).
    pub max_line_bytes: usize,
    /// Largest HTML page, feed file or WARC record read into memory (default 64 MiB).
    pub max_markup_bytes: usize,
}

impl Default for ReadOptions {
    fn default() -> Self {
        Self {
            format: InputFormat::Auto,
            published: None,
            lang: None,
            doc_id: None,
            max_doc_bytes: 4 << 20,
            max_line_bytes: 64 << 20,
            max_markup_bytes: 64 << 20,
        }
    }
}

/// What went wrong with one input or document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The file could not be opened or read.
    Io,
    /// The input looks binary (NUL bytes or mostly control characters); skipped.
    Binary,
    /// The input is empty.
    Empty,
    /// Invalid UTF-8: the document *was* still produced, with U+FFFD replacements.
    /// This is a warning, see [`ReadError::is_warning`].
    InvalidUtf8,
    /// A line, page or record exceeds the configured limit; skipped.
    TooLarge,
    /// A JSONL line is not a valid document.
    Json,
    /// An HTML page could not be used.
    Html,
    /// A feed is malformed.
    Feed,
    /// A WARC archive is malformed.
    Warc,
    /// No text could be extracted.
    NoText,
}

/// An error reading one input or one document of it. `Display` names the input
/// (`path`, `path:line`, `path#item-n`, `path#record-n`).
#[derive(Debug, Clone, thiserror::Error)]
#[error("{input}: {message}")]
pub struct ReadError {
    /// The input: path, `path:line`, `path#item-n` or `path#record-n`.
    pub input: String,
    pub kind: ErrorKind,
    pub message: String,
}

impl ReadError {
    pub fn new(input: impl Into<String>, kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            input: input.into(),
            kind,
            message: message.into(),
        }
    }
    pub(crate) fn io(input: impl Into<String>, e: &io::Error) -> Self {
        Self::new(input, ErrorKind::Io, format!("read error: {e}"))
    }
    /// True when the document was produced anyway (lossy UTF-8 decoding): report
    /// it, but do not count the document as lost.
    pub fn is_warning(&self) -> bool {
        self.kind == ErrorKind::InvalidUtf8
    }
}

/// Reads a file or, recursively, a directory (entries sorted by name, hidden
/// files and directories skipped, symlinked directories not followed).
/// `.gz` files are decompressed (multi-member gzip).
pub fn read_path(path: &Path, opts: &ReadOptions) -> DocIter {
    if path.is_dir() {
        let mut child = opts.clone();
        child.doc_id = None;
        Box::new(walk::DirDocs::new(path, child))
    } else {
        read_file(path, opts)
    }
}

/// Reads standard input (format from `opts.format`, or detected from the first bytes).
/// Text read this way gets the id `stdin` unless `opts.doc_id` is set.
pub fn read_stdin(opts: &ReadOptions) -> DocIter {
    let reader = BufReader::with_capacity(1 << 16, io::stdin());
    read_reader("stdin", reader, opts.format, opts)
}

/// Reads one file (not a directory).
pub(crate) fn read_file(path: &Path, opts: &ReadOptions) -> DocIter {
    let name = path.display().to_string();
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) => {
            return one_err(ReadError::new(
                name,
                ErrorKind::Io,
                format!("cannot open: {e}"),
            ))
        }
    };
    let mut reader: Box<dyn BufRead + Send> = Box::new(BufReader::with_capacity(1 << 16, file));
    let gz = match reader.fill_buf() {
        Ok(b) => b.starts_with(&[0x1f, 0x8b]),
        Err(e) => return one_err(ReadError::io(name, &e)),
    };
    if gz {
        reader = Box::new(BufReader::with_capacity(
            1 << 16,
            flate2::bufread::MultiGzDecoder::new(reader),
        ));
    }
    let format = match opts.format {
        InputFormat::Auto => match reader.fill_buf() {
            Ok(b) => detect_format(path, b),
            Err(e) => return one_err(ReadError::io(name, &e)),
        },
        f => f,
    };
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| name.clone());
    dispatch(&name, &file_name, reader, format, opts)
}

/// Reads any buffered reader. `name` names the input in errors and `source`, and is
/// the text document id unless `opts.doc_id` is set. Gzip input is detected and
/// decompressed; `InputFormat::Auto` sniffs the first bytes.
pub fn read_reader<R: BufRead + Send + 'static>(
    name: &str,
    reader: R,
    format: InputFormat,
    opts: &ReadOptions,
) -> DocIter {
    let mut reader: Box<dyn BufRead + Send> = Box::new(reader);
    let gz = match reader.fill_buf() {
        Ok(b) => b.starts_with(&[0x1f, 0x8b]),
        Err(e) => return one_err(ReadError::io(name, &e)),
    };
    if gz {
        reader = Box::new(BufReader::with_capacity(
            1 << 16,
            flate2::bufread::MultiGzDecoder::new(reader),
        ));
    }
    let format = match format {
        InputFormat::Auto => match reader.fill_buf() {
            Ok(b) => detect_format(Path::new(name), b),
            Err(e) => return one_err(ReadError::io(name, &e)),
        },
        f => f,
    };
    dispatch(name, name, reader, format, opts)
}

fn dispatch(
    name: &str,
    default_id: &str,
    reader: Box<dyn BufRead + Send>,
    format: InputFormat,
    opts: &ReadOptions,
) -> DocIter {
    match format {
        InputFormat::Jsonl => Box::new(jsonl::JsonlDocs::new(name, reader, opts)),
        InputFormat::Warc => Box::new(warc::WarcDocs::new(name, reader, opts)),
        InputFormat::Html | InputFormat::Feed => {
            let bytes = match read_bounded(name, reader, opts.max_markup_bytes) {
                Ok(b) => b,
                Err(e) => return one_err(e),
            };
            if format == InputFormat::Html {
                let fallback = html::Fallback {
                    id: name.to_string(),
                    url: None,
                    published: None,
                };
                let items: Vec<Result<Document, ReadError>> =
                    match html::html_document(name, &bytes, None, &fallback, opts) {
                        Ok((doc, warning)) => warning
                            .map(Err)
                            .into_iter()
                            .chain(split_document(doc, opts.max_doc_bytes).into_iter().map(Ok))
                            .collect(),
                        Err(e) => vec![Err(e)],
                    };
                Box::new(items.into_iter())
            } else {
                Box::new(feed::feed_documents(name, &bytes, opts).into_iter())
            }
        }
        InputFormat::Text | InputFormat::Auto => {
            let id = opts
                .doc_id
                .clone()
                .unwrap_or_else(|| default_id.to_string());
            Box::new(text::TextDocs::new(name, id, reader, opts))
        }
    }
}

/// Reads a whole (small) input into memory, refusing more than `max` bytes.
fn read_bounded(
    name: &str,
    reader: Box<dyn BufRead + Send>,
    max: usize,
) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::new();
    reader
        .take(max as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ReadError::io(name, &e))?;
    if bytes.len() > max {
        return Err(ReadError::new(
            name,
            ErrorKind::TooLarge,
            format!("larger than {} bytes, skipped", max),
        ));
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ReadError::new(name, ErrorKind::Empty, "empty input"));
    }
    if decode::looks_binary(&bytes) {
        return Err(ReadError::new(
            name,
            ErrorKind::Binary,
            "binary data, not text; skipped",
        ));
    }
    Ok(bytes)
}

fn one_err(e: ReadError) -> DocIter {
    Box::new(std::iter::once(Err(e)))
}

/// Decides the format of an input from its extension (`.gz` is looked through)
/// and, when the extension does not tell, from its first bytes (decompressed).
pub fn detect_format(path: &Path, first_bytes: &[u8]) -> InputFormat {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    match ext {
        "txt" | "text" => return InputFormat::Text,
        "jsonl" | "ndjson" => return InputFormat::Jsonl,
        "html" | "htm" | "xhtml" | "shtml" => return InputFormat::Html,
        "rss" | "atom" => return InputFormat::Feed,
        "warc" | "arc" => return InputFormat::Warc,
        _ => {}
    }
    let head = &first_bytes[..first_bytes.len().min(4096)];
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    if head.starts_with(b"WARC/") {
        return InputFormat::Warc;
    }
    let trimmed: &[u8] = {
        let start = head
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .unwrap_or(head.len());
        &head[start..]
    };
    if trimmed.starts_with(b"{") {
        return InputFormat::Jsonl;
    }
    if trimmed.starts_with(b"<") {
        let lower = String::from_utf8_lossy(trimmed).to_ascii_lowercase();
        if lower.contains("<rss") || lower.contains("<feed") || lower.contains("<rdf:rdf") {
            return InputFormat::Feed;
        }
        if lower.contains("<html")
            || lower.contains("<!doctype html")
            || lower.contains("<head")
            || lower.contains("<body")
        {
            return InputFormat::Html;
        }
        if ext == "xml" {
            return InputFormat::Feed;
        }
    }
    InputFormat::Text
}

/// Normalises a date to `YYYY-MM-DD`: RFC 3339 / ISO 8601 (date part as written,
/// in the source's own offset), RFC 2822, `YYYY-MM-DD…`, `YYYY/MM/DD`, `YYYYMMDD`.
/// Returns `None` when nothing parses.
pub fn normalize_date(s: &str) -> Option<String> {
    use chrono::{DateTime, NaiveDate};
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d.date_naive().format("%Y-%m-%d").to_string());
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(s) {
        return Some(d.date_naive().format("%Y-%m-%d").to_string());
    }
    let head: String = s.chars().take(10).collect();
    for fmt in ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d"] {
        if let Ok(d) = NaiveDate::parse_from_str(&head, fmt) {
            return Some(d.format("%Y-%m-%d").to_string());
        }
    }
    if s.len() >= 8 && s.as_bytes()[..8].iter().all(u8::is_ascii_digit) {
        if let Ok(d) = NaiveDate::parse_from_str(&s[..8], "%Y%m%d") {
            return Some(d.format("%Y-%m-%d").to_string());
        }
    }
    // RFC 2822 with a day name or zone chrono refuses: try without the weekday.
    if let Some((_, rest)) = s.split_once(", ") {
        if let Ok(d) = DateTime::parse_from_rfc2822(rest) {
            return Some(d.date_naive().format("%Y-%m-%d").to_string());
        }
        let fields: Vec<&str> = rest.split_whitespace().take(3).collect();
        if fields.len() == 3 {
            if let Ok(d) = NaiveDate::parse_from_str(&fields.join(" "), "%d %b %Y") {
                return Some(d.format("%Y-%m-%d").to_string());
            }
        }
    }
    None
}

/// Normalises a language tag (`it-IT`, `en_GB`, `IT`) to its lower-case primary
/// subtag (`it`); `None` for empty or non-alphabetic tags.
pub fn normalize_lang(s: &str) -> Option<String> {
    let primary = s
        .trim()
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    if (2..=3).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_alphabetic()) {
        Some(primary)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_normalise() {
        assert_eq!(
            normalize_date("2024-03-15T08:30:00+01:00").as_deref(),
            Some("2024-03-15")
        );
        assert_eq!(
            normalize_date("Fri, 15 Mar 2024 08:30:00 GMT").as_deref(),
            Some("2024-03-15")
        );
        assert_eq!(
            normalize_date("Fri, 15 Mar 2024 08:30:00 +0100").as_deref(),
            Some("2024-03-15")
        );
        assert_eq!(normalize_date("2024-03-15").as_deref(), Some("2024-03-15"));
        assert_eq!(normalize_date("20240315").as_deref(), Some("2024-03-15"));
        assert_eq!(normalize_date("yesterday"), None);
    }

    #[test]
    fn formats_detected() {
        assert_eq!(
            detect_format(Path::new("a.jsonl.gz"), b""),
            InputFormat::Jsonl
        );
        assert_eq!(
            detect_format(Path::new("a.warc.gz"), b""),
            InputFormat::Warc
        );
        assert_eq!(
            detect_format(Path::new("a"), b"WARC/1.1\r\n"),
            InputFormat::Warc
        );
        assert_eq!(
            detect_format(Path::new("a.xml"), b"<?xml version='1.0'?><rss>"),
            InputFormat::Feed
        );
        assert_eq!(
            detect_format(Path::new("a"), b"<!DOCTYPE html><html>"),
            InputFormat::Html
        );
        assert_eq!(
            detect_format(Path::new("a"), b"{\"id\":1}"),
            InputFormat::Jsonl
        );
        assert_eq!(
            detect_format(Path::new("a"), b"Roma, 3 marzo"),
            InputFormat::Text
        );
    }

    #[test]
    fn langs_normalise() {
        assert_eq!(normalize_lang("it-IT").as_deref(), Some("it"));
        assert_eq!(normalize_lang("en_GB").as_deref(), Some("en"));
        assert_eq!(normalize_lang(""), None);
    }
}
