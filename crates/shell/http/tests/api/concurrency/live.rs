//! [`LiveApp`]: the real server (`Application::with_state`) on a free port, four
//! workers, its own database with a pool large enough that lock waits, not checkouts,
//! are what the tests exercise; and a reqwest client.

use std::sync::Arc;

use actix_web::dev::ServerHandle;
use serde_json::{Value, json};
use tastebuds_http::{AppState, Application, Settings, build_state};
use tastebuds_media::testing::external_media;
use tastebuds_media::{MediaCatalog as _, MediaType, MetadataSource, SourceName, UpsertMode};
use tastebuds_postgres::{PgConfig, PgMediaCatalog, PgPool};
use tastebuds_testkit::TestDb;
use uuid::Uuid;

use crate::auth::support::PASSWORD;
use crate::helpers::fast_auth_settings;

/// An answer over the wire: the status code and the JSON body (`null` when empty).
#[derive(Clone, Debug)]
pub struct Reply {
    pub status: u16,
    pub body: Value,
}

/// A running server on its own database.
pub struct LiveApp {
    pub base: String,
    pub client: reqwest::Client,
    pub state: AppState,
    handle: ServerHandle,
    /// Last: dropped after the pools.
    pub db: TestDb,
}

impl LiveApp {
    /// The fast-auth test settings, no upstream connectors.
    pub async fn start() -> Self {
        Self::with(fast_auth_settings(), Vec::new()).await
    }

    /// `settings` (not yet validated) and `connectors`.
    pub async fn with(settings: Settings, connectors: Vec<Arc<dyn MetadataSource>>) -> Self {
        Self::prepared(settings, connectors, |_| {}).await
    }

    /// As [`LiveApp::with`], running `prepare` on the database before the server starts.
    pub async fn prepared(
        mut settings: Settings,
        connectors: Vec<Arc<dyn MetadataSource>>,
        prepare: impl FnOnce(&TestDb),
    ) -> Self {
        settings.server.host = "127.0.0.1".to_owned();
        settings.server.port = 0;
        settings.server.workers = Some(4);
        settings.server.shutdown_timeout_secs = 1;
        let settings = settings.validate().expect("valid test settings");
        let db = TestDb::new();
        prepare(&db);
        let pool = PgPool::build(
            &db.url(),
            &PgConfig {
                url: None,
                max_connections: 8,
                min_idle: 0,
                connect_timeout_ms: 20_000,
                ..PgConfig::default()
            },
        )
        .expect("pool");
        let state = build_state(&settings, pool, connectors).expect("state");
        let application = Application::with_state(state.clone()).expect("bind");
        let base = format!("http://127.0.0.1:{}", application.port());
        let handle = application.handle();
        actix_web::rt::spawn(application.run_until_stopped());
        Self {
            base,
            client: reqwest::Client::new(),
            state,
            handle,
            db,
        }
    }

    /// Stops the server, letting in-flight requests finish.
    pub async fn stop(self) {
        self.handle.stop(true).await;
    }

    /// A request to `path` with `token` as Bearer credential (when given) and `body` as
    /// JSON (when given).
    pub fn request(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> reqwest::RequestBuilder {
        let mut request = self.client.request(method, format!("{}{path}", self.base));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        request
    }

    /// Registers `email`; returns the TokenPair body.
    pub async fn sign_up(&self, email: &str) -> Value {
        let reply = send(self.request(
            reqwest::Method::POST,
            "/api/auth/register",
            None,
            Some(&json!({"email": email, "password": PASSWORD})),
        ))
        .await;
        assert_eq!(reply.status, 200, "{}", reply.body);
        reply.body
    }

    /// Registers `email`; returns its access token.
    pub async fn token(&self, email: &str) -> String {
        text(&self.sign_up(email).await, "/access_token")
    }

    /// `n` catalog items (films), stored as ingestion stores them; their ids.
    pub async fn media_items(&self, n: usize) -> Vec<String> {
        let catalog = PgMediaCatalog::new(self.db.pool());
        let mut ids = Vec::new();
        for i in 0..n {
            let record = external_media(
                SourceName::Tmdb,
                &format!("movie:{}", Uuid::now_v7().simple()),
                MediaType::Movie,
                &format!("Film {i}"),
            );
            let item = catalog
                .upsert(&record, UpsertMode::InsertOrKeep)
                .await
                .expect("the catalog stores the item");
            ids.push(item.id.as_uuid().to_string());
        }
        ids
    }

    /// Rows in the database matching `SELECT count(*) …`.
    pub fn count(&self, query: &str) -> i64 {
        tastebuds_testkit::count(&mut self.db.connect(), query)
    }
}

impl Drop for LiveApp {
    fn drop(&mut self) {
        // A test that panicked before `stop` still stops the server's workers.
        drop(self.handle.stop(false));
    }
}

/// Sends `request` and reads the whole answer.
pub async fn send(request: reqwest::RequestBuilder) -> Reply {
    let response = request.send().await.expect("the server answers");
    let status = response.status().as_u16();
    let bytes = response.bytes().await.expect("a body");
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes).unwrap_or_else(|error| {
            panic!(
                "status {status}: body is not JSON ({error}): {:?}",
                String::from_utf8_lossy(&bytes)
            )
        })
    };
    Reply { status, body }
}

/// Sends every request on its own tokio task at once and returns the replies in order.
pub async fn all_at_once(requests: Vec<reqwest::RequestBuilder>) -> Vec<Reply> {
    let tasks: Vec<_> = requests
        .into_iter()
        .map(|request| tokio::spawn(send(request)))
        .collect();
    let mut replies = Vec::with_capacity(tasks.len());
    for task in tasks {
        replies.push(task.await.expect("the request task finishes"));
    }
    replies
}

/// A string member of a JSON body.
pub fn text(body: &Value, pointer: &str) -> String {
    body.pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("no string at {pointer} in {body}"))
        .to_owned()
}

/// Asserts that no reply is a 5xx: whatever the race, a client never sees a server fault.
pub fn assert_no_server_errors(replies: &[Reply], what: &str) {
    let faults: Vec<_> = replies.iter().filter(|reply| reply.status >= 500).collect();
    assert!(faults.is_empty(), "{what}: server errors {faults:?}");
}
