//! Keeps documents bounded: a text longer than `max_doc_bytes` is cut into parts
//! at a paragraph or sentence end (else at whitespace, else at a character
//! boundary), each part a `Document` with id `<id>#<n>` and the same metadata.
//!
//! Not for sentence segmentation proper: the cut only has to be a plausible
//! boundary so the coder never sees half a word.

use parley_model::Document;

/// Byte index at which to cut `s` so the head is at most `max` bytes (`s.len() > max`).
pub(crate) fn cut_point(s: &str, max: usize) -> usize {
    let mut limit = max.min(s.len());
    while limit > 0 && !s.is_char_boundary(limit) {
        limit -= 1;
    }
    if limit == 0 {
        // max is smaller than the first character: take that character whole.
        return s.char_indices().nth(1).map(|(i, _)| i).unwrap_or(s.len());
    }
    let window = &s[..limit];
    let bytes = window.as_bytes();
    let floor = limit / 2;
    // Paragraph break.
    if let Some(i) = window.rfind('\n') {
        if i >= floor {
            return i + 1;
        }
    }
    // Sentence end: . ! ? … followed by whitespace.
    let mut i = bytes.len();
    while i > floor {
        i -= 1;
        if bytes[i].is_ascii_whitespace() && i > 0 {
            let prev = window[..i].chars().next_back();
            if matches!(prev, Some('.' | '!' | '?' | '…' | ';' | '»' | '"' | '”')) {
                return i + 1;
            }
        }
    }
    // Any whitespace.
    if let Some(i) = window.rfind(char::is_whitespace) {
        if i > 0 {
            let w = window[i..].chars().next().map(char::len_utf8).unwrap_or(1);
            return i + w;
        }
    }
    limit
}

/// Accumulates the text of one document and hands out bounded parts.
pub(crate) struct Splitter {
    template: Document,
    pub(crate) out: String,
    parts: usize,
    max: usize,
}

impl Splitter {
    pub(crate) fn new(template: Document, max: usize) -> Self {
        Self {
            template,
            out: String::new(),
            parts: 0,
            max: max.max(1),
        }
    }

    fn make(&self, n: Option<usize>, text: String) -> Document {
        let mut d = self.template.clone();
        if let Some(n) = n {
            d.id = format!("{}#{n}", self.template.id);
        }
        d.text = text;
        d
    }

    /// Moves full parts out of the buffer (call after appending).
    pub(crate) fn drain_full(&mut self, sink: &mut impl FnMut(Document)) {
        while self.out.len() > self.max {
            let cut = cut_point(&self.out, self.max);
            let rest = self.out.split_off(cut);
            let head = std::mem::replace(&mut self.out, rest);
            let trimmed_start = self.out.trim_start().len();
            if trimmed_start < self.out.len() {
                self.out.drain(..self.out.len() - trimmed_start);
            }
            let head = head.trim();
            if head.is_empty() {
                continue;
            }
            self.parts += 1;
            let doc = self.make(Some(self.parts), head.to_string());
            sink(doc);
        }
    }

    /// The last (or only) document, if any text is left.
    pub(crate) fn finish(&mut self) -> Option<Document> {
        let text = std::mem::take(&mut self.out);
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        if self.parts == 0 {
            Some(self.make(None, text.to_string()))
        } else {
            self.parts += 1;
            Some(self.make(Some(self.parts), text.to_string()))
        }
    }

    /// True once at least one part has been emitted.
    pub(crate) fn has_parts(&self) -> bool {
        self.parts > 0
    }
}

/// Splits a document whose text exceeds `max_doc_bytes` into parts `<id>#1`,
/// `<id>#2`, … of at most `max_doc_bytes` each; a short document is returned as is.
/// Linear in the text length (see [`Parts`] to get the parts one at a time).
pub fn split_document(doc: Document, max_doc_bytes: usize) -> Vec<Document> {
    Parts::new(doc, max_doc_bytes).collect()
}

/// The parts of one document, cut lazily: only the original text and the part
/// being handed out are in memory, and each byte is looked at a bounded number
/// of times, so a 200 MB text costs 200 MB once, not once per part.
pub struct Parts {
    template: Document,
    text: String,
    pos: usize,
    parts: usize,
    max: usize,
    /// A short document, handed out unchanged.
    whole: Option<Document>,
}

impl Parts {
    pub fn new(mut doc: Document, max_doc_bytes: usize) -> Self {
        let max = max_doc_bytes.max(1);
        if doc.text.len() <= max {
            return Self {
                template: Document::default(),
                text: String::new(),
                pos: 0,
                parts: 0,
                max,
                whole: Some(doc),
            };
        }
        let text = std::mem::take(&mut doc.text);
        Self {
            template: doc,
            text,
            pos: 0,
            parts: 0,
            max,
            whole: None,
        }
    }
}

impl Iterator for Parts {
    type Item = Document;
    fn next(&mut self) -> Option<Document> {
        if let Some(d) = self.whole.take() {
            return Some(d);
        }
        loop {
            let rest = &self.text[self.pos..];
            let rest_trimmed = rest.trim_start();
            self.pos += rest.len() - rest_trimmed.len();
            let rest = rest_trimmed;
            if rest.is_empty() {
                self.text = String::new();
                return None;
            }
            let cut = if rest.len() <= self.max {
                rest.len()
            } else {
                cut_point(rest, self.max)
            };
            let head = rest[..cut].trim_end();
            self.pos += cut;
            if head.is_empty() {
                continue;
            }
            self.parts += 1;
            let mut d = self.template.clone();
            d.id = format!("{}#{}", self.template.id, self.parts);
            d.text = head.to_string();
            return Some(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_sentence_ends() {
        let doc = Document {
            id: "d".into(),
            text: "Prima frase. Seconda frase più lunga. Terza frase. Quarta.".into(),
            lang: Some("it".into()),
            ..Default::default()
        };
        let parts = split_document(doc, 20);
        assert!(parts.len() >= 3);
        for p in &parts {
            assert!(p.text.len() <= 20, "{:?}", p.text);
            assert!(p.id.starts_with("d#"));
            assert_eq!(p.lang.as_deref(), Some("it"));
        }
        assert_eq!(parts[0].text, "Prima frase.");
        let joined: Vec<&str> = parts.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            joined.join(" "),
            "Prima frase. Seconda frase più lunga. Terza frase. Quarta."
        );
    }

    #[test]
    fn splits_unbroken_text_at_char_boundaries() {
        let doc = Document {
            id: "x".into(),
            text: "è".repeat(100),
            ..Default::default()
        };
        let parts = split_document(doc, 7);
        assert!(parts
            .iter()
            .all(|p| p.text.len() <= 7 && !p.text.is_empty()));
        assert_eq!(
            parts.iter().map(|p| p.text.chars().count()).sum::<usize>(),
            100
        );
    }
}
