//! ISO dates of any precision (`2025-05-16`, `2025-05`, `2025`) as day ranges.
//!
//! Merging compares events by day numbers (days since 1970-01-01); a month or a
//! year is the range of its days. Not a general date parser: the coder and the
//! readers already normalise dates to ISO.

use chrono::{Datelike, NaiveDate};

/// Days since 1970-01-01 of a calendar day.
pub fn day_number(d: NaiveDate) -> i64 {
    (d - NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default()).num_days()
}

/// The calendar day of a day number.
pub fn from_day_number(n: i64) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(1970, 1, 1)?.checked_add_signed(chrono::Duration::days(n))
}

/// An ISO date of any precision as an inclusive day range; `None` when it does not parse.
/// A longer string (a full timestamp) is cut to its date.
pub fn day_range(s: &str) -> Option<(i64, i64)> {
    let s = s.trim();
    let date_part = s
        .get(..10)
        .filter(|p| p.as_bytes().get(4) == Some(&b'-') && p.as_bytes().get(7) == Some(&b'-'));
    if let Some(p) = date_part {
        let d = NaiveDate::parse_from_str(p, "%Y-%m-%d").ok()?;
        let n = day_number(d);
        return Some((n, n));
    }
    let parts: Vec<&str> = s.split('-').collect();
    match parts.as_slice() {
        [y, m] if y.len() == 4 && m.len() == 2 => {
            let y: i32 = y.parse().ok()?;
            let m: u32 = m.parse().ok()?;
            let first = NaiveDate::from_ymd_opt(y, m, 1)?;
            let next = if m == 12 {
                NaiveDate::from_ymd_opt(y + 1, 1, 1)?
            } else {
                NaiveDate::from_ymd_opt(y, m + 1, 1)?
            };
            Some((day_number(first), day_number(next) - 1))
        }
        [y] if y.len() == 4 => {
            let y: i32 = y.parse().ok()?;
            Some((
                day_number(NaiveDate::from_ymd_opt(y, 1, 1)?),
                day_number(NaiveDate::from_ymd_opt(y, 12, 31)?),
            ))
        }
        _ => None,
    }
}

/// Normalises a publication date to `YYYY-MM-DD` (cuts timestamps); `None` when invalid.
pub fn normalize_day(s: &str) -> Option<String> {
    let (lo, hi) = day_range(s)?;
    if lo != hi {
        return None;
    }
    let d = from_day_number(lo)?;
    Some(format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()))
}

/// Distance in days between two ranges (0 when they overlap).
pub fn range_distance(a: (i64, i64), b: (i64, i64)) -> i64 {
    (b.0 - a.1).max(a.0 - b.1).max(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        let d = day_range("2025-05-16").unwrap();
        assert_eq!(d.0, d.1);
        let m = day_range("2025-05").unwrap();
        assert_eq!(m.1 - m.0, 30);
        let y = day_range("2024").unwrap();
        assert_eq!(y.1 - y.0, 365);
        assert_eq!(day_range("2025-05-16T10:00:00Z"), Some(d));
        assert!(day_range("16 May").is_none());
        assert!(day_range("2025-13-01").is_none());
        assert_eq!(range_distance(d, m), 0);
        assert_eq!(range_distance((10, 10), (13, 14)), 3);
        assert_eq!(
            normalize_day("2025-05-16T10:00:00+02:00").as_deref(),
            Some("2025-05-16")
        );
        assert_eq!(normalize_day("2025-05"), None);
    }
}
