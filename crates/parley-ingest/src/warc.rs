//! WARC archives (`.warc`, `.warc.gz` as gzip multi-member, decompressed by the
//! caller): a small streaming record reader — version line, headers,
//! `Content-Length` block — that turns HTML `response` records (HTTP envelope
//! parsed, chunked transfer and gzip/deflate content encoding undone) and HTML
//! `resource` records into documents. Id: WARC-Record-ID (else target URI); url:
//! WARC-Target-URI; date: the page's own, else WARC-Date.
//!
//! Other records (warcinfo, request, metadata, revisit, non-HTML or non-2xx
//! responses) are skipped silently. Not for writing WARCs or ARC (1.0) files.

use std::collections::{HashMap, VecDeque};
use std::io::{self, BufRead, Read};

use parley_model::Document;

use crate::html::{html_document, Fallback};
use crate::split::split_document;
use crate::text::read_segment;
use crate::{normalize_date, ErrorKind, ReadError, ReadOptions};

/// Longest header line accepted.
const HEADER_LINE: usize = 1 << 16;

pub(crate) struct WarcDocs {
    name: String,
    reader: Box<dyn BufRead + Send>,
    opts: ReadOptions,
    record_no: usize,
    queue: VecDeque<Result<Document, ReadError>>,
    done: bool,
    any_record: bool,
    buf: Vec<u8>,
}

enum Line {
    Eof,
    Text(String),
}

impl WarcDocs {
    pub(crate) fn new(name: &str, reader: Box<dyn BufRead + Send>, opts: &ReadOptions) -> Self {
        Self {
            name: name.to_string(),
            reader,
            opts: opts.clone(),
            record_no: 0,
            queue: VecDeque::new(),
            done: false,
            any_record: false,
            buf: Vec::new(),
        }
    }

    fn rec(&self) -> String {
        format!("{}#record-{}", self.name, self.record_no)
    }

    fn line(&mut self) -> io::Result<Line> {
        let mut buf = std::mem::take(&mut self.buf);
        let r = read_segment(&mut *self.reader, &mut buf, HEADER_LINE);
        let out = match r {
            Ok(None) => Ok(Line::Eof),
            Ok(Some(ended)) => {
                let s = String::from_utf8_lossy(&buf)
                    .trim_end_matches(['\r', '\n'])
                    .to_string();
                if !ended {
                    // Overlong header line: drop the rest of it.
                    while let Ok(Some(false)) =
                        read_segment(&mut *self.reader, &mut buf, HEADER_LINE)
                    {}
                }
                Ok(Line::Text(s))
            }
            Err(e) => Err(e),
        };
        self.buf = buf;
        out
    }

    fn fail(&mut self, input: String, kind: ErrorKind, msg: String) {
        self.queue.push_back(Err(ReadError::new(input, kind, msg)));
    }

    /// Reads one record; queues a document or an error, or nothing for skipped records.
    fn step(&mut self) {
        // Version line, skipping blank separators and resynchronising after garbage.
        let mut garbage = false;
        loop {
            match self.line() {
                Ok(Line::Eof) => {
                    self.done = true;
                    if !self.any_record {
                        let msg = if garbage {
                            "not a WARC file (no WARC/ version line)"
                        } else {
                            "empty input"
                        };
                        let kind = if garbage {
                            ErrorKind::Warc
                        } else {
                            ErrorKind::Empty
                        };
                        self.fail(self.name.clone(), kind, msg.into());
                    }
                    return;
                }
                Ok(Line::Text(l)) if l.starts_with("WARC/") => break,
                Ok(Line::Text(l)) if l.trim().is_empty() => continue,
                Ok(Line::Text(_)) => {
                    if !garbage && self.any_record {
                        let msg = "expected a WARC/ version line after the record; skipping to the next record";
                        self.fail(
                            format!("{}#record-{}", self.name, self.record_no + 1),
                            ErrorKind::Warc,
                            msg.into(),
                        );
                    }
                    garbage = true;
                }
                Err(e) => {
                    self.done = true;
                    self.queue.push_back(Err(ReadError::io(self.rec(), &e)));
                    return;
                }
            }
        }
        self.any_record = true;
        self.record_no += 1;
        let mut headers: HashMap<String, String> = HashMap::new();
        loop {
            match self.line() {
                Ok(Line::Eof) => {
                    self.done = true;
                    self.fail(
                        self.rec(),
                        ErrorKind::Warc,
                        "truncated record: end of input in the headers".into(),
                    );
                    return;
                }
                Ok(Line::Text(l)) if l.is_empty() => break,
                Ok(Line::Text(l)) => {
                    if let Some((k, v)) = l.split_once(':') {
                        headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
                    }
                }
                Err(e) => {
                    self.done = true;
                    self.queue.push_back(Err(ReadError::io(self.rec(), &e)));
                    return;
                }
            }
        }
        let Some(len) = headers
            .get("content-length")
            .and_then(|v| v.parse::<u64>().ok())
        else {
            self.fail(
                self.rec(),
                ErrorKind::Warc,
                "missing or invalid Content-Length; record skipped".into(),
            );
            return;
        };
        let wanted = headers.get("warc-type").map(|t| t.to_ascii_lowercase());
        let wanted = matches!(wanted.as_deref(), Some("response" | "resource"));
        if !wanted || len > self.opts.max_markup_bytes as u64 {
            match io::copy(&mut (&mut self.reader).take(len), &mut io::sink()) {
                Ok(n) if n < len => {
                    self.done = true;
                    self.fail(
                        self.rec(),
                        ErrorKind::Warc,
                        format!("truncated record: {n} of {len} bytes"),
                    );
                }
                Ok(_) if wanted => self.fail(
                    self.rec(),
                    ErrorKind::TooLarge,
                    format!(
                        "record of {len} bytes exceeds the {} byte limit, skipped",
                        self.opts.max_markup_bytes
                    ),
                ),
                Ok(_) => {}
                Err(e) => {
                    self.done = true;
                    self.queue.push_back(Err(ReadError::io(self.rec(), &e)));
                }
            }
            return;
        }
        let mut block = Vec::with_capacity(len as usize);
        match (&mut self.reader).take(len).read_to_end(&mut block) {
            Ok(n) if (n as u64) < len => {
                self.done = true;
                self.fail(
                    self.rec(),
                    ErrorKind::Warc,
                    format!("truncated record: {n} of {len} bytes"),
                );
                return;
            }
            Ok(_) => {}
            Err(e) => {
                self.done = true;
                self.queue.push_back(Err(ReadError::io(self.rec(), &e)));
                return;
            }
        }
        self.record(&headers, block);
    }

    fn record(&mut self, headers: &HashMap<String, String>, block: Vec<u8>) {
        let rec = self.rec();
        let (content_type, body) = if block.starts_with(b"HTTP/") {
            match http_body(&block, self.opts.max_markup_bytes) {
                Ok(Some(x)) => x,
                Ok(None) => return, // not a 2xx HTML response
                Err(msg) => return self.fail(rec, ErrorKind::Warc, msg),
            }
        } else {
            let ct = headers.get("content-type").cloned().unwrap_or_default();
            if !is_html(&ct) {
                return;
            }
            (ct, block)
        };
        let target = headers
            .get("warc-target-uri")
            .map(|u| u.trim_matches(['<', '>']).to_string());
        let record_id = headers
            .get("warc-record-id")
            .map(|u| u.trim_matches(['<', '>']).to_string());
        let fallback = Fallback {
            id: record_id
                .or_else(|| target.clone())
                .unwrap_or_else(|| rec.clone()),
            url: target.or_else(|| Some(rec.clone())),
            published: headers.get("warc-date").and_then(|d| normalize_date(d)),
        };
        match html_document(&rec, &body, Some(&content_type), &fallback, &self.opts) {
            Ok((doc, warning)) => {
                self.queue.extend(warning.map(Err));
                self.queue.extend(
                    split_document(doc, self.opts.max_doc_bytes)
                        .into_iter()
                        .map(Ok),
                );
            }
            Err(e) => self.queue.push_back(Err(e)),
        }
    }
}

fn is_html(ct: &str) -> bool {
    let ct = ct.to_ascii_lowercase();
    ct.contains("text/html") || ct.contains("application/xhtml")
}

/// Splits an HTTP response into its Content-Type and decoded body; `None` for
/// non-2xx or non-HTML responses.
fn http_body(block: &[u8], max: usize) -> Result<Option<(String, Vec<u8>)>, String> {
    let (head_end, sep) = match find(block, b"\r\n\r\n") {
        Some(i) => (i, 4),
        None => match find(block, b"\n\n") {
            Some(i) => (i, 2),
            None => return Err("HTTP response without an end of headers".into()),
        },
    };
    let head = String::from_utf8_lossy(&block[..head_end]);
    let mut lines = head.lines();
    let status = lines.next().unwrap_or("");
    let code: u16 = status
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let mut h: HashMap<String, String> = HashMap::new();
    for l in lines {
        if let Some((k, v)) = l.split_once(':') {
            h.insert(k.trim().to_ascii_lowercase(), v.trim().to_ascii_lowercase());
        }
    }
    let ct = h.get("content-type").cloned().unwrap_or_default();
    if !(200..300).contains(&code) || !is_html(&ct) {
        return Ok(None);
    }
    let mut body = block[head_end + sep..].to_vec();
    if h.get("transfer-encoding")
        .is_some_and(|t| t.contains("chunked"))
    {
        body = dechunk(&body).ok_or("malformed chunked transfer encoding")?;
    }
    let enc = h.get("content-encoding").cloned().unwrap_or_default();
    if enc.contains("gzip") || enc.contains("deflate") {
        let mut out = Vec::new();
        let res = if enc.contains("gzip") {
            flate2::read::MultiGzDecoder::new(&body[..])
                .take(max as u64 + 1)
                .read_to_end(&mut out)
        } else {
            flate2::read::ZlibDecoder::new(&body[..])
                .take(max as u64 + 1)
                .read_to_end(&mut out)
        };
        match res {
            Ok(_) if out.len() > max => {
                return Err(format!("decompressed body exceeds {max} bytes"))
            }
            Ok(_) => body = out,
            Err(e) => return Err(format!("cannot decompress {enc} body: {e}")),
        }
    }
    Ok(Some((ct, body)))
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn dechunk(mut b: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(b.len());
    loop {
        let nl = find(b, b"\n")?;
        let size_str = String::from_utf8_lossy(&b[..nl]);
        let size = usize::from_str_radix(size_str.trim().split(';').next()?.trim(), 16).ok()?;
        b = &b[nl + 1..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(b.get(..size)?);
        b = &b[size..];
        b = b
            .strip_prefix(b"\r\n")
            .or_else(|| b.strip_prefix(b"\n"))
            .unwrap_or(b);
    }
}

impl Iterator for WarcDocs {
    type Item = Result<Document, ReadError>;
    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(r) = self.queue.pop_front() {
                return Some(r);
            }
            if self.done {
                return None;
            }
            self.step();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dechunks() {
        assert_eq!(
            dechunk(b"4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n").as_deref(),
            Some(&b"Wikipedia"[..])
        );
        assert_eq!(dechunk(b"zz\r\n"), None);
    }
}
