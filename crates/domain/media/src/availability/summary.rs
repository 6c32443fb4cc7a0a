//! [`AvailabilitySummary`] (API.md §1.8): one item's entries folded into the lists of
//! providers, regions and formats, a count per status and the latest check. A pure
//! function of the rows, the staleness limit and "now", so the summary route and search
//! results (API.md §2.5) compute it the same way.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

use super::entry::AvailabilityRecord;
use super::staleness::Staleness;
use super::status::AvailabilityStatus;

/// How many of an item's entries read as each status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StatusCounts {
    /// Entries that read `available`.
    pub available: u32,
    /// Entries that read `unavailable`.
    pub unavailable: u32,
    /// Entries that read `unknown` (stale ones included).
    pub unknown: u32,
}

impl StatusCounts {
    /// The count of `status`.
    #[must_use]
    pub const fn of(&self, status: AvailabilityStatus) -> u32 {
        match status {
            AvailabilityStatus::Available => self.available,
            AvailabilityStatus::Unavailable => self.unavailable,
            AvailabilityStatus::Unknown => self.unknown,
        }
    }

    fn add(&mut self, status: AvailabilityStatus) {
        let count = match status {
            AvailabilityStatus::Available => &mut self.available,
            AvailabilityStatus::Unavailable => &mut self.unavailable,
            AvailabilityStatus::Unknown => &mut self.unknown,
        };
        *count = count.saturating_add(1);
    }
}

/// The summary of one item's availability.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AvailabilitySummary {
    /// Every provider named by an entry, sorted, once each.
    pub providers: Vec<String>,
    /// Every region, sorted, once each.
    pub regions: Vec<String>,
    /// Every format, sorted, once each.
    pub formats: Vec<String>,
    /// Entries per status, as they read now.
    pub status_counts: StatusCounts,
    /// The most recent check of any entry; `None` when none was ever checked.
    pub last_checked_at: Option<DateTime<Utc>>,
}

impl AvailabilitySummary {
    /// The summary of `records` (one item's rows) as they read at `now`; `None` when there
    /// are no rows (such items are left out of summaries and read as `null` in search).
    #[must_use]
    pub fn of(
        records: &[AvailabilityRecord],
        staleness: Staleness,
        now: DateTime<Utc>,
    ) -> Option<Self> {
        if records.is_empty() {
            return None;
        }
        let mut providers = BTreeSet::new();
        let mut regions = BTreeSet::new();
        let mut formats = BTreeSet::new();
        let mut status_counts = StatusCounts::default();
        let mut last_checked_at = None;
        for record in records {
            providers.insert(record.key.provider.as_str());
            regions.insert(record.key.region.as_str());
            formats.insert(record.key.format.as_str());
            status_counts.add(staleness.status_at(record, now));
            last_checked_at = last_checked_at.max(record.last_checked_at);
        }
        let owned = |set: BTreeSet<&str>| set.into_iter().map(str::to_owned).collect();
        Some(Self {
            providers: owned(providers),
            regions: owned(regions),
            formats: owned(formats),
            status_counts,
            last_checked_at,
        })
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeDelta;

    use super::*;
    use crate::availability::testing_support::record;

    #[test]
    fn no_rows_no_summary() {
        assert_eq!(
            AvailabilitySummary::of(&[], Staleness::default(), Utc::now()),
            None
        );
    }

    #[test]
    fn rows_fold_into_sorted_sets_counts_and_the_latest_check() {
        let now = Utc::now();
        let mut stale = record("Hulu", "US", "stream", AvailabilityStatus::Available);
        stale.last_checked_at = Some(now - TimeDelta::days(30));
        let mut fresh = record("Apple TV", "GB", "rent", AvailabilityStatus::Available);
        fresh.last_checked_at = Some(now - TimeDelta::hours(1));
        let mut gone = record("Apple TV", "US", "buy", AvailabilityStatus::Unavailable);
        gone.last_checked_at = Some(now - TimeDelta::hours(2));

        let summary = AvailabilitySummary::of(&[stale, fresh, gone], Staleness::days(7), now);

        let summary = summary.unwrap_or_else(|| panic!("a summary"));
        assert_eq!(summary.providers, ["Apple TV", "Hulu"]);
        assert_eq!(summary.regions, ["GB", "US"]);
        assert_eq!(summary.formats, ["buy", "rent", "stream"]);
        assert_eq!(
            summary.status_counts,
            StatusCounts {
                available: 1,
                unavailable: 1,
                unknown: 1
            }
        );
        assert_eq!(summary.last_checked_at, Some(now - TimeDelta::hours(1)));
    }
}
