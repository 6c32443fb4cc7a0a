//! The buckets: one keyed GCRA limiter per rule of [`RULES`], as the
//! `actix-extensible-rate-limit` backend.

use std::convert::Infallible;
use std::net::IpAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use actix_extensible_rate_limit::backend::{Backend, Decision};
use governor::DefaultKeyedRateLimiter;
use governor::clock::{Clock as _, DefaultClock};

use super::rules::RULES;
use super::settings::RateLimitSettings;

/// How many checks pass between two sweeps of the buckets that are full again.
pub const SWEEP_EVERY: u64 = 4_096;

/// The bucket a limited request draws from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Counted {
    /// The index in [`RULES`] of the rule covering its path.
    pub rule: usize,
    /// The client, as counted: the address itself for IPv4, its /64 for IPv6.
    pub client: IpAddr,
}

/// One keyed GCRA limiter per rule, in [`RULES`] order, behind one `Arc`: every worker
/// of a server shares them. The output of a refused check is the wait until the
/// client's next request would pass.
#[derive(Clone)]
pub struct Counters(Arc<Buckets>);

struct Buckets {
    limiters: Vec<DefaultKeyedRateLimiter<IpAddr>>,
    clock: DefaultClock,
    checks: AtomicU64,
}

impl Counters {
    /// Empty buckets with the limits of `settings`.
    #[must_use]
    pub fn new(settings: &RateLimitSettings) -> Self {
        Self(Arc::new(Buckets {
            limiters: RULES
                .iter()
                .map(|rule| DefaultKeyedRateLimiter::dashmap(settings.limit_of(rule).quota()))
                .collect(),
            clock: DefaultClock::default(),
            checks: AtomicU64::new(0),
        }))
    }

    /// Draws one request from `counted`'s bucket: `None` when it passes, else the wait.
    fn check(&self, counted: Counted) -> Option<Duration> {
        let buckets = &self.0;
        if buckets.checks.fetch_add(1, Ordering::Relaxed) % SWEEP_EVERY == SWEEP_EVERY - 1 {
            for limiter in &buckets.limiters {
                limiter.retain_recent();
                limiter.shrink_to_fit();
            }
        }
        buckets
            .limiters
            .get(counted.rule)?
            .check_key(&counted.client)
            .err()
            .map(|not_until| not_until.wait_time_from(buckets.clock.now()))
    }
}

impl std::fmt::Debug for Counters {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Counters")
            .field(
                "rules",
                &RULES.iter().map(|rule| rule.name).collect::<Vec<_>>(),
            )
            .finish_non_exhaustive()
    }
}

impl Backend<Option<Counted>> for Counters {
    type Output = Option<Duration>;
    type RollbackToken = ();
    type Error = Infallible;

    async fn request(
        &self,
        input: Option<Counted>,
    ) -> Result<(Decision, Self::Output, Self::RollbackToken), Self::Error> {
        let wait = input.and_then(|counted| self.check(counted));
        Ok((Decision::from_allowed(wait.is_none()), wait, ()))
    }

    async fn rollback(&self, (): Self::RollbackToken) -> Result<(), Self::Error> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::rules::{RateLimit, rule_for};
    use super::*;

    #[test]
    fn buckets_are_per_rule_and_client_and_survive_sweeps() {
        let settings = RateLimitSettings::default().with_limit("auth", RateLimit::new(1, 60_000));
        let counters = Counters::new(&settings);
        let auth = rule_for("/api/auth/login").unwrap();
        let general = rule_for("/api/me").unwrap();
        let ada = Counted {
            rule: auth,
            client: "192.0.2.1".parse().unwrap(),
        };
        assert_eq!(counters.check(ada), None);
        let wait = counters.check(ada).expect("the burst of one is spent");
        assert!(wait > Duration::from_secs(59), "{wait:?}");
        let bob = Counted {
            client: "192.0.2.2".parse().unwrap(),
            ..ada
        };
        assert_eq!(counters.check(bob), None, "another client");
        let other_rule = Counted {
            rule: general,
            ..ada
        };
        assert_eq!(counters.check(other_rule), None, "another rule");
        for _ in 0..SWEEP_EVERY {
            counters.check(other_rule);
        }
        assert!(counters.check(ada).is_some(), "a sweep keeps spent buckets");
    }
}
