//! The circuit breaker state machine (API.md §5.5), free of I/O and clocks: callers pass
//! "now" in, so tests drive time by hand.
//!
//! Rules:
//! - every failure adds to the streak; once the streak reaches the threshold and the
//!   circuit is not already open, it opens for the current backoff, and the next opening
//!   will last twice as long (capped);
//! - while open, calls are refused with the remaining time;
//! - after the open period a call goes through; if it fails, the streak is still at or over
//!   the threshold, so the circuit reopens at once, for the doubled period;
//! - a success resets the streak and the backoff.

use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::config::SourceHttpConfig;

/// Breaker tuning.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BreakerConfig {
    /// Consecutive failures that open the circuit.
    pub failure_threshold: u32,
    /// First open period.
    pub open_base: Duration,
    /// Longest open period.
    pub open_max: Duration,
}

impl BreakerConfig {
    /// The breaker settings of the shared HTTP settings.
    #[must_use]
    pub const fn from_config(config: &SourceHttpConfig) -> Self {
        Self {
            failure_threshold: config.failure_threshold,
            open_base: Duration::from_secs(config.open_base_secs),
            open_max: Duration::from_secs(config.open_max_secs),
        }
    }
}

/// One source's breaker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CircuitBreaker {
    config: BreakerConfig,
    failure_streak: u32,
    open_until: Option<DateTime<Utc>>,
    current_backoff: Duration,
    opened_count: u64,
}

impl CircuitBreaker {
    /// A closed breaker.
    #[must_use]
    pub const fn new(config: BreakerConfig) -> Self {
        Self {
            config,
            failure_streak: 0,
            open_until: None,
            current_backoff: config.open_base,
            opened_count: 0,
        }
    }

    /// The time left while the circuit is open at `now`; `None` when calls may go through.
    #[must_use]
    pub fn remaining(&self, now: DateTime<Utc>) -> Option<Duration> {
        let until = self.open_until?;
        (until - now).to_std().ok().filter(|left| !left.is_zero())
    }

    /// Records a call that proved the upstream healthy: closes the circuit and resets the
    /// streak and the backoff.
    pub const fn record_success(&mut self) {
        self.failure_streak = 0;
        self.open_until = None;
        self.current_backoff = self.config.open_base;
    }

    /// Records an upstream failure at `now`; returns `true` when it opened the circuit.
    pub fn record_failure(&mut self, now: DateTime<Utc>) -> bool {
        self.failure_streak = self.failure_streak.saturating_add(1);
        if self.failure_streak < self.config.failure_threshold || self.remaining(now).is_some() {
            return false;
        }
        let period = self.current_backoff.min(self.config.open_max);
        self.open_until = chrono::Duration::from_std(period)
            .ok()
            .map(|period| now + period);
        self.opened_count += 1;
        self.current_backoff = period.saturating_mul(2).min(self.config.open_max);
        true
    }

    /// Consecutive failures so far.
    #[must_use]
    pub const fn failure_streak(&self) -> u32 {
        self.failure_streak
    }

    /// When the circuit closes, if it is open at `now`.
    #[must_use]
    pub fn open_until(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.remaining(now).and(self.open_until)
    }

    /// The period the next opening will last.
    #[must_use]
    pub const fn current_backoff(&self) -> Duration {
        self.current_backoff
    }

    /// How many times the circuit opened.
    #[must_use]
    pub const fn opened_count(&self) -> u64 {
        self.opened_count
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn breaker() -> CircuitBreaker {
        CircuitBreaker::new(BreakerConfig {
            failure_threshold: 3,
            open_base: Duration::from_secs(15),
            open_max: Duration::from_secs(40),
        })
    }

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_700_000_000 + seconds, 0).unwrap()
    }

    #[test]
    fn opens_after_the_threshold_and_doubles_up_to_the_cap() {
        let mut b = breaker();
        assert!(!b.record_failure(at(0)));
        assert!(!b.record_failure(at(0)));
        assert!(b.remaining(at(0)).is_none());
        assert!(b.record_failure(at(0)));
        assert_eq!(b.remaining(at(0)), Some(Duration::from_secs(15)));
        assert_eq!(b.remaining(at(10)), Some(Duration::from_secs(5)));
        assert_eq!(b.open_until(at(10)), Some(at(15)));
        assert_eq!(b.remaining(at(15)), None);

        // A failed trial call reopens at once, for twice as long.
        assert!(b.record_failure(at(15)));
        assert_eq!(b.remaining(at(15)), Some(Duration::from_secs(30)));
        assert!(b.record_failure(at(45)));
        assert_eq!(b.remaining(at(45)), Some(Duration::from_secs(40)), "capped");
        assert_eq!(b.opened_count(), 3);
        assert_eq!(b.current_backoff(), Duration::from_secs(40));
    }

    #[test]
    fn a_success_resets_streak_and_backoff() {
        let mut b = breaker();
        for _ in 0..3 {
            b.record_failure(at(0));
        }
        b.record_failure(at(15));
        assert_eq!(b.current_backoff(), Duration::from_secs(40));
        b.record_success();
        assert_eq!(b.failure_streak(), 0);
        assert_eq!(b.current_backoff(), Duration::from_secs(15));
        assert!(b.remaining(at(16)).is_none());
        assert!(!b.record_failure(at(100)), "needs a full streak again");
    }
}
