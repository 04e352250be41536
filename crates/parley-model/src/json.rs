//! Writing an [`EventRecord`] as one line of JSON, fast: the same bytes as
//! `serde_json::to_writer`, about three times sooner.
//!
//! `parley code` writes one line per event, and serde_json's generic path (every key
//! escaped byte by byte, every fragment a separate write) had become a tenth of the
//! coder's time. Here keys are constants and strings are scanned eight bytes at a time
//! for the few bytes JSON must escape. It writes only; reading stays with serde, and the
//! serde derive on [`EventRecord`] stays the definition of the format (a test compares
//! both on records full of escapes, non-ASCII text, nulls and numbers).

use crate::{Actor, EventRecord, Place, Quantity, TextInfo};

impl EventRecord {
    /// Appends the record's JSON (no newline) to `out`: byte for byte what
    /// `serde_json::to_writer` writes.
    pub fn write_json(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"{\"id\":");
        string(out, &self.id);
        out.extend_from_slice(b",\"doc_id\":");
        string(out, &self.doc_id);
        out.extend_from_slice(b",\"event\":");
        string(out, &self.event);
        out.extend_from_slice(b",\"mode\":");
        list(out, &self.mode, |o, x| string(o, x));
        out.extend_from_slice(b",\"context\":");
        list(out, &self.context, |o, x| string(o, x));
        out.extend_from_slice(b",\"actor\":");
        list(out, &self.actor, actor);
        out.extend_from_slice(b",\"recipient\":");
        list(out, &self.recipient, actor);
        out.extend_from_slice(b",\"polarity\":");
        string(out, self.polarity.as_str());
        out.extend_from_slice(b",\"modality\":");
        list(out, &self.modality, |o, x| string(o, x));
        out.extend_from_slice(b",\"attribution\":");
        match &self.attribution {
            Some(a) => actor(out, a),
            None => out.extend_from_slice(b"null"),
        }
        out.extend_from_slice(b",\"date\":");
        opt_string(out, self.date.as_deref());
        out.extend_from_slice(b",\"event_loc\":");
        match &self.event_loc {
            Some(p) => place(out, p),
            None => out.extend_from_slice(b"null"),
        }
        out.extend_from_slice(b",\"quantities\":");
        list(out, &self.quantities, quantity);
        out.extend_from_slice(b",\"cameo\":");
        opt_string(out, self.cameo.as_deref());
        out.extend_from_slice(b",\"text_info\":");
        text_info(out, &self.text_info);
        if !self.more_evidence.is_empty() {
            out.extend_from_slice(b",\"more_evidence\":");
            list(out, &self.more_evidence, text_info);
        }
        out.extend_from_slice(b",\"rule\":");
        string(out, &self.rule);
        out.extend_from_slice(b",\"language\":");
        string(out, &self.language);
        out.extend_from_slice(b",\"coder\":");
        string(out, &self.coder);
        out.push(b'}');
    }
}

fn actor(out: &mut Vec<u8>, a: &Actor) {
    out.extend_from_slice(b"{\"name\":");
    string(out, &a.name);
    out.extend_from_slice(b",\"code\":");
    opt_string(out, a.code.as_deref());
    out.extend_from_slice(b",\"sector\":");
    opt_string(out, a.sector.as_deref());
    out.extend_from_slice(b",\"role\":");
    opt_string(out, a.role.as_deref());
    out.extend_from_slice(b",\"wikidata\":");
    opt_string(out, a.wikidata.as_deref());
    out.extend_from_slice(b",\"text\":");
    string(out, &a.text);
    out.push(b'}');
}

fn place(out: &mut Vec<u8>, p: &Place) {
    out.extend_from_slice(b"{\"name\":");
    string(out, &p.name);
    out.extend_from_slice(b",\"country_code\":");
    opt_string(out, p.country_code.as_deref());
    out.extend_from_slice(b",\"lat\":");
    opt_float(out, p.lat);
    out.extend_from_slice(b",\"lon\":");
    opt_float(out, p.lon);
    out.extend_from_slice(b",\"feature\":");
    opt_string(out, p.feature.as_deref());
    out.extend_from_slice(b",\"geonameid\":");
    match p.geonameid {
        Some(id) if id < 0 => {
            out.push(b'-');
            integer(out, id.unsigned_abs());
        }
        Some(id) => integer(out, id as u64),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"text\":");
    string(out, &p.text);
    out.push(b'}');
}

fn quantity(out: &mut Vec<u8>, q: &Quantity) {
    out.extend_from_slice(b"{\"value\":");
    float(out, q.value);
    out.extend_from_slice(b",\"unit\":");
    string(out, &q.unit);
    out.extend_from_slice(b",\"text\":");
    string(out, &q.text);
    out.push(b'}');
}

fn text_info(out: &mut Vec<u8>, t: &TextInfo) {
    out.extend_from_slice(b"{\"sentence\":");
    integer(out, t.sentence as u64);
    out.extend_from_slice(b",\"start\":");
    integer(out, t.start as u64);
    out.extend_from_slice(b",\"end\":");
    integer(out, t.end as u64);
    out.extend_from_slice(b",\"text\":");
    string(out, &t.text);
    out.push(b'}');
}

fn list<T>(out: &mut Vec<u8>, items: &[T], write: fn(&mut Vec<u8>, &T)) {
    out.push(b'[');
    for (i, x) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write(out, x);
    }
    out.push(b']');
}

fn opt_string(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => string(out, s),
        None => out.extend_from_slice(b"null"),
    }
}

fn opt_float(out: &mut Vec<u8>, f: Option<f64>) {
    match f {
        Some(f) => float(out, f),
        None => out.extend_from_slice(b"null"),
    }
}

/// An unsigned integer in decimal.
fn integer(out: &mut Vec<u8>, n: u64) {
    out.extend_from_slice(crate::decimal(n, &mut [0u8; 20]));
}

/// Floats go through serde_json itself (rare, and its float format is the reference).
fn float(out: &mut Vec<u8>, f: f64) {
    if serde_json::to_writer(&mut *out, &f).is_err() {
        // writing to a Vec cannot fail; keep the line valid JSON all the same
        out.extend_from_slice(b"null");
    }
}

/// Whether any byte of `w` is below 0x20, a quote or a backslash (the bytes JSON escapes).
#[inline]
fn needs_escape(w: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // a byte b < n sets its high bit in (b - n) & !b (no false positives for n <= 0x80)
    let below = w.wrapping_sub(ONES * 0x20) & !w;
    let q = w ^ (ONES * b'"' as u64);
    let quote = q.wrapping_sub(ONES) & !q;
    let s = w ^ (ONES * b'\\' as u64);
    let slash = s.wrapping_sub(ONES) & !s;
    (below | quote | slash) & HIGHS != 0
}

/// Whether JSON must escape byte `c`.
#[inline]
fn escaped(c: u8) -> bool {
    c < 0x20 || c == b'"' || c == b'\\'
}

/// The index of the first byte of `b` JSON must escape, or `b.len()`.
#[inline]
fn clean_prefix(b: &[u8]) -> usize {
    let mut i = 0;
    while let Some(w) = b.get(i..i + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(w);
        if needs_escape(u64::from_le_bytes(word)) {
            break;
        }
        i += 8;
    }
    while i < b.len() && !escaped(b[i]) {
        i += 1;
    }
    i
}

/// A JSON string: quoted, with `"`, `\` and control characters escaped as serde_json
/// escapes them (short forms for \b \t \n \f \r, `\u00xx` for the rest).
fn string(out: &mut Vec<u8>, s: &str) {
    let mut b = s.as_bytes();
    out.reserve(b.len() + 2);
    out.push(b'"');
    loop {
        // the text up to the next byte to escape goes out in one piece
        let i = clean_prefix(b);
        out.extend_from_slice(&b[..i]);
        let Some(&c) = b.get(i) else { break };
        let short = match c {
            b'"' => b'"',
            b'\\' => b'\\',
            0x08 => b'b',
            0x09 => b't',
            0x0A => b'n',
            0x0C => b'f',
            0x0D => b'r',
            _ => b'u',
        };
        out.push(b'\\');
        out.push(short);
        if short == b'u' {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(b"00");
            out.push(HEX[(c >> 4) as usize]);
            out.push(HEX[(c & 0xF) as usize]);
        }
        b = &b[i + 1..];
    }
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Polarity;

    fn same_as_serde(ev: &EventRecord) {
        let mut fast = Vec::new();
        ev.write_json(&mut fast);
        let reference = serde_json::to_vec(ev).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&fast),
            String::from_utf8_lossy(&reference)
        );
    }

    fn actor_named(name: &str) -> Actor {
        Actor {
            name: name.into(),
            code: Some("UKR".into()),
            sector: None,
            role: Some("capo \"delegato\"".into()),
            wikidata: Some("Q1".into()),
            text: name.into(),
        }
    }

    #[test]
    fn writes_what_serde_writes() {
        // every byte below 0x20, quotes and backslashes at every offset modulo 8,
        // non-ASCII letters and a 4-byte character
        let mut tricky = String::from("Il \"capo\" C:\\dir ha detto: «sì» — 😀 ");
        for c in 0u8..0x20 {
            tricky.push(c as char);
            tricky.push_str("ab\\cd\"");
        }
        tricky.push('\u{7f}');
        let ev = EventRecord {
            id: "8ecebe9ec813887b".into(),
            doc_id: "doc \"1\"".into(),
            event: "AGREE".into(),
            mode: vec!["visit".into(), "".into()],
            context: vec![],
            actor: vec![actor_named("Rustem Umerov"), actor_named(&tricky)],
            recipient: vec![Actor::default()],
            polarity: Polarity::Negative,
            modality: vec!["reported".into()],
            attribution: Some(actor_named("Lavrov")),
            date: Some("2025-05-16".into()),
            event_loc: Some(Place {
                name: "Istanbul".into(),
                country_code: Some("TUR".into()),
                lat: Some(41.0082),
                lon: Some(-28.97),
                feature: Some("city".into()),
                geonameid: Some(-745044),
                text: "a Istanbul".into(),
            }),
            quantities: vec![
                Quantity {
                    value: 1000.0,
                    unit: "prisoner".into(),
                    text: "mille prigionieri".into(),
                },
                Quantity {
                    value: 2.5e21,
                    unit: "".into(),
                    text: tricky.clone(),
                },
            ],
            cameo: None,
            text_info: TextInfo {
                sentence: 3,
                start: 84,
                end: usize::MAX,
                text: tricky.clone(),
            },
            more_evidence: vec![TextInfo::default()],
            rule: "it.agree.concordare".into(),
            language: "it".into(),
            coder: crate::coder_tag(),
        };
        same_as_serde(&ev);
        same_as_serde(&EventRecord::default());
        let no_place = EventRecord {
            event_loc: Some(Place {
                geonameid: Some(0),
                ..Place::default()
            }),
            attribution: None,
            more_evidence: vec![],
            ..ev
        };
        same_as_serde(&no_place);
    }

    #[test]
    fn escapes_only_what_json_needs() {
        let mut out = Vec::new();
        string(&mut out, "abcdefgh\"ijklmnop\n\u{1}é");
        assert_eq!(
            std::str::from_utf8(&out).unwrap(),
            r#""abcdefgh\"ijklmnop\n\u0001é""#
        );
        for n in 0..40 {
            let s: String = "x".repeat(n) + "\\" + &"y".repeat(n);
            let mut out = Vec::new();
            string(&mut out, &s);
            assert_eq!(out, serde_json::to_vec(&s).unwrap(), "{s}");
        }
    }
}
