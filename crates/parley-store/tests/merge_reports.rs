//! Hand-written reports of the same happenings from several outlets: they must
//! merge into one event each, keep every report, grow confidence with independent
//! outlets only, keep disagreeing reports apart as conflicts, and build threads.

use parley_model::{Actor, Document, EventRecord, Place, Polarity, TextInfo};
use parley_store::{EventFilter, IngestOutcome, Store};

fn actor(code: &str) -> Actor {
    Actor {
        name: code.into(),
        code: Some(code.into()),
        sector: Some("GOV".into()),
        ..Default::default()
    }
}

fn mediator(code: &str) -> Actor {
    Actor {
        role: Some("mediator".into()),
        ..actor(code)
    }
}

struct R {
    event: &'static str,
    a: Vec<Actor>,
    r: Vec<Actor>,
    ctx: &'static [&'static str],
    mode: &'static [&'static str],
    date: Option<&'static str>,
    neg: bool,
    modality: &'static [&'static str],
    place: Option<(&'static str, &'static str)>,
    text: &'static str,
}

fn r(
    event: &'static str,
    a: &[&str],
    rc: &[&str],
    ctx: &'static [&'static str],
    text: &'static str,
) -> R {
    R {
        event,
        a: a.iter().map(|c| actor(c)).collect(),
        r: rc.iter().map(|c| actor(c)).collect(),
        ctx,
        mode: &[],
        date: None,
        neg: false,
        modality: &[],
        place: None,
        text,
    }
}

fn doc(
    id: &str,
    url: Option<&str>,
    published: &str,
    reports: Vec<R>,
) -> (Document, Vec<EventRecord>) {
    let text = reports
        .iter()
        .map(|r| r.text)
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
        + id;
    let d = Document {
        id: id.into(),
        text: text.clone(),
        published: Some(published.into()),
        lang: Some("en".into()),
        url: url.map(str::to_string),
        ..Default::default()
    };
    let mut off = 0;
    let recs = reports
        .into_iter()
        .enumerate()
        .map(|(i, r)| {
            let start = off;
            off += r.text.len() + 1;
            EventRecord {
                id: format!("{id}-{i}"),
                doc_id: id.into(),
                event: r.event.into(),
                mode: r.mode.iter().map(|s| s.to_string()).collect(),
                context: r.ctx.iter().map(|s| s.to_string()).collect(),
                actor: r.a,
                recipient: r.r,
                polarity: if r.neg {
                    Polarity::Negative
                } else {
                    Polarity::Positive
                },
                modality: r.modality.iter().map(|s| s.to_string()).collect(),
                date: r.date.map(str::to_string),
                event_loc: r.place.map(|(n, c)| Place {
                    name: n.into(),
                    country_code: Some(c.into()),
                    feature: Some("city".into()),
                    ..Default::default()
                }),
                text_info: TextInfo {
                    sentence: i,
                    start,
                    end: start + r.text.len(),
                    text: r.text.into(),
                },
                rule: "test".into(),
                language: "en".into(),
                coder: "parley/test".into(),
                ..Default::default()
            }
        })
        .collect();
    (d, recs)
}

fn ingest(store: &mut Store, (d, recs): &(Document, Vec<EventRecord>)) -> IngestOutcome {
    store.ingest(d, Ok(recs)).unwrap()
}

fn corpus() -> Vec<(Document, Vec<EventRecord>)> {
    vec![
        doc(
            "ansa-1",
            Some("https://www.ansa.it/mondo/istanbul.html"),
            "2025-05-16",
            vec![
                R {
                    date: Some("2025-05-16"),
                    ..r(
                        "AGREE",
                        &["RUS", "UKR"],
                        &[],
                        &["prisoners"],
                        "Le due parti hanno concordato di scambiare mille prigionieri ciascuna.",
                    )
                },
                R {
                    mode: &["third-party"],
                    place: Some(("Istanbul", "TUR")),
                    date: Some("2025-05-16"),
                    a: vec![mediator("TUR")],
                    ..r(
                        "CONSULT",
                        &[],
                        &["RUS", "UKR"],
                        &["negotiations"],
                        "La Turchia ha ospitato i colloqui tra Russia e Ucraina a Istanbul.",
                    )
                },
                R {
                    neg: true,
                    ..r(
                        "AGREE",
                        &["RUS", "UKR"],
                        &[],
                        &["ceasefire"],
                        "Non è stato raggiunto alcun accordo sul cessate il fuoco.",
                    )
                },
                r(
                    "REQUEST",
                    &["UKR"],
                    &["RUS"],
                    &["ceasefire"],
                    "L'Ucraina ha chiesto un cessate il fuoco di trenta giorni.",
                ),
            ],
        ),
        doc(
            "reuters-1",
            Some("https://www.reuters.com/world/europe/talks"),
            "2025-05-16",
            vec![
                r(
                    "AGREE",
                    &["UKR"],
                    &["RUS"],
                    &["prisoners"],
                    "Ukraine and Russia agreed to swap 1,000 prisoners of war each.",
                ),
                R {
                    place: Some(("Istanbul", "TUR")),
                    ..r(
                        "CONSULT",
                        &["RUS"],
                        &["UKR"],
                        &[],
                        "Russian and Ukrainian delegations met in Istanbul.",
                    )
                },
                // Disagrees with ansa-1: says a ceasefire was agreed.
                r(
                    "AGREE",
                    &["RUS"],
                    &["UKR"],
                    &["ceasefire"],
                    "The two sides agreed on a ceasefire, a delegate said.",
                ),
            ],
        ),
        // Same outlet again: one more report, not one more source.
        doc(
            "ansa-2",
            Some("https://ansa.it/mondo/scambio.html"),
            "2025-05-17",
            vec![R {
                date: Some("2025-05-16"),
                ..r(
                    "AGREE",
                    &["RUS"],
                    &["UKR"],
                    &["prisoners"],
                    "Venerdì Mosca e Kiev hanno concordato lo scambio di prigionieri.",
                )
            }],
        ),
        doc(
            "bbc-1",
            Some("https://www.bbc.co.uk/news/world-europe-1"),
            "2025-05-17",
            vec![
                R {
                    modality: &["reported"],
                    ..r(
                        "AGREE",
                        &["RUS"],
                        &["UKR"],
                        &["prisoners"],
                        "Russia reportedly agreed to a prisoner exchange with Ukraine.",
                    )
                },
                // Different subject, same parties and type: a separate happening.
                r(
                    "AGREE",
                    &["RUS", "UKR"],
                    &[],
                    &["negotiations"],
                    "Both sides agreed in principle to meet again.",
                ),
            ],
        ),
        // A week later: the exchange takes place.
        doc(
            "kyiv-1",
            Some("https://kyivindependent.com/exchange"),
            "2025-05-23",
            vec![R {
                mode: &["release"],
                date: Some("2025-05-23"),
                ..r(
                    "RETREAT",
                    &["RUS", "UKR"],
                    &[],
                    &["prisoners"],
                    "Russia and Ukraine exchanged 390 prisoners each on Friday.",
                )
            }],
        ),
        doc(
            "kyiv-2",
            Some("https://kyivindependent.com/strikes"),
            "2025-05-18",
            vec![
                R {
                    date: Some("2025-05-18"),
                    place: Some(("Kharkiv", "UKR")),
                    ..r(
                        "ASSAULT",
                        &["RUS"],
                        &["UKR"],
                        &[],
                        "Russian drones struck Kharkiv overnight.",
                    )
                },
                R {
                    date: Some("2025-05-18"),
                    place: Some(("Odesa", "UKR")),
                    ..r(
                        "ASSAULT",
                        &["RUS"],
                        &["UKR"],
                        &[],
                        "A missile hit the port of Odesa.",
                    )
                },
            ],
        ),
        doc(
            "ap-1",
            Some("https://apnews.com/article/strikes"),
            "2025-05-19",
            vec![R {
                date: Some("2025-05-18"),
                place: Some(("Kharkiv", "UKR")),
                ..r(
                    "ASSAULT",
                    &["RUS"],
                    &["UKR"],
                    &[],
                    "On Sunday Russian drones hit Kharkiv.",
                )
            }],
        ),
    ]
}

fn one(store: &Store, f: EventFilter) -> parley_store::StoredEvent {
    let evs = store.events(&f).unwrap();
    assert_eq!(evs.len(), 1, "expected one event for {f:?}, got {evs:#?}");
    evs.into_iter().next().unwrap()
}

#[test]
fn reports_of_the_same_happenings_merge() {
    let mut store = Store::open_in_memory().unwrap();
    for d in corpus() {
        assert!(matches!(
            ingest(&mut store, &d),
            IngestOutcome::Coded { .. }
        ));
    }
    let prisoners = one(
        &store,
        EventFilter {
            event_type: Some("AGREE".into()),
            context: Some("prisoners".into()),
            ..Default::default()
        },
    );
    assert_eq!(
        prisoners.n_mentions, 4,
        "all four reports of the agreement are kept"
    );
    assert_eq!(prisoners.n_sources, 3, "ansa.it counts once");
    // ansa 0.6, reuters 0.6, bbc (reported) 0.4 → 1 − 0.4·0.4·0.6
    assert!(
        (prisoners.confidence - 0.904).abs() < 1e-9,
        "{}",
        prisoners.confidence
    );
    assert_eq!(prisoners.date.as_deref(), Some("2025-05-16"));
    assert_eq!(prisoners.date_source.as_deref(), Some("text"));
    assert!(
        prisoners.modality.is_empty(),
        "asserted by some outlets, so not merely 'reported'"
    );
    let mentions = store.mentions(&prisoners.id).unwrap();
    assert_eq!(mentions.len(), 4);
    assert!(mentions
        .iter()
        .all(|m| m.end > m.start && !m.text.is_empty()));

    let consult = one(
        &store,
        EventFilter {
            event_type: Some("CONSULT".into()),
            ..Default::default()
        },
    );
    assert_eq!(consult.n_mentions, 2);
    assert_eq!(
        consult.event_loc.as_ref().map(|p| p.name.as_str()),
        Some("Istanbul")
    );

    // Meeting again is a separate agreement.
    one(
        &store,
        EventFilter {
            event_type: Some("AGREE".into()),
            context: Some("negotiations".into()),
            ..Default::default()
        },
    );

    // Conflicting reports on the ceasefire: two events, linked.
    let cf = store
        .events(&EventFilter {
            event_type: Some("AGREE".into()),
            context: Some("ceasefire".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(cf.len(), 2, "{cf:#?}");
    let (neg, pos) = if cf[0].polarity == "negative" {
        (&cf[0], &cf[1])
    } else {
        (&cf[1], &cf[0])
    };
    assert_eq!(neg.polarity, "negative");
    assert_eq!(pos.polarity, "positive");
    assert_eq!(neg.conflicts_with, vec![pos.id.clone()]);
    assert_eq!(pos.conflicts_with, vec![neg.id.clone()]);

    // Two strikes on one day in two cities stay two; Kharkiv has two outlets.
    let strikes = store
        .events(&EventFilter {
            event_type: Some("ASSAULT".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(strikes.len(), 2);
    let kharkiv = one(
        &store,
        EventFilter {
            event_type: Some("ASSAULT".into()),
            place: Some("kharkiv".into()),
            ..Default::default()
        },
    );
    assert_eq!(kharkiv.n_sources, 2);

    // Filters.
    assert_eq!(
        store
            .events(&EventFilter {
                actor: Some("tur".into()),
                ..Default::default()
            })
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        store
            .events(&EventFilter {
                from: Some("2025-05-20".into()),
                ..Default::default()
            })
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        store
            .events(&EventFilter {
                to: Some("2025-05-17".into()),
                event_type: Some("ASSAULT".into()),
                ..Default::default()
            })
            .unwrap()
            .len(),
        0
    );
    assert_eq!(
        store
            .events(&EventFilter {
                text: Some("drones KHARKIV".into()),
                ..Default::default()
            })
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        store
            .events(&EventFilter {
                limit: Some(3),
                ..Default::default()
            })
            .unwrap()
            .len(),
        3
    );
    assert!(store.check().unwrap().is_empty());
}

#[test]
fn ingesting_twice_changes_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    for d in corpus() {
        ingest(&mut store, &d);
    }
    let before = store.stats().unwrap();
    let events_before = store.events(&EventFilter::default()).unwrap();
    for d in corpus() {
        assert_eq!(ingest(&mut store, &d), IngestOutcome::Unchanged);
    }
    assert_eq!(store.stats().unwrap(), before);
    assert_eq!(
        store.events(&EventFilter::default()).unwrap(),
        events_before
    );
    // A skipped document is remembered too.
    let bad = Document {
        id: "bad".into(),
        text: "Ceci n'est pas supporté.".into(),
        ..Default::default()
    };
    assert!(matches!(
        store.ingest(&bad, Err("unsupported language fr")).unwrap(),
        IngestOutcome::Skipped { .. }
    ));
    assert_eq!(
        store.ingest(&bad, Err("unsupported language fr")).unwrap(),
        IngestOutcome::Unchanged
    );
}

#[test]
fn threads_show_the_negotiation() {
    let mut store = Store::open_in_memory().unwrap();
    for d in corpus() {
        ingest(&mut store, &d);
    }
    let threads = store.threads().unwrap();
    let ids: Vec<&str> = threads.iter().map(|t| t.id.as_str()).collect();
    assert!(ids.contains(&"RUS-UKR:prisoners"), "{ids:?}");
    assert!(ids.contains(&"RUS-UKR:ceasefire"), "{ids:?}");
    assert!(ids.contains(&"RUS-UKR:talks"), "{ids:?}");

    let p = store
        .thread("ukr-rus:prisoners")
        .unwrap()
        .expect("thread by id in any order");
    let agreement = p
        .timeline
        .iter()
        .find(|e| e.role == "agreement")
        .expect("an agreement");
    assert_eq!(agreement.status.as_deref(), Some("fulfilled"));
    assert_eq!(agreement.followed_by.len(), 1);
    assert_eq!(p.status, "fulfilled");
    assert_eq!(
        p.timeline.last().map(|e| e.role.as_str()),
        Some("follow-through")
    );

    let talks = store.thread("RUS-UKR:talks").unwrap().unwrap();
    assert_eq!(talks.mediators, vec!["TUR".to_string()]);
    assert!(talks.timeline.iter().any(|e| e.role == "mediation"));

    let cf = store.thread("RUS-UKR:ceasefire").unwrap().unwrap();
    assert_eq!(cf.n_demands, 1);
    assert!(cf.timeline.iter().any(|e| e.role == "no-agreement"));
    let agreed = cf.timeline.iter().find(|e| e.role == "agreement").unwrap();
    // Denied by another report, then strikes between the parties: not a clean agreement.
    assert!(
        matches!(
            agreed.status.as_deref(),
            Some("violated") | Some("contested")
        ),
        "{agreed:?}"
    );
    assert_eq!(cf.status, "contested");
}

#[test]
fn a_rejection_contests_an_agreement() {
    let mut store = Store::open_in_memory().unwrap();
    ingest(
        &mut store,
        &doc(
            "a",
            Some("https://a.example/1"),
            "2025-06-01",
            vec![R {
                date: Some("2025-06-01"),
                ..r(
                    "AGREE",
                    &["ARM"],
                    &["AZE"],
                    &["territory"],
                    "Armenia agreed to return four villages to Azerbaijan.",
                )
            }],
        ),
    );
    ingest(
        &mut store,
        &doc(
            "b",
            Some("https://b.example/1"),
            "2025-06-10",
            vec![r(
                "REJECT",
                &["ARM"],
                &["AZE"],
                &["territory"],
                "Yerevan rejected the border deal.",
            )],
        ),
    );
    let t = store.thread("ARM-AZE:territory").unwrap().unwrap();
    assert_eq!(t.status, "contested");
    assert_eq!(t.timeline[0].status.as_deref(), Some("contested"));
    assert_eq!(t.timeline[1].role, "rejection");
}

#[test]
fn export_formats() {
    let mut store = Store::open_in_memory().unwrap();
    for d in corpus() {
        ingest(&mut store, &d);
    }
    let n_events = store.stats().unwrap().events as usize;
    let mut buf = Vec::new();
    let n = parley_store::export_events(
        &store,
        &EventFilter::default(),
        parley_store::ExportFormat::Csv,
        Default::default(),
        &mut buf,
    )
    .unwrap();
    assert_eq!(n, n_events);
    let text = String::from_utf8(buf).unwrap();
    let header = text.lines().next().unwrap();
    for col in [
        "id",
        "event",
        "polarity",
        "date",
        "actor",
        "recipient",
        "event_loc",
        "confidence",
    ] {
        assert!(header.split(',').any(|h| h == col), "{col} in {header}");
    }
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(rdr.records().count(), n_events);

    let mut buf = Vec::new();
    parley_store::export_events(
        &store,
        &EventFilter::default(),
        parley_store::ExportFormat::Jsonl,
        Default::default(),
        &mut buf,
    )
    .unwrap();
    let lines: Vec<serde_json::Value> = String::from_utf8(buf)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), n_events);
    assert!(lines
        .iter()
        .all(|l| l["reports"].as_array().is_some_and(|r| !r.is_empty())));

    let mut buf = Vec::new();
    let n = parley_store::export_events(
        &store,
        &EventFilter::default(),
        parley_store::ExportFormat::Csv,
        parley_store::ExportTable::Mentions,
        &mut buf,
    )
    .unwrap();
    assert_eq!(n as i64, store.stats().unwrap().mentions);

    #[cfg(feature = "parquet")]
    {
        let mut buf = Vec::new();
        let n = parley_store::export_events(
            &store,
            &EventFilter::default(),
            parley_store::ExportFormat::Parquet,
            Default::default(),
            &mut buf,
        )
        .unwrap();
        assert_eq!(n, n_events);
        assert!(buf.starts_with(b"PAR1") && buf.ends_with(b"PAR1"));
    }
}

#[test]
fn file_store_reopens_and_keeps_everything() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub/dir/parley.db");
    {
        let mut store = Store::open(&path).unwrap();
        for d in corpus() {
            ingest(&mut store, &d);
        }
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.stats().unwrap().documents, corpus().len() as i64);
    assert!(store.check().unwrap().is_empty());
    let mode: String = store
        .connection()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}
