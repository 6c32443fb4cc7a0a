//! The TMDB connector against a wiremock upstream serving the recorded fixtures.

#![expect(
    clippy::unwrap_used,
    reason = "test helpers outside #[test] fns panic on broken fixtures"
)]

use secrecy::SecretString;
use tastebuds_source_common::build_http_client;
use tastebuds_source_common::testing::quick_http_config;
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

fn client_with(server: &MockServer, bearer: Option<&str>, api_key: Option<&str>) -> TmdbClient {
    let config = TmdbConfig {
        base_url: format!("{}/3", server.uri()),
        bearer_token: bearer.map(SecretString::from),
        api_key: api_key.map(SecretString::from),
    };
    let http = quick_http_config();
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
