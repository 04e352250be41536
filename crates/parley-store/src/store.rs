//! Opening the store and writing one coded document into it.
//!
//! [`Store::ingest`] writes a document, its reports (mentions) and every merge they
//! cause in **one transaction**, keyed by the document's content hash: a document
//! already present is left alone (`Unchanged`), so ingesting a source twice changes
//! nothing, and a process killed at any moment leaves either the whole document or
//! none of it (SQLite WAL + transactions); re-running ingest resumes after the last
//! committed document. Reading rows for listings is in `query.rs`; the merge rules
//! themselves in `merge.rs`.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use parley_model::{Actor, Document, EventRecord, Place, Polarity, Quantity};
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use sha2::{Digest, Sha256};

use crate::dates::{day_range, normalize_day};
use crate::merge::{self, Happening};
use crate::schema;
use crate::StoreError;

/// The event store (one SQLite connection).
pub struct Store {
    pub(crate) conn: Connection,
    path: Option<PathBuf>,
}

/// What [`Store::ingest`] did with a document.
#[derive(Debug, Clone, PartialEq)]
pub enum IngestOutcome {
    /// The same text is already stored: nothing changed.
    Unchanged,
    /// Stored as skipped (not coded), with the reason.
    Skipped { reason: String },
    /// Coded: its reports were stored and merged.
    Coded {
        mentions: usize,
        events_new: usize,
        events_merged: usize,
        conflicts: usize,
    },
}

/// Row counts of the store.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct StoreStats {
    pub documents: i64,
    pub documents_coded: i64,
    pub documents_skipped: i64,
    pub mentions: i64,
    pub events: i64,
    pub conflicts: i64,
    pub schema_version: i64,
}

/// Content hash of a document: sha256 (hex) of its text with whitespace runs
/// collapsed, so the same article read from a text file, a JSONL line or an HTML
/// page with different line breaks is recognised as the same document.
pub fn content_hash(text: &str) -> String {
    let mut h = Sha256::new();
    let mut first = true;
    for w in text.split_whitespace() {
        if !first {
            h.update(b" ");
        }
        h.update(w.as_bytes());
        first = false;
    }
    hex(&h.finalize())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit('@').next()?;
    let host = host.split(':').next()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    (!host.is_empty()).then_some(host)
}

/// The independent source a document counts as: the host of its URL (or of its id
/// when that is a URL), without `www.`; otherwise the document itself (`doc:<id>`),
/// so unrelated local files are independent sources but one outlet's many pages are one.
pub fn outlet_of(doc: &Document) -> String {
    doc.url
        .as_deref()
        .and_then(host_of)
        .or_else(|| host_of(&doc.id))
        .unwrap_or_else(|| format!("doc:{}", doc.id))
}

/// Default database path: `$PARLEY_DB`, else `$XDG_DATA_HOME/parley/parley.db`, else
/// `~/.local/share/parley/parley.db` (macOS: `~/Library/Application Support/parley/parley.db`;
/// Windows: `%APPDATA%\parley\parley.db`).
pub fn default_db_path() -> Option<PathBuf> {
    let env = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if let Some(p) = env("PARLEY_DB") {
        return Some(p);
    }
    let data = if cfg!(windows) {
        env("APPDATA")
    } else if cfg!(target_os = "macos") {
        env("HOME").map(|h| h.join("Library/Application Support"))
    } else {
        env("XDG_DATA_HOME").or_else(|| env("HOME").map(|h| h.join(".local/share")))
    }?;
    Some(data.join("parley").join("parley.db"))
}

/// An event row as merging needs it.
#[derive(Debug, Clone)]
pub(crate) struct EventRow {
    pub id: i64,
    pub uid: String,
    pub event: String,
    pub polarity: Polarity,
    pub date: Option<String>,
    pub date_from_text: bool,
    pub days: Option<(i64, i64)>,
    pub actors: Vec<Actor>,
    pub recipients: Vec<Actor>,
    pub mode: Vec<String>,
    pub context: Vec<String>,
    pub modality: Vec<String>,
    pub place: Option<Place>,
    pub quantities: Vec<Quantity>,
    pub cameo: Option<String>,
    pub summary: String,
    pub n_mentions: i64,
    pub n_documents: i64,
    pub n_sources: i64,
    pub confidence: f64,
    pub first_reported: Option<String>,
    pub last_reported: Option<String>,
}

pub(crate) const EVENT_COLS: &str =
    "id, uid, event, polarity, date, date_from_text, day_lo, day_hi, \
    actors, recipients, mode, context, modality, place, quantities, cameo, summary, n_mentions, \
    n_documents, n_sources, confidence, first_reported, last_reported";

fn json_col<T: serde::de::DeserializeOwned + Default>(row: &Row, i: usize) -> rusqlite::Result<T> {
    let s: Option<String> = row.get(i)?;
    Ok(s.and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default())
}

pub(crate) fn polarity_of(s: &str) -> Polarity {
    if s == "negative" {
        Polarity::Negative
    } else {
        Polarity::Positive
    }
}

impl EventRow {
    pub(crate) fn from_row(row: &Row) -> rusqlite::Result<EventRow> {
        let lo: Option<i64> = row.get(6)?;
        let hi: Option<i64> = row.get(7)?;
        let pol: String = row.get(3)?;
        Ok(EventRow {
            id: row.get(0)?,
            uid: row.get(1)?,
            event: row.get(2)?,
            polarity: polarity_of(&pol),
            date: row.get(4)?,
            date_from_text: row.get::<_, i64>(5)? != 0,
            days: lo.zip(hi),
            actors: json_col(row, 8)?,
            recipients: json_col(row, 9)?,
            mode: json_col(row, 10)?,
            context: json_col(row, 11)?,
            modality: json_col(row, 12)?,
            place: json_col(row, 13)?,
            quantities: json_col(row, 14)?,
            cameo: row.get(15)?,
            summary: row.get(16)?,
            n_mentions: row.get(17)?,
            n_documents: row.get(18)?,
            n_sources: row.get(19)?,
            confidence: row.get(20)?,
            first_reported: row.get(21)?,
            last_reported: row.get(22)?,
        })
    }

    fn happening(&self) -> Happening {
        let codes = |v: &[Actor]| {
            v.iter()
                .filter_map(|a| a.code.clone())
                .collect::<BTreeSet<_>>()
        };
        let (place_country, place_local) = merge::place_key(self.place.as_ref());
        Happening {
            event: self.event.clone(),
            polarity: self.polarity,
            actors: codes(&self.actors),
            recipients: codes(&self.recipients),
            context: self.context.iter().map(|s| s.to_lowercase()).collect(),
            mode: self.mode.iter().map(|s| s.to_lowercase()).collect(),
            days: self.days,
            date_from_text: self.date_from_text,
            place_country,
            place_local,
            mediators: merge::mediators_of(&self.actors, &self.recipients, &self.mode),
        }
    }

    fn new_from(
        rec: &EventRecord,
        key: &Happening,
        uid: String,
        published: Option<&str>,
    ) -> EventRow {
        let date = if key.date_from_text {
            rec.date.clone()
        } else {
            published.map(str::to_string)
        };
        EventRow {
            id: 0,
            uid,
            event: key.event.clone(),
            polarity: rec.polarity,
            date: if key.days.is_some() { date } else { None },
            date_from_text: key.date_from_text,
            days: key.days,
            actors: dedup_actors(rec.actor.iter().cloned()),
            recipients: dedup_actors(rec.recipient.iter().cloned()),
            mode: sorted_lower(rec.mode.iter()),
            context: sorted_lower(rec.context.iter()),
            modality: sorted_lower(rec.modality.iter()),
            place: rec.event_loc.clone(),
            quantities: rec.quantities.clone(),
            cameo: rec.cameo.clone(),
            summary: rec.text_info.text.clone(),
            n_mentions: 0,
            n_documents: 0,
            n_sources: 0,
            confidence: 0.0,
            first_reported: published.map(str::to_string),
            last_reported: published.map(str::to_string),
        }
    }

    /// Folds one more report into the event.
    fn absorb(&mut self, rec: &EventRecord, key: &Happening, published: Option<&str>) {
        self.actors = dedup_actors(self.actors.iter().cloned().chain(rec.actor.iter().cloned()));
        self.recipients = dedup_actors(
            self.recipients
                .iter()
                .cloned()
                .chain(rec.recipient.iter().cloned()),
        );
        self.mode = sorted_lower(self.mode.iter().chain(rec.mode.iter()));
        self.context = sorted_lower(self.context.iter().chain(rec.context.iter()));
        let theirs: BTreeSet<String> = rec.modality.iter().map(|m| m.to_lowercase()).collect();
        self.modality.retain(|m| theirs.contains(m));
        // Date: a date read in a text beats a publication-date fallback; a more
        // precise text date (a day inside a month) refines a coarser one.
        if key.days.is_some() {
            let better = match (self.days, key.days) {
                (None, _) => true,
                (Some(_), _) if key.date_from_text && !self.date_from_text => true,
                (Some(mine), Some(new)) if key.date_from_text == self.date_from_text => {
                    new.1 - new.0 < mine.1 - mine.0 && new.0 >= mine.0 && new.1 <= mine.1
                }
                _ => false,
            };
            if better {
                self.days = key.days;
                self.date_from_text = key.date_from_text;
                self.date = if key.date_from_text {
                    rec.date.clone()
                } else {
                    published.map(str::to_string)
                };
            }
        }
        // Place: take one when missing, or a city/site inside the country we had.
        match (&self.place, &rec.event_loc) {
            (None, Some(p)) => self.place = Some(p.clone()),
            (Some(mine), Some(p))
                if !matches!(mine.feature.as_deref(), Some("city") | Some("site"))
                    && matches!(p.feature.as_deref(), Some("city") | Some("site"))
                    && (mine.country_code.is_none() || mine.country_code == p.country_code) =>
            {
                self.place = Some(p.clone())
            }
            _ => {}
        }
        if self.quantities.is_empty() {
            self.quantities = rec.quantities.clone();
        }
        if self.cameo.is_none() {
            self.cameo = rec.cameo.clone();
        }
        if let Some(p) = published {
            if self.first_reported.as_deref().is_none_or(|f| p < f) {
                self.first_reported = Some(p.to_string());
            }
            if self.last_reported.as_deref().is_none_or(|l| p > l) {
                self.last_reported = Some(p.to_string());
            }
        }
    }

    fn write(&mut self, tx: &Transaction) -> Result<(), StoreError> {
        let codes = |v: &[Actor]| {
            let set: BTreeSet<&str> = v.iter().filter_map(|a| a.code.as_deref()).collect();
            if set.is_empty() {
                String::new()
            } else {
                format!(",{},", set.into_iter().collect::<Vec<_>>().join(","))
            }
        };
        let place_json = self.place.as_ref().map(serde_json::to_string).transpose()?;
        let vals = params![
            self.uid,
            self.event,
            self.polarity.as_str(),
            self.date,
            self.date_from_text as i64,
            self.days.map(|d| d.0),
            self.days.map(|d| d.1),
            codes(&self.actors),
            codes(&self.recipients),
            serde_json::to_string(&self.actors)?,
            serde_json::to_string(&self.recipients)?,
            serde_json::to_string(&self.mode)?,
            serde_json::to_string(&self.context)?,
            serde_json::to_string(&self.modality)?,
            place_json,
            self.place.as_ref().map(|p| p.name.clone()),
            self.place.as_ref().and_then(|p| p.country_code.clone()),
            serde_json::to_string(&self.quantities)?,
            self.cameo,
            self.summary,
            self.n_mentions,
            self.n_documents,
            self.n_sources,
            self.confidence,
            self.first_reported,
            self.last_reported,
        ];
        if self.id == 0 {
            tx.execute(
                "INSERT INTO events (uid, event, polarity, date, date_from_text, day_lo, day_hi, actor_codes, \
                 recipient_codes, actors, recipients, mode, context, modality, place, place_name, place_country, \
                 quantities, cameo, summary, n_mentions, n_documents, n_sources, confidence, first_reported, last_reported) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26)",
                vals,
            )?;
            self.id = tx.last_insert_rowid();
        } else {
            let n = tx.execute(
                "UPDATE events SET uid=?1, event=?2, polarity=?3, date=?4, date_from_text=?5, day_lo=?6, day_hi=?7, \
                 actor_codes=?8, recipient_codes=?9, actors=?10, recipients=?11, mode=?12, context=?13, modality=?14, \
                 place=?15, place_name=?16, place_country=?17, quantities=?18, cameo=?19, summary=?20, n_mentions=?21, \
                 n_documents=?22, n_sources=?23, confidence=?24, first_reported=?25, last_reported=?26 WHERE id=?27",
                rusqlite::params_from_iter(vals.iter().copied().chain(std::iter::once(&self.id as &dyn rusqlite::ToSql))),
            )?;
            debug_assert_eq!(n, 1);
        }
        Ok(())
    }
}

fn sorted_lower<'a>(it: impl Iterator<Item = &'a String>) -> Vec<String> {
    let set: BTreeSet<String> = it
        .map(|s| s.trim().to_lowercase())
        .filter(|s| !s.is_empty())
        .collect();
    set.into_iter().collect()
}

/// Actors without duplicates (same code and same name), at most 24.
fn dedup_actors(it: impl Iterator<Item = Actor>) -> Vec<Actor> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for a in it {
        if seen.insert((a.code.clone(), a.name.trim().to_lowercase())) && out.len() < 24 {
            out.push(a);
        }
    }
    out
}

fn event_uid(doc_hash: &str, rec: &EventRecord, index: usize) -> String {
    let mut h = Sha256::new();
    h.update(doc_hash.as_bytes());
    h.update(b"\0");
    h.update(rec.id.as_bytes());
    h.update(b"\0");
    h.update(index.to_le_bytes());
    format!("ev-{}", &hex(&h.finalize())[..16])
}

impl Store {
    /// Opens (creating it and its directory when needed) the store at `path`,
    /// migrating the schema to the current version.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let mut conn = Connection::open(path)?;
        schema::configure(&conn)?;
        schema::migrate(&mut conn)?;
        Ok(Store {
            conn,
            path: Some(path.to_path_buf()),
        })
    }

    /// A store in memory (tests).
    pub fn open_in_memory() -> Result<Store, StoreError> {
        let mut conn = Connection::open_in_memory()?;
        schema::configure(&conn)?;
        schema::migrate(&mut conn)?;
        Ok(Store { conn, path: None })
    }

    /// The database file, if any.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The underlying connection (for ad-hoc queries; do not write through it).
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Whether a document with this content hash is stored.
    pub fn contains(&self, hash: &str) -> Result<bool, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM documents WHERE content_hash = ?1")?
            .query_row([hash], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// Writes one document with the outcome of coding it: `Ok(records)` or
    /// `Err(reason)` when it could not be coded (stored as skipped, so that a
    /// re-run does not retry it). One transaction; idempotent by content hash.
    pub fn ingest(
        &mut self,
        doc: &Document,
        coded: Result<&[EventRecord], &str>,
    ) -> Result<IngestOutcome, StoreError> {
        let hash = content_hash(&doc.text);
        let published = doc.published.as_deref().and_then(normalize_day);
        let outlet = outlet_of(doc);
        let tx = self.conn.transaction()?;
        let exists = tx
            .prepare_cached("SELECT 1 FROM documents WHERE content_hash = ?1")?
            .query_row([&hash], |_| Ok(()))
            .optional()?
            .is_some();
        if exists {
            return Ok(IngestOutcome::Unchanged);
        }
        let (status, reason, records) = match coded {
            Ok(r) => ("coded", None, r),
            Err(why) => ("skipped", Some(why.to_string()), &[][..]),
        };
        tx.prepare_cached(
            "INSERT INTO documents (doc_key, content_hash, url, title, language, published, source, outlet, \
             n_chars, status, skip_reason, n_mentions, coder, ingested_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        )?
        .execute(params![
            doc.id,
            hash,
            doc.url,
            doc.title,
            records.first().map(|r| r.language.clone()).filter(|l| !l.is_empty()).or_else(|| doc.lang.clone()),
            published,
            doc.source,
            outlet,
            doc.text.chars().count() as i64,
            status,
            reason,
            records.len() as i64,
            records.first().map(|r| r.coder.clone()),
            chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        ])?;
        let doc_row = tx.last_insert_rowid();
        if let Some(reason) = reason {
            tx.commit()?;
            return Ok(IngestOutcome::Skipped { reason });
        }
        let mut touched: HashSet<i64> = HashSet::new();
        let (mut new, mut merged, mut conflicts) = (0, 0, 0);
        for (i, rec) in records.iter().enumerate() {
            let key = Happening::of_record(rec, published.as_deref());
            let candidates = load_candidates(&tx, &key)?;
            let mut best: Option<(u32, EventRow)> = None;
            let mut opposed: Vec<i64> = Vec::new();
            for cand in candidates {
                if touched.contains(&cand.id) {
                    // A document's own reports are distinct happenings by the coder's
                    // judgement (it already merged repeated mentions into one record).
                    continue;
                }
                let Some(mut score) = merge::compatible(&key, &cand.happening()) else {
                    continue;
                };
                // The very same sentence already reported for this event (a syndicated
                // copy, the same article in another format): the surest match.
                let same_sentence = tx
                    .prepare_cached(
                        "SELECT 1 FROM mentions WHERE event_id = ?1 AND sentence_text = ?2 LIMIT 1",
                    )?
                    .query_row(params![cand.id, rec.text_info.text], |_| Ok(()))
                    .optional()?
                    .is_some();
                if same_sentence {
                    score += 100;
                }
                if cand.polarity != key.polarity {
                    opposed.push(cand.id);
                } else if best
                    .as_ref()
                    .is_none_or(|(s, b)| score > *s || (score == *s && cand.id < b.id))
                {
                    best = Some((score, cand));
                }
            }
            let mut ev = match best {
                Some((_, mut ev)) => {
                    ev.absorb(rec, &key, published.as_deref());
                    merged += 1;
                    ev
                }
                None => {
                    new += 1;
                    EventRow::new_from(rec, &key, event_uid(&hash, rec, i), published.as_deref())
                }
            };
            ev.n_mentions += 1;
            ev.n_documents += 1;
            ev.write(&tx)?; // assigns the id of a new event
            let weight = merge::report_weight(rec);
            tx.prepare_cached(
                "INSERT INTO mentions (event_id, document_id, record_id, sentence, span_start, span_end, \
                 sentence_text, date, polarity, modality, attribution, weight, record) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) \
                 ON CONFLICT (document_id, record_id) DO NOTHING",
            )?
            .execute(params![
                ev.id,
                doc_row,
                if rec.id.is_empty() { format!("#{i}") } else { rec.id.clone() },
                rec.text_info.sentence as i64,
                rec.text_info.start as i64,
                rec.text_info.end as i64,
                rec.text_info.text,
                rec.date,
                rec.polarity.as_str(),
                serde_json::to_string(&rec.modality)?,
                rec.attribution.as_ref().map(serde_json::to_string).transpose()?,
                weight,
                serde_json::to_string(rec)?,
            ])?;
            tx.prepare_cached(
                "INSERT INTO event_sources (event_id, outlet, weight) VALUES (?1, ?2, ?3) \
                 ON CONFLICT (event_id, outlet) DO UPDATE SET weight = max(weight, excluded.weight)",
            )?
            .execute(params![ev.id, outlet, weight])?;
            let weights: Vec<f64> = tx
                .prepare_cached("SELECT weight FROM event_sources WHERE event_id = ?1")?
                .query_map([ev.id], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            ev.n_sources = weights.len() as i64;
            ev.confidence = merge::confidence(weights);
            ev.write(&tx)?;
            for other in opposed {
                let (a, b) = if ev.id < other {
                    (ev.id, other)
                } else {
                    (other, ev.id)
                };
                conflicts += tx
                    .prepare_cached("INSERT OR IGNORE INTO event_conflicts (event_a, event_b, reason) VALUES (?1, ?2, 'polarity')")?
                    .execute(params![a, b])?;
            }
            touched.insert(ev.id);
        }
        tx.commit()?;
        Ok(IngestOutcome::Coded {
            mentions: records.len(),
            events_new: new,
            events_merged: merged,
            conflicts,
        })
    }

    /// Row counts.
    pub fn stats(&self) -> Result<StoreStats, StoreError> {
        let count = |sql: &str| -> Result<i64, StoreError> {
            Ok(self.conn.query_row(sql, [], |r| r.get(0))?)
        };
        Ok(StoreStats {
            documents: count("SELECT count(*) FROM documents")?,
            documents_coded: count("SELECT count(*) FROM documents WHERE status = 'coded'")?,
            documents_skipped: count("SELECT count(*) FROM documents WHERE status = 'skipped'")?,
            mentions: count("SELECT count(*) FROM mentions")?,
            events: count("SELECT count(*) FROM events")?,
            conflicts: count("SELECT count(*) FROM event_conflicts")?,
            schema_version: count("PRAGMA user_version")?,
        })
    }

    /// Runs `PRAGMA integrity_check` and `PRAGMA foreign_key_check`, plus parley's
    /// own invariants (event counters match their mentions). Returns the problems
    /// found; empty means consistent.
    pub fn check(&self) -> Result<Vec<String>, StoreError> {
        let mut problems = Vec::new();
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        for r in stmt.query_map([], |r| r.get::<_, String>(0))? {
            let r = r?;
            if r != "ok" {
                problems.push(format!("integrity: {r}"));
            }
        }
        let mut stmt = self.conn.prepare("PRAGMA foreign_key_check")?;
        for r in stmt.query_map([], |r| {
            Ok(format!(
                "foreign key: table {} row {:?}",
                r.get::<_, String>(0)?,
                r.get::<_, Option<i64>>(1)?
            ))
        })? {
            problems.push(r?);
        }
        let bad: i64 = self.conn.query_row(
            "SELECT count(*) FROM events e WHERE n_mentions != (SELECT count(*) FROM mentions m WHERE m.event_id = e.id) \
             OR n_sources != (SELECT count(*) FROM event_sources s WHERE s.event_id = e.id)",
            [],
            |r| r.get(0),
        )?;
        if bad > 0 {
            problems.push(format!(
                "{bad} events whose counters do not match their mentions"
            ));
        }
        let orphans: i64 = self.conn.query_row(
            "SELECT count(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM mentions m WHERE m.event_id = e.id)",
            [],
            |r| r.get(0),
        )?;
        if orphans > 0 {
            problems.push(format!("{orphans} events without any report"));
        }
        Ok(problems)
    }
}

fn load_candidates(tx: &Transaction, key: &Happening) -> Result<Vec<EventRow>, StoreError> {
    let sql_dated = format!(
        "SELECT {EVENT_COLS} FROM events WHERE event = ?1 AND day_lo BETWEEN ?2 AND ?3 AND day_hi >= ?4 ORDER BY id"
    );
    let sql_undated = format!("SELECT {EVENT_COLS} FROM events WHERE event = ?1 AND day_lo IS NULL ORDER BY id DESC LIMIT 1000");
    let w = merge::MAX_WINDOW;
    let rows = match key.days {
        Some((lo, hi)) => tx
            .prepare_cached(&sql_dated)?
            .query_map(
                params![key.event, lo - w - 366, hi + w, lo - w],
                EventRow::from_row,
            )?
            .collect::<Result<Vec<_>, _>>()?,
        None => tx
            .prepare_cached(&sql_undated)?
            .query_map(params![key.event], EventRow::from_row)?
            .collect::<Result<Vec<_>, _>>()?,
    };
    Ok(rows)
}

/// Day range of an ISO date (re-exported for queries).
pub(crate) fn parse_bound(s: &str) -> Result<(i64, i64), StoreError> {
    day_range(s).ok_or_else(|| StoreError::Invalid {
        what: "date",
        value: s.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_ignores_whitespace_layout() {
        assert_eq!(content_hash("a  b\n\nc"), content_hash("a b c\n"));
        assert_ne!(content_hash("a b c"), content_hash("a b d"));
    }

    #[test]
    fn outlets() {
        let d = Document {
            id: "x".into(),
            url: Some("https://www.ansa.it/sito/notizie/1.html".into()),
            ..Default::default()
        };
        assert_eq!(outlet_of(&d), "ansa.it");
        let d = Document {
            id: "https://Reuters.com:443/a".into(),
            ..Default::default()
        };
        assert_eq!(outlet_of(&d), "reuters.com");
        let d = Document {
            id: "file.txt".into(),
            ..Default::default()
        };
        assert_eq!(outlet_of(&d), "doc:file.txt");
    }
}
