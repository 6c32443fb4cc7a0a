//! The shared `reqwest` client every connector uses.

use reqwest::header::{ACCEPT, HeaderMap, HeaderValue};

use crate::config::SourceHttpConfig;

/// Builds the HTTP client shared by the connectors: rustls, gzip, the configured timeouts,
/// an identifiable `User-Agent` and `Accept: application/json` on every request.
///
/// Build it once at start-up and clone it into each connector (clones share the pool).
///
/// # Errors
/// Fails when the TLS backend cannot be initialised or the user agent is not a valid
/// header value.
pub fn build_http_client(config: &SourceHttpConfig) -> reqwest::Result<reqwest::Client> {
    let mut headers = HeaderMap::new();
    headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
    reqwest::Client::builder()
        .user_agent(config.user_agent.as_str())
        .default_headers(headers)
        .timeout(config.timeout())
        .connect_timeout(config.connect_timeout())
        .gzip(true)
        .build()
}
