//! Nothing secret reaches the logs: passwords, tokens, cookies and Authorization headers
//! stay out even at TRACE level (ARCHITECTURE.md, Observability).

use std::io::Write;
use std::sync::{Arc, Mutex, PoisonError};

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use serde_json::json;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::fmt::format::FmtSpan;

use super::support::{
    PASSWORD, TestApp, bearer, cookie_header, peer, post_empty_json, post_json, test_settings, text,
};

/// Log lines written to memory.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(PoisonError::into_inner)).into_owned()
    }
}

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Captured {
    type Writer = Self;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

/// Keeps the capturing subscriber installed on this thread while it lives.
struct Installed {
    _default: tracing::subscriber::DefaultGuard,
    _second: tracing::Dispatch,
}

/// Everything logged on this thread while the returned guard lives, at TRACE, with span
/// fields printed when each span closes.
fn capture() -> (Captured, Installed) {
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(FmtSpan::CLOSE)
        .with_writer(captured.clone())
        .with_ansi(false)
        .finish();
    let default = tracing::subscriber::set_default(subscriber);
    // With a single registered dispatcher, tracing-core computes a callsite's interest
    // from the default of whichever thread hits it first: a parallel test without a
    // subscriber would cache "never" for the spans here. A second live dispatcher makes
    // it ask every registered one.
    let second = tracing::Dispatch::new(tracing_subscriber::registry());
    (
        captured,
        Installed {
            _default: default,
            _second: second,
        },
    )
}

#[actix_web::test]
async fn secrets_never_reach_the_logs() {
    let (captured, _guard) = capture();
    let app = TestApp::new();

    // Every auth route, with the secrets in bodies, headers and cookies, and failures.
    let pair = app.signed_up("logs@example.com").await;
    let access = text(&pair, "/access_token");
    let refresh = text(&pair, "/refresh_token");
    let login = app.login("logs@example.com", PASSWORD).await;
    assert_eq!(login.status, StatusCode::OK);
    let wrong = app
        .login("logs@example.com", "a wrong secret password")
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let short = app
        .send(post_json(
            "/api/auth/register",
            &json!({"email": "x@example.com", "password": "sh0rt!"}),
        ))
        .await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    app.send(
        TestRequest::get()
            .uri("/api/auth/sessions")
            .insert_header(bearer(&access))
            .insert_header(cookie_header(&[("refresh_token", &refresh)])),
    )
    .await;
    let rotated = app.refresh_with_body(&refresh).await;
    assert_eq!(rotated.status, StatusCode::OK);
    let reused = app.refresh_with_body(&refresh).await;
    assert_eq!(reused.status, StatusCode::UNAUTHORIZED);
    app.send(
        post_empty_json("/api/auth/logout")
            .insert_header(cookie_header(&[("refresh_token", &refresh)])),
    )
    .await;
    app.me(&access).await;

    let logs = captured.text();
    assert!(
        logs.contains("auth.register"),
        "the spans were captured: {logs}"
    );
    for secret in [
        PASSWORD,
        "a wrong secret password",
        "sh0rt!",
        access.as_str(),
        refresh.as_str(),
        text(&rotated.json(), "/refresh_token").as_str(),
    ] {
        assert!(!logs.contains(secret), "{secret:?} was logged:\n{logs}");
    }
    assert!(!logs.to_ascii_lowercase().contains("bearer "), "{logs}");
}

#[actix_web::test]
async fn the_request_log_names_the_client_the_rate_limiter_counts() {
    let (captured, _guard) = capture();
    let mut settings = test_settings();
    settings.rate_limit.trusted_proxies = vec!["10.0.0.1".parse().expect("an address")];
    let app = TestApp::with(settings);
    let health = |peer_address: &str, forwarded: &str| {
        TestRequest::get()
            .uri("/health")
            .peer_addr(peer(peer_address))
            .insert_header(("x-forwarded-for", forwarded))
    };

    // A client that is no trusted proxy cannot choose the address it is logged under.
    app.send(health("192.0.2.77:5000", "203.0.113.66")).await;
    // Behind the trusted proxy, the forwarded client is logged.
    app.send(health("10.0.0.1:443", "198.51.100.88")).await;

    let logs = captured.text();
    assert!(logs.contains("client_ip=192.0.2.77"), "{logs}");
    assert!(
        !logs.contains("203.0.113.66"),
        "a forged address was logged: {logs}"
    );
    assert!(logs.contains("client_ip=198.51.100.88"), "{logs}");
}

#[actix_web::test]
async fn every_request_gets_one_access_log_line_without_query_or_share_secret() {
    let (captured, _guard) = capture();
    let app = TestApp::new();
    let pair = app.signed_up("access@example.com").await;
    let access = text(&pair, "/access_token");

    let me = app.me(&access).await;
    assert_eq!(me.status, StatusCode::OK);
    let request_id = me.header("x-request-id").expect("a request id").to_owned();
    app.send(TestRequest::get().uri("/api/search?q=matrix&token=query-secret-value"))
        .await;
    let draft = app
        .send(TestRequest::get().uri("/api/public/menus/draft/share-secret-in-the-path"))
        .await;
    assert_eq!(draft.status, StatusCode::NOT_FOUND);
    app.send(TestRequest::get().uri("/no/such/route")).await;

    let logs = captured.text();
    let lines: Vec<&str> = logs
        .lines()
        .filter(|line| line.contains("telemetry::access_log"))
        .collect();
    let me_line = lines
        .iter()
        .find(|line| {
            line.contains(&format!("request_id={request_id}")) && line.contains("GET /api/me 200")
        })
        .unwrap_or_else(|| panic!("no access line for /api/me: {logs}"));
    for field in [
        "http.method=GET",
        "http.route=/api/me",
        "http.path=/api/me",
        "http.status_code=200",
        "duration_ms=",
    ] {
        assert!(me_line.contains(field), "{field} missing: {me_line}");
    }
    assert!(
        lines.iter().any(
            |line| line.contains("http.route=/api/public/menus/draft/{token}")
                && line.contains("http.status_code=404")
        ),
        "{logs}"
    );
    assert!(
        lines
            .iter()
            .any(|line| line.contains("http.path=/no/such/route")
                && line.contains("http.status_code=404")),
        "{logs}"
    );
    // Register, me, search, draft, unmatched: one line each.
    assert_eq!(lines.len(), 5, "{logs}");
    for secret in [
        "query-secret-value",
        "share-secret-in-the-path",
        access.as_str(),
    ] {
        assert!(!logs.contains(secret), "{secret:?} was logged:\n{logs}");
    }
}

#[actix_web::test]
async fn the_access_log_can_be_switched_off() {
    let (captured, _guard) = capture();
    let mut settings = test_settings();
    settings.telemetry.access_log = false;
    let app = TestApp::with(settings);
    assert_eq!(
        app.send(TestRequest::get().uri("/health")).await.status,
        StatusCode::OK
    );
    let logs = captured.text();
    assert!(
        logs.contains("HTTP request"),
        "the request span was captured: {logs}"
    );
    assert!(!logs.contains("telemetry::access_log"), "{logs}");
}
