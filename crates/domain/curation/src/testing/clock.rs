//! A clock tests can set and advance.

use std::sync::Mutex;

use chrono::{DateTime, TimeDelta, Utc};
use tastebuds_kernel::Clock;

use super::lock;

/// A [`Clock`] that only moves when told to.
#[derive(Debug)]
pub struct ManualClock {
    now: Mutex<DateTime<Utc>>,
}

impl ManualClock {
    /// A clock stopped at `start`.
    #[must_use]
    pub fn new(start: DateTime<Utc>) -> Self {
        Self {
            now: Mutex::new(start),
        }
    }

    /// Moves the clock forward (or back, for a negative `by`).
    pub fn advance(&self, by: TimeDelta) {
        *lock(&self.now) += by;
    }
}

impl Default for ManualClock {
    /// A clock stopped at 2025-03-20T14:05:09.123456789Z: nanoseconds on purpose, so a
    /// service that forgets to truncate "now" to microseconds is caught.
    fn default() -> Self {
        let start = DateTime::from_timestamp(1_742_479_509, 123_456_789).unwrap_or_default();
        Self::new(start)
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *lock(&self.now)
    }
}
