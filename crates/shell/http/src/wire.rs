//! How values look on the wire (API.md §1.6), for DTOs to use with `#[serde(with)]`,
//! `serialize_with` and `deserialize_with`.
//!
//! - Timestamps go out as UTC with a `Z` suffix, with six fractional digits when the
//!   microseconds are non-zero; any ISO 8601 form comes in, and one without an offset is
//!   read as UTC (`datetime_parsing` otherwise).
//! - Dates are `YYYY-MM-DD` (`date_parsing` otherwise).
//! - Query booleans accept `true/false`, `1/0`, `yes/no`, `on/off` (`bool_parsing`).
//! - PATCH keys tell "absent" from "`null`" ([`present`]); [`Timestamp`] and [`Date`]
//!   read the formats above where a field's type nests them (`Option<Option<Date>>`).
//!
//! The error messages start with pydantic's wording, which is how the 422 mapping in
//! [`crate::error`] recognises their type.

use chrono::{DateTime, NaiveDate, NaiveDateTime, SecondsFormat, Timelike as _, Utc};
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serializer};

/// Formats a timestamp as API.md §1.6 wants it: `2025-03-20T14:05:09Z` or
/// `2025-03-20T14:05:09.123456Z`.
#[must_use]
pub fn format_timestamp(at: DateTime<Utc>) -> String {
    // RFC 3339 is written directly; a `format("%Y…")` string is parsed again on every
    // call, which was the largest cost of serializing a library page.
    let precision = if at.nanosecond() / 1_000 == 0 {
        SecondsFormat::Secs
    } else {
        SecondsFormat::Micros
    };
    at.to_rfc3339_opts(precision, true)
}

/// Parses an ISO 8601 timestamp; one without an offset is UTC.
///
/// # Errors
/// A message starting with `Input should be a valid datetime` when `text` is no
/// ISO 8601 date-time.
pub fn parse_timestamp(text: &str) -> Result<DateTime<Utc>, String> {
    let text = text.trim();
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Ok(at.with_timezone(&Utc));
    }
    if let Ok(at) = DateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f%z") {
        return Ok(at.with_timezone(&Utc));
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(text, format) {
            return Ok(naive.and_utc());
        }
    }
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        && let Some(midnight) = date.and_hms_opt(0, 0, 0)
    {
        return Ok(midnight.and_utc());
    }
    Err("Input should be a valid datetime, invalid datetime format".to_owned())
}

/// Parses a `YYYY-MM-DD` date.
///
/// # Errors
/// A message starting with `Input should be a valid date` otherwise.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|error| format!("Input should be a valid date in the format YYYY-MM-DD, {error}"))
}

/// Parses a lenient boolean (`true/false`, `1/0`, `yes/no`, `on/off`, any case).
///
/// # Errors
/// A message starting with `Input should be a valid boolean` otherwise.
pub fn parse_flag(text: &str) -> Result<bool, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "on" | "t" | "y" => Ok(true),
        "false" | "0" | "no" | "off" | "f" | "n" => Ok(false),
        _ => Err("Input should be a valid boolean, unable to interpret input".to_owned()),
    }
}

/// `#[serde(with = "wire::timestamp")]` for `DateTime<Utc>` fields.
pub mod timestamp {
    use super::{DateTime, Deserializer, Serializer, Utc, de};

    /// Writes [`super::format_timestamp`].
    ///
    /// # Errors
    /// Whatever the serializer fails with.
    pub fn serialize<S: Serializer>(at: &DateTime<Utc>, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&super::format_timestamp(*at))
    }

    /// Reads [`super::parse_timestamp`].
    ///
    /// # Errors
    /// `datetime_parsing` for anything but an ISO 8601 string.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<DateTime<Utc>, D::Error> {
        let text = super::text(deserializer, "Input should be a valid datetime")?;
        super::parse_timestamp(&text).map_err(de::Error::custom)
    }
}

/// `#[serde(with = "wire::optional_timestamp", default)]` for `Option<DateTime<Utc>>`.
pub mod optional_timestamp {
    use super::{DateTime, Deserializer, Serializer, Utc, de};
    use serde::Deserialize as _;

    /// Writes `null` or [`super::format_timestamp`].
    ///
    /// # Errors
    /// Whatever the serializer fails with.
    pub fn serialize<S: Serializer>(
        at: &Option<DateTime<Utc>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match at {
            Some(at) => serializer.serialize_str(&super::format_timestamp(*at)),
            None => serializer.serialize_none(),
        }
    }

    /// Reads `null` or [`super::parse_timestamp`].
    ///
    /// # Errors
    /// `datetime_parsing` for anything but `null` or an ISO 8601 string.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<DateTime<Utc>>, D::Error> {
        Option::<serde_json::Value>::deserialize(deserializer)?
            .map(|value| match value {
                serde_json::Value::String(text) => {
                    super::parse_timestamp(&text).map_err(de::Error::custom)
                }
                _ => Err(de::Error::custom("Input should be a valid datetime")),
            })
            .transpose()
    }
}

/// `#[serde(default, deserialize_with = "wire::present")]` for PATCH fields where a sent
/// `null` differs from an absent key: absent is `None` (the `default`), `null` is
/// `Some(None)` (clear the field), a value is `Some(Some(value))`.
///
/// # Errors
/// Whatever deserializing `T` fails with.
pub fn present<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// `#[serde(deserialize_with = "wire::date")]` for `NaiveDate` fields.
///
/// # Errors
/// `date_parsing` for anything but a `YYYY-MM-DD` string.
pub fn date<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
    let text = text(deserializer, "Input should be a valid date")?;
    parse_date(&text).map_err(de::Error::custom)
}

/// `#[serde(deserialize_with = "wire::flag")]` for lenient query booleans.
///
/// # Errors
/// `bool_parsing` for anything [`parse_flag`] rejects.
pub fn flag<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    let text = text(deserializer, "Input should be a valid boolean")?;
    parse_flag(&text).map_err(de::Error::custom)
}

/// A timestamp as [`parse_timestamp`] reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timestamp(pub DateTime<Utc>);

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        timestamp::deserialize(deserializer).map(Self)
    }
}

/// A `YYYY-MM-DD` date, as [`parse_date`] reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Date(pub NaiveDate);

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        date(deserializer).map(Self)
    }
}

/// Reads a string (a JSON bool or number is taken as its text, as query values are).
fn text<'de, D: Deserializer<'de>>(deserializer: D, wrong_type: &str) -> Result<String, D::Error> {
    match serde_json::Value::deserialize(deserializer)? {
        serde_json::Value::String(text) => Ok(text),
        serde_json::Value::Bool(value) => Ok(value.to_string()),
        serde_json::Value::Number(number) => Ok(number.to_string()),
        _ => Err(de::Error::custom(wrong_type)),
    }
}
