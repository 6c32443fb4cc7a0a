//! The Last.fm connector against a wiremock upstream serving the recorded fixtures.

#![expect(
    clippy::unwrap_used,
    reason = "test helpers outside #[test] fns panic on broken fixtures"
)]

use secrecy::SecretString;
use tastebuds_media::{ExternalMedia, MetadataSource, SourceError};
use tastebuds_source_common::build_http_client;
use tastebuds_source_common::testing::quick_http_config;
use tastebuds_source_lastfm::{LastfmClient, LastfmConfig};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockBuilder, MockServer, ResponseTemplate};

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

mod errors;
mod fetch;
mod search;

const API_KEY: &str = "test-lastfm-key";

fn client_with(server: &MockServer, api_key: Option<&str>) -> LastfmClient {
    let config = LastfmConfig {
        base_url: format!("{}/2.0/", server.uri()),
        api_key: api_key.map(SecretString::from),
    };
    let http = quick_http_config();
    LastfmClient::new(config, build_http_client(&http).unwrap(), &http)
}

fn client(server: &MockServer) -> LastfmClient {
    client_with(server, Some(API_KEY))
}

/// A compact JSON response, as Last.fm sends it.
fn json(status: u16, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.to_owned(), "application/json")
}

/// A call of `api_method` carrying the key and `format=json`.
fn call(api_method: &str) -> MockBuilder {
    Mock::given(method("GET"))
        .and(path("/2.0/"))
        .and(query_param("method", api_method))
        .and(query_param("api_key", API_KEY))
        .and(query_param("format", "json"))
}

async fn fetch(source: &LastfmClient, input: &str) -> Result<ExternalMedia, SourceError> {
    source.fetch(&source.parse_identifier(input)?).await
}
