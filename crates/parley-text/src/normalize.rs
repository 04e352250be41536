//! Unicode NFC, typographic quotes and dashes, odd spaces and control characters folded
//! to plain forms, keeping a map from normalized byte offsets back to the original.
//!
//! Lines stay lines: paragraph structure is kept for sentence splitting. This module does
//! not lowercase (see [`lowercase_same_len`]) nor tokenize.

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Normalized text and the way back to the original bytes.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    pub text: String,
    /// Checkpoints `(normalized_offset, original_offset)`, ascending; between two
    /// checkpoints offsets advance together.
    map: Vec<(usize, usize)>,
}

impl Normalized {
    /// The original byte offset of a normalized byte offset.
    pub fn original_offset(&self, norm: usize) -> usize {
        let i = self.map.partition_point(|&(n, _)| n <= norm);
        if i == 0 {
            return norm;
        }
        let (n, o) = self.map[i - 1];
        o + (norm - n)
    }
}

/// Normalizes `input`. NFC composition is applied only when the text is not already NFC
/// (the usual case for news), in which case offsets map to the NFC text.
pub fn normalize(input: &str) -> Normalized {
    let nfc;
    let src: &str = if matches!(is_nfc_quick(input.chars()), IsNormalized::Yes) {
        input
    } else {
        nfc = input.nfc().collect::<String>();
        &nfc
    };
    let mut out = String::with_capacity(src.len());
    let mut map = Vec::new();
    let mut delta_known: isize = 0;
    let mut prev_space = false;
    let bytes = src.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Fast path: a run of printable ASCII (most news text) is copied as it is; within
        // it offsets keep their distance, so the map needs at most one checkpoint.
        let run = i;
        let mut ps = prev_space;
        while let Some(&b) = bytes.get(i) {
            let keep = match b {
                b' ' => !ps,
                b'\n' => true,
                b'`' => false,
                0x21..=0x7E => true,
                _ => false,
            };
            if !keep {
                break;
            }
            ps = b == b' ' || b == b'\n';
            i += 1;
        }
        if i > run {
            // a dropped character before the run moved the offsets apart
            if out.len() as isize - run as isize != delta_known {
                map.push((out.len(), run));
                delta_known = out.len() as isize - run as isize;
            }
            out.push_str(&src[run..i]);
            prev_space = ps;
            continue;
        }
        let Some(c) = src[i..].chars().next() else {
            break;
        };
        let next = i + c.len_utf8();
        let rep: Option<char> = match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{00B4}' | '`' => {
                Some('\'')
            }
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{00AB}' | '\u{00BB}'
            | '\u{2033}' => Some('"'),
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
            | '\u{2212}' => Some('-'),
            '\u{2026}' => None, // ellipsis handled below
            '\r' => {
                if bytes.get(next) == Some(&b'\n') {
                    i = next;
                    continue;
                }
                Some('\n')
            }
            '\t' | '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => {
                Some(' ')
            }
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}' | '\u{00AD}' => {
                i = next;
                continue;
            }
            c if c.is_control() && c != '\n' => Some(' '),
            c => Some(c),
        };
        let norm_pos = out.len();
        let orig_pos = i;
        if norm_pos as isize - orig_pos as isize != delta_known {
            map.push((norm_pos, orig_pos));
            delta_known = norm_pos as isize - orig_pos as isize;
        }
        i = next;
        match rep {
            Some(' ') => {
                if prev_space {
                    continue;
                }
                prev_space = true;
                out.push(' ');
            }
            Some(r) => {
                prev_space = r == '\n';
                out.push(r);
            }
            None => {
                prev_space = false;
                out.push_str("...");
            }
        }
        // Realign after a replacement of a different length.
        let next_norm = out.len();
        let next_orig = next;
        if next_norm as isize - next_orig as isize != delta_known {
            map.push((next_norm, next_orig));
            delta_known = next_norm as isize - next_orig as isize;
        }
    }
    Normalized { text: out, map }
}

/// Lowercases `text` keeping every byte offset: a character whose lower case has a
/// different UTF-8 length is kept as it is (rare: e.g. 'İ').
pub fn lowercase_same_len(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        // ASCII runs are lowered in bulk; only other characters go one by one.
        let ascii = rest.bytes().take_while(u8::is_ascii).count();
        if ascii > 0 {
            let from = out.len();
            out.push_str(&rest[..ascii]);
            out[from..].make_ascii_lowercase();
            rest = &rest[ascii..];
            continue;
        }
        let Some(c) = rest.chars().next() else { break };
        rest = &rest[c.len_utf8()..];
        let mut lower = c.to_lowercase();
        match (lower.next(), lower.next()) {
            (Some(l), None) if l.len_utf8() == c.len_utf8() => out.push(l),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_quotes_dashes_spaces_and_maps_back() {
        let src = "L\u{2019}Ucraina \u{2013} ha detto \u{00AB}no\u{00BB}.\r\nSecondo  lui\u{2026}";
        let n = normalize(src);
        assert_eq!(n.text, "L'Ucraina - ha detto \"no\".\nSecondo lui...");
        let p = n.text.find("Ucraina").unwrap();
        assert_eq!(
            &src[n.original_offset(p)..n.original_offset(p) + 7],
            "Ucraina"
        );
        let s = n.text.find("Secondo").unwrap();
        assert_eq!(
            &src[n.original_offset(s)..n.original_offset(s) + 7],
            "Secondo"
        );
    }

    #[test]
    fn every_word_maps_back_after_dropped_spaces() {
        for src in [
            "Mosca  e   Kiev\t\tconcordano.\r\n  Poi  \u{2014}  basta",
            "  \u{00A0}Zelensky \u{201C}no\u{201D}  oggi\u{200B}  ieri ` fine",
        ] {
            let n = normalize(src);
            for w in n
                .text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.len() > 2)
            {
                let p = n.text.find(w).unwrap();
                let o = n.original_offset(p);
                assert_eq!(&src[o..o + w.len()], w, "{src:?}: {w}");
            }
        }
    }

    #[test]
    fn composes_to_nfc() {
        let n = normalize("citta\u{0300} e\u{0300}");
        assert_eq!(n.text, "città è");
    }

    #[test]
    fn lowercase_keeps_offsets() {
        let s = "Città ÈİX";
        let l = lowercase_same_len(s);
        assert_eq!(l.len(), s.len());
        assert!(l.starts_with("città è"));
    }
}
