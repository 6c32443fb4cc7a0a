//! Availability entries: the key they are stored under, what a caller sends
//! ([`AvailabilityEntry`], gathered into a checked [`AvailabilityUpdate`]), what the
//! service hands the store ([`AvailabilityWrite`]) and what the store gives back
//! ([`AvailabilityRecord`]).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use tastebuds_kernel::{AvailabilityId, FieldError, FieldErrors, MediaItemId, PathSegment};

use super::region::Region;
use super::status::AvailabilityStatus;
use super::values::{DeepLink, Format, Provider};
use crate::kind::SourceName;

/// The most entries one update may carry.
pub const MAX_ENTRIES_PER_UPDATE: usize = 500;

/// What an item's entries are keyed on: one row per (provider, region, format).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AvailabilityKey {
    /// Who offers it.
    pub provider: Provider,
    /// Where.
    pub region: Region,
    /// How.
    pub format: Format,
}

/// One entry as a caller states it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AvailabilityEntry {
    /// Its key.
    pub key: AvailabilityKey,
    /// Its status.
    pub status: AvailabilityStatus,
    /// Where to go.
    pub deeplink_url: Option<DeepLink>,
    /// When it was checked; `None` means now (the service fills it in).
    pub last_checked_at: Option<DateTime<Utc>>,
}

/// A checked list of entries for one item: at most [`MAX_ENTRIES_PER_UPDATE`], no key
/// twice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AvailabilityUpdate(Vec<AvailabilityEntry>);

impl AvailabilityUpdate {
    /// Checks `entries`.
    ///
    /// # Errors
    /// `too_long` at the root for more than [`MAX_ENTRIES_PER_UPDATE`] entries, and a
    /// `value_error` at `[i]` for every entry whose key an earlier entry already has.
    pub fn new(entries: Vec<AvailabilityEntry>) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        if entries.len() > MAX_ENTRIES_PER_UPDATE {
            errors.push(FieldError {
                path: Vec::new(),
                kind: "too_long",
                message: format!(
                    "List should have at most {MAX_ENTRIES_PER_UPDATE} items after validation, not {}",
                    entries.len()
                ),
                input: None,
                ctx: None,
            }
            .with_ctx("max_length", MAX_ENTRIES_PER_UPDATE)
            .with_ctx("actual_length", entries.len()));
            return Err(errors);
        }
        let mut first_at: HashMap<&AvailabilityKey, usize> = HashMap::new();
        for (index, entry) in entries.iter().enumerate() {
            if let Some(first) = first_at.get(&entry.key) {
                errors.push(
                    FieldError {
                        path: Vec::new(),
                        kind: "value_error",
                        message: format!(
                            "Value error, ({}, {}, {}) is already listed at index {first}",
                            entry.key.provider, entry.key.region, entry.key.format
                        ),
                        input: None,
                        ctx: None,
                    }
                    .nested_under(&[PathSegment::Index(index)]),
                );
            } else {
                first_at.insert(&entry.key, index);
            }
        }
        errors.into_result()?;
        Ok(Self(entries))
    }

    /// The entries, in the caller's order.
    #[must_use]
    pub fn entries(&self) -> &[AvailabilityEntry] {
        &self.0
    }
}

/// One row to insert or overwrite, keyed on (item, provider, region, format).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AvailabilityWrite {
    /// Its key.
    pub key: AvailabilityKey,
    /// Its status.
    pub status: AvailabilityStatus,
    /// Where to go.
    pub deeplink_url: Option<DeepLink>,
    /// When it was checked.
    pub last_checked_at: Option<DateTime<Utc>>,
    /// The upstream that wrote it, `None` when entered by hand: only rows of an upstream
    /// are turned `unavailable` when it stops listing them ([`super::reconcile`]).
    pub origin: Option<SourceName>,
}

/// A stored row (`media_item_availability`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AvailabilityRecord {
    /// The row's id.
    pub id: AvailabilityId,
    /// The item.
    pub media_item_id: MediaItemId,
    /// Its key.
    pub key: AvailabilityKey,
    /// The stored status (reads go through [`super::Staleness`]).
    pub status: AvailabilityStatus,
    /// Where to go.
    pub deeplink_url: Option<DeepLink>,
    /// When it was last checked.
    pub last_checked_at: Option<DateTime<Utc>>,
    /// The upstream that wrote it last, `None` when entered by hand.
    pub origin: Option<SourceName>,
    /// When the row was first stored.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(provider: &str, region: &str, format: &str) -> AvailabilityEntry {
        AvailabilityEntry {
            key: AvailabilityKey {
                provider: Provider::parse(provider).unwrap_or_else(|e| panic!("{e}")),
                region: Region::parse(region).unwrap_or_else(|e| panic!("{e}")),
                format: Format::parse(format).unwrap_or_else(|e| panic!("{e}")),
            },
            status: AvailabilityStatus::Available,
            deeplink_url: None,
            last_checked_at: None,
        }
    }

    #[test]
    fn a_key_listed_twice_is_refused_at_the_later_index() {
        let errors = AvailabilityUpdate::new(vec![
            entry("Netflix", "US", "stream"),
            entry("Netflix", "GB", "stream"),
            entry("Netflix", "us", "stream"),
        ])
        .err()
        .unwrap_or_default();
        assert_eq!(errors.errors().len(), 1);
        assert_eq!(errors.errors()[0].path, vec![PathSegment::Index(2)]);
    }

    #[test]
    fn too_many_entries_are_refused() {
        let entries = (0..=MAX_ENTRIES_PER_UPDATE)
            .map(|i| entry(&format!("P{i}"), "US", "stream"))
            .collect();
        let errors = AvailabilityUpdate::new(entries).err().unwrap_or_default();
        assert_eq!(errors.errors()[0].kind, "too_long");
    }
}
