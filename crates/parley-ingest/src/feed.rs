//! RSS (0.9x, 1.0, 2.0) and Atom feeds saved as files: each `<item>`/`<entry>`
//! becomes a document (text from `content:encoded`/`content`/`description`/
//! `summary` with HTML stripped, title, link, date, language from the item,
//! `<language>` or `xml:lang`). Parsed with quick-xml; the charset comes from the
//! XML declaration or BOM. A feed that breaks mid-way yields the items read so far
//! and then one error naming the line.
//!
//! Not for JSON Feed, OPML, podcasts' enclosures or fetching the linked pages.

use std::collections::HashMap;

use parley_model::Document;
use quick_xml::escape::{resolve_html5_entity, resolve_xml_entity};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::decode::decode_markup;
use crate::html::{clean_text, fragment_text};
use crate::split::split_document;
use crate::{normalize_date, normalize_lang, ErrorKind, ReadError, ReadOptions};

const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "tr",
];

struct Item {
    /// Depth of the stack at which the item element sits.
    depth: usize,
    fields: HashMap<String, String>,
    link: Option<String>,
    lang: Option<String>,
    capture: Option<String>,
    buf: String,
}

fn local(e: &BytesStart) -> String {
    String::from_utf8_lossy(e.local_name().as_ref()).to_ascii_lowercase()
}

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.try_get_attribute(name)
        .ok()
        .flatten()
        .and_then(|a| a.unescape_value().ok().map(|v| v.trim().to_string()))
        .filter(|v| !v.is_empty())
}

fn line_of(text: &str, pos: u64) -> usize {
    let end = (pos as usize).min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Reads every item of a feed file (already in memory, at most `max_markup_bytes`).
pub(crate) fn feed_documents(
    name: &str,
    bytes: &[u8],
    opts: &ReadOptions,
) -> Vec<Result<Document, ReadError>> {
    let mut out = Vec::new();
    let decoded = decode_markup(bytes, None);
    if let Some(off) = decoded.first_invalid {
        out.push(Err(ReadError::new(
            name,
            ErrorKind::InvalidUtf8,
            format!(
                "invalid UTF-8 at byte offset {off}; decoded with U+FFFD replacement characters"
            ),
        )));
    }
    let xml = decoded.text;
    let mut reader = Reader::from_str(&xml);
    reader.config_mut().trim_text(false);
    let mut stack: Vec<String> = Vec::new();
    let mut item: Option<Item> = None;
    let mut feed_lang: Option<String> = None;
    let mut lang_capture: Option<String> = None;
    let mut n_items = 0usize;
    let mut saw_root = false;

    loop {
        let ev = match reader.read_event() {
            Ok(ev) => ev,
            Err(e) => {
                let line = line_of(&xml, reader.error_position());
                out.push(Err(ReadError::new(
                    format!("{name}:{line}"),
                    ErrorKind::Feed,
                    format!("malformed feed XML: {e}; {n_items} item(s) read before it"),
                )));
                return out;
            }
        };
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let is_empty = matches!(ev, Event::Empty(_));
                let l = local(e);
                if stack.is_empty() && matches!(l.as_str(), "rss" | "feed" | "rdf") {
                    saw_root = true;
                }
                if stack.is_empty() || l == "feed" || l == "channel" {
                    if let Some(lg) = attr(e, "xml:lang") {
                        feed_lang = normalize_lang(&lg);
                    }
                }
                stack.push(l.clone());
                match item.as_mut() {
                    None if l == "item" || l == "entry" => {
                        item = Some(Item {
                            depth: stack.len(),
                            fields: HashMap::new(),
                            link: None,
                            lang: attr(e, "xml:lang").and_then(|x| normalize_lang(&x)),
                            capture: None,
                            buf: String::new(),
                        });
                    }
                    None if l == "language" => lang_capture = Some(String::new()),
                    Some(it) if stack.len() == it.depth + 1 => {
                        if l == "link" {
                            let rel = attr(e, "rel");
                            if let Some(href) = attr(e, "href") {
                                if rel.as_deref().is_none_or(|r| r == "alternate")
                                    && it.link.is_none()
                                {
                                    it.link = Some(href);
                                }
                            }
                        }
                        it.capture = Some(l.clone());
                        it.buf.clear();
                    }
                    Some(it) if it.capture.is_some() && BLOCKS.contains(&l.as_str()) => {
                        it.buf.push('\n')
                    }
                    _ => {}
                }
                if is_empty {
                    end_element(
                        &mut stack,
                        &mut item,
                        &mut out,
                        &mut n_items,
                        &feed_lang,
                        name,
                        opts,
                    );
                }
            }
            Event::End(_) => {
                if let Some(lg) = lang_capture.take() {
                    feed_lang = normalize_lang(&lg).or(feed_lang);
                }
                end_element(
                    &mut stack,
                    &mut item,
                    &mut out,
                    &mut n_items,
                    &feed_lang,
                    name,
                    opts,
                );
            }
            Event::Text(t) => {
                let s = t.decode().unwrap_or_default();
                if let Some(lc) = lang_capture.as_mut() {
                    lc.push_str(&s);
                } else if let Some(it) = item.as_mut().filter(|it| it.capture.is_some()) {
                    it.buf.push_str(&s);
                }
            }
            Event::CData(c) => {
                if let Some(it) = item.as_mut().filter(|it| it.capture.is_some()) {
                    it.buf.push_str(&c.decode().unwrap_or_default());
                }
            }
            Event::GeneralRef(r) => {
                let resolved: String = if r.is_char_ref() {
                    r.resolve_char_ref()
                        .ok()
                        .flatten()
                        .map(String::from)
                        .unwrap_or_default()
                } else {
                    let ent = r.decode().unwrap_or_default();
                    resolve_xml_entity(&ent)
                        .or_else(|| resolve_html5_entity(&ent))
                        .map(String::from)
                        .unwrap_or_else(|| format!("&{ent};"))
                };
                if let Some(lc) = lang_capture.as_mut() {
                    lc.push_str(&resolved);
                } else if let Some(it) = item.as_mut().filter(|it| it.capture.is_some()) {
                    it.buf.push_str(&resolved);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if n_items == 0
        && out
            .iter()
            .all(|r| r.as_ref().is_err_and(|e| e.is_warning()))
    {
        let msg = if saw_root {
            "feed has no items"
        } else {
            "not an RSS or Atom feed (no <rss>, <feed> or <rdf:RDF> root)"
        };
        out.push(Err(ReadError::new(name, ErrorKind::Feed, msg)));
    }
    out
}

fn end_element(
    stack: &mut Vec<String>,
    item: &mut Option<Item>,
    out: &mut Vec<Result<Document, ReadError>>,
    n_items: &mut usize,
    feed_lang: &Option<String>,
    name: &str,
    opts: &ReadOptions,
) {
    let depth = stack.len();
    stack.pop();
    let Some(it) = item.as_mut() else { return };
    if depth == it.depth + 1 {
        if let Some(key) = it.capture.take() {
            let val = std::mem::take(&mut it.buf);
            if !val.trim().is_empty() {
                it.fields.entry(key).or_insert(val);
            }
        }
    } else if depth == it.depth {
        if let Some(done) = item.take() {
            *n_items += 1;
            match item_document(done, *n_items, feed_lang, name, opts) {
                Ok(doc) => out.extend(split_document(doc, opts.max_doc_bytes).into_iter().map(Ok)),
                Err(e) => out.push(Err(e)),
            }
        }
    }
}

fn item_document(
    it: Item,
    n: usize,
    feed_lang: &Option<String>,
    name: &str,
    opts: &ReadOptions,
) -> Result<Document, ReadError> {
    let source = format!("{name}#item-{n}");
    let f = |k: &str| it.fields.get(k).map(|s| s.trim()).filter(|s| !s.is_empty());
    let title = f("title").map(fragment_text).filter(|t| !t.is_empty());
    let body = ["encoded", "content", "description", "summary"]
        .iter()
        .filter_map(|k| f(k))
        .map(fragment_text)
        .find(|t| !t.is_empty());
    let text = match (body, &title) {
        (Some(b), _) => b,
        (None, Some(t)) => t.clone(),
        (None, None) => {
            return Err(ReadError::new(
                source,
                ErrorKind::NoText,
                "feed item has no title, description or content",
            ))
        }
    };
    let link = it
        .link
        .clone()
        .or_else(|| f("link").map(clean_text))
        .filter(|l| !l.is_empty());
    let guid = f("guid").or_else(|| f("id")).map(clean_text);
    let published = [
        "pubdate",
        "published",
        "date",
        "issued",
        "updated",
        "modified",
    ]
    .iter()
    .filter_map(|k| f(k))
    .find_map(normalize_date)
    .or_else(|| opts.published.as_deref().and_then(normalize_date));
    let id = link.clone().or(guid).unwrap_or_else(|| source.clone());
    let lang = it
        .lang
        .clone()
        .or_else(|| feed_lang.clone())
        .or_else(|| opts.lang.clone());
    Ok(Document {
        id,
        text,
        published,
        lang,
        title,
        url: link,
        source: Some(source),
    })
}
