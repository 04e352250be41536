//! HTML pages: charset decoding, metadata (title, publication date, canonical
//! URL, language from `<html lang>`, `og:*`, `article:published_time`, JSON-LD
//! `datePublished`, `<link rel=canonical>`) and main-text extraction with
//! dom_smoothie (a Readability port), falling back to the page body minus
//! navigation, scripts and boilerplate when no article is found.
//!
//! Also strips HTML fragments (feed item descriptions) to text. Not for fetching
//! pages, following links or rendering.

use dom_query::Document as Dom;
use dom_smoothie::{Config, Readability, TextMode};
use parley_model::Document;
use serde_json::Value;

use crate::decode::decode_markup;
use crate::{normalize_date, normalize_lang, ErrorKind, ReadError, ReadOptions};

/// What to use when the page itself does not tell.
pub(crate) struct Fallback {
    /// Document id when the page has no canonical URL.
    pub(crate) id: String,
    /// URL when the page has none (e.g. WARC-Target-URI).
    pub(crate) url: Option<String>,
    /// Publication date when the page has none (e.g. WARC-Date).
    pub(crate) published: Option<String>,
}

/// Selectors for page furniture removed before the fallback extraction.
const NOISE: &str = "script, style, noscript, template, iframe, svg, form, button, nav, header, footer, aside, \
     [role=navigation], [role=banner], [role=contentinfo], [aria-hidden=true], \
     [class*=cookie], [id*=cookie], [class*=share], [class*=social], [class*=comment], [id*=comment], \
     [class*=newsletter], [class*=related], [class*=banner], [class*=menu], [id*=menu], [class*=breadcrumb]";

/// Collapses whitespace inside lines, trims them and drops empty ones.
pub(crate) fn clean_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for line in s.lines() {
        let mut first = true;
        for w in line.split_whitespace() {
            if first {
                if !out.is_empty() {
                    out.push('\n');
                }
                first = false;
            } else {
                out.push(' ');
            }
            out.push_str(w);
        }
    }
    out
}

/// Text of an HTML fragment (entities decoded, tags dropped, blocks on their own lines).
pub(crate) fn fragment_text(html: &str) -> String {
    if !html.contains('<') && !html.contains('&') {
        return clean_text(html);
    }
    let dom = Dom::fragment(html);
    dom.select("script, style").remove();
    clean_text(&dom.formatted_text())
}

#[derive(Default, Debug)]
struct PageMeta {
    title: Option<String>,
    published: Option<String>,
    canonical: Option<String>,
    og_url: Option<String>,
    lang: Option<String>,
}

fn non_empty(s: impl AsRef<str>) -> Option<String> {
    let t = s.as_ref().trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// Finds `key` anywhere in a JSON-LD value (objects, arrays, `@graph`).
fn json_find(v: &Value, key: &str) -> Option<String> {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(s)) = m.get(key) {
                return non_empty(s);
            }
            m.values().find_map(|x| json_find(x, key))
        }
        Value::Array(a) => a.iter().find_map(|x| json_find(x, key)),
        _ => None,
    }
}

fn page_meta(dom: &Dom) -> PageMeta {
    let mut m = PageMeta::default();
    let mut og_title = None;
    let mut meta_date = None;
    let mut og_locale = None;
    let mut content_language = None;
    for node in dom.select("meta").nodes() {
        let Some(content) = node.attr("content").and_then(non_empty) else {
            continue;
        };
        let key = node
            .attr("property")
            .or_else(|| node.attr("name"))
            .or_else(|| node.attr("itemprop"))
            .or_else(|| node.attr("http-equiv"))
            .map(|k| k.to_ascii_lowercase())
            .unwrap_or_default();
        match key.as_str() {
            "og:title" | "twitter:title" => {
                og_title.get_or_insert(content);
            }
            "og:url" => {
                m.og_url.get_or_insert(content);
            }
            "og:locale" => {
                og_locale.get_or_insert(content);
            }
            "content-language" | "language" | "dc.language" => {
                content_language.get_or_insert(content);
            }
            "article:published_time"
            | "og:published_time"
            | "datepublished"
            | "date"
            | "pubdate"
            | "publishdate"
            | "publish-date"
            | "dc.date"
            | "dc.date.issued"
            | "dcterms.created"
            | "dcterms.issued"
            | "sailthru.date"
            | "parsely-pub-date" => {
                meta_date.get_or_insert(content);
            }
            _ => {}
        }
    }
    let mut ld_date = None;
    let mut ld_headline = None;
    let mut ld_lang = None;
    for node in dom.select("script[type='application/ld+json']").nodes() {
        if let Ok(v) = serde_json::from_str::<Value>(node.text().trim()) {
            ld_date = ld_date.or_else(|| json_find(&v, "datePublished"));
            ld_headline = ld_headline.or_else(|| json_find(&v, "headline"));
            ld_lang = ld_lang.or_else(|| json_find(&v, "inLanguage"));
        }
    }
    m.canonical = dom
        .select("link[rel='canonical']")
        .nodes()
        .iter()
        .find_map(|n| n.attr("href").and_then(non_empty))
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    let html_lang = dom
        .select("html")
        .nodes()
        .first()
        .and_then(|n| n.attr("lang").or_else(|| n.attr("xml:lang")));
    m.lang = html_lang
        .and_then(|l| normalize_lang(&l))
        .or_else(|| content_language.and_then(|l| normalize_lang(&l)))
        .or_else(|| og_locale.and_then(|l| normalize_lang(&l)))
        .or_else(|| ld_lang.and_then(|l| normalize_lang(&l)));
    let doc_title = dom
        .select("title")
        .nodes()
        .first()
        .and_then(|n| non_empty(n.text()));
    m.title = og_title
        .or(ld_headline)
        .or(doc_title)
        .map(|t| clean_text(&t));
    m.published = meta_date
        .as_deref()
        .and_then(normalize_date)
        .or_else(|| ld_date.as_deref().and_then(normalize_date))
        .or_else(|| {
            dom.select("time[datetime]")
                .nodes()
                .first()
                .and_then(|n| n.attr("datetime"))
                .and_then(|d| normalize_date(&d))
        });
    m
}

fn fallback_text(html: &str) -> String {
    let dom = Dom::from(html);
    dom.select(NOISE).remove();
    let root = dom.select("article");
    let text = if root.exists() {
        root.formatted_text()
    } else {
        dom.select("body").formatted_text()
    };
    clean_text(&text)
}

/// Extracts one document from an HTML page. `content_type` is the HTTP header
/// when known (its charset wins over the page's own declaration). The second
/// value is a warning when the page was invalid UTF-8 (decoded lossily).
pub(crate) fn html_document(
    name: &str,
    bytes: &[u8],
    content_type: Option<&str>,
    fallback: &Fallback,
    opts: &ReadOptions,
) -> Result<(Document, Option<ReadError>), ReadError> {
    let decoded = decode_markup(bytes, content_type);
    let warning = decoded.first_invalid.map(|off| {
        ReadError::new(
            name,
            ErrorKind::InvalidUtf8,
            format!(
                "invalid UTF-8 at byte offset {off}; decoded with U+FFFD replacement characters"
            ),
        )
    });
    let html = decoded.text;
    if !html.contains('<') {
        return Err(ReadError::new(
            name,
            ErrorKind::Html,
            "no HTML markup found",
        ));
    }
    let dom = Dom::from(html.as_str());
    let meta = page_meta(&dom);
    let cfg = Config {
        text_mode: TextMode::Formatted,
        max_elements_to_parse: 200_000,
        ..Default::default()
    };
    let article = Readability::with_document(dom, None, Some(cfg))
        .ok()
        .and_then(|mut r| r.parse().ok());
    let mut text = article
        .as_ref()
        .map(|a| clean_text(&a.text_content))
        .unwrap_or_default();
    if text.len() < 80 {
        // Too short to trust the article finder (it may have picked a menu):
        // take the body without navigation and furniture instead.
        text = fallback_text(&html);
    }
    if text.is_empty() {
        return Err(ReadError::new(
            name,
            ErrorKind::NoText,
            "no article text found in the page",
        ));
    }
    let title = meta
        .title
        .or_else(|| article.as_ref().and_then(|a| non_empty(&a.title)));
    let published = meta
        .published
        .or_else(|| {
            article
                .as_ref()
                .and_then(|a| a.published_time.as_deref().and_then(normalize_date))
        })
        .or_else(|| fallback.published.clone())
        .or_else(|| opts.published.as_deref().and_then(normalize_date));
    let lang = meta
        .lang
        .or_else(|| {
            article
                .as_ref()
                .and_then(|a| a.lang.as_deref().and_then(normalize_lang))
        })
        .or_else(|| opts.lang.clone());
    let page_url = meta.canonical.or(meta.og_url);
    let (id, url) = match &fallback.url {
        // Archived response: the record id and the fetched URL are authoritative.
        Some(u) => (fallback.id.clone(), Some(u.clone())),
        None => (
            page_url.clone().unwrap_or_else(|| fallback.id.clone()),
            page_url,
        ),
    };
    Ok((
        Document {
            id,
            text,
            published,
            lang,
            title,
            url,
            source: Some(name.to_string()),
        },
        warning,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_are_stripped() {
        assert_eq!(
            fragment_text("<p>Uno &amp; due</p><p>tre<br>quattro</p>"),
            "Uno & due\ntre\nquattro"
        );
        assert_eq!(fragment_text("  plain   text "), "plain text");
    }
}
