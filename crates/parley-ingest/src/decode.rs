//! Byte-level decoding shared by every format: binary detection, incremental
//! UTF-8 decoding with U+FFFD replacement that remembers where the first invalid
//! sequence was, and charset sniffing for HTML and XML (BOM, HTTP header,
//! `<meta charset>`, XML declaration, then statistical guess via chardetng).
//!
//! Not for format detection (see `detect_format` in the crate root) nor for
//! parsing markup.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

/// True when the bytes look binary: a NUL byte in the first 8 KiB, or more
/// than 10% control characters other than tab, newline, CR, form feed and escape.
pub(crate) fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.starts_with(b"\xff\xfe") || head.starts_with(b"\xfe\xff") {
        return false; // UTF-16 with BOM: NULs are expected
    }
    if head.contains(&0) {
        return true;
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b))
        .count();
    !head.is_empty() && controls * 10 > head.len()
}

/// Incremental UTF-8 decoder: feed byte chunks (which may cut a character in
/// two), get text with invalid sequences replaced by U+FFFD.
#[derive(Debug, Default)]
pub(crate) struct Utf8Stream {
    carry: Vec<u8>,
    /// Bytes consumed so far (offset of the next byte fed).
    offset: u64,
    /// Byte offset of the first invalid sequence, once seen.
    pub(crate) first_invalid: Option<u64>,
}

impl Utf8Stream {
    /// Decodes `bytes` (after any carried partial character) into `out`.
    pub(crate) fn feed(&mut self, bytes: &[u8], out: &mut String) {
        let owned;
        let input: &[u8] = if self.carry.is_empty() {
            bytes
        } else {
            let mut v = std::mem::take(&mut self.carry);
            v.extend_from_slice(bytes);
            owned = v;
            &owned
        };
        // Offset of input[0] in the whole stream.
        let base = self.offset - (input.len() - bytes.len()) as u64;
        self.offset += bytes.len() as u64;
        let mut pos = 0;
        while pos < input.len() {
            match std::str::from_utf8(&input[pos..]) {
                Ok(s) => {
                    out.push_str(s);
                    return;
                }
                Err(e) => {
                    let valid = e.valid_up_to();
                    // The prefix is valid UTF-8, so this borrows without replacing.
                    out.push_str(&String::from_utf8_lossy(&input[pos..pos + valid]));
                    pos += valid;
                    match e.error_len() {
                        Some(n) => {
                            if self.first_invalid.is_none() {
                                self.first_invalid = Some(base + pos as u64);
                            }
                            out.push('\u{FFFD}');
                            pos += n;
                        }
                        None => {
                            // Incomplete character at the end: keep it for the next chunk.
                            self.carry.extend_from_slice(&input[pos..]);
                            return;
                        }
                    }
                }
            }
        }
    }

    /// Flushes a dangling partial character (an invalid sequence at end of input).
    pub(crate) fn finish(&mut self, out: &mut String) {
        if !self.carry.is_empty() {
            if self.first_invalid.is_none() {
                self.first_invalid = Some(self.offset - self.carry.len() as u64);
            }
            self.carry.clear();
            out.push('\u{FFFD}');
        }
    }
}

/// Decodes UTF-8 with replacement; returns the text and the byte offset of the
/// first invalid sequence, if any. A leading BOM is dropped.
pub(crate) fn decode_utf8_lossy(bytes: &[u8]) -> (String, Option<u64>) {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(bytes) {
        return (s.to_string(), None);
    }
    let mut d = Utf8Stream::default();
    let mut out = String::with_capacity(bytes.len());
    d.feed(bytes, &mut out);
    d.finish(&mut out);
    (out, d.first_invalid)
}

/// Finds the `charset=` value in an HTTP `Content-Type` header.
pub(crate) fn charset_from_content_type(ct: &str) -> Option<&'static Encoding> {
    let lower = ct.to_ascii_lowercase();
    let idx = lower.find("charset=")?;
    let label: String = lower[idx + 8..]
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        .collect();
    Encoding::for_label(label.as_bytes())
}

/// Looks for `<meta charset=…>`, `<meta http-equiv content="…charset=…">` or an
/// XML declaration `encoding="…"` in the first 4 KiB.
fn sniff_declared(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: String = head
        .iter()
        .map(|&b| (b as char).to_ascii_lowercase())
        .collect();
    if lower.trim_start().starts_with("<?xml") {
        if let Some(end) = lower.find("?>") {
            let decl = &lower[..end];
            if let Some(i) = decl.find("encoding") {
                let rest = decl[i + 8..]
                    .trim_start()
                    .trim_start_matches('=')
                    .trim_start();
                let label: String = rest
                    .trim_start_matches(['"', '\''])
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
                    .collect();
                if let Some(e) = Encoding::for_label(label.as_bytes()) {
                    return Some(e);
                }
            }
        }
    }
    let mut from = 0;
    while let Some(i) = lower[from..].find("<meta") {
        let start = from + i;
        let end = lower[start..]
            .find('>')
            .map(|e| start + e)
            .unwrap_or(lower.len());
        if let Some(e) = charset_from_content_type(&lower[start..end]) {
            return Some(e);
        }
        from = end.max(start + 5);
    }
    None
}

/// Result of decoding a markup document.
pub(crate) struct Decoded {
    pub(crate) text: String,
    /// When decoded as UTF-8 with errors: byte offset of the first invalid sequence.
    pub(crate) first_invalid: Option<u64>,
}

/// Decodes an HTML page or XML feed: BOM, then the HTTP `Content-Type` charset,
/// then a declared charset in the document, then UTF-8 if the bytes are valid
/// UTF-8, then chardetng's guess.
pub(crate) fn decode_markup(bytes: &[u8], content_type: Option<&str>) -> Decoded {
    let (enc, body) = if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        (enc, &bytes[bom_len..])
    } else {
        let declared = content_type
            .and_then(charset_from_content_type)
            .or_else(|| sniff_declared(bytes));
        let enc = match declared {
            // A UTF-16 label in an ASCII-compatible document is a lie (HTML spec).
            Some(e) if e == UTF_16LE || e == UTF_16BE => UTF_8,
            Some(e) => e,
            None if std::str::from_utf8(bytes).is_ok() => UTF_8,
            None => {
                let mut det = chardetng::EncodingDetector::new();
                det.feed(bytes, true);
                det.guess(None, true)
            }
        };
        (enc, bytes)
    };
    if enc == UTF_8 {
        let (text, first_invalid) = decode_utf8_lossy(body);
        return Decoded {
            text,
            first_invalid,
        };
    }
    let (text, _) = enc.decode_without_bom_handling(body);
    Decoded {
        text: text.into_owned(),
        first_invalid: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stream_handles_split_chars_and_invalid_bytes() {
        let bytes = "città è".as_bytes();
        let mut d = Utf8Stream::default();
        let mut out = String::new();
        for b in bytes.chunks(1) {
            d.feed(b, &mut out);
        }
        d.finish(&mut out);
        assert_eq!(out, "città è");
        assert_eq!(d.first_invalid, None);

        let (s, off) = decode_utf8_lossy(b"abc\xffdef\xc3");
        assert_eq!(s, "abc\u{FFFD}def\u{FFFD}");
        assert_eq!(off, Some(3));
    }

    #[test]
    fn charset_sniffing() {
        let page = b"<html><head><meta charset=\"iso-8859-1\"></head><body>citt\xe0</body></html>";
        let d = decode_markup(page, None);
        assert!(d.text.contains("città"), "{}", d.text);
        let xml = b"<?xml version=\"1.0\" encoding=\"windows-1252\"?><rss>caff\xe8</rss>";
        assert!(decode_markup(xml, None).text.contains("caffè"));
        assert!(decode_markup(b"plain caff\xe8 latte", None)
            .text
            .contains("caffè"));
    }

    #[test]
    fn binary_detection() {
        assert!(looks_binary(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"));
        assert!(!looks_binary("Roma, 3 marzo — il ministro".as_bytes()));
    }
}
