//! Per-IP rate limits enforced by the server itself (API.md §1.7, §6.20): the
//! `actix-extensible-rate-limit` middleware over `governor`'s keyed GCRA limiters.
//!
//! - Each request path falls under one [`Rule`]; each (rule, client) pair has its own
//!   bucket. The client is [`net::client_ip`]: the TCP peer, or the `X-Forwarded-For`
//!   address when the peer is one of `rate_limit.trusted_proxies`. IPv6 clients are
//!   counted per /64, the block one subscriber usually holds.
//! - A limit of `max_requests` per `window_ms` is §1.7's "rate r, burst b" exactly, as
//!   the edge proxy's leaky bucket enforced it: a client may send a burst of `b =
//!   max_requests` at once, and then one more every `window_ms / b` (`1 / r`). The
//!   defaults of [`RateLimit`] give the table's rates and bursts. (Fixed windows would
//!   let `2b` through around a window's end and lock a client out for the whole window.)
//! - A refused request gets `429 {"detail": "Too many requests, retry in N s"}` with
//!   `Retry-After: N`, the seconds until its next request would pass.
//! - Paths outside `/api` and `/health` (the docs UI, the OpenAPI document) are not
//!   limited, nor are requests without a peer address (only in-process tests build
//!   those), nor anything when `rate_limit.enabled` is false.
//! - Buckets of clients that have been quiet long enough to be full again are dropped
//!   every [`SWEEP_EVERY`] checks, so memory follows the active clients.

use std::convert::Infallible;
use std::future::{Ready, ready};
use std::net::{IpAddr, Ipv6Addr};
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use actix_extensible_rate_limit::RateLimiter;
use actix_extensible_rate_limit::backend::{Backend, Decision};
use actix_web::dev::ServiceRequest;
use actix_web::{HttpResponse, ResponseError as _};
use config::ConfigError;
use config::builder::{ConfigBuilder, DefaultState};
use governor::clock::{Clock as _, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};
use serde::Deserialize;

use crate::error::{ApiError, ceil_secs};
use crate::net;
use crate::settings::{RateLimitSettings, Settings};

/// The rate-limiting middleware [`RateLimits::middleware`] builds.
pub type RateLimitMiddleware = RateLimiter<Counters, Option<Duration>, InputFn>;

/// What the middleware asks of each request: the bucket to draw from, if any.
type InputFn = Box<dyn Fn(&ServiceRequest) -> Ready<Result<Option<Counted>, actix_web::Error>>>;

/// How many checks pass between two sweeps of the buckets that are full again.
pub const SWEEP_EVERY: u64 = 4_096;

/// One limit: a burst of `max_requests`, refilled at `max_requests` per `window_ms`
/// milliseconds (one request every `window_ms / max_requests`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub struct RateLimit {
    /// Requests allowed in one window (the burst).
    pub max_requests: u64,
    /// The window length in milliseconds.
    pub window_ms: u64,
}

impl RateLimit {
    /// A limit of `max_requests` per `window_ms` milliseconds.
    #[must_use]
    pub const fn new(max_requests: u64, window_ms: u64) -> Self {
        Self {
            max_requests,
            window_ms,
        }
    }

    /// §1.7 `/api/auth/*`: 5/min, burst 20.
    pub const AUTH: Self = Self::new(20, 240_000);
    /// §1.7 `/api/ingest/*`: 1/s, burst 3.
    pub const INGEST: Self = Self::new(3, 3_000);
    /// §1.7 `/api/search`: 3/s, burst 5.
    pub const SEARCH: Self = Self::new(5, 1_667);
    /// §1.7 `/api/public/*`: 8/s, burst 10.
    pub const PUBLIC: Self = Self::new(10, 1_250);
    /// §1.7 `/api/ops/*`: 1/s, burst 2.
    pub const OPS: Self = Self::new(2, 2_000);
    /// §1.7 other `/api/*` and `/health`: 10/s.
    pub const GENERAL: Self = Self::new(10, 1_000);

    /// The GCRA quota: a burst of `max_requests`, one more every `window_ms /
    /// max_requests` (at least a nanosecond; a burst above `u32::MAX` is capped).
    fn quota(self) -> Quota {
        let burst = u32::try_from(self.max_requests)
            .ok()
            .and_then(NonZeroU32::new)
            .unwrap_or(NonZeroU32::MAX);
        let window_nanos = u128::from(self.window_ms) * 1_000_000;
        let period_nanos = window_nanos / u128::from(burst.get());
        let period = Duration::from_nanos(u64::try_from(period_nanos).unwrap_or(u64::MAX));
        Quota::with_period(period)
            .unwrap_or_else(|| Quota::per_second(NonZeroU32::MAX))
            .allow_burst(burst)
    }
}

/// The limit classes of API.md §1.7.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    /// `/api/auth/*`.
    Auth,
    /// `/api/ingest/*`.
    Ingest,
    /// `/api/search`.
    Search,
    /// `/api/public/*`.
    Public,
    /// `/api/ops/*`.
    Ops,
    /// Every other `/api/*` path, and `/health`.
    General,
}

impl Rule {
    /// Every rule.
    pub const ALL: [Self; 6] = [
        Self::Auth,
        Self::Ingest,
        Self::Search,
        Self::Public,
        Self::Ops,
        Self::General,
    ];

    /// The rule for a request path, if the path is limited at all.
    #[must_use]
    pub fn for_path(path: &str) -> Option<Self> {
        if path == "/health" {
            return Some(Self::General);
        }
        let rest = under(path, "/api")?;
        let rule = [
            ("/auth", Self::Auth),
            ("/ingest", Self::Ingest),
            ("/search", Self::Search),
            ("/public", Self::Public),
            ("/ops", Self::Ops),
        ]
        .into_iter()
        .find_map(|(prefix, rule)| under(rest, prefix).map(|_| rule));
        Some(rule.unwrap_or(Self::General))
    }

    /// The name used in counter keys.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Auth => "auth",
            Self::Ingest => "ingest",
            Self::Search => "search",
            Self::Public => "public",
            Self::Ops => "ops",
            Self::General => "general",
        }
    }
}

/// What follows `prefix` in `path` when `path` is `prefix` or lies under it.
fn under<'p>(path: &'p str, prefix: &str) -> Option<&'p str> {
    let rest = path.strip_prefix(prefix)?;
    (rest.is_empty() || rest.starts_with('/')).then_some(rest)
}

impl RateLimitSettings {
    /// The configured limit of `rule`.
    #[must_use]
    pub fn limit(&self, rule: Rule) -> RateLimit {
        match rule {
            Rule::Auth => self.auth,
            Rule::Ingest => self.ingest,
            Rule::Search => self.search,
            Rule::Public => self.public,
            Rule::Ops => self.ops,
            Rule::General => self.general,
        }
    }

    /// Registers every rule's default limit as a configuration default, so that a file
    /// or variable can override one number of a limit and keep the other
    /// (`TASTEBUDS__RATE_LIMIT__AUTH__MAX_REQUESTS=100` keeps the 4-minute window).
    ///
    /// # Errors
    /// Never in practice: the keys are constants.
    pub(crate) fn register_defaults(
        mut builder: ConfigBuilder<DefaultState>,
    ) -> Result<ConfigBuilder<DefaultState>, ConfigError> {
        let defaults = Self::default();
        for rule in Rule::ALL {
            let limit = defaults.limit(rule);
            let section = format!("rate_limit.{}", rule.as_str());
            builder = builder
                .set_default(format!("{section}.max_requests"), limit.max_requests)?
                .set_default(format!("{section}.window_ms"), limit.window_ms)?;
        }
        Ok(builder)
    }

    /// Adds a sentence to `problems` for every limit that would refuse everything or
    /// never reset.
    pub(crate) fn check(&self, problems: &mut Vec<String>) {
        for rule in Rule::ALL {
            let limit = self.limit(rule);
            if limit.max_requests == 0 || limit.window_ms == 0 {
                problems.push(format!(
                    "rate_limit.{}: max_requests and window_ms must be at least 1 \
                     (set rate_limit.enabled = false to switch limits off)",
                    rule.as_str()
                ));
            }
        }
    }
}

/// The buckets, shared by every worker of one server (so limits do not multiply with
/// the worker count). Cheap to clone.
#[derive(Clone, Default)]
pub struct RateLimits {
    backend: Arc<OnceLock<Counters>>,
}

impl std::fmt::Debug for RateLimits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RateLimits")
            .field("started", &self.backend.get().is_some())
            .finish()
    }
}

impl RateLimits {
    /// Empty buckets.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// The middleware enforcing `settings.rate_limit` with these buckets. The first call
    /// fixes each rule's quota.
    pub fn middleware(&self, settings: Arc<Settings>) -> RateLimitMiddleware {
        let counters = self
            .backend
            .get_or_init(|| Counters::new(&settings.rate_limit))
            .clone();
        let input: InputFn =
            Box::new(move |req: &ServiceRequest| ready(Ok(counted(req, &settings.rate_limit))));
        RateLimiter::builder(counters, input)
            .request_denied_response(refused)
            .build()
    }
}

/// The bucket a limited request draws from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Counted {
    /// The rule of its path.
    pub rule: Rule,
    /// The client, as counted: the address itself for IPv4, its /64 for IPv6.
    pub client: IpAddr,
}

/// The bucket a request draws from, if it is limited.
fn counted(req: &ServiceRequest, settings: &RateLimitSettings) -> Option<Counted> {
    if !settings.enabled {
        return None;
    }
    let rule = Rule::for_path(req.path())?;
    let client = net::client_ip(req.request(), &settings.trusted_proxies)?;
    Some(Counted {
        rule,
        client: client_block(client),
    })
}

/// The address a client is counted by: itself for IPv4, its /64 for IPv6.
fn client_block(ip: IpAddr) -> IpAddr {
    match ip.to_canonical() {
        IpAddr::V6(v6) => {
            let [a, b, c, d, ..] = v6.segments();
            IpAddr::V6(Ipv6Addr::new(a, b, c, d, 0, 0, 0, 0))
        }
        v4 => v4,
    }
}

/// The 429 answer; `wait` is how long until the next request would pass.
fn refused(wait: &Option<Duration>) -> HttpResponse {
    let seconds = ceil_secs(wait.unwrap_or(Duration::ZERO)).max(1);
    ApiError::TooManyRequests {
        message: format!("Too many requests, retry in {seconds} s"),
        retry_after: Some(Duration::from_secs(seconds)),
    }
    .error_response()
}

/// One keyed GCRA limiter per [`Rule`], behind one `Arc`. The output of a refused check
/// is the wait until the client's next request would pass.
#[derive(Clone)]
pub struct Counters(Arc<Buckets>);

struct Buckets {
    limiters: [(Rule, DefaultKeyedRateLimiter<IpAddr>); 6],
    clock: DefaultClock,
    checks: AtomicU64,
}

impl Counters {
    /// Empty buckets with the quotas of `settings`.
    fn new(settings: &RateLimitSettings) -> Self {
        Self(Arc::new(Buckets {
            limiters: Rule::ALL.map(|rule| {
                (
                    rule,
                    DefaultKeyedRateLimiter::dashmap(settings.limit(rule).quota()),
                )
            }),
            clock: DefaultClock::default(),
            checks: AtomicU64::new(0),
        }))
    }

    /// Draws one request from `counted`'s bucket: `None` when it passes, else the wait.
    fn check(&self, counted: Counted) -> Option<Duration> {
        let buckets = &self.0;
        if buckets.checks.fetch_add(1, Ordering::Relaxed) % SWEEP_EVERY == SWEEP_EVERY - 1 {
            for (_, limiter) in &buckets.limiters {
                limiter.retain_recent();
                limiter.shrink_to_fit();
            }
        }
        let (_, limiter) = buckets
            .limiters
            .iter()
            .find(|(rule, _)| *rule == counted.rule)?;
        limiter
            .check_key(&counted.client)
            .err()
            .map(|not_until| not_until.wait_time_from(buckets.clock.now()))
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
    use super::*;

    #[test]
    fn paths_fall_under_the_table_rules() {
        let cases = [
            ("/api/auth/login", Some(Rule::Auth)),
            ("/api/auth", Some(Rule::Auth)),
            ("/api/authors", Some(Rule::General)),
            ("/api/ingest/tmdb", Some(Rule::Ingest)),
            ("/api/search", Some(Rule::Search)),
            ("/api/searching", Some(Rule::General)),
            ("/api/public/menus/x", Some(Rule::Public)),
            ("/api/ops/queues", Some(Rule::Ops)),
            ("/api/me", Some(Rule::General)),
            ("/api", Some(Rule::General)),
            ("/health", Some(Rule::General)),
            ("/api/health", Some(Rule::General)),
            ("/docs/", None),
            ("/openapi.json", None),
            ("/apix", None),
            ("/healthz", None),
        ];
        for (path, rule) in cases {
            assert_eq!(Rule::for_path(path), rule, "{path}");
        }
    }

    #[test]
    fn ipv6_clients_are_counted_per_64_and_mapped_ipv4_as_ipv4() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::2".parse().unwrap();
        let other: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(client_block(a), client_block(b));
        assert_ne!(client_block(a), client_block(other));
        let mapped: IpAddr = "::ffff:192.0.2.7".parse().unwrap();
        assert_eq!(client_block(mapped), "192.0.2.7".parse::<IpAddr>().unwrap());
    }

    #[test]
    fn a_limit_is_a_burst_refilled_at_its_average_rate() {
        // §1.7 `/api/auth/*`: 5/min, burst 20.
        let auth = RateLimit::AUTH.quota();
        assert_eq!(auth.burst_size().get(), 20);
        assert_eq!(auth.replenish_interval(), Duration::from_secs(12));
        // §1.7 other `/api/*`: 10/s.
        let general = RateLimit::GENERAL.quota();
        assert_eq!(general.burst_size().get(), 10);
        assert_eq!(general.replenish_interval(), Duration::from_millis(100));
        // Out-of-range numbers are capped instead of panicking.
        let huge = RateLimit::new(u64::MAX, 1).quota();
        assert_eq!(huge.burst_size(), NonZeroU32::MAX);
    }

    #[test]
    fn buckets_are_per_rule_and_client_and_survive_sweeps() {
        let settings = RateLimitSettings {
            auth: RateLimit::new(1, 60_000),
            ..RateLimitSettings::default()
        };
        let counters = Counters::new(&settings);
        let ada = Counted {
            rule: Rule::Auth,
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
        let general = Counted {
            rule: Rule::General,
            ..ada
        };
        assert_eq!(counters.check(general), None, "another rule");
        for _ in 0..SWEEP_EVERY {
            counters.check(general);
        }
        assert!(counters.check(ada).is_some(), "a sweep keeps spent buckets");
    }

    #[test]
    fn zero_limits_are_reported() {
        let settings = RateLimitSettings {
            search: RateLimit::new(0, 1_000),
            ..RateLimitSettings::default()
        };
        let mut problems = Vec::new();
        settings.check(&mut problems);
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].starts_with("rate_limit.search:"),
            "{problems:?}"
        );
        problems.clear();
        RateLimitSettings::default().check(&mut problems);
        assert!(problems.is_empty(), "{problems:?}");
    }
}
