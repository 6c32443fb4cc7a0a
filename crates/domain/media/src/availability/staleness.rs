//! [`Staleness`]: an entry whose last check is too old reads as `unknown`. Computed at
//! read time from the clock, never stored, so the stored status stays what was reported.

use chrono::{DateTime, TimeDelta, Utc};

use super::entry::AvailabilityRecord;
use super::status::AvailabilityStatus;

/// The default of `availability.stale_days`.
pub const DEFAULT_STALE_DAYS: u32 = 7;

/// How old a check may be before its entry reads as `unknown`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Staleness {
    /// `None`: entries never go stale.
    after: Option<TimeDelta>,
}

impl Default for Staleness {
    fn default() -> Self {
        Self::days(DEFAULT_STALE_DAYS)
    }
}

impl Staleness {
    /// Entries not checked for more than `days` days are stale; `0` turns staleness off.
    #[must_use]
    pub fn days(days: u32) -> Self {
        Self {
            after: (days > 0).then(|| TimeDelta::days(i64::from(days))),
        }
    }

    /// The status `record` reads as at `now`: its stored status while the last check is
    /// recent enough, `unknown` once it is older than the limit or was never made.
    #[must_use]
    pub fn status_at(&self, record: &AvailabilityRecord, now: DateTime<Utc>) -> AvailabilityStatus {
        let Some(after) = self.after else {
            return record.status;
        };
        match record.last_checked_at {
            Some(checked) if now.signed_duration_since(checked) <= after => record.status,
            _ => AvailabilityStatus::Unknown,
        }
    }

    /// `records` as they read at `now` (see [`Staleness::status_at`]).
    #[must_use]
    pub fn apply(
        &self,
        mut records: Vec<AvailabilityRecord>,
        now: DateTime<Utc>,
    ) -> Vec<AvailabilityRecord> {
        for record in &mut records {
            record.status = self.status_at(record, now);
        }
        records
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::availability::testing_support::record;

    #[test]
    fn a_check_older_than_the_limit_reads_as_unknown() {
        let now = Utc::now();
        let staleness = Staleness::days(7);
        let mut row = record("Netflix", "US", "stream", AvailabilityStatus::Available);
        row.last_checked_at = Some(now - TimeDelta::days(7));
        assert_eq!(
            staleness.status_at(&row, now),
            AvailabilityStatus::Available
        );
        row.last_checked_at = Some(now - TimeDelta::days(7) - TimeDelta::seconds(1));
        assert_eq!(staleness.status_at(&row, now), AvailabilityStatus::Unknown);
        row.last_checked_at = None;
        assert_eq!(staleness.status_at(&row, now), AvailabilityStatus::Unknown);
        assert_eq!(
            Staleness::days(0).status_at(&row, now),
            AvailabilityStatus::Available
        );
    }
}
