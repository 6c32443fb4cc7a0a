//! The per-user external-search quota (API.md §5.9): fixed windows aligned to the Unix
//! epoch; each fanning-out search counts once; the `max_requests + 1`-th of a window is
//! refused. Counting is the storage's atomic increment ([`super::QuotaCounter`]); the
//! decision is here.

use std::time::Duration;

use chrono::{DateTime, TimeZone as _, Utc};

use super::error::SearchError;

/// The quota's settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QuotaPolicy {
    /// Fanning-out searches allowed per window (`EXTERNAL_SEARCH_QUOTA_MAX_REQUESTS`).
    pub max_requests: u32,
    /// The window's length in seconds, at least 1 (`EXTERNAL_SEARCH_QUOTA_WINDOW_SECONDS`).
    pub window_secs: u64,
}

impl Default for QuotaPolicy {
    fn default() -> Self {
        Self {
            max_requests: 10,
            window_secs: 60,
        }
    }
}

impl QuotaPolicy {
    /// The start of the window holding `now`.
    #[must_use]
    pub fn window_start(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        let window = i64::try_from(self.window_secs.max(1)).unwrap_or(i64::MAX);
        let start = now.timestamp().div_euclid(window) * window;
        Utc.timestamp_opt(start, 0).single().unwrap_or(now)
    }

    /// Whether the `count`-th search of the window holding `now` may fan out.
    ///
    /// # Errors
    /// [`SearchError::QuotaExceeded`] with the time left in the window when `count`
    /// exceeds `max_requests`.
    pub fn check(&self, count: u32, now: DateTime<Utc>) -> Result<(), SearchError> {
        if count <= self.max_requests {
            return Ok(());
        }
        let end = self.window_start(now)
            + chrono::Duration::seconds(i64::try_from(self.window_secs.max(1)).unwrap_or(i64::MAX));
        let retry_after = (end - now).to_std().unwrap_or(Duration::ZERO);
        Err(SearchError::QuotaExceeded {
            max_requests: self.max_requests,
            window_secs: self.window_secs,
            retry_after,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: i64, millis: u32) -> DateTime<Utc> {
        Utc.timestamp_opt(secs, millis * 1_000_000)
            .single()
            .unwrap()
    }

    #[test]
    fn windows_are_fixed_and_epoch_aligned() {
        let policy = QuotaPolicy::default();
        assert_eq!(policy.window_start(at(125, 500)), at(120, 0));
        assert_eq!(policy.window_start(at(120, 0)), at(120, 0));
        assert_eq!(policy.window_start(at(179, 999)), at(120, 0));
    }

    #[test]
    fn the_search_after_the_maximum_is_refused_until_the_window_ends() {
        let policy = QuotaPolicy {
            max_requests: 2,
            window_secs: 60,
        };
        assert!(policy.check(1, at(130, 0)).is_ok());
        assert!(policy.check(2, at(130, 0)).is_ok());
        match policy.check(3, at(130, 250)) {
            Err(SearchError::QuotaExceeded {
                max_requests: 2,
                window_secs: 60,
                retry_after,
            }) => {
                assert_eq!(retry_after, Duration::from_millis(49_750));
            }
            other => panic!("{other:?}"),
        }
    }
}
