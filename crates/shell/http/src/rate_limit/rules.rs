//! The rate-limit rules of API.md §1.7: ONE table, [`RULES`], names every rule, the paths
//! it covers, its settings key and its default limit. Everything else (the settings
//! defaults and checks, the buckets, the choice of a request's rule) is derived from it,
//! so adding a rule is adding one line.

use std::num::NonZeroU32;
use std::time::Duration;

use governor::Quota;
use serde::Deserialize;

/// One limit: a burst of `max_requests`, refilled at `max_requests` per `window_ms`
/// milliseconds (one request every `window_ms / max_requests`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
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

    /// The GCRA quota: a burst of `max_requests`, one more every `window_ms /
    /// max_requests` (at least a nanosecond; a burst above `u32::MAX` is capped).
    pub(super) fn quota(self) -> Quota {
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

/// One limit class: the paths it covers, the settings key of its limit, its default.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    /// The settings key under `rate_limit.` (`TASTEBUDS__RATE_LIMIT__<NAME>__MAX_REQUESTS`,
    /// `…__WINDOW_MS`), also the bucket's name.
    pub name: &'static str,
    /// The paths covered: each prefix itself and everything under it (`/api/auth` covers
    /// `/api/auth/login`, not `/api/authors`).
    pub prefixes: &'static [&'static str],
    /// The limit when none is configured.
    pub default: RateLimit,
}

impl Rule {
    /// True when the rule covers `path` (a path as the router matches it).
    #[must_use]
    pub fn covers(&self, path: &str) -> bool {
        self.prefixes.iter().any(|prefix| {
            path.strip_prefix(prefix)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        })
    }
}

/// Every rule, most specific first: a request falls under the first rule covering its
/// path, and under none (it is not limited) when no rule covers it: the docs UI and the
/// OpenAPI document. The defaults are §1.7's "rate r, burst b" as `b` requests per
/// `b / r`.
pub const RULES: &[Rule] = &[
    // 5/min, burst 20.
    rule("auth", &["/api/auth"], RateLimit::new(20, 240_000)),
    // 1/s, burst 3.
    rule("ingest", &["/api/ingest"], RateLimit::new(3, 3_000)),
    // 3/s, burst 5.
    rule("search", &["/api/search"], RateLimit::new(5, 1_667)),
    // 8/s, burst 10.
    rule("public", &["/api/public"], RateLimit::new(10, 1_250)),
    // 1/s, burst 2.
    rule("ops", &["/api/ops"], RateLimit::new(2, 2_000)),
    // Every other `/api` path, and `/health`: 10/s.
    rule("general", &["/api", "/health"], RateLimit::new(10, 1_000)),
];

const fn rule(name: &'static str, prefixes: &'static [&'static str], default: RateLimit) -> Rule {
    Rule {
        name,
        prefixes,
        default,
    }
}

/// The index in [`RULES`] of the rule for `path`, if any covers it. `path` must be the
/// path the router matches: percent-decoded except for `%2F`, `%25` and `%2B`
/// (`ServiceRequest::match_info().as_str()`), so that `/api/%61uth/login`, which reaches
/// login, falls under `auth` like `/api/auth/login`.
#[must_use]
pub fn rule_for(path: &str) -> Option<usize> {
    RULES.iter().position(|rule| rule.covers(path))
}

/// The rule named `name`.
#[must_use]
pub fn named(name: &str) -> Option<&'static Rule> {
    RULES.iter().find(|rule| rule.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name_for(path: &str) -> Option<&'static str> {
        rule_for(path).map(|index| RULES[index].name)
    }

    #[test]
    fn paths_fall_under_the_table_rules() {
        let cases = [
            ("/api/auth/login", Some("auth")),
            ("/api/auth", Some("auth")),
            ("/api/authors", Some("general")),
            ("/api/ingest/tmdb", Some("ingest")),
            ("/api/search", Some("search")),
            ("/api/searching", Some("general")),
            ("/api/public/menus/x", Some("public")),
            ("/api/ops/queues", Some("ops")),
            ("/api/me", Some("general")),
            ("/api", Some("general")),
            ("/health", Some("general")),
            ("/api/health", Some("general")),
            ("/docs/", None),
            ("/openapi.json", None),
            ("/apix", None),
            ("/healthz", None),
            ("/api%2Fauth/login", None),
        ];
        for (path, rule) in cases {
            assert_eq!(name_for(path), rule, "{path}");
        }
    }

    #[test]
    fn rule_names_are_unique_and_found_by_name() {
        for (index, rule) in RULES.iter().enumerate() {
            assert_eq!(named(rule.name), Some(rule));
            assert!(
                RULES[..index]
                    .iter()
                    .all(|earlier| earlier.name != rule.name),
                "{} twice",
                rule.name
            );
        }
        assert_eq!(named("nope"), None);
    }

    #[test]
    fn a_limit_is_a_burst_refilled_at_its_average_rate() {
        // §1.7 `/api/auth/*`: 5/min, burst 20.
        let auth = named("auth").map(|rule| rule.default.quota());
        assert_eq!(auth.map(|quota| quota.burst_size().get()), Some(20));
        assert_eq!(
            auth.map(|quota| quota.replenish_interval()),
            Some(Duration::from_secs(12))
        );
        // §1.7 other `/api/*`: 10/s.
        let general = RateLimit::new(10, 1_000).quota();
        assert_eq!(general.burst_size().get(), 10);
        assert_eq!(general.replenish_interval(), Duration::from_millis(100));
        // Out-of-range numbers are capped instead of panicking.
        let huge = RateLimit::new(u64::MAX, 1).quota();
        assert_eq!(huge.burst_size(), NonZeroU32::MAX);
    }
}
