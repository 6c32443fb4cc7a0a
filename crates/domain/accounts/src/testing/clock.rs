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

    /// Sets the clock.
    pub fn set(&self, now: DateTime<Utc>) {
        *lock(&self.now) = now;
    }
}

impl Default for ManualClock {
    /// A clock stopped at 2025-03-20T14:05:09.123456Z (microsecond precision, like
    /// PostgreSQL's `timestamptz`).
    fn default() -> Self {
        Self::new(super::contract::base_time())
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *lock(&self.now)
    }
}
