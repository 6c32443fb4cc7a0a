//! Test support for the connectors' own tests (feature `testing`).

use crate::config::SourceHttpConfig;

/// Transport settings for tests against a local upstream double: a 500 ms timeout, two
/// retries 1–5 ms apart, and a `Retry-After` of up to 1 s honoured, so retry tests stay
/// fast.
#[must_use]
pub fn quick_http_config() -> SourceHttpConfig {
    SourceHttpConfig {
        timeout_ms: 500,
        max_retries: 2,
        retry_base_delay_ms: 1,
        retry_max_delay_ms: 5,
        retry_after_cap_ms: 1_000,
        ..SourceHttpConfig::default()
    }
}
