//! The SQLite schema of the event store and its migrations.
//!
//! The schema version lives in `PRAGMA user_version`; [`migrate`] applies every
//! migration above it, each in its own transaction, so a store created by an
//! older parley is upgraded in place and a half-applied migration never stays.
//! This module does not read or write events (see `store.rs`).

use rusqlite::Connection;

use crate::StoreError;

/// Migrations in order; migration `i` brings the store to version `i + 1`.
const MIGRATIONS: &[&str] = &[
    // v1: documents, events, mentions (the link between an event and every report
    // of it), conflicts between events that disagree.
    r#"
CREATE TABLE documents (
    id           INTEGER PRIMARY KEY,
    doc_key      TEXT NOT NULL,             -- Document.id: file name, URL or given id
    content_hash TEXT NOT NULL UNIQUE,      -- sha256 of the whitespace-normalised text
    url          TEXT,
    title        TEXT,
    language     TEXT,
    published    TEXT,                      -- YYYY-MM-DD when known
    source       TEXT,                      -- file / feed / archive it came from
    outlet       TEXT NOT NULL,             -- independent source: URL host, else the document
    n_chars      INTEGER NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('coded', 'skipped')),
    skip_reason  TEXT,
    n_mentions   INTEGER NOT NULL DEFAULT 0,
    coder        TEXT,
    ingested_at  TEXT NOT NULL
);
CREATE INDEX documents_url ON documents(url);
CREATE INDEX documents_doc_key ON documents(doc_key);

CREATE TABLE events (
    id              INTEGER PRIMARY KEY,
    uid             TEXT NOT NULL UNIQUE,   -- stable public id, 'ev-' + 16 hex digits
    event           TEXT NOT NULL,          -- PLOVER type
    polarity        TEXT NOT NULL CHECK (polarity IN ('positive', 'negative')),
    date            TEXT,                   -- best date of the happening (ISO, as precise as known)
    date_from_text  INTEGER NOT NULL,       -- 1: date read in a report's text; 0: publication fallback
    day_lo          INTEGER,                -- date as a day range (days since 1970-01-01)
    day_hi          INTEGER,
    actor_codes     TEXT NOT NULL,          -- ',RUS,UKR,' (sorted, for LIKE '%,RUS,%')
    recipient_codes TEXT NOT NULL,
    actors          TEXT NOT NULL,          -- JSON [Actor], union over reports
    recipients      TEXT NOT NULL,          -- JSON [Actor]
    mode            TEXT NOT NULL,          -- JSON [string]
    context         TEXT NOT NULL,          -- JSON [string]
    modality        TEXT NOT NULL,          -- JSON [string]: modalities every report shares
    place           TEXT,                   -- JSON Place
    place_name      TEXT,
    place_country   TEXT,
    quantities      TEXT NOT NULL,          -- JSON [Quantity]
    cameo           TEXT,
    summary         TEXT NOT NULL,          -- evidence sentence of the first report
    n_mentions      INTEGER NOT NULL,
    n_documents     INTEGER NOT NULL,
    n_sources       INTEGER NOT NULL,       -- distinct outlets
    confidence      REAL NOT NULL,
    first_reported  TEXT,                   -- earliest publication date among reports
    last_reported   TEXT
);
CREATE INDEX events_type_day ON events(event, day_lo);
CREATE INDEX events_day ON events(day_lo);

CREATE TABLE mentions (
    id            INTEGER PRIMARY KEY,
    event_id      INTEGER NOT NULL REFERENCES events(id),
    document_id   INTEGER NOT NULL REFERENCES documents(id),
    record_id     TEXT NOT NULL,            -- EventRecord.id from the coder
    sentence      INTEGER NOT NULL,
    span_start    INTEGER NOT NULL,
    span_end      INTEGER NOT NULL,
    sentence_text TEXT NOT NULL,
    date          TEXT,                     -- the report's own date (null: none in the text)
    polarity      TEXT NOT NULL,
    modality      TEXT NOT NULL,            -- JSON [string]
    attribution   TEXT,                     -- JSON Actor
    weight        REAL NOT NULL,            -- this report's evidence weight (see merge.rs)
    record        TEXT NOT NULL,            -- the full EventRecord, JSON
    UNIQUE (document_id, record_id)
);
CREATE INDEX mentions_event ON mentions(event_id);

CREATE TABLE event_sources (
    event_id INTEGER NOT NULL REFERENCES events(id),
    outlet   TEXT NOT NULL,
    weight   REAL NOT NULL,                 -- best report weight from this outlet
    PRIMARY KEY (event_id, outlet)
) WITHOUT ROWID;

CREATE TABLE event_conflicts (
    event_a INTEGER NOT NULL REFERENCES events(id),
    event_b INTEGER NOT NULL REFERENCES events(id),
    reason  TEXT NOT NULL,
    PRIMARY KEY (event_a, event_b),
    CHECK (event_a < event_b)
) WITHOUT ROWID;
CREATE INDEX event_conflicts_b ON event_conflicts(event_b);
"#,
];

/// The schema version this parley writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Sets the connection pragmas: WAL journal, foreign keys, a busy timeout.
pub fn configure(conn: &Connection) -> Result<(), StoreError> {
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(std::time::Duration::from_secs(30))?;
    // WAL: readers never block the writer and a killed writer leaves the last
    // committed transaction intact. NORMAL sync is durable across process crashes
    // (what kill -9 is); only an OS crash can lose the last transactions, never consistency.
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") && !mode.eq_ignore_ascii_case("memory") {
        return Err(StoreError::Setup(format!(
            "could not switch to WAL journal (got {mode})"
        )));
    }
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    Ok(())
}

/// Brings the schema up to [`SCHEMA_VERSION`].
pub fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            found: current,
            supported: SCHEMA_VERSION,
        });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrates_fresh_and_is_idempotent() {
        let mut c = Connection::open_in_memory().unwrap();
        configure(&c).unwrap();
        migrate(&mut c).unwrap();
        migrate(&mut c).unwrap();
        let v: i64 = c
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, SCHEMA_VERSION);
        let fk: i64 = c
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        assert_eq!(fk, 1);
    }

    #[test]
    fn refuses_newer_schema() {
        let mut c = Connection::open_in_memory().unwrap();
        c.pragma_update(None, "user_version", 99).unwrap();
        assert!(matches!(
            migrate(&mut c),
            Err(StoreError::NewerSchema { .. })
        ));
    }
}
