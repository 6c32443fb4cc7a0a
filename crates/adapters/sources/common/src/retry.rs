//! The retry schedule: `tokio-retry2`'s exponential backoff with jitter.

use std::time::Duration;

use tokio_retry2::strategy::{ExponentialBackoff, jitter};

use crate::config::SourceHttpConfig;

/// How often and how long to wait between attempts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub max_retries: usize,
    /// First delay; each retry doubles it.
    pub base_delay: Duration,
    /// Longest delay, jitter included.
    pub max_delay: Duration,
    /// Longest `Retry-After` worth waiting for.
    pub retry_after_cap: Duration,
}

impl RetryPolicy {
    /// The policy of the shared HTTP settings.
    #[must_use]
    pub const fn from_config(config: &SourceHttpConfig) -> Self {
        Self {
            max_retries: config.max_retries,
            base_delay: Duration::from_millis(config.retry_base_delay_ms),
            max_delay: Duration::from_millis(config.retry_max_delay_ms),
            retry_after_cap: Duration::from_millis(config.retry_after_cap_ms),
        }
    }

    /// The delays before each retry: `base, 2·base, 4·base, …`, each scaled by a random
    /// jitter in `[0.5, 1.5)` and capped at `max_delay`, `max_retries` of them.
    ///
    /// `ExponentialBackoff::from_millis(b)` alone grows as `bⁿ` (100 ms, 10 s, 1000 s), so the
    /// base is fixed at 2 and the configured delay enters as the factor:
    /// `2ⁿ · ⌈base/2⌉` ms.
    pub fn delays(&self) -> impl Iterator<Item = Duration> + Send + use<> {
        let base_ms = u64::try_from(self.base_delay.as_millis()).unwrap_or(u64::MAX);
        let max_delay = self.max_delay;
        ExponentialBackoff::from_millis(2)
            .factor(base_ms.div_ceil(2))
            .max_delay(max_delay)
            .map(jitter)
            .map(move |delay| delay.min(max_delay))
            .take(self.max_retries)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_by_doubling_with_jitter_and_stay_under_the_cap() {
        let policy = RetryPolicy {
            max_retries: 5,
            base_delay: Duration::from_millis(1_000),
            max_delay: Duration::from_millis(8_000),
            retry_after_cap: Duration::from_secs(10),
        };
        let delays: Vec<Duration> = policy.delays().collect();
        assert_eq!(delays.len(), 5);
        // Nominal 1 s, 2 s, 4 s, 8 s, 8 s; jitter keeps each within [0.5, 1.5) of nominal.
        let nominal = [1_000u64, 2_000, 4_000, 8_000, 8_000];
        for (delay, nominal) in delays.iter().zip(nominal) {
            let ms = u64::try_from(delay.as_millis()).unwrap();
            assert!(ms >= nominal / 2, "{ms} ms is below half of {nominal} ms");
            assert!(
                ms <= nominal.min(8_000) * 3 / 2 && ms <= 8_000,
                "{ms} ms over the cap"
            );
        }
    }

    #[test]
    fn zero_retries_means_no_delays() {
        let policy = RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::from_config(&SourceHttpConfig::default())
        };
        assert_eq!(policy.delays().count(), 0);
    }
}
