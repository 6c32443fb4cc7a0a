//! Upstream dates: partial ISO dates and Unix timestamps.

use chrono::{DateTime, NaiveDate};

/// Parses `YYYY` (→ 1 January), `YYYY-MM` (→ the 1st) or `YYYY-MM-DD`; anything else,
/// including `""` and impossible dates, is `None` (never a placeholder).
#[must_use]
pub fn parse_partial_date(raw: &str) -> Option<NaiveDate> {
    let raw = raw.trim();
    let mut parts = raw.split('-');
    let year = parts.next().filter(|y| y.len() == 4)?;
    let month = parts.next();
    let day = parts.next();
    if parts.next().is_some() {
        return None;
    }
    let number = |part: &str, width: usize| -> Option<u32> {
        (part.len() == width && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse().ok())
            .flatten()
    };
    let year = i32::try_from(number(year, 4)?).ok()?;
    let month = month.map_or(Some(1), |m| number(m, 2))?;
    let day = day.map_or(Some(1), |d| number(d, 2))?;
    NaiveDate::from_ymd_opt(year, month, day)
}

/// The UTC calendar date of a Unix timestamp in seconds (IGDB's `first_release_date`).
#[must_use]
pub fn date_from_unix_seconds(seconds: i64) -> Option<NaiveDate> {
    DateTime::from_timestamp(seconds, 0).map(|at| at.date_naive())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn partial_dates_become_the_first_day() {
        assert_eq!(parse_partial_date("2012"), date(2012, 1, 1));
        assert_eq!(parse_partial_date("2016-01"), date(2016, 1, 1));
        assert_eq!(parse_partial_date("2005-08-02"), date(2005, 8, 2));
        assert_eq!(parse_partial_date(" 1999-03-31 "), date(1999, 3, 31));
    }

    #[test]
    fn garbage_is_none() {
        for raw in [
            "",
            "  ",
            "soon",
            "2016-1",
            "2016-13",
            "2019-02-30",
            "20-01-01",
            "2005-08-02-01",
            "2005/08/02",
            "+2005",
        ] {
            assert_eq!(parse_partial_date(raw), None, "{raw:?}");
        }
    }

    #[test]
    fn unix_seconds_are_utc_dates() {
        assert_eq!(date_from_unix_seconds(1_600_300_800), date(2020, 9, 17));
        assert_eq!(date_from_unix_seconds(1_431_993_600), date(2015, 5, 19));
    }
}
