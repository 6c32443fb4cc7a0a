//! Per-IP rate limits enforced by the server itself (API.md §1.7, §6.20), with
//! `actix-extensible-rate-limit` and its in-memory backend.
//!
//! - Each request path falls under one [`Rule`]; each (rule, client) pair has its own
//!   counter. The client is [`net::client_ip`]: the TCP peer, or the `X-Forwarded-For`
//!   address when the peer is one of `rate_limit.trusted_proxies`. IPv6 clients are
//!   counted per /64, the block one subscriber usually holds.
//! - The backend counts fixed windows, so each §1.7 "rate r, burst b" limit is enforced
//!   as at most `b` requests per window of `b / r` (the defaults of [`RateLimit`] give the
//!   table's average rates and bursts).
//! - A refused request gets `429 {"detail": "Too many requests, retry in N s"}` with
//!   `Retry-After: N`.
//! - Paths outside `/api` and `/health` (the docs UI, the OpenAPI document) are not
//!   limited, nor are requests without a peer address (only in-process tests build
//!   those), nor anything when `rate_limit.enabled` is false.

use std::convert::Infallible;
use std::future::{Ready, ready};
use std::net::{IpAddr, Ipv6Addr};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use actix_extensible_rate_limit::backend::memory::InMemoryBackend;
use actix_extensible_rate_limit::backend::{Backend, Decision, SimpleInput, SimpleOutput};
use actix_extensible_rate_limit::{HeaderCompatibleOutput as _, RateLimiter};
use actix_web::dev::ServiceRequest;
use actix_web::{HttpResponse, ResponseError as _};
use config::ConfigError;
use config::builder::{ConfigBuilder, DefaultState};
use serde::Deserialize;

use crate::error::ApiError;
use crate::net;
use crate::settings::{RateLimitSettings, Settings};

/// The rate-limiting middleware [`RateLimits::middleware`] builds.
pub type RateLimitMiddleware = RateLimiter<Counters, Option<SimpleOutput>, InputFn>;

/// What the middleware asks of each request: the counter to increment, if any.
type InputFn = Box<dyn Fn(&ServiceRequest) -> Ready<Result<Option<SimpleInput>, actix_web::Error>>>;

/// How often expired counters are swept from memory.
const COLLECTOR_INTERVAL: Duration = Duration::from_secs(600);

/// One limit: at most `max_requests` per window of `window_ms` milliseconds.
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

    fn window(self) -> Duration {
        Duration::from_millis(self.window_ms)
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

/// The counters, shared by every worker of one server (so limits do not multiply with
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
    /// Empty counters.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// The middleware enforcing `settings.rate_limit` with these counters.
    ///
    /// The first call creates the in-memory backend, whose expired-counter collector is a
    /// task on the calling thread's actix runtime: call it while building an app on an
    /// actix runtime (a server worker or an `actix_web::test`).
    pub fn middleware(&self, settings: Arc<Settings>) -> RateLimitMiddleware {
        let counters = self
            .backend
            .get_or_init(|| {
                let collector = settings.rate_limit.enabled.then_some(COLLECTOR_INTERVAL);
                Counters(Arc::new(
                    InMemoryBackend::builder()
                        .with_gc_interval(collector)
                        .build(),
                ))
            })
            .clone();
        let input: InputFn =
            Box::new(move |req: &ServiceRequest| ready(Ok(counted(req, &settings.rate_limit))));
        RateLimiter::builder(counters, input)
            .request_denied_response(refused)
            .build()
    }
}

/// The counter a request increments, if it is limited.
fn counted(req: &ServiceRequest, settings: &RateLimitSettings) -> Option<SimpleInput> {
    if !settings.enabled {
        return None;
    }
    let rule = Rule::for_path(req.path())?;
    let client = net::client_ip(req.request(), &settings.trusted_proxies)?;
    let limit = settings.limit(rule);
    Some(SimpleInput {
        interval: limit.window(),
        max_requests: limit.max_requests,
        key: format!("{}:{}", rule.as_str(), client_block(client)),
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

/// The 429 answer.
fn refused(output: &Option<SimpleOutput>) -> HttpResponse {
    let seconds = output
        .as_ref()
        .map_or(1, |output| output.seconds_until_reset().max(1));
    ApiError::TooManyRequests {
        message: format!("Too many requests, retry in {seconds} s"),
        retry_after: Some(Duration::from_secs(seconds)),
    }
    .error_response()
}

/// The in-memory backend behind one `Arc`, counting only limited requests.
///
/// The middleware clones its backend for every request. `InMemoryBackend` (0.4) stops its
/// collector task whenever *any* of its clones is dropped, so it is shared through an
/// `Arc` instead and dropped once, with the last handle.
#[derive(Clone)]
pub struct Counters(Arc<InMemoryBackend>);

impl Backend<Option<SimpleInput>> for Counters {
    type Output = Option<SimpleOutput>;
    type RollbackToken = Option<String>;
    type Error = Infallible;

    async fn request(
        &self,
        input: Option<SimpleInput>,
    ) -> Result<(Decision, Self::Output, Self::RollbackToken), Self::Error> {
        match input {
            Some(input) => {
                let (decision, output, token) = self.0.request(input).await?;
                Ok((decision, Some(output), Some(token)))
            }
            None => Ok((Decision::Allowed, None, None)),
        }
    }

    async fn rollback(&self, token: Self::RollbackToken) -> Result<(), Self::Error> {
        match token {
            Some(token) => self.0.rollback(token).await,
            None => Ok(()),
        }
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
