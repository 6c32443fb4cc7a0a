//! The Google Books connector against a wiremock upstream serving the recorded fixtures.

#![expect(
    clippy::unwrap_used,
    reason = "test helpers outside #[test] fns panic on broken fixtures"
)]

use std::time::Duration;

use secrecy::SecretString;
use tastebuds_source_common::build_http_client;
use tastebuds_source_common::testing::quick_http_config;
use tastebuds_source_google_books::{GoogleBooksClient, GoogleBooksConfig};
use wiremock::{MockServer, ResponseTemplate};

fn client(server: &MockServer, api_key: Option<&str>) -> GoogleBooksClient {
    let config = GoogleBooksConfig {
        base_url: format!("{}/books/v1", server.uri()),
        api_key: api_key.map(SecretString::from),
        ..GoogleBooksConfig::default()
    };
    let http = quick_http_config();
    GoogleBooksClient::new(config, build_http_client(&http).unwrap(), &http)
}

/// A JSON response the way Google sends it.
fn json(status: u16, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.to_owned(), "application/json; charset=UTF-8")
}

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

const TIMEOUT_PLUS: Duration = Duration::from_millis(800);
