//! JSONL input: one JSON object per line, `{"id", "text", "published"?, "lang"?,
//! "title"?, "url"?}` (other fields ignored). Read line by line with a bounded
//! line reader, so unbounded streams (stdin) work in constant memory; a line over
//! `max_line_bytes` is reported and skipped without being held whole.
//!
//! Errors name `path:line` and never stop the stream. Not for JSON arrays or
//! pretty-printed JSON spanning lines.

use std::collections::VecDeque;
use std::io::BufRead;

use parley_model::Document;
use serde_json::Value;

use crate::decode::{decode_utf8_lossy, looks_binary};
use crate::split::Parts;
use crate::text::read_segment;
use crate::{normalize_date, normalize_lang, ErrorKind, ReadError, ReadOptions};

/// Line buffer capacity kept between lines; a longer line's buffer is freed.
const BUF_KEEP: usize = 1 << 20;

pub(crate) struct JsonlDocs {
    name: String,
    reader: Box<dyn BufRead + Send>,
    opts: ReadOptions,
    line_no: usize,
    offset: u64,
    queue: VecDeque<Result<Document, ReadError>>,
    /// Parts of a long document still to hand out (after `queue`).
    pending: Option<Parts>,
    buf: Vec<u8>,
    started: bool,
    done: bool,
    seen_any: bool,
}

impl JsonlDocs {
    pub(crate) fn new(name: &str, reader: Box<dyn BufRead + Send>, opts: &ReadOptions) -> Self {
        Self {
            name: name.to_string(),
            reader,
            opts: opts.clone(),
            line_no: 0,
            offset: 0,
            queue: VecDeque::new(),
            pending: None,
            buf: Vec::new(),
            started: false,
            done: false,
            seen_any: false,
        }
    }

    fn at(&self) -> String {
        format!("{}:{}", self.name, self.line_no)
    }

    fn step(&mut self) {
        if !self.started {
            self.started = true;
            match self.reader.fill_buf() {
                Ok([]) => {
                    self.done = true;
                    let e = ReadError::new(self.name.clone(), ErrorKind::Empty, "empty input");
                    self.queue.push_back(Err(e));
                    return;
                }
                Ok(head) if looks_binary(head) => {
                    self.done = true;
                    let e = ReadError::new(
                        self.name.clone(),
                        ErrorKind::Binary,
                        "binary data, not JSONL; skipped",
                    );
                    self.queue.push_back(Err(e));
                    return;
                }
                Ok(_) => {}
                Err(e) => {
                    self.done = true;
                    self.queue
                        .push_back(Err(ReadError::io(self.name.clone(), &e)));
                    return;
                }
            }
        }
        let limit = self.opts.max_line_bytes.max(1);
        let mut buf = std::mem::take(&mut self.buf);
        let res = read_segment(&mut *self.reader, &mut buf, limit.saturating_add(1));
        match res {
            Ok(None) => self.done = true,
            Ok(Some(ended)) => {
                self.line_no += 1;
                let line_start = self.offset;
                self.offset += buf.len() as u64;
                if !ended || buf.len() > limit.saturating_add(1) {
                    // Too long: skip the rest of the line without keeping it.
                    let mut total = buf.len() as u64;
                    loop {
                        match read_segment(&mut *self.reader, &mut buf, 1 << 16) {
                            Ok(Some(true)) | Ok(None) => {
                                total += buf.len() as u64;
                                break;
                            }
                            Ok(Some(false)) => total += buf.len() as u64,
                            Err(e) => {
                                self.done = true;
                                self.queue.push_back(Err(ReadError::io(self.at(), &e)));
                                break;
                            }
                        }
                    }
                    self.offset = line_start + total;
                    let e = ReadError::new(
                        self.at(),
                        ErrorKind::TooLarge,
                        format!("line longer than {limit} bytes ({total} bytes), skipped"),
                    );
                    self.queue.push_back(Err(e));
                } else {
                    self.parse_line(&buf, line_start);
                }
            }
            Err(e) => {
                self.done = true;
                self.queue.push_back(Err(ReadError::io(self.at(), &e)));
            }
        }
        // Do not keep the buffer of one huge line for the rest of the stream.
        if buf.capacity() > BUF_KEEP {
            buf = Vec::new();
        }
        self.buf = buf;
        if self.done && !self.seen_any && self.queue.is_empty() {
            let e = ReadError::new(self.name.clone(), ErrorKind::Empty, "no JSON lines");
            self.queue.push_back(Err(e));
        }
    }

    fn parse_line(&mut self, raw: &[u8], line_start: u64) {
        // Valid UTF-8 (the usual case) is parsed in place, without a decoded copy.
        let (decoded, bad) = match std::str::from_utf8(raw) {
            Ok(s) => (std::borrow::Cow::Borrowed(s), None),
            Err(_) => {
                let (s, bad) = decode_utf8_lossy(raw);
                (std::borrow::Cow::Owned(s), bad)
            }
        };
        let line = decoded.trim().trim_start_matches('\u{feff}');
        if line.is_empty() {
            return;
        }
        self.seen_any = true;
        if let Some(off) = bad {
            let e = ReadError::new(
                self.at(),
                ErrorKind::InvalidUtf8,
                format!(
                    "invalid UTF-8 at byte {off} of the line (file offset {}); decoded with U+FFFD replacement characters",
                    line_start + off
                ),
            );
            self.queue.push_back(Err(e));
        }
        match self.to_document(line) {
            Ok(doc) => self.pending = Some(Parts::new(doc, self.opts.max_doc_bytes)),
            Err((kind, msg)) => self
                .queue
                .push_back(Err(ReadError::new(self.at(), kind, msg))),
        }
    }

    fn to_document(&self, line: &str) -> Result<Document, (ErrorKind, String)> {
        let v: Value = serde_json::from_str(line)
            .map_err(|e| (ErrorKind::Json, format!("malformed JSON: {e}")))?;
        let Value::Object(mut map) = v else {
            return Err((
                ErrorKind::Json,
                "expected a JSON object {\"id\", \"text\", …}".into(),
            ));
        };
        let text = match map.remove("text") {
            Some(Value::String(s)) => s,
            Some(Value::Null) | None => return Err((ErrorKind::Json, "no \"text\" field".into())),
            Some(_) => return Err((ErrorKind::Json, "\"text\" is not a string".into())),
        };
        if text.trim().is_empty() {
            return Err((ErrorKind::NoText, "empty \"text\"".into()));
        }
        let id = match map.get("id") {
            Some(Value::String(s)) if !s.trim().is_empty() => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => self.at(),
        };
        let field = |k: &str| match map.get(k) {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
            _ => None,
        };
        let published = field("published")
            .map(|p| normalize_date(&p).unwrap_or(p))
            .or_else(|| self.opts.published.as_deref().and_then(normalize_date));
        let lang = field("lang")
            .map(|l| normalize_lang(&l).unwrap_or(l))
            .or_else(|| self.opts.lang.clone());
        Ok(Document {
            id,
            text,
            published,
            lang,
            title: field("title"),
            url: field("url"),
            source: Some(format!("{}:{}", self.name, self.line_no)),
        })
    }
}

impl Iterator for JsonlDocs {
    type Item = Result<Document, ReadError>;
    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(r) = self.queue.pop_front() {
                return Some(r);
            }
            if let Some(parts) = &mut self.pending {
                match parts.next() {
                    Some(d) => return Some(Ok(d)),
                    None => self.pending = None,
                }
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

    fn read(s: &str, opts: ReadOptions) -> Vec<Result<Document, ReadError>> {
        JsonlDocs::new(
            "in.jsonl",
            Box::new(std::io::Cursor::new(s.as_bytes().to_vec())),
            &opts,
        )
        .collect()
    }

    #[test]
    fn reads_documents_and_reports_bad_lines() {
        let input = "{\"id\":\"a\",\"text\":\"Uno.\",\"published\":\"Fri, 15 Mar 2024 08:00:00 GMT\",\"lang\":\"it-IT\",\"x\":1}\n\n{bad json\n{\"text\":\"Senza id.\"}\n[1,2]\n";
        let out = read(input, ReadOptions::default());
        assert_eq!(out.len(), 4);
        let a = out[0].as_ref().unwrap();
        assert_eq!(
            (a.id.as_str(), a.published.as_deref(), a.lang.as_deref()),
            ("a", Some("2024-03-15"), Some("it"))
        );
        let e = out[1].as_ref().unwrap_err();
        assert!(
            e.to_string().starts_with("in.jsonl:3: malformed JSON"),
            "{e}"
        );
        assert_eq!(out[2].as_ref().unwrap().id, "in.jsonl:4");
        assert_eq!(out[3].as_ref().unwrap_err().input, "in.jsonl:5");
    }

    #[test]
    fn long_text_comes_in_parts_in_order() {
        let text = "Una frase del documento. ".repeat(400); // 10,000 bytes
        let input = format!(
            "{}\n{{\"id\":\"b\",\"text\":\"Dopo BAD.\"}}\n",
            serde_json::json!({"id": "a", "text": text})
        );
        let mut bytes = input.into_bytes();
        // An invalid UTF-8 byte in the second line.
        let at = bytes.windows(3).position(|w| w == b"BAD").unwrap();
        bytes.splice(at..at + 3, [0xffu8]);
        let out: Vec<_> = JsonlDocs::new(
            "in.jsonl",
            Box::new(std::io::Cursor::new(bytes)),
            &ReadOptions {
                max_doc_bytes: 1000,
                ..Default::default()
            },
        )
        .collect();
        let ids: Vec<String> = out
            .iter()
            .map(|r| match r {
                Ok(d) => d.id.clone(),
                Err(e) => format!("{:?}", e.kind),
            })
            .collect();
        let mut expected: Vec<String> = (1..=10).map(|i| format!("a#{i}")).collect();
        expected.extend(["InvalidUtf8".to_string(), "b".to_string()]);
        assert_eq!(ids, expected);
        let joined: Vec<&str> = out[..10]
            .iter()
            .map(|r| r.as_ref().unwrap().text.as_str())
            .collect();
        assert_eq!(joined.join(" "), text.trim_end());
        assert!(out[..10]
            .iter()
            .all(|r| r.as_ref().unwrap().text.len() <= 1000));
        assert_eq!(out[11].as_ref().unwrap().text, "Dopo \u{FFFD}.");
    }

    #[test]
    fn long_line_is_skipped() {
        let long = format!(
            "{{\"id\":\"big\",\"text\":\"{}\"}}\n{{\"id\":\"ok\",\"text\":\"Fine.\"}}\n",
            "a".repeat(5000)
        );
        let out = read(
            &long,
            ReadOptions {
                max_line_bytes: 1000,
                ..Default::default()
            },
        );
        assert_eq!(out.len(), 2);
        let e = out[0].as_ref().unwrap_err();
        assert_eq!(
            (e.kind, e.input.as_str()),
            (ErrorKind::TooLarge, "in.jsonl:1")
        );
        assert_eq!(out[1].as_ref().unwrap().id, "ok");
    }
}
