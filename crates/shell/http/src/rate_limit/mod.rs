//! Per-IP rate limits enforced by the server itself (API.md §1.7, §6.20): the
//! `actix-extensible-rate-limit` middleware over `governor`'s keyed GCRA limiters.
//!
//! - The rules are one table, [`RULES`] (rule → paths → settings key and default); the
//!   section [`RateLimitSettings`] configures them, and [`RateLimits::new`] reads it once,
//!   where the app is built.
//! - A request falls under the first rule covering its path **as the router matches
//!   it**: percent-decoded, except `%2F`, `%25` and `%2B` (actix-router's requoting), so
//!   `/api/%61uth/login`, which reaches login, is counted as login. An encoded slash stays
//!   encoded for the router too, so `/api%2Fauth/login` reaches no route.
//! - Each (rule, client) pair has its own bucket. The client is [`net::client_ip`]: the
//!   TCP peer, or the `X-Forwarded-For` address when the peer is one of
//!   `rate_limit.trusted_proxies`. IPv6 clients are counted per /64, the block one
//!   subscriber usually holds.
//! - A limit of `max_requests` per `window_ms` is §1.7's "rate r, burst b" exactly, as
//!   the edge proxy's leaky bucket enforced it: a client may send a burst of `b =
//!   max_requests` at once, and then one more every `window_ms / b` (`1 / r`). (Fixed
//!   windows would let `2b` through around a window's end and lock a client out for the
//!   whole window.)
//! - A refused request gets `429 {"detail": "Too many requests, retry in N s"}` with
//!   `Retry-After: N`, the seconds until its next request would pass.
//! - Paths no rule covers (the docs UI, the OpenAPI document) are not limited, nor are
//!   requests without a peer address (only in-process tests build those), nor anything
//!   when `rate_limit.enabled` is false.
//! - Buckets of clients that have been quiet long enough to be full again are dropped
//!   every [`SWEEP_EVERY`] checks, so memory follows the active clients.

mod counters;
mod rules;
mod settings;

use std::future::{Ready, ready};
use std::net::{IpAddr, Ipv6Addr};
use std::sync::Arc;
use std::time::Duration;

use actix_extensible_rate_limit::RateLimiter;
use actix_web::dev::ServiceRequest;
use actix_web::{HttpResponse, ResponseError as _};

pub use counters::{Counted, Counters, SWEEP_EVERY};
pub use rules::{RULES, RateLimit, Rule, named, rule_for};
pub use settings::RateLimitSettings;

use crate::error::{ApiError, ceil_secs};
use crate::net;

/// The rate-limiting middleware [`RateLimits::middleware`] builds.
pub type RateLimitMiddleware = RateLimiter<Counters, Option<Duration>, InputFn>;

/// What the middleware asks of each request: the bucket to draw from, if any.
type InputFn = Box<dyn Fn(&ServiceRequest) -> Ready<Result<Option<Counted>, actix_web::Error>>>;

/// The limits of one server: its settings and its buckets, shared by every worker (so
/// limits do not multiply with the worker count). Cheap to clone.
#[derive(Clone, Debug)]
pub struct RateLimits {
    settings: Arc<RateLimitSettings>,
    counters: Counters,
}

impl RateLimits {
    /// Empty buckets with the limits of `settings`, which are read here, once.
    #[must_use]
    pub fn new(settings: &RateLimitSettings) -> Self {
        Self {
            settings: Arc::new(settings.clone()),
            counters: Counters::new(settings),
        }
    }

    /// The middleware enforcing these limits (one per worker, all drawing from the same
    /// buckets).
    #[must_use]
    pub fn middleware(&self) -> RateLimitMiddleware {
        let settings = Arc::clone(&self.settings);
        let input: InputFn =
            Box::new(move |req: &ServiceRequest| ready(Ok(counted(req, &settings))));
        RateLimiter::builder(self.counters.clone(), input)
            .request_denied_response(refused)
            .build()
    }
}

/// The bucket a request draws from, if it is limited.
fn counted(req: &ServiceRequest, settings: &RateLimitSettings) -> Option<Counted> {
    if !settings.enabled {
        return None;
    }
    let rule = rule_for(req.match_info().as_str())?;
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
