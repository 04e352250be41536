//! Reading events back: filtered listings ([`Store::events`]), one event
//! ([`Store::event`]) and the reports behind it ([`Store::mentions`]).
//!
//! The shapes here ([`StoredEvent`], [`MentionRow`]) are what the CLI prints and
//! what `export.rs` writes. Not for writing: see `store.rs`.

use parley_model::{Actor, Place, Quantity};
use rusqlite::types::Value;
use serde::Serialize;

use crate::store::{parse_bound, EventRow, Store, EVENT_COLS};
use crate::StoreError;

/// Filters of an event listing; every set field must hold.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    /// Actor code (`RUS`), any of the event's actors.
    pub actor: Option<String>,
    /// Recipient code.
    pub recipient: Option<String>,
    /// Code on either side (actor or recipient).
    pub party: Option<String>,
    /// PLOVER type (`AGREE`).
    pub event_type: Option<String>,
    /// Events whose date range reaches on or after this ISO date.
    pub from: Option<String>,
    /// Events whose date range starts on or before this ISO date (a month or year means its last day).
    pub to: Option<String>,
    /// Place name (substring, case-insensitive) or country code of the place.
    pub place: Option<String>,
    /// Words that must all occur (case-insensitive) in the evidence sentence of some report.
    pub text: Option<String>,
    /// Subject (context value, e.g. `prisoners`).
    pub context: Option<String>,
    /// Minimum confidence.
    pub min_confidence: Option<f64>,
    /// At most this many events (0 or `None`: all).
    pub limit: Option<usize>,
}

/// A merged event as stored: FORMAT.md field names where they exist, plus the
/// store's counters.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredEvent {
    /// Stable id of the merged event (`ev-…`).
    pub id: String,
    pub event: String,
    pub polarity: String,
    pub date: Option<String>,
    /// `text` when the date was read in a report, `published` when it is a publication-date fallback.
    pub date_source: Option<String>,
    pub mode: Vec<String>,
    pub context: Vec<String>,
    pub actor: Vec<Actor>,
    pub recipient: Vec<Actor>,
    /// Modalities every report agrees on (e.g. `reported` when no outlet asserts it).
    pub modality: Vec<String>,
    pub event_loc: Option<Place>,
    pub quantities: Vec<Quantity>,
    pub cameo: Option<String>,
    /// Evidence sentence of the first report.
    pub text: String,
    pub n_mentions: i64,
    pub n_documents: i64,
    pub n_sources: i64,
    pub confidence: f64,
    pub first_reported: Option<String>,
    pub last_reported: Option<String>,
    /// Ids of events that contradict this one (same happening, other polarity).
    pub conflicts_with: Vec<String>,
    #[serde(skip)]
    pub(crate) row_id: i64,
    #[serde(skip)]
    pub(crate) days: Option<(i64, i64)>,
}

impl StoredEvent {
    /// Actor codes without duplicates.
    pub fn actor_codes(&self) -> Vec<String> {
        codes(&self.actor)
    }
    /// Recipient codes without duplicates.
    pub fn recipient_codes(&self) -> Vec<String> {
        codes(&self.recipient)
    }
    /// First day of the event's date (days since 1970-01-01), for ordering.
    pub fn day(&self) -> Option<i64> {
        self.days.map(|d| d.0)
    }
}

fn codes(v: &[Actor]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for a in v {
        if let Some(c) = &a.code {
            if !out.contains(c) {
                out.push(c.clone());
            }
        }
    }
    out
}

/// One report of an event: which document said it, where.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MentionRow {
    pub event_id: String,
    pub doc_id: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub outlet: String,
    pub published: Option<String>,
    pub language: Option<String>,
    pub sentence: i64,
    pub start: i64,
    pub end: i64,
    pub text: String,
    pub date: Option<String>,
    pub polarity: String,
    pub modality: Vec<String>,
    pub attribution: Option<Actor>,
    pub weight: f64,
}

impl From<EventRow> for StoredEvent {
    fn from(r: EventRow) -> StoredEvent {
        StoredEvent {
            id: r.uid,
            event: r.event,
            polarity: r.polarity.as_str().to_string(),
            date_source: r.date.as_ref().map(|_| {
                if r.date_from_text {
                    "text"
                } else {
                    "published"
                }
                .to_string()
            }),
            date: r.date,
            mode: r.mode,
            context: r.context,
            actor: r.actors,
            recipient: r.recipients,
            modality: r.modality,
            event_loc: r.place,
            quantities: r.quantities,
            cameo: r.cameo,
            text: r.summary,
            n_mentions: r.n_mentions,
            n_documents: r.n_documents,
            n_sources: r.n_sources,
            confidence: r.confidence,
            first_reported: r.first_reported,
            last_reported: r.last_reported,
            conflicts_with: Vec::new(),
            row_id: r.id,
            days: r.days,
        }
    }
}

fn like_escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

impl Store {
    /// Events matching `f`, ordered by date (undated last), then by id.
    pub fn events(&self, f: &EventFilter) -> Result<Vec<StoredEvent>, StoreError> {
        let mut wh: Vec<String> = Vec::new();
        let mut args: Vec<Value> = Vec::new();
        let arg = |v: Value, args: &mut Vec<Value>| {
            args.push(v);
            format!("?{}", args.len())
        };
        let code = |c: &str| {
            Value::Text(format!(
                "%,{},%",
                like_escape(&c.trim().to_ascii_uppercase())
            ))
        };
        if let Some(c) = &f.actor {
            let p = arg(code(c), &mut args);
            wh.push(format!("actor_codes LIKE {p} ESCAPE '\\'"));
        }
        if let Some(c) = &f.recipient {
            let p = arg(code(c), &mut args);
            wh.push(format!("recipient_codes LIKE {p} ESCAPE '\\'"));
        }
        if let Some(c) = &f.party {
            let p = arg(code(c), &mut args);
            wh.push(format!(
                "(actor_codes LIKE {p} ESCAPE '\\' OR recipient_codes LIKE {p} ESCAPE '\\')"
            ));
        }
        if let Some(t) = &f.event_type {
            let p = arg(Value::Text(t.trim().to_ascii_uppercase()), &mut args);
            wh.push(format!("event = {p}"));
        }
        if let Some(d) = &f.from {
            let (lo, _) = parse_bound(d)?;
            let p = arg(Value::Integer(lo), &mut args);
            wh.push(format!("day_hi >= {p}"));
        }
        if let Some(d) = &f.to {
            let (_, hi) = parse_bound(d)?;
            let p = arg(Value::Integer(hi), &mut args);
            wh.push(format!("day_lo <= {p}"));
        }
        if let Some(pl) = &f.place {
            let p1 = arg(
                Value::Text(format!("%{}%", like_escape(pl.trim()))),
                &mut args,
            );
            let p2 = arg(Value::Text(pl.trim().to_ascii_uppercase()), &mut args);
            wh.push(format!(
                "(place_name LIKE {p1} ESCAPE '\\' OR place_country = {p2})"
            ));
        }
        if let Some(c) = &f.context {
            let p = arg(
                Value::Text(format!("%\"{}\"%", like_escape(&c.trim().to_lowercase()))),
                &mut args,
            );
            wh.push(format!("context LIKE {p} ESCAPE '\\'"));
        }
        if let Some(c) = f.min_confidence {
            let p = arg(Value::Real(c), &mut args);
            wh.push(format!("confidence >= {p}"));
        }
        if let Some(t) = &f.text {
            let mut conds = Vec::new();
            for w in t.split_whitespace() {
                let p = arg(Value::Text(format!("%{}%", like_escape(w))), &mut args);
                conds.push(format!("m.sentence_text LIKE {p} ESCAPE '\\'"));
            }
            if !conds.is_empty() {
                wh.push(format!(
                    "EXISTS (SELECT 1 FROM mentions m WHERE m.event_id = events.id AND {})",
                    conds.join(" AND ")
                ));
            }
        }
        let mut sql = format!("SELECT {EVENT_COLS} FROM events");
        if !wh.is_empty() {
            sql.push_str(" WHERE ");
            sql.push_str(&wh.join(" AND "));
        }
        sql.push_str(" ORDER BY day_lo IS NULL, day_lo, id");
        if let Some(n) = f.limit.filter(|n| *n > 0) {
            sql.push_str(&format!(" LIMIT {n}"));
        }
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args.iter()), EventRow::from_row)?;
        let mut out: Vec<StoredEvent> = Vec::new();
        for r in rows {
            out.push(r?.into());
        }
        self.fill_conflicts(&mut out)?;
        Ok(out)
    }

    fn fill_conflicts(&self, evs: &mut [StoredEvent]) -> Result<(), StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT e.uid FROM event_conflicts c JOIN events e ON e.id = c.event_b WHERE c.event_a = ?1 \
             UNION SELECT e.uid FROM event_conflicts c JOIN events e ON e.id = c.event_a WHERE c.event_b = ?1",
        )?;
        for ev in evs.iter_mut() {
            ev.conflicts_with = stmt
                .query_map([ev.row_id], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            ev.conflicts_with.sort();
        }
        Ok(())
    }

    /// One event by its id (`ev-…`).
    pub fn event(&self, uid: &str) -> Result<Option<StoredEvent>, StoreError> {
        let sql = format!("SELECT {EVENT_COLS} FROM events WHERE uid = ?1");
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query_map([uid], EventRow::from_row)?;
        let Some(r) = rows.next() else {
            return Ok(None);
        };
        let mut v = vec![StoredEvent::from(r?)];
        self.fill_conflicts(&mut v)?;
        Ok(v.pop())
    }

    /// The reports of an event, earliest publication first.
    pub fn mentions(&self, uid: &str) -> Result<Vec<MentionRow>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT e.uid, d.doc_key, d.url, d.title, d.outlet, d.published, d.language, m.sentence, m.span_start, \
             m.span_end, m.sentence_text, m.date, m.polarity, m.modality, m.attribution, m.weight \
             FROM mentions m JOIN events e ON e.id = m.event_id JOIN documents d ON d.id = m.document_id \
             WHERE e.uid = ?1 ORDER BY d.published IS NULL, d.published, m.id",
        )?;
        let rows = stmt.query_map([uid], |r| {
            let modality: String = r.get(13)?;
            let attribution: Option<String> = r.get(14)?;
            Ok(MentionRow {
                event_id: r.get(0)?,
                doc_id: r.get(1)?,
                url: r.get(2)?,
                title: r.get(3)?,
                outlet: r.get(4)?,
                published: r.get(5)?,
                language: r.get(6)?,
                sentence: r.get(7)?,
                start: r.get(8)?,
                end: r.get(9)?,
                text: r.get(10)?,
                date: r.get(11)?,
                polarity: r.get(12)?,
                modality: serde_json::from_str(&modality).unwrap_or_default(),
                attribution: attribution.and_then(|a| serde_json::from_str(&a).ok()),
                weight: r.get(15)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
