//! The shared `reqwest` client every connector uses.

use reqwest::header::{ACCEPT, HeaderMap, HeaderValue};
use reqwest::redirect::Policy;

use crate::config::SourceHttpConfig;

/// Builds the HTTP client shared by the connectors: rustls, gzip, the configured timeouts,
/// an identifiable `User-Agent` and `Accept: application/json` on every request, and no
/// redirects followed.
///
/// Connectors send their credentials in headers (Google's `X-Goog-Api-Key`, IGDB's
/// `Client-ID`) that reqwest would carry along to whatever host a redirect names, so a
/// 3xx is never followed: it is an upstream failure (see [`crate::failure`]). None of
/// the upstream APIs redirects in normal operation.
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
        .redirect(Policy::none())
        .build()
}
