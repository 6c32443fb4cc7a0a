//! HTTP settings shared by every connector (`[sources.http]`, `TASTEBUDS__SOURCES__HTTP__*`).

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// Transport, retry and circuit-breaker settings of the upstream connectors.
///
/// Defaults follow API.md §5.5: 10 s timeout, three retries with 1–8 s jittered exponential
/// backoff, and a breaker that opens after three consecutive failures for 15 s, doubling on
/// each further opening up to 300 s. Tests set tiny delays.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
pub struct SourceHttpConfig {
    /// Whole-request timeout (connect, send, read the body), in milliseconds.
    pub timeout_ms: u64,
    /// Connection timeout, in milliseconds.
    pub connect_timeout_ms: u64,
    /// Largest response body read, in bytes; a larger body is an `Upstream` error.
    pub max_body_bytes: usize,
    /// `User-Agent` sent on every call (Last.fm asks for an identifiable one).
    pub user_agent: String,
    /// Retries after the first attempt (so at most `max_retries + 1` attempts).
    pub max_retries: usize,
    /// First backoff delay, in milliseconds; each retry doubles it.
    pub retry_base_delay_ms: u64,
    /// Longest backoff delay, in milliseconds (after jitter too).
    pub retry_max_delay_ms: u64,
    /// A 429 is retried only when its `Retry-After` is at most this long, in milliseconds.
    pub retry_after_cap_ms: u64,
    /// Consecutive failures that open the circuit.
    pub failure_threshold: u32,
    /// First open period, in seconds.
    pub open_base_secs: u64,
    /// Longest open period, in seconds.
    pub open_max_secs: u64,
}

impl Default for SourceHttpConfig {
    fn default() -> Self {
        Self {
            timeout_ms: 10_000,
            connect_timeout_ms: 5_000,
            max_body_bytes: 2 * 1024 * 1024,
            user_agent: format!(
                "Tastebuds/{} (+https://github.com/tastebuds)",
                env!("CARGO_PKG_VERSION")
            ),
            max_retries: 3,
            retry_base_delay_ms: 1_000,
            retry_max_delay_ms: 8_000,
            retry_after_cap_ms: 10_000,
            failure_threshold: 3,
            open_base_secs: 15,
            open_max_secs: 300,
        }
    }
}

impl SourceHttpConfig {
    /// The whole-request timeout.
    #[must_use]
    pub const fn timeout(&self) -> Duration {
        Duration::from_millis(self.timeout_ms)
    }

    /// The connection timeout.
    #[must_use]
    pub const fn connect_timeout(&self) -> Duration {
        Duration::from_millis(self.connect_timeout_ms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_the_contract_and_partial_settings_keep_them() {
        let config: SourceHttpConfig =
            serde_json::from_str(r#"{"timeout_ms": 250, "max_retries": 1}"#).unwrap();
        assert_eq!(config.timeout(), Duration::from_millis(250));
        assert_eq!(config.max_retries, 1);
        assert_eq!(config.retry_base_delay_ms, 1_000);
        assert_eq!(config.retry_max_delay_ms, 8_000);
        assert_eq!(config.failure_threshold, 3);
        assert_eq!((config.open_base_secs, config.open_max_secs), (15, 300));
        assert!(config.user_agent.starts_with("Tastebuds/"));
    }
}
