//! An app on its own database with fast bcrypt, a known JWT secret and no rate limits,
//! plus helpers to sign up, sign in and read cookies.

use std::net::SocketAddr;

use actix_web::cookie::Cookie;
use actix_web::http::StatusCode;
use actix_web::http::header::{AUTHORIZATION, CONTENT_TYPE, COOKIE, SET_COOKIE};
use actix_web::test::TestRequest;
use serde_json::{Value, json};
use tastebuds_http::{AppState, Settings, build_state};
use tastebuds_testkit::TestDb;

use crate::helpers::{Answer, JWT_SECRET, call, fast_auth_settings};

/// The JWT secret of every test app.
pub const SECRET: &str = JWT_SECRET;
/// A password that satisfies the policy.
pub const PASSWORD: &str = "correct horse battery";

/// Validated settings for tests: bcrypt cost 4, [`SECRET`], rate limits off.
pub fn test_settings() -> Settings {
    fast_auth_settings()
        .validate()
        .expect("valid test settings")
}

/// The app state on a fresh database. The database outlives the state's pool.
pub struct TestApp {
    pub state: AppState,
    pub db: TestDb,
}

impl TestApp {
    /// Default test settings.
    pub fn new() -> Self {
        Self::with(test_settings())
    }

    /// Other settings.
    pub fn with(settings: Settings) -> Self {
        let db = TestDb::new();
        let state = build_state(&settings, db.pool(), Vec::new()).expect("state");
        Self { state, db }
    }

    /// Sends one request to a freshly built app on this state.
    pub async fn send(&self, request: TestRequest) -> Answer {
        call(self.state.clone(), request).await
    }

    /// `POST /api/auth/register`.
    pub async fn register(&self, email: &str) -> Answer {
        self.send(post_json(
            "/api/auth/register",
            &json!({"email": email, "password": PASSWORD, "display_name": "Ada"}),
        ))
        .await
    }

    /// Registers `email`, asserting success; returns the TokenPair body.
    pub async fn signed_up(&self, email: &str) -> Value {
        let answer = self.register(email).await;
        assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
        answer.json()
    }

    /// `POST /api/auth/login`.
    pub async fn login(&self, email: &str, password: &str) -> Answer {
        self.send(post_json(
            "/api/auth/login",
            &json!({"email": email, "password": password}),
        ))
        .await
    }

    /// `POST /api/auth/refresh` with `token` in the body.
    pub async fn refresh_with_body(&self, token: &str) -> Answer {
        self.send(post_json(
            "/api/auth/refresh",
            &json!({"refresh_token": token}),
        ))
        .await
    }

    /// `GET /api/me` with a Bearer token.
    pub async fn me(&self, access_token: &str) -> Answer {
        self.send(
            TestRequest::get()
                .uri("/api/me")
                .insert_header(bearer(access_token)),
        )
        .await
    }
}

/// A JSON POST.
pub fn post_json(uri: &str, body: &Value) -> TestRequest {
    TestRequest::post().uri(uri).set_json(body)
}

/// A bodiless POST with a JSON content type, as the web app sends them.
pub fn post_empty_json(uri: &str) -> TestRequest {
    TestRequest::post()
        .uri(uri)
        .insert_header((CONTENT_TYPE, "application/json"))
}

/// An `Authorization: Bearer` header.
pub fn bearer(token: &str) -> (actix_web::http::header::HeaderName, String) {
    (AUTHORIZATION, format!("Bearer {token}"))
}

/// A `Cookie` header.
pub fn cookie_header(pairs: &[(&str, &str)]) -> (actix_web::http::header::HeaderName, String) {
    let value = pairs
        .iter()
        .map(|(name, value)| format!("{name}={value}"))
        .collect::<Vec<_>>()
        .join("; ");
    (COOKIE, value)
}

/// A string member of a JSON body.
pub fn text(body: &Value, pointer: &str) -> String {
    body.pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("no string at {pointer} in {body}"))
        .to_owned()
}

/// The cookies an answer sets, parsed.
pub fn set_cookies(answer: &Answer) -> Vec<Cookie<'static>> {
    answer
        .headers
        .get_all(SET_COOKIE)
        .map(|value| {
            let text = value.to_str().expect("ASCII Set-Cookie").to_owned();
            Cookie::parse(text).expect("a valid Set-Cookie")
        })
        .collect()
}

/// The cookie `name` an answer sets.
pub fn set_cookie(answer: &Answer, name: &str) -> Cookie<'static> {
    set_cookies(answer)
        .into_iter()
        .find(|cookie| cookie.name() == name)
        .unwrap_or_else(|| panic!("no {name} cookie set: {:?}", answer.headers))
}

/// Asserts that the answer clears both token cookies (§6.6).
pub fn assert_clears_cookies(answer: &Answer) {
    for name in ["access_token", "refresh_token"] {
        let cookie = set_cookie(answer, name);
        assert_eq!(cookie.value(), "", "{name} is emptied");
        assert_eq!(
            cookie.max_age(),
            Some(actix_web::cookie::time::Duration::ZERO),
            "{name} expires now"
        );
        assert_eq!(cookie.path(), Some("/"));
        assert_eq!(cookie.http_only(), Some(true));
    }
}

/// Asserts a `{"detail": …}` answer.
pub fn assert_detail(answer: &Answer, status: StatusCode, detail: &str) {
    assert_eq!(answer.status, status, "{:?}", answer.body);
    assert_eq!(answer.json(), json!({ "detail": detail }));
}

/// A client address.
pub fn peer(address: &str) -> SocketAddr {
    address.parse().expect("a socket address")
}

/// Deletes every user (and, by cascade, everything they own).
pub fn delete_users(app: &TestApp) {
    use diesel::RunQueryDsl as _;
    diesel::sql_query("DELETE FROM users")
        .execute(&mut app.db.connect())
        .expect("delete users");
}
