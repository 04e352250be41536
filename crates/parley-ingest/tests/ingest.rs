//! End-to-end tests of parley-ingest on fixture files that look like the real
//! thing (news page, feeds, WARC, JSONL, broken inputs). Not unit tests of the
//! helpers: those live next to the code.

use std::io::Write;
use std::path::{Path, PathBuf};

use parley_ingest::{
    detect_format, read_path, read_reader, Document, ErrorKind, InputFormat, ReadError, ReadOptions,
};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn read_all(path: &Path) -> Vec<Result<Document, ReadError>> {
    read_path(path, &ReadOptions::default()).collect()
}

fn docs(items: &[Result<Document, ReadError>]) -> Vec<&Document> {
    items.iter().filter_map(|r| r.as_ref().ok()).collect()
}

fn errors(items: &[Result<Document, ReadError>]) -> Vec<&ReadError> {
    items.iter().filter_map(|r| r.as_ref().err()).collect()
}

fn tmpdir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("parley-ingest-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn html_news_page_article_and_metadata() {
    let items = read_all(&fixture("news_page.html"));
    assert!(errors(&items).is_empty(), "{:?}", errors(&items));
    let d = docs(&items);
    assert_eq!(d.len(), 1);
    let doc = d[0];
    assert!(
        doc.text
            .contains("Envoys from the two warring neighbours agreed on Friday"),
        "{}",
        doc.text
    );
    assert!(doc
        .text
        .contains("neither government had yet named the head of its delegation"));
    for junk in [
        "cookie",
        "Subscribe now",
        "Share on Facebook",
        "reader42",
        "Heard it all before",
        "All rights reserved",
        "trackme",
        "Related stories",
        "morning briefing",
    ] {
        assert!(
            !doc.text.contains(junk),
            "boilerplate {junk:?} in:\n{}",
            doc.text
        );
    }
    // Paragraphs stay separate.
    assert!(doc.text.lines().count() >= 5, "{}", doc.text);
    assert_eq!(
        doc.id,
        "https://news.example.org/world/2024/03/15/envoys-geneva-talks"
    );
    assert_eq!(
        doc.url.as_deref(),
        Some("https://news.example.org/world/2024/03/15/envoys-geneva-talks")
    );
    assert_eq!(
        doc.title.as_deref(),
        Some("Envoys agree to resume ceasefire talks in Geneva")
    );
    assert_eq!(doc.published.as_deref(), Some("2024-03-15"));
    assert_eq!(doc.lang.as_deref(), Some("en"));
    assert!(doc.source.as_deref().unwrap().ends_with("news_page.html"));
}

#[test]
fn latin1_html_is_decoded() {
    let items = read_all(&fixture("latin1.html"));
    let d = docs(&items);
    assert_eq!(d.len(), 1, "{:?}", errors(&items));
    let doc = d[0];
    assert!(
        doc.text
            .contains("l'accordo sarà operativo dal prossimo gennaio"),
        "{}",
        doc.text
    );
    assert!(!doc.text.contains('\u{FFFD}'));
    assert!(!doc.text.contains("P.IVA"), "{}", doc.text);
    assert_eq!(doc.lang.as_deref(), Some("it"));
    assert_eq!(doc.published.as_deref(), Some("2023-11-07"));
    assert!(doc.id.ends_with("latin1.html"));
}

#[test]
fn rss_feed_items() {
    let items = read_all(&fixture("feed_rss.xml"));
    assert!(errors(&items).is_empty(), "{:?}", errors(&items));
    let d = docs(&items);
    assert_eq!(d.len(), 3);
    assert_eq!(
        d[0].id,
        "https://agenzia.example.it/esteri/2024/04/02/roma-ankara-accordo"
    );
    assert_eq!(d[0].published.as_deref(), Some("2024-04-02"));
    assert_eq!(d[0].lang.as_deref(), Some("it"));
    assert!(
        d[0].text
            .starts_with("ROMA, 2 aprile – I ministri degli Esteri"),
        "{}",
        d[0].text
    );
    assert!(!d[0].text.contains("<p>"));
    assert_eq!(d[0].text.lines().count(), 2);
    // content:encoded preferred over description; entities resolved.
    assert!(d[1].text.contains("all'unanimità"), "{}", d[1].text);
    assert_eq!(
        d[1].title.as_deref(),
        Some("Il Consiglio di sicurezza condanna l'attacco al convoglio umanitario")
    );
    // No link: the guid is the id; dc:date is the date.
    assert_eq!(
        d[2].id,
        "https://agenzia.example.it/esteri/2024/04/04/mosca-ambasciatore"
    );
    assert_eq!(d[2].published.as_deref(), Some("2024-04-04"));
    assert!(
        d[2].text.contains("dopo l'espulsione di due diplomatici"),
        "{}",
        d[2].text
    );
    assert!(d[2]
        .source
        .as_deref()
        .unwrap()
        .ends_with("feed_rss.xml#item-3"));
}

#[test]
fn atom_feed_entries() {
    let items = read_all(&fixture("feed_atom.xml"));
    assert!(errors(&items).is_empty(), "{:?}", errors(&items));
    let d = docs(&items);
    assert_eq!(d.len(), 3);
    assert_eq!(
        d[0].url.as_deref(),
        Some("https://wire.example.com/defence/101")
    );
    assert_eq!(d[0].text, "The navy said its frigates intercepted four drones over the strait early on Wednesday.\nNo damage was reported.");
    assert_eq!(d[0].published.as_deref(), Some("2024-05-08"));
    assert_eq!(d[0].lang.as_deref(), Some("en"));
    assert!(
        d[1].text
            .contains("joint purchases of air-defence systems."),
        "{}",
        d[1].text
    );
    assert!(d[1].text.contains('\n'));
    assert_eq!(d[1].published.as_deref(), Some("2024-05-09"));
    assert_eq!(
        d[2].title.as_deref(),
        Some("Border guards detain smugglers")
    );
    assert!(d[2].text.starts_with("Border guards detained three"));
}

#[test]
fn malformed_feed_reports_line_and_keeps_earlier_items() {
    let dir = tmpdir("badfeed");
    let good = std::fs::read_to_string(fixture("feed_rss.xml")).unwrap();
    // Break the third item: an unclosed tag.
    let broken = good.replace("<title>Mosca richiama", "<title><b>Mosca richiama");
    let path = dir.join("broken.rss");
    std::fs::write(&path, broken).unwrap();
    let items = read_all(&path);
    assert_eq!(docs(&items).len(), 2);
    let errs = errors(&items);
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].kind, ErrorKind::Feed);
    assert!(
        errs[0].input.starts_with(&format!("{}:", path.display())),
        "{}",
        errs[0]
    );
    let line: usize = errs[0].input.rsplit(':').next().unwrap().parse().unwrap();
    let expected = good
        .lines()
        .position(|l| l.contains("<title>Mosca richiama"))
        .unwrap()
        + 1;
    assert_eq!(line, expected, "{}", errs[0]);
}

#[test]
fn jsonl_with_malformed_line_continues() {
    let path = fixture("docs.jsonl");
    let items = read_all(&path);
    let d = docs(&items);
    assert_eq!(d.len(), 4);
    assert_eq!(d[0].id, "wire-001");
    assert_eq!(d[0].title.as_deref(), Some("Incontro al Quirinale"));
    assert_eq!(d[1].published.as_deref(), Some("2024-02-20"));
    assert_eq!(d[2].id, format!("{}:4", path.display()));
    assert_eq!(d[3].id, "wire-005");
    assert_eq!(d[3].published, None);
    let errs = errors(&items);
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].kind, ErrorKind::Json);
    let msg = errs[0].to_string();
    assert!(
        msg.starts_with(&format!("{}:3: malformed JSON", path.display())),
        "{msg}"
    );
}

#[test]
fn binary_empty_and_invalid_utf8() {
    let bin = read_all(&fixture("binary.bin"));
    assert_eq!(bin.len(), 1);
    let e = bin[0].as_ref().unwrap_err();
    assert_eq!(e.kind, ErrorKind::Binary);
    assert!(e.to_string().contains("binary.bin"), "{e}");

    let empty = read_all(&fixture("empty.txt"));
    assert_eq!(empty.len(), 1);
    assert_eq!(empty[0].as_ref().unwrap_err().kind, ErrorKind::Empty);

    let bad = read_all(&fixture("invalid_utf8.txt"));
    let errs = errors(&bad);
    assert_eq!(errs.len(), 1);
    assert!(errs[0].is_warning());
    let offset = std::fs::read(fixture("invalid_utf8.txt"))
        .unwrap()
        .iter()
        .position(|&b| b == 0xff)
        .unwrap();
    assert!(
        errs[0]
            .to_string()
            .contains(&format!("byte offset {offset}")),
        "{}",
        errs[0]
    );
    let d = docs(&bad);
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].id, "invalid_utf8.txt");
    assert!(
        d[0].text
            .contains("tutto regolare \u{FFFD}\u{FFFD} qui la codifica"),
        "{}",
        d[0].text
    );
    assert!(d[0].text.ends_with("Terza riga dopo il guasto."));
}

#[test]
fn directory_batch_continues_past_bad_files() {
    let items = read_all(&fixture(""));
    let d = docs(&items);
    // html 1 + latin1 1 + rss 3 + atom 3 + jsonl 4 + invalid utf8 1
    assert_eq!(
        d.len(),
        13,
        "{:?}",
        d.iter().map(|d| &d.id).collect::<Vec<_>>()
    );
    let errs = errors(&items);
    let kinds: Vec<ErrorKind> = errs.iter().map(|e| e.kind).collect();
    assert!(
        kinds.contains(&ErrorKind::Binary)
            && kinds.contains(&ErrorKind::Empty)
            && kinds.contains(&ErrorKind::Json)
    );
    // Sorted order: binary.bin first.
    assert!(items[0].as_ref().unwrap_err().input.ends_with("binary.bin"));
}

#[test]
fn large_single_line_text_is_split_into_bounded_parts() {
    let dir = tmpdir("big");
    let path = dir.join("huge.txt");
    let sentence =
        "Le forze navali hanno condotto un'esercitazione congiunta al largo della costa. ";
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    let mut written = 0;
    while written < 20 << 20 {
        f.write_all(sentence.as_bytes()).unwrap();
        written += sentence.len();
    }
    f.flush().unwrap();
    drop(f);
    let max = 1 << 20;
    let opts = ReadOptions {
        max_doc_bytes: max,
        published: Some("2024-01-31".into()),
        ..Default::default()
    };
    let mut n = 0;
    let mut total = 0;
    for item in read_path(&path, &opts) {
        let d = item.unwrap();
        n += 1;
        assert_eq!(d.id, format!("huge.txt#{n}"));
        assert!(d.text.len() <= max, "part {n} has {} bytes", d.text.len());
        assert!(d.text.ends_with("costa."), "part {n} cut mid-sentence");
        assert_eq!(d.published.as_deref(), Some("2024-01-31"));
        total += d.text.len() + 1;
    }
    assert!(n >= 20, "{n} parts");
    assert_eq!(total, written);
}

/// Writes a gzip member per record, as real crawlers do.
fn warc_record(out: &mut Vec<u8>, headers: &[(&str, &str)], block: &[u8]) {
    let mut rec = b"WARC/1.1\r\n".to_vec();
    for (k, v) in headers {
        rec.extend_from_slice(format!("{k}: {v}\r\n").as_bytes());
    }
    rec.extend_from_slice(format!("Content-Length: {}\r\n\r\n", block.len()).as_bytes());
    rec.extend_from_slice(block);
    rec.extend_from_slice(b"\r\n\r\n");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&rec).unwrap();
    out.extend(gz.finish().unwrap());
}

fn http(ct: &str, body: &[u8]) -> Vec<u8> {
    let mut v = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: {ct}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    v.extend_from_slice(body);
    v
}

#[test]
fn warc_gz_html_records_become_documents() {
    let dir = tmpdir("warc");
    let mut w = Vec::new();
    warc_record(
        &mut w,
        &[
            ("WARC-Type", "warcinfo"),
            ("WARC-Record-ID", "<urn:uuid:0000>"),
            ("Content-Type", "application/warc-fields"),
        ],
        b"software: parley-test\r\n",
    );
    let page1 = std::fs::read(fixture("news_page.html")).unwrap();
    warc_record(
        &mut w,
        &[
            ("WARC-Type", "response"),
            ("WARC-Record-ID", "<urn:uuid:1111>"),
            ("WARC-Date", "2024-03-16T10:00:00Z"),
            ("WARC-Target-URI", "https://news.example.org/a"),
            ("Content-Type", "application/http; msgtype=response"),
        ],
        &http("text/html; charset=utf-8", &page1),
    );
    warc_record(
        &mut w,
        &[
            ("WARC-Type", "response"),
            ("WARC-Record-ID", "<urn:uuid:2222>"),
            ("WARC-Target-URI", "https://news.example.org/logo.png"),
        ],
        &http("image/png", b"\x89PNG\r\n\x1a\n\0\0\0"),
    );
    let page2 = std::fs::read(fixture("latin1.html")).unwrap();
    // No charset in the HTTP header: the page's own meta declares Latin-1.
    warc_record(
        &mut w,
        &[
            ("WARC-Type", "response"),
            ("WARC-Record-ID", "<urn:uuid:3333>"),
            ("WARC-Date", "2023-11-08T06:00:00Z"),
            ("WARC-Target-URI", "https://gazzetta.example.it/tirana"),
        ],
        &http("text/html", &page2),
    );
    let nodate = b"<html><body><article><p>Il vertice di Vienna si \xc3\xa8 concluso senza un comunicato congiunto, hanno riferito fonti diplomatiche presenti ai lavori della conferenza.</p></article></body></html>";
    warc_record(
        &mut w,
        &[
            ("WARC-Type", "response"),
            ("WARC-Record-ID", "<urn:uuid:4444>"),
            ("WARC-Date", "2024-06-01T00:00:00Z"),
            ("WARC-Target-URI", "https://x.example/vienna"),
        ],
        &http("text/html", nodate),
    );
    let path = dir.join("crawl.warc.gz");
    std::fs::write(&path, &w).unwrap();
    assert_eq!(detect_format(&path, b""), InputFormat::Warc);

    let items = read_all(&path);
    assert!(errors(&items).is_empty(), "{:?}", errors(&items));
    let d = docs(&items);
    assert_eq!(d.len(), 3);
    assert_eq!(d[0].id, "urn:uuid:1111");
    assert_eq!(d[0].url.as_deref(), Some("https://news.example.org/a"));
    assert_eq!(d[0].published.as_deref(), Some("2024-03-15")); // the page's own date wins
    assert!(
        d[0].text.contains("Envoys from the two warring neighbours")
            && !d[0].text.contains("cookie")
    );
    assert!(d[0]
        .source
        .as_deref()
        .unwrap()
        .ends_with("crawl.warc.gz#record-2"));
    assert!(d[1].text.contains("sarà operativo"), "{}", d[1].text);
    assert!(d[1].source.as_deref().unwrap().ends_with("#record-4"));
    assert_eq!(d[2].published.as_deref(), Some("2024-06-01")); // WARC-Date fallback
    assert!(d[2].text.contains("Vienna si è concluso"));
}

#[test]
fn truncated_warc_reports_record() {
    let mut w = Vec::new();
    warc_record(
        &mut w,
        &[
            ("WARC-Type", "response"),
            ("WARC-Record-ID", "<urn:uuid:1>"),
        ],
        &http("text/html", b"<p>x</p>"),
    );
    let mut raw =
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 5000\r\n\r\nHTTP/1.1 200 OK\r\n"
            .to_vec();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&raw).unwrap();
    w.extend(gz.finish().unwrap());
    raw.clear();
    let items: Vec<_> = read_reader(
        "t.warc.gz",
        std::io::Cursor::new(w),
        InputFormat::Auto,
        &ReadOptions::default(),
    )
    .collect();
    let errs = errors(&items);
    assert!(
        errs.iter()
            .any(|e| e.input == "t.warc.gz#record-2" && e.message.contains("truncated")),
        "{errs:?}"
    );
}

#[test]
fn gzipped_jsonl_and_text_from_reader() {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(b"{\"id\":\"z1\",\"text\":\"Uno.\"}\n{\"id\":\"z2\",\"text\":\"Due.\"}\n")
        .unwrap();
    let bytes = gz.finish().unwrap();
    let items: Vec<_> = read_reader(
        "in.jsonl.gz",
        std::io::Cursor::new(bytes),
        InputFormat::Auto,
        &ReadOptions::default(),
    )
    .collect();
    assert_eq!(
        docs(&items)
            .iter()
            .map(|d| d.id.as_str())
            .collect::<Vec<_>>(),
        vec!["z1", "z2"]
    );

    let opts = ReadOptions {
        doc_id: Some("mine".into()),
        lang: Some("it".into()),
        ..Default::default()
    };
    let items: Vec<_> = read_reader(
        "stdin",
        std::io::Cursor::new(b"Riga uno.\nRiga due.\n".to_vec()),
        InputFormat::Text,
        &opts,
    )
    .collect();
    let d = docs(&items);
    assert_eq!(
        (d[0].id.as_str(), d[0].text.as_str(), d[0].lang.as_deref()),
        ("mine", "Riga uno.\nRiga due.", Some("it"))
    );
}

#[test]
fn malformed_html_and_markup_without_text() {
    let broken = b"<html><head><title>Rotto</title><body><p>Il ministro degli Esteri ha convocato l'ambasciatore <b>dopo le dichiarazioni <div>sul confine</p></span>".to_vec();
    let items: Vec<_> = read_reader(
        "broken.html",
        std::io::Cursor::new(broken),
        InputFormat::Html,
        &ReadOptions::default(),
    )
    .collect();
    let d = docs(&items);
    assert_eq!(d.len(), 1, "{:?}", errors(&items));
    assert!(
        d[0].text.contains("ha convocato l'ambasciatore") && d[0].text.contains("sul confine"),
        "{}",
        d[0].text
    );
    assert_eq!(d[0].title.as_deref(), Some("Rotto"));

    let nothing = b"<html><head><script>var a = 1;</script></head><body><nav><a href='/'>Home</a></nav></body></html>".to_vec();
    let items: Vec<_> = read_reader(
        "nav.html",
        std::io::Cursor::new(nothing),
        InputFormat::Auto,
        &ReadOptions::default(),
    )
    .collect();
    let e = items[0].as_ref().unwrap_err();
    assert_eq!(e.kind, ErrorKind::NoText);
    assert!(e.to_string().starts_with("nav.html: "), "{e}");
}
