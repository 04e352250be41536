//! Plain-text input: one document per input (file or stdin), one paragraph per
//! line or blank-line separated. Streamed in bounded segments, so a 200 MB file,
//! even a single line, never sits in memory whole: the text is cut into parts of
//! at most `max_doc_bytes` (`<id>#1`, `<id>#2`, …).
//!
//! Hard-wrapped lines are re-joined with a space when a line does not end a
//! sentence and the next starts in lower case; otherwise each line is a paragraph.
//! Not for JSONL, markup or charset guessing (text must be UTF-8; invalid bytes
//! are replaced and reported as a warning).

use std::collections::VecDeque;
use std::io::BufRead;

use parley_model::Document;

use crate::decode::{looks_binary, Utf8Stream};
use crate::split::Splitter;
use crate::{normalize_date, ErrorKind, ReadError, ReadOptions};

/// Largest piece of one line processed at once.
const SEGMENT: usize = 1 << 16;

/// Reads up to `limit` bytes of the current line (through its `\n`) into `buf`.
/// Returns `Ok(None)` at end of input, else whether the line ended in this segment.
pub(crate) fn read_segment(
    reader: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    limit: usize,
) -> std::io::Result<Option<bool>> {
    buf.clear();
    loop {
        let avail = match reader.fill_buf() {
            Ok(a) => a,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if avail.is_empty() {
            return Ok(if buf.is_empty() { None } else { Some(true) });
        }
        let room = limit.saturating_sub(buf.len());
        let window = &avail[..avail.len().min(room)];
        if let Some(i) = window.iter().position(|&b| b == b'\n') {
            buf.extend_from_slice(&window[..=i]);
            reader.consume(i + 1);
            return Ok(Some(true));
        }
        let n = window.len();
        // Grow by doubling but never past the limit: a huge line must not leave a buffer
        // of twice the limit (nor, during the copy, three times), whatever the allocator.
        let need = buf.len() + n;
        if need > buf.capacity() {
            let target = (buf.capacity() * 2).max(need).min(limit.max(need));
            buf.reserve_exact(target - buf.len());
        }
        buf.extend_from_slice(window);
        reader.consume(n);
        if buf.len() >= limit {
            return Ok(Some(false));
        }
    }
}

fn ends_sentence(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | ':' | ';' | '"' | '»' | '”' | ')')
}

/// Iterator over the document parts of one plain-text input.
pub(crate) struct TextDocs {
    name: String,
    reader: Box<dyn BufRead + Send>,
    splitter: Splitter,
    decoder: Utf8Stream,
    queue: VecDeque<Result<Document, ReadError>>,
    buf: Vec<u8>,
    started: bool,
    done: bool,
    warned: bool,
    /// Inside a line that already has non-blank text.
    line_has_content: bool,
    /// A blank line was seen since the last paragraph.
    blank_since: bool,
    /// Last character of the previous line's text.
    prev_last: Option<char>,
}

impl TextDocs {
    pub(crate) fn new(
        name: &str,
        id: String,
        reader: Box<dyn BufRead + Send>,
        opts: &ReadOptions,
    ) -> Self {
        let template = Document {
            id,
            text: String::new(),
            published: opts.published.as_deref().and_then(normalize_date),
            lang: opts.lang.clone(),
            title: None,
            url: None,
            source: Some(name.to_string()),
        };
        Self {
            name: name.to_string(),
            reader,
            splitter: Splitter::new(template, opts.max_doc_bytes),
            decoder: Utf8Stream::default(),
            queue: VecDeque::new(),
            buf: Vec::with_capacity(SEGMENT),
            started: false,
            done: false,
            warned: false,
            line_has_content: false,
            blank_since: false,
            prev_last: None,
        }
    }

    fn err(&mut self, kind: ErrorKind, msg: String) {
        self.queue
            .push_back(Err(ReadError::new(self.name.clone(), kind, msg)));
    }

    /// Appends one decoded piece of a line.
    fn push_piece(&mut self, piece: &str, line_end: bool) {
        let mut piece = piece;
        if line_end {
            piece = piece.trim_end_matches(['\n', '\r']);
        }
        if !self.line_has_content {
            let t = piece.trim_start();
            if t.is_empty() {
                if line_end && self.prev_last.is_some() {
                    self.blank_since = true;
                }
                return;
            }
            if let Some(prev) = self.prev_last {
                let first = t.chars().next().unwrap_or(' ');
                let join = !self.blank_since && !ends_sentence(prev) && first.is_lowercase();
                self.splitter.out.push(if join { ' ' } else { '\n' });
            }
            self.blank_since = false;
            self.line_has_content = true;
            piece = t;
        }
        self.splitter.out.push_str(piece);
        if line_end {
            let keep = self.splitter.out.trim_end().len();
            self.splitter.out.truncate(keep);
            self.line_has_content = false;
            self.prev_last = self.splitter.out.chars().next_back().or(self.prev_last);
        }
        let queue = &mut self.queue;
        self.splitter.drain_full(&mut |d| queue.push_back(Ok(d)));
    }

    fn step(&mut self) {
        if !self.started {
            self.started = true;
            match self.reader.fill_buf() {
                Ok([]) => {
                    self.done = true;
                    self.err(ErrorKind::Empty, "empty input".into());
                    return;
                }
                Ok(head) if looks_binary(head) => {
                    self.done = true;
                    self.err(ErrorKind::Binary, "binary data, not text; skipped".into());
                    return;
                }
                Ok(head) => {
                    if head.starts_with(b"\xef\xbb\xbf") {
                        self.reader.consume(3);
                    }
                }
                Err(e) => {
                    self.done = true;
                    self.queue
                        .push_back(Err(ReadError::io(self.name.clone(), &e)));
                    return;
                }
            }
        }
        let mut buf = std::mem::take(&mut self.buf);
        let mut text = String::new();
        match read_segment(&mut *self.reader, &mut buf, SEGMENT) {
            Ok(Some(line_end)) => {
                self.decoder.feed(&buf, &mut text);
                self.push_piece(&text, line_end);
            }
            Ok(None) => {
                self.decoder.finish(&mut text);
                if !text.is_empty() {
                    self.push_piece(&text, true);
                }
                self.done = true;
            }
            Err(e) => {
                self.done = true;
                self.queue
                    .push_back(Err(ReadError::io(self.name.clone(), &e)));
            }
        }
        self.buf = buf;
        if let (Some(off), false) = (self.decoder.first_invalid, self.warned) {
            self.warned = true;
            self.err(
                ErrorKind::InvalidUtf8,
                format!("invalid UTF-8 at byte offset {off}; decoded with U+FFFD replacement characters"),
            );
        }
        if self.done {
            match self.splitter.finish() {
                Some(d) => self.queue.push_back(Ok(d)),
                None if !self.splitter.has_parts()
                    && self
                        .queue
                        .iter()
                        .all(|r| r.as_ref().is_err_and(|e| e.is_warning())) =>
                {
                    self.err(ErrorKind::Empty, "no text (only whitespace)".into());
                }
                None => {}
            }
        }
    }
}

impl Iterator for TextDocs {
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

    fn read(s: &[u8], max: usize) -> Vec<Result<Document, ReadError>> {
        let opts = ReadOptions {
            max_doc_bytes: max,
            ..Default::default()
        };
        TextDocs::new(
            "t.txt",
            "t.txt".into(),
            Box::new(std::io::Cursor::new(s.to_vec())),
            &opts,
        )
        .collect()
    }

    #[test]
    fn paragraphs_and_wrapped_lines() {
        let docs = read(b"Titolo della notizia\nIl ministro ha detto\nche i colloqui riprendono.\n\n\nSecondo paragrafo.\n", 1000);
        let d = docs[0].as_ref().unwrap();
        assert_eq!(d.text, "Titolo della notizia\nIl ministro ha detto che i colloqui riprendono.\nSecondo paragrafo.");
        assert_eq!(d.id, "t.txt");
    }

    #[test]
    fn empty_and_whitespace() {
        assert_eq!(
            read(b"", 100)[0].as_ref().unwrap_err().kind,
            ErrorKind::Empty
        );
        assert_eq!(
            read(b"  \n\n", 100)[0].as_ref().unwrap_err().kind,
            ErrorKind::Empty
        );
    }
}
