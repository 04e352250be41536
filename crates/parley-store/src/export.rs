//! Exporting stored events for pandas / polars / R: JSONL (nested, one merged
//! event per line with its reports), CSV and Parquet (flat, one row per event or
//! one row per mention). Columns are documented in `docs/export.md`; flat column
//! names follow FORMAT.md (`event`, `actor`, `recipient`, `event_loc`, …), lists are
//! joined with `;`.
//!
//! Not for listing on a terminal (the CLI formats `query.rs` results itself).

use std::io::Write;

use serde::Serialize;

use crate::query::{EventFilter, MentionRow, StoredEvent};
use crate::store::Store;
use crate::StoreError;

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Jsonl,
    Csv,
    Parquet,
}

impl std::str::FromStr for ExportFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "jsonl" | "ndjson" | "json" => Ok(Self::Jsonl),
            "csv" => Ok(Self::Csv),
            "parquet" | "pq" => Ok(Self::Parquet),
            o => Err(format!(
                "unknown export format {o:?} (expected jsonl, csv or parquet)"
            )),
        }
    }
}

/// What one row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ExportTable {
    /// One row per merged event.
    #[default]
    Events,
    /// One row per report of an event (GDELT-Mentions-like).
    Mentions,
}

impl std::str::FromStr for ExportTable {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "events" => Ok(Self::Events),
            "mentions" | "reports" => Ok(Self::Mentions),
            o => Err(format!("unknown table {o:?} (expected events or mentions)")),
        }
    }
}

/// A JSONL export line: the event and all its reports.
#[derive(Serialize)]
struct EventWithReports<'a> {
    #[serde(flatten)]
    event: &'a StoredEvent,
    reports: Vec<MentionRow>,
}

/// Column names of the flat event table (CSV / Parquet), in order.
pub const EVENT_COLUMNS: [&str; 28] = [
    "id",
    "event",
    "polarity",
    "date",
    "date_source",
    "mode",
    "context",
    "actor",
    "actor_name",
    "actor_sector",
    "recipient",
    "recipient_name",
    "recipient_sector",
    "modality",
    "event_loc",
    "event_loc_country",
    "lat",
    "lon",
    "quantities",
    "cameo",
    "text",
    "n_mentions",
    "n_sources",
    "confidence",
    "first_reported",
    "last_reported",
    "conflicts_with",
    "doc_ids",
];

/// Column names of the flat mention table.
pub const MENTION_COLUMNS: [&str; 16] = [
    "event_id",
    "doc_id",
    "url",
    "title",
    "outlet",
    "published",
    "language",
    "sentence",
    "start",
    "end",
    "text",
    "date",
    "polarity",
    "modality",
    "attribution",
    "weight",
];

/// A flat cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(Option<String>),
    Int(i64),
    Float(Option<f64>),
}

impl Cell {
    fn to_field(&self) -> String {
        match self {
            Cell::Text(s) => s.clone().unwrap_or_default(),
            Cell::Int(i) => i.to_string(),
            Cell::Float(f) => f.map(|f| f.to_string()).unwrap_or_default(),
        }
    }
}

fn join(v: impl IntoIterator<Item = String>) -> Option<String> {
    let s: Vec<String> = v.into_iter().filter(|s| !s.is_empty()).collect();
    (!s.is_empty()).then(|| s.join(";"))
}

fn t(s: &Option<String>) -> Cell {
    Cell::Text(s.clone())
}

fn event_cells(e: &StoredEvent, doc_ids: Vec<String>) -> Vec<Cell> {
    let names = |v: &[parley_model::Actor]| join(v.iter().map(|a| a.name.clone()));
    let sectors = |v: &[parley_model::Actor]| join(v.iter().filter_map(|a| a.sector.clone()));
    vec![
        Cell::Text(Some(e.id.clone())),
        Cell::Text(Some(e.event.clone())),
        Cell::Text(Some(e.polarity.clone())),
        t(&e.date),
        t(&e.date_source),
        Cell::Text(join(e.mode.iter().cloned())),
        Cell::Text(join(e.context.iter().cloned())),
        Cell::Text(join(e.actor_codes())),
        Cell::Text(names(&e.actor)),
        Cell::Text(sectors(&e.actor)),
        Cell::Text(join(e.recipient_codes())),
        Cell::Text(names(&e.recipient)),
        Cell::Text(sectors(&e.recipient)),
        Cell::Text(join(e.modality.iter().cloned())),
        Cell::Text(e.event_loc.as_ref().map(|p| p.name.clone())),
        Cell::Text(e.event_loc.as_ref().and_then(|p| p.country_code.clone())),
        Cell::Float(e.event_loc.as_ref().and_then(|p| p.lat)),
        Cell::Float(e.event_loc.as_ref().and_then(|p| p.lon)),
        Cell::Text(join(
            e.quantities
                .iter()
                .map(|q| format!("{} {}", q.value, q.unit)),
        )),
        t(&e.cameo),
        Cell::Text(Some(e.text.clone())),
        Cell::Int(e.n_mentions),
        Cell::Int(e.n_sources),
        Cell::Float(Some(e.confidence)),
        t(&e.first_reported),
        t(&e.last_reported),
        Cell::Text(join(e.conflicts_with.iter().cloned())),
        Cell::Text(join(doc_ids)),
    ]
}

fn mention_cells(m: &MentionRow) -> Vec<Cell> {
    vec![
        Cell::Text(Some(m.event_id.clone())),
        Cell::Text(Some(m.doc_id.clone())),
        t(&m.url),
        t(&m.title),
        Cell::Text(Some(m.outlet.clone())),
        t(&m.published),
        t(&m.language),
        Cell::Int(m.sentence),
        Cell::Int(m.start),
        Cell::Int(m.end),
        Cell::Text(Some(m.text.clone())),
        t(&m.date),
        Cell::Text(Some(m.polarity.clone())),
        Cell::Text(join(m.modality.iter().cloned())),
        Cell::Text(m.attribution.as_ref().map(|a| a.name.clone())),
        Cell::Float(Some(m.weight)),
    ]
}

/// Builds the flat table (header, rows) of the events matching `filter`.
pub fn flat_table(
    store: &Store,
    filter: &EventFilter,
    table: ExportTable,
) -> Result<(Vec<&'static str>, Vec<Vec<Cell>>), StoreError> {
    let events = store.events(filter)?;
    let mut rows = Vec::new();
    match table {
        ExportTable::Events => {
            for e in &events {
                let mut docs: Vec<String> = store
                    .mentions(&e.id)?
                    .into_iter()
                    .map(|m| m.doc_id)
                    .collect();
                docs.dedup();
                rows.push(event_cells(e, docs));
            }
            Ok((EVENT_COLUMNS.to_vec(), rows))
        }
        ExportTable::Mentions => {
            for e in &events {
                for m in store.mentions(&e.id)? {
                    rows.push(mention_cells(&m));
                }
            }
            Ok((MENTION_COLUMNS.to_vec(), rows))
        }
    }
}

/// Writes the events matching `filter` to `out` in `format`; returns the number of
/// rows written (events, or mentions for [`ExportTable::Mentions`]).
pub fn export_events<W: Write + Send>(
    store: &Store,
    filter: &EventFilter,
    format: ExportFormat,
    table: ExportTable,
    out: W,
) -> Result<usize, StoreError> {
    match format {
        ExportFormat::Jsonl => {
            let mut out = std::io::BufWriter::new(out);
            let mut n = 0;
            match table {
                ExportTable::Events => {
                    for e in store.events(filter)? {
                        let line = EventWithReports {
                            reports: store.mentions(&e.id)?,
                            event: &e,
                        };
                        serde_json::to_writer(&mut out, &line)?;
                        out.write_all(b"\n")?;
                        n += 1;
                    }
                }
                ExportTable::Mentions => {
                    for e in store.events(filter)? {
                        for m in store.mentions(&e.id)? {
                            serde_json::to_writer(&mut out, &m)?;
                            out.write_all(b"\n")?;
                            n += 1;
                        }
                    }
                }
            }
            out.flush()?;
            Ok(n)
        }
        ExportFormat::Csv => {
            let (header, rows) = flat_table(store, filter, table)?;
            let mut w = csv::Writer::from_writer(out);
            w.write_record(&header)?;
            for r in &rows {
                w.write_record(r.iter().map(Cell::to_field))?;
            }
            w.flush()?;
            Ok(rows.len())
        }
        ExportFormat::Parquet => {
            let (header, rows) = flat_table(store, filter, table)?;
            write_parquet(&header, &rows, out)?;
            Ok(rows.len())
        }
    }
}

#[cfg(not(feature = "parquet"))]
fn write_parquet<W: Write + Send>(
    _h: &[&str],
    _rows: &[Vec<Cell>],
    _out: W,
) -> Result<(), StoreError> {
    Err(StoreError::Unsupported("parquet"))
}

#[cfg(feature = "parquet")]
fn write_parquet<W: Write + Send>(
    header: &[&str],
    rows: &[Vec<Cell>],
    out: W,
) -> Result<(), StoreError> {
    use std::sync::Arc;

    use arrow_array::{ArrayRef, Float64Array, Int64Array, RecordBatch, StringArray};
    use arrow_schema::{DataType, Field, Schema};
    use parquet::arrow::ArrowWriter;
    use parquet::basic::{Compression, ZstdLevel};
    use parquet::file::properties::WriterProperties;

    let pq = |e: &dyn std::fmt::Display| StoreError::Parquet(e.to_string());
    // Column types from the first row (all rows share them); text when empty.
    let kinds: Vec<u8> = (0..header.len())
        .map(|i| match rows.first().and_then(|r| r.get(i)) {
            Some(Cell::Int(_)) => 1,
            Some(Cell::Float(_)) => 2,
            _ => 0,
        })
        .collect();
    let fields: Vec<Field> = header
        .iter()
        .zip(&kinds)
        .map(|(h, k)| match k {
            1 => Field::new(*h, DataType::Int64, false),
            2 => Field::new(*h, DataType::Float64, true),
            _ => Field::new(*h, DataType::Utf8, true),
        })
        .collect();
    let schema = Arc::new(Schema::new(fields));
    let mut columns: Vec<ArrayRef> = Vec::with_capacity(header.len());
    for (i, k) in kinds.iter().enumerate() {
        let cell = |r: &Vec<Cell>| r.get(i).cloned();
        let col: ArrayRef = match k {
            1 => Arc::new(Int64Array::from_iter_values(rows.iter().map(
                |r| match cell(r) {
                    Some(Cell::Int(v)) => v,
                    _ => 0,
                },
            ))),
            2 => Arc::new(Float64Array::from_iter(rows.iter().map(|r| {
                match cell(r) {
                    Some(Cell::Float(v)) => v,
                    _ => None,
                }
            }))),
            _ => Arc::new(StringArray::from_iter(rows.iter().map(|r| match cell(r) {
                Some(Cell::Text(v)) => v,
                _ => None,
            }))),
        };
        columns.push(col);
    }
    let batch = RecordBatch::try_new(schema.clone(), columns).map_err(|e| pq(&e))?;
    let props = WriterProperties::builder()
        .set_compression(Compression::ZSTD(
            ZstdLevel::try_new(3).map_err(|e| pq(&e))?,
        ))
        .build();
    let mut w = ArrowWriter::try_new(out, schema, Some(props)).map_err(|e| pq(&e))?;
    w.write(&batch).map_err(|e| pq(&e))?;
    w.close().map_err(|e| pq(&e))?;
    Ok(())
}
