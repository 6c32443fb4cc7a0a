//! An app wired by the real composition code (`build_connectors` + `build_state`) on its own
//! database, whose four upstreams are one wiremock server serving the recorded fixtures,
//! with a signed-up user.

use actix_web::http::StatusCode;
use actix_web::http::header::AUTHORIZATION;
use actix_web::test::TestRequest;
use secrecy::SecretString;
use serde_json::{Value, json};
use tastebuds_http::connectors::build_connectors;
use tastebuds_http::{AppState, Settings, build_state};
use tastebuds_source_common::SourceHttpConfig;
use tastebuds_testkit::{TestDb, count};
use wiremock::matchers::{body_string_contains, method, path, query_param};
use wiremock::{Mock, MockBuilder, MockServer, ResponseTemplate};

use crate::helpers::{Answer, call, fast_auth_settings};

/// Test credentials (the fixtures' README suggests them).
pub const TMDB_TOKEN: &str = "test-tmdb-read-token";
pub const TWITCH_CLIENT_ID: &str = "test-twitch-client-id";
pub const TWITCH_CLIENT_SECRET: &str = "test-twitch-client-secret";
pub const LASTFM_KEY: &str = "test-lastfm-key";

/// Settings whose sources all point at `upstream`, with tiny retry delays, one retry,
/// the default breaker (3 failures), fast bcrypt and no rate limits. Not yet validated.
pub fn settings_for(upstream: &MockServer) -> Settings {
    let uri = upstream.uri();
    let mut settings = fast_auth_settings();
    let sources = &mut settings.sources;
    sources.http = SourceHttpConfig {
        timeout_ms: 2_000,
        max_retries: 1,
        retry_base_delay_ms: 1,
        retry_max_delay_ms: 5,
        retry_after_cap_ms: 100,
        ..SourceHttpConfig::default()
    };
    sources.google_books.base_url = format!("{uri}/books/v1");
    sources.tmdb.base_url = format!("{uri}/3");
    sources.tmdb.bearer_token = Some(SecretString::from(format!("Bearer {TMDB_TOKEN}")));
    sources.igdb.base_url = format!("{uri}/v4");
    sources.igdb.token_url = format!("{uri}/oauth2/token");
    sources.igdb.client_id = Some(SecretString::from(TWITCH_CLIENT_ID));
    sources.igdb.client_secret = Some(SecretString::from(TWITCH_CLIENT_SECRET));
    sources.lastfm.base_url = format!("{uri}/2.0/");
    sources.lastfm.api_key = Some(SecretString::from(LASTFM_KEY));
    settings
}

/// The app, its upstream double and a signed-in user.
pub struct IngestApp {
    pub state: AppState,
    pub upstream: MockServer,
    /// An access token of a registered user.
    pub token: String,
    /// Last: dropped after the pools.
    pub db: TestDb,
}

impl IngestApp {
    /// The default test settings.
    pub async fn new() -> Self {
        Self::with(|_| {}).await
    }

    /// The test settings changed by `adjust`.
    pub async fn with(adjust: impl FnOnce(&mut Settings)) -> Self {
        let upstream = MockServer::start().await;
        let mut settings = settings_for(&upstream);
        adjust(&mut settings);
        let settings = settings.validate().expect("valid test settings");
        let db = TestDb::new();
        let connectors = build_connectors(&settings.sources).expect("the connectors build");
        let state = build_state(&settings, db.pool(), connectors).expect("state");
        let token = sign_up(&state).await;
        Self {
            state,
            upstream,
            token,
            db,
        }
    }

    /// Sends one request to a freshly built app on this state.
    pub async fn send(&self, request: TestRequest) -> Answer {
        call(self.state.clone(), request).await
    }

    /// `POST /api/ingest/{source}` as the signed-in user.
    pub async fn ingest(&self, source: &str, body: Value) -> Answer {
        self.send(
            TestRequest::post()
                .uri(&format!("/api/ingest/{source}"))
                .insert_header((AUTHORIZATION, format!("Bearer {}", self.token)))
                .set_json(body),
        )
        .await
    }

    /// Ingests `external_id`, asserting a 200; returns the `media_item`.
    pub async fn ingested(&self, source: &str, external_id: &str) -> Value {
        let answer = self
            .ingest(source, json!({"external_id": external_id}))
            .await;
        assert_eq!(
            answer.status,
            StatusCode::OK,
            "{source} {external_id}: {}",
            String::from_utf8_lossy(&answer.body)
        );
        answer.json()["media_item"].clone()
    }

    /// `GET /api/media/{id}`, anonymously.
    pub async fn media(&self, id: &str) -> Answer {
        self.send(TestRequest::get().uri(&format!("/api/media/{id}")))
            .await
    }

    /// Rows in `table`.
    pub fn rows(&self, table: &str) -> i64 {
        count(
            &mut self.db.connect(),
            &format!("SELECT count(*) FROM {table}"),
        )
    }

    /// Asserts that the catalog tables are all empty.
    pub fn assert_catalog_empty(&self) {
        for table in [
            "media_items",
            "media_sources",
            "book_items",
            "movie_items",
            "game_items",
            "music_items",
        ] {
            assert_eq!(self.rows(table), 0, "{table} holds rows");
        }
    }
}

/// Registers a user through the real route; returns its access token.
async fn sign_up(state: &AppState) -> String {
    let answer = call(
        state.clone(),
        TestRequest::post()
            .uri("/api/auth/register")
            .set_json(json!({
                "email": format!("{}@ingest.example.com", uuid::Uuid::now_v7().simple()),
                "password": "correct horse battery",
            })),
    )
    .await;
    assert_eq!(
        answer.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    answer.json()["access_token"]
        .as_str()
        .expect("an access token")
        .to_owned()
}

/// A JSON response with `body`.
pub fn json_response(status: u16, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.to_owned(), "application/json")
}

/// `GET /books/v1/volumes/{id}`.
pub fn google_volume(id: &str) -> MockBuilder {
    Mock::given(method("GET")).and(path(format!("/books/v1/volumes/{id}")))
}

/// `GET /3/{kind}/{id}` with the bearer token (stripped of the alias's `Bearer `).
pub fn tmdb(kind: &str, id: u64) -> MockBuilder {
    Mock::given(method("GET"))
        .and(path(format!("/3/{kind}/{id}")))
        .and(wiremock::matchers::bearer_token(TMDB_TOKEN))
}

/// The Twitch token endpoint, once, then `POST /v4/games` for `id` answering `body`.
pub async fn mount_igdb_game(upstream: &MockServer, id: u64, body: &str) {
    Mock::given(method("POST"))
        .and(path("/oauth2/token"))
        .and(body_string_contains(format!(
            "client_id={TWITCH_CLIENT_ID}"
        )))
        .respond_with(json_response(
            200,
            fixture!("igdb/twitch/oauth2_token.json"),
        ))
        .mount(upstream)
        .await;
    Mock::given(method("POST"))
        .and(path("/v4/games"))
        .and(body_string_contains(format!("where id = {id};")))
        .respond_with(json_response(200, body))
        .mount(upstream)
        .await;
}

/// A Last.fm call of `api_method` with the key.
pub fn lastfm(api_method: &str) -> MockBuilder {
    Mock::given(method("GET"))
        .and(path("/2.0/"))
        .and(query_param("method", api_method))
        .and(query_param("api_key", LASTFM_KEY))
}
