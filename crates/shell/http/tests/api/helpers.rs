//! Building the real app around a state, and reading its answers.

use std::sync::Arc;

use actix_web::http::StatusCode;
use actix_web::http::header::HeaderMap;
use actix_web::test::{self, TestRequest};
use actix_web::web::Bytes;
use async_trait::async_trait;
use secrecy::SecretString;
use serde_json::Value;
use tastebuds_http::settings::{AuthSettings, RateLimitSettings};
use tastebuds_http::{AppState, Settings, build_app, build_state};
use tastebuds_media::{
    ExternalMedia, MetadataSource, SearchQuery, SourceError, SourceHealth, SourceLookup, SourceName,
};
use tastebuds_postgres::{PgConfig, PgPool};
use tastebuds_testkit::TestDb;

/// An answer, read to the end.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Answer {
    /// The body as JSON (panics with the body when it is not).
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|error| {
            panic!(
                "body is not JSON ({error}): {:?}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// Asserts a JSON content type.
    pub fn assert_json_content_type(&self) {
        let content_type = self.header("content-type").unwrap_or_default();
        assert!(
            content_type.starts_with("application/json"),
            "content-type {content_type:?}"
        );
    }
}

/// The JWT secret of the test apps that sign users in.
pub const JWT_SECRET: &str = "test-secret-of-at-least-thirty-two-bytes!";

/// Settings for apps that sign users in: bcrypt cost 4, [`JWT_SECRET`], rate limits off.
/// Not yet validated.
pub fn fast_auth_settings() -> Settings {
    Settings {
        auth: AuthSettings {
            bcrypt_cost: 4,
            jwt_secret: Some(SecretString::from(JWT_SECRET)),
            ..AuthSettings::default()
        },
        rate_limit: RateLimitSettings {
            enabled: false,
            ..RateLimitSettings::default()
        },
        ..Settings::default()
    }
}

/// Default development settings, validated (with an ephemeral secret).
pub fn settings() -> Settings {
    Settings::default()
        .validate()
        .expect("the default settings are valid")
}

/// Pool settings that give up quickly.
pub fn quick_pool_config() -> PgConfig {
    PgConfig {
        url: None,
        max_connections: 2,
        min_idle: 0,
        connect_timeout_ms: 500,
        ..PgConfig::default()
    }
}

/// A pool on a port where nothing listens (for routes that do not need the database).
pub fn offline_pool() -> PgPool {
    PgPool::build(&TestDb::unreachable_url(), &quick_pool_config()).expect("pool settings")
}

/// A state with default settings, no database and no sources.
pub fn offline_state() -> AppState {
    build_state(&settings(), offline_pool(), Vec::new()).expect("state")
}

/// Sends one request to a freshly built app on `state`.
pub async fn call(state: AppState, request: TestRequest) -> Answer {
    let app = test::init_service(build_app(state)).await;
    let response = test::call_service(&app, request.to_request()).await;
    let status = response.status();
    let headers = response.headers().clone();
    let body = test::read_body(response).await;
    Answer {
        status,
        headers,
        body,
    }
}

/// A metadata source that only reports a fixed health snapshot.
pub struct FakeSource {
    pub name: SourceName,
    pub health: Option<SourceHealth>,
}

impl FakeSource {
    pub fn shared(name: SourceName, health: Option<SourceHealth>) -> Arc<dyn MetadataSource> {
        Arc::new(Self { name, health })
    }
}

#[async_trait]
impl MetadataSource for FakeSource {
    fn name(&self) -> SourceName {
        self.name
    }

    fn parse_identifier(&self, input: &str) -> Result<SourceLookup, SourceError> {
        Err(SourceError::InvalidIdentifier(input.to_owned()))
    }

    async fn search(&self, _query: &SearchQuery) -> Result<Vec<ExternalMedia>, SourceError> {
        Ok(Vec::new())
    }

    async fn fetch(&self, _lookup: &SourceLookup) -> Result<ExternalMedia, SourceError> {
        Err(SourceError::NotFound)
    }

    fn health(&self) -> Option<SourceHealth> {
        self.health.clone()
    }
}
