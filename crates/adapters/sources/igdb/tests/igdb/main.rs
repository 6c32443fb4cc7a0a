//! The IGDB connector (and its Twitch token) against wiremock upstreams serving the recorded
//! fixtures.

#![expect(
    clippy::unwrap_used,
    reason = "test helpers outside #[test] fns panic on broken fixtures"
)]

use secrecy::SecretString;
use tastebuds_media::{ExternalMedia, MetadataSource, SourceError};
use tastebuds_source_common::build_http_client;
use tastebuds_source_common::testing::quick_http_config;
use tastebuds_source_igdb::{IgdbClient, IgdbConfig};
use wiremock::matchers::{body_string_contains, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

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

mod games;
mod token;

const CLIENT_ID: &str = "test-twitch-client-id";
const CLIENT_SECRET: &str = "test-twitch-client-secret";
/// `access_token` of `twitch/oauth2_token.json`.
const FIRST_TOKEN: &str = "x3k9qv2m7r1t5b8n0c4w6y2h8j1d5f";
/// `access_token` of `twitch/oauth2_token_refreshed.json`.
const SECOND_TOKEN: &str = "p7a2s9d4f1g6h3j8k0l5z2x7c4v9b1";

fn client_with(server: &MockServer, secret: Option<&str>) -> IgdbClient {
    let config = IgdbConfig {
        base_url: format!("{}/v4", server.uri()),
        token_url: format!("{}/oauth2/token", server.uri()),
        client_id: Some(SecretString::from(CLIENT_ID)),
        client_secret: secret.map(SecretString::from),
    };
    let http = quick_http_config();
    IgdbClient::new(config, build_http_client(&http).unwrap(), &http)
}

fn client(server: &MockServer) -> IgdbClient {
    client_with(server, Some(CLIENT_SECRET))
}

/// A pretty-printed JSON response, as IGDB sends it.
fn json(status: u16, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.to_owned(), "application/json")
}

/// The token endpoint, answering `body` at most `times` times, expected exactly that often.
async fn mount_token(server: &MockServer, status: u16, body: &str, times: u64) {
    Mock::given(method("POST"))
        .and(path("/oauth2/token"))
        .and(body_string_contains(format!("client_id={CLIENT_ID}")))
        .and(body_string_contains(format!(
            "client_secret={CLIENT_SECRET}"
        )))
        .and(body_string_contains("grant_type=client_credentials"))
        .respond_with(json(status, body))
        .up_to_n_times(times)
        .expect(times)
        .mount(server)
        .await;
}

async fn fetch(source: &IgdbClient, input: &str) -> Result<ExternalMedia, SourceError> {
    source.fetch(&source.parse_identifier(input)?).await
}
