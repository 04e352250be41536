//! Reading gold sets that peers already own, coded in CAMEO: PETRARCH validation records
//! (XML `<Sentence>` with `<Text>` and `<EventCoding sourcecode= eventcode= targetcode=>`)
//! and a plain TSV (`id<TAB>text<TAB>source<TAB>cameo<TAB>target`).
//!
//! Event codes become PLOVER types and modes through the embedded table (`cameo`); actor
//! codes become a country (first three letters, CAMEO aliases applied) plus sector hints.
//! This is a tolerant reader for those two shapes, not a general XML parser: it does not
//! read parse trees, dictionaries or PETRARCH configuration.

use std::path::Path;

use parley_model::Polarity;

use crate::codes::normalize;
use crate::gold::{GoldDoc, GoldEvent};
use crate::LoadError;

/// A CAMEO actor code split into the code gold matching uses and the sector hints after it:
/// `USAGOV` → (`USA`, [`GOV`]); `IGOUNO` → (`IGO`, [`UNO`]); `---REB` → (`REB`, []).
pub fn split_actor(code: &str) -> (Option<String>, Vec<String>) {
    let code = code.trim().to_ascii_uppercase();
    if code.is_empty() || !code.is_ascii() {
        return (None, Vec::new());
    }
    if code.len() <= 3 {
        return (Some(normalize(&code)).filter(|c| c != "---"), Vec::new());
    }
    let mut hints: Vec<String> = code.as_bytes()[3..]
        .chunks(3)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect();
    hints.retain(|h| h != "---");
    let head = &code[..3];
    if head == "---" {
        if hints.is_empty() {
            return (None, hints);
        }
        let first = hints.remove(0);
        return (Some(first), hints);
    }
    (Some(normalize(head)), hints)
}

/// Builds a gold event from one CAMEO coding; `Ok(None)` when the code has no PLOVER type.
fn cameo_event(
    id: String,
    source: &str,
    eventcode: &str,
    target: &str,
) -> Result<Option<GoldEvent>, String> {
    let eventcode = eventcode.trim();
    if eventcode.len() < 2 || eventcode.len() > 4 || !eventcode.chars().all(|c| c.is_ascii_digit())
    {
        return Err(format!(
            "CAMEO event code {eventcode:?} is not 2 to 4 digits"
        ));
    }
    let Some(m) = crate::cameo::lookup(eventcode) else {
        return Ok(None);
    };
    let (src, src_hints) = split_actor(source);
    let (tgt, tgt_hints) = split_actor(target);
    Ok(Some(GoldEvent {
        id,
        event_type: m.plover.clone(),
        sources: src.into_iter().collect(),
        targets: tgt.into_iter().collect(),
        source_sectors: src_hints,
        target_sectors: tgt_hints,
        polarity: Polarity::Positive,
        required: true,
        mode: m.mode.clone().into_iter().collect(),
        context: m.context.clone(),
        cameo: Some(eventcode.to_string()),
        ..Default::default()
    }))
}

fn line_at(text: &str, byte: usize) -> usize {
    text[..byte.min(text.len())].matches('\n').count() + 1
}

fn decode_entities(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

fn squash_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `key="value"` pairs of a tag's attribute text; keys lower-cased.
fn attributes(s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = s.trim_start();
    while let Some(eq) = rest.find('=') {
        let key = rest[..eq].trim().to_ascii_lowercase();
        let after = rest[eq + 1..].trim_start();
        let Some(quote) = after.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            // Unquoted value: up to the next whitespace.
            let end = after.find(char::is_whitespace).unwrap_or(after.len());
            out.push((key, decode_entities(&after[..end])));
            rest = after[end..].trim_start();
            continue;
        };
        let body = &after[1..];
        let end = body.find(quote).unwrap_or(body.len());
        out.push((key, decode_entities(&body[..end])));
        rest = body.get(end + 1..).unwrap_or("").trim_start();
    }
    out
}

fn attr<'a>(attrs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// `19950101` → `1995-01-01`; other shapes are kept as written.
fn iso_date(d: &str) -> String {
    let d = d.trim();
    if d.len() == 8 && d.chars().all(|c| c.is_ascii_digit()) {
        format!("{}-{}-{}", &d[..4], &d[4..6], &d[6..])
    } else {
        d.to_string()
    }
}

/// Byte ranges of `<!-- … -->` comments (an unclosed comment runs to the end).
fn comment_ranges(lower: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some(at) = lower[pos..].find("<!--") {
        let start = pos + at;
        let end = lower[start + 4..]
            .find("-->")
            .map(|e| start + 4 + e + 3)
            .unwrap_or(lower.len());
        out.push((start, end));
        pos = end;
    }
    out
}

/// Positions of `<name` tags (followed by whitespace, `/` or `>`) outside comments.
fn tags(
    lower: &str,
    name: &str,
    from: usize,
    to: usize,
    comments: &[(usize, usize)],
) -> Vec<usize> {
    let needle = format!("<{name}");
    let mut out = Vec::new();
    let mut pos = from;
    while let Some(at) = lower[pos..to].find(&needle) {
        let start = pos + at;
        pos = start + needle.len();
        let next = lower[pos..].chars().next().unwrap_or('>');
        if !(next.is_whitespace() || next == '>' || next == '/') {
            continue;
        }
        if comments.iter().any(|&(a, b)| start >= a && start < b) {
            continue;
        }
        out.push(start);
    }
    out
}

/// Reads PETRARCH validation records: each `<Sentence id= date=>` becomes one document.
/// Records holding `<Skip>` are left out.
pub fn parse_xml(path: &Path, text: &str) -> Result<(Vec<GoldDoc>, Vec<String>), LoadError> {
    let lower = text.to_ascii_lowercase();
    let comments = comment_ranges(&lower);
    let mut docs = Vec::new();
    let mut warnings = Vec::new();
    for start in tags(&lower, "sentence", 0, lower.len(), &comments) {
        let line = line_at(text, start);
        let open_end = lower[start..]
            .find('>')
            .map(|e| start + e)
            .ok_or_else(|| LoadError::invalid(path, line, "unterminated <Sentence> tag"))?;
        let attrs = attributes(&text[start + "<sentence".len()..open_end]);
        let close = lower[open_end..]
            .find("</sentence>")
            .map(|e| open_end + e)
            .ok_or_else(|| LoadError::invalid(path, line, "<Sentence> without </Sentence>"))?;
        let id = attr(&attrs, "id")
            .filter(|s| !s.trim().is_empty())
            .ok_or_else(|| LoadError::invalid(path, line, "<Sentence> without an id attribute"))?
            .trim()
            .to_string();
        if !tags(&lower, "skip", open_end, close, &comments).is_empty() {
            warnings.push(format!(
                "{}:{line}: sentence {id} is marked <Skip>; left out",
                path.display()
            ));
            continue;
        }
        let body_text = tags(&lower, "text", open_end, close, &comments)
            .first()
            .and_then(|&t| {
                let from = t + lower[t..].find('>')? + 1;
                let to = from + lower[from..close].find("</text>")?;
                Some(squash_ws(&decode_entities(&text[from..to])))
            })
            .ok_or_else(|| {
                LoadError::invalid(path, line, format!("sentence {id}: no <Text>…</Text>"))
            })?;
        let mut doc = GoldDoc {
            id: id.clone(),
            text: body_text,
            lang: attr(&attrs, "lang").map(str::to_string),
            published: attr(&attrs, "date").map(iso_date),
            line,
            ..Default::default()
        };
        let mut codings = tags(&lower, "eventcoding", open_end, close, &comments);
        codings.extend(tags(&lower, "eventcodes", open_end, close, &comments));
        codings.sort_unstable();
        let mut said_none = false;
        for (k, at) in codings.into_iter().enumerate() {
            let cline = line_at(text, at);
            let name_len = if lower[at..].starts_with("<eventcodes") {
                11
            } else {
                12
            };
            let end = lower[at..close].find('>').map(|e| at + e).ok_or_else(|| {
                LoadError::invalid(
                    path,
                    cline,
                    format!("sentence {id}: unterminated <EventCoding>"),
                )
            })?;
            let a = attributes(text[at + name_len..end].trim_end_matches('/'));
            if attr(&a, "noevents").is_some() {
                said_none = true;
                continue;
            }
            let code = attr(&a, "eventcode").ok_or_else(|| {
                LoadError::invalid(
                    path,
                    cline,
                    format!("sentence {id}: <EventCoding> without eventcode"),
                )
            })?;
            let source = attr(&a, "sourcecode").unwrap_or("");
            let target = attr(&a, "targetcode").unwrap_or("");
            match cameo_event(format!("{id}#{}", k + 1), source, code, target)
                .map_err(|m| LoadError::invalid(path, cline, format!("sentence {id}: {m}")))?
            {
                Some(ev) => doc.events.push(ev),
                None => warnings.push(format!(
                    "{}:{cline}: sentence {id}: CAMEO {code} has no PLOVER type; event left out",
                    path.display()
                )),
            }
        }
        if said_none && !doc.events.is_empty() {
            return Err(LoadError::invalid(
                path,
                line,
                format!("sentence {id}: noevents together with events"),
            ));
        }
        doc.no_events = said_none || doc.events.is_empty();
        docs.push(doc);
    }
    if docs.is_empty() && warnings.is_empty() {
        return Err(LoadError::invalid(path, 1, "no <Sentence> records found"));
    }
    Ok((docs, warnings))
}

/// Reads `id<TAB>text<TAB>source<TAB>cameo<TAB>target` rows (an optional header starting with
/// `id`, `#` comments). Rows sharing an id are one document with several events; a row with
/// an empty CAMEO code only declares the document.
pub fn parse_tsv(path: &Path, text: &str) -> Result<(Vec<GoldDoc>, Vec<String>), LoadError> {
    let mut docs: Vec<GoldDoc> = Vec::new();
    let mut warnings = Vec::new();
    let mut header_seen = false;
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let raw = raw.trim_end_matches('\r');
        if raw.trim().is_empty() || raw.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = raw.split('\t').collect();
        if !header_seen && cols[0].trim().eq_ignore_ascii_case("id") {
            header_seen = true;
            continue;
        }
        header_seen = true;
        if cols.len() < 5 {
            return Err(LoadError::invalid(
                path,
                line,
                format!(
                    "expected 5 tab-separated columns (id, text, source, cameo, target), found {}",
                    cols.len()
                ),
            ));
        }
        let (id, body, source, code, target) = (
            cols[0].trim(),
            cols[1].trim(),
            cols[2],
            cols[3].trim(),
            cols[4],
        );
        if id.is_empty() {
            return Err(LoadError::invalid(path, line, "empty id"));
        }
        let pos = match docs.iter().position(|d| d.id == id) {
            Some(p) => {
                if !body.is_empty() && docs[p].text != body {
                    return Err(LoadError::invalid(
                        path,
                        line,
                        format!(
                            "document {id:?} repeated with a different text (first on line {})",
                            docs[p].line
                        ),
                    ));
                }
                p
            }
            None => {
                docs.push(GoldDoc {
                    id: id.to_string(),
                    text: body.to_string(),
                    line,
                    ..Default::default()
                });
                docs.len() - 1
            }
        };
        if code.is_empty() {
            continue;
        }
        let doc = &mut docs[pos];
        let ev_id = format!("{id}#{}", doc.events.len() + 1);
        match cameo_event(ev_id, source, code, target)
            .map_err(|m| LoadError::invalid(path, line, m))?
        {
            Some(ev) => doc.events.push(ev),
            None => warnings.push(format!(
                "{}:{line}: CAMEO {code} has no PLOVER type; event left out",
                path.display()
            )),
        }
    }
    for d in &mut docs {
        d.no_events = d.events.is_empty();
    }
    Ok((docs, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actor_codes_split_into_country_and_hints() {
        assert_eq!(
            split_actor("USAGOV"),
            (Some("USA".into()), vec!["GOV".into()])
        );
        assert_eq!(
            split_actor("JAPMILGOV"),
            (Some("JPN".into()), vec!["MIL".into(), "GOV".into()])
        );
        assert_eq!(
            split_actor("IGOUNO"),
            (Some("IGO".into()), vec!["UNO".into()])
        );
        assert_eq!(split_actor("---REB"), (Some("REB".into()), vec![]));
        assert_eq!(split_actor("ITL"), (Some("ITA".into()), vec![]));
        assert_eq!(split_actor(""), (None, vec![]));
    }

    const XML: &str = r#"<Validation>
<Sentences>
<!-- <Sentence id="COMMENTED" date="20000101"> </Sentence> -->
<Sentence date="19950101" id="DEMO-01" category="DEMO">
  <EventCoding sourcecode="ARN" targetcode="GONGOV" eventcode="064">
  <Text>
  Arnor is about to restore full diplomatic ties with Gondor &amp; friends.
  </Text>
</Sentence>
<Sentence date="19950102" id="DEMO-02">
  <EventCoding noevents="True"/>
  <Text>Nothing happened.</Text>
</Sentence>
<Sentence date="19950103" id="DEMO-03">
  <EventCoding sourcecode="USA" targetcode="RUS" eventcode="010"/>
  <EventCoding sourcecode="USA" targetcode="RUS" eventcode="0871"/>
  <Text>The US declared a truce with Russia.</Text>
</Sentence>
<Sentence date="19950104" id="DEMO-04"><Skip/><Text>x</Text></Sentence>
</Sentences></Validation>"#;

    #[test]
    fn reads_petrarch_validation_records() {
        let (docs, warnings) = parse_xml(Path::new("v.xml"), XML).unwrap();
        let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["DEMO-01", "DEMO-02", "DEMO-03"]);
        let d = &docs[0];
        assert_eq!(d.published.as_deref(), Some("1995-01-01"));
        assert_eq!(
            d.text,
            "Arnor is about to restore full diplomatic ties with Gondor & friends."
        );
        assert_eq!(d.line, 4);
        let e = &d.events[0];
        assert_eq!(
            (e.event_type.as_str(), e.sources.clone(), e.targets.clone()),
            (
                "COOPERATE",
                vec!["ARN".to_string()],
                vec!["GON".to_string()]
            )
        );
        assert_eq!(e.target_sectors, vec!["GOV".to_string()]);
        assert!(docs[1].no_events && docs[1].events.is_empty());
        assert_eq!(docs[2].events.len(), 1);
        assert_eq!(docs[2].events[0].event_type, "RETREAT");
        assert_eq!(docs[2].events[0].mode, vec!["ceasefire".to_string()]);
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(
            warnings[0].contains("v.xml:15") && warnings[0].contains("010"),
            "{warnings:?}"
        );
    }

    #[test]
    fn xml_errors_have_lines() {
        let bad = "<Sentences>\n<Sentence id=\"a\">\n<EventCoding sourcecode=\"USA\" eventcode=\"abc\">\n<Text>t</Text></Sentence>";
        let e = parse_xml(Path::new("b.xml"), bad).unwrap_err().to_string();
        assert!(e.starts_with("b.xml:3:") && e.contains("abc"), "{e}");
        let e = parse_xml(Path::new("b.xml"), "<Sentence id=\"a\">\n<Text>t</Text>")
            .unwrap_err()
            .to_string();
        assert!(e.contains("</Sentence>"), "{e}");
    }

    #[test]
    fn reads_tsv_rows() {
        let tsv = "id\ttext\tsource\tcameo\ttarget\n# comment\n\
                   s1\tRussia and Ukraine met.\tRUSGOV\t046\tUKRGOV\n\
                   s1\t\tUKR\t1041\tRUS\n\
                   s2\tNothing.\t\t\t\n";
        let (docs, w) = parse_tsv(Path::new("g.tsv"), tsv).unwrap();
        assert!(w.is_empty());
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].events.len(), 2);
        assert_eq!(docs[0].events[0].event_type, "CONSULT");
        assert_eq!(docs[0].events[1].event_type, "REQUEST");
        assert_eq!(docs[0].events[1].mode, vec!["change".to_string()]);
        assert!(docs[1].no_events);
        let e = parse_tsv(Path::new("g.tsv"), "a\tb\tc\n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("g.tsv:1:"), "{e}");
    }
}
