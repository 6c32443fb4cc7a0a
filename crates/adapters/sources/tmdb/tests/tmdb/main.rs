//! The TMDB connector against a wiremock upstream serving the recorded fixtures.

#![expect(
    clippy::unwrap_used,
    reason = "test helpers outside #[test] fns panic on broken fixtures"
)]

use secrecy::SecretString;
use tastebuds_source_common::{SourceHttpConfig, build_http_client};
use tastebuds_source_tmdb::{TmdbClient, TmdbConfig};
use wiremock::{MockServer, ResponseTemplate};

/// A recorded upstream body from `tests/fixtures/`, embedded at compile time.
macro_rules! fixture {
    ($name:literal) => {
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/",
            $name
        ))
    };
}

mod fetch;
mod search;

const BEARER: &str = "test-tmdb-read-token";
const API_KEY: &str = "test-tmdb-key";

/// Tiny delays and timeouts so retry tests stay fast.
fn http_config() -> SourceHttpConfig {
    SourceHttpConfig {
        timeout_ms: 500,
        max_retries: 2,
        retry_base_delay_ms: 1,
        retry_max_delay_ms: 5,
        retry_after_cap_ms: 1_000,
        ..SourceHttpConfig::default()
    }
}

fn client_with(server: &MockServer, bearer: Option<&str>, api_key: Option<&str>) -> TmdbClient {
    let config = TmdbConfig {
        base_url: format!("{}/3", server.uri()),
        bearer_token: bearer.map(SecretString::from),
        api_key: api_key.map(SecretString::from),
    };
    let http = http_config();
    TmdbClient::new(config, build_http_client(&http).unwrap(), &http)
}

/// A client holding both credentials: the bearer token must win.
fn client(server: &MockServer) -> TmdbClient {
    client_with(server, Some(BEARER), Some(API_KEY))
}

/// A compact JSON response, as TMDB sends it.
fn json(status: u16, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.to_owned(), "application/json;charset=utf-8")
}
