//! CORS for the web app's origins (API.md §1.7), and the refusal of state-changing
//! requests from any other origin.

use actix_web::http::{Method, StatusCode};
use actix_web::test::TestRequest;

use super::support::{TestApp, assert_detail, bearer, cookie_header, post_empty_json, text};

fn preflight(origin: &str) -> TestRequest {
    TestRequest::default()
        .method(actix_web::http::Method::OPTIONS)
        .uri("/api/auth/login")
        .insert_header(("origin", origin))
        .insert_header(("access-control-request-method", "POST"))
        .insert_header(("access-control-request-headers", "content-type, x-custom"))
}

#[actix_web::test]
async fn configured_origins_may_call_with_credentials_any_method_and_header() {
    let app = TestApp::new();

    let answer = app.send(preflight("http://localhost:3000")).await;

    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.header("access-control-allow-origin"),
        Some("http://localhost:3000")
    );
    assert_eq!(
        answer.header("access-control-allow-credentials"),
        Some("true")
    );
    let methods = answer
        .header("access-control-allow-methods")
        .unwrap_or_default();
    assert!(
        methods.contains("POST") && methods.contains("DELETE"),
        "{methods}"
    );
    let headers = answer
        .header("access-control-allow-headers")
        .unwrap_or_default()
        .to_ascii_lowercase();
    assert!(headers.contains("x-custom"), "{headers}");

    let simple = app
        .send(
            TestRequest::get()
                .uri("/health")
                .insert_header(("origin", "http://127.0.0.1:3000")),
        )
        .await;
    assert_eq!(
        simple.header("access-control-allow-origin"),
        Some("http://127.0.0.1:3000")
    );
}

#[actix_web::test]
async fn other_origins_get_no_cors_headers() {
    let app = TestApp::new();

    let answer = app
        .send(
            TestRequest::get()
                .uri("/health")
                .insert_header(("origin", "https://evil.example")),
        )
        .await;

    assert_eq!(
        answer.status,
        StatusCode::OK,
        "non-browser clients still work"
    );
    assert_eq!(answer.header("access-control-allow-origin"), None);
}

#[actix_web::test]
async fn a_refused_preflight_answers_json() {
    let app = TestApp::new();

    let answer = app.send(preflight("https://evil.example")).await;

    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    answer.assert_json_content_type();
    assert_eq!(
        answer.json(),
        serde_json::json!({"detail": "Origin is not allowed to make this request"})
    );
    assert_eq!(answer.header("access-control-allow-origin"), None);
}

/// A cookie-authenticated, bodiless POST (as the web app sends refresh and logout).
fn cookie_post(uri: &str, refresh: &str, origin: Option<&str>) -> TestRequest {
    let request = post_empty_json(uri).insert_header(cookie_header(&[("refresh_token", refresh)]));
    match origin {
        Some(origin) => request.insert_header(("origin", origin)),
        None => request,
    }
}

#[actix_web::test]
async fn state_changing_requests_from_other_origins_are_refused() {
    let app = TestApp::new();
    let pair = app.signed_up("origin@example.com").await;
    let refresh = text(&pair, "/refresh_token");

    for origin in ["https://evil.example", "null", "http://localhost:3001"] {
        for uri in ["/api/auth/refresh", "/api/auth/logout"] {
            let refused = app.send(cookie_post(uri, &refresh, Some(origin))).await;
            assert_detail(
                &refused,
                StatusCode::FORBIDDEN,
                "Origin is not allowed to make this request",
            );
            assert_eq!(refused.header("set-cookie"), None, "{origin} {uri}");
        }
    }

    // Nothing happened to the session: it still rotates, from an allowed origin...
    let rotated = app
        .send(cookie_post(
            "/api/auth/refresh",
            &refresh,
            Some("http://localhost:3000"),
        ))
        .await;
    assert_eq!(rotated.status, StatusCode::OK, "{:?}", rotated.body);
    assert_eq!(
        rotated.header("access-control-allow-origin"),
        Some("http://localhost:3000")
    );
    // ... and from a script that sends no Origin at all.
    let next = text(&rotated.json(), "/refresh_token");
    let scripted = app
        .send(cookie_post("/api/auth/refresh", &next, None))
        .await;
    assert_eq!(scripted.status, StatusCode::OK, "{:?}", scripted.body);
}

#[actix_web::test]
async fn every_unsafe_method_is_checked_and_safe_ones_are_not() {
    let app = TestApp::new();
    let pair = app.signed_up("methods@example.com").await;
    let access = text(&pair, "/access_token");

    for method in [Method::POST, Method::PUT, Method::PATCH, Method::DELETE] {
        let refused = app
            .send(
                TestRequest::default()
                    .method(method.clone())
                    .uri("/api/me")
                    .insert_header(bearer(&access))
                    .insert_header(("origin", "https://evil.example")),
            )
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{method}");
    }

    let read = app
        .send(
            TestRequest::get()
                .uri("/api/me")
                .insert_header(bearer(&access))
                .insert_header(("origin", "https://evil.example")),
        )
        .await;
    assert_eq!(read.status, StatusCode::OK, "reads stay readable");
}

#[actix_web::test]
async fn the_api_own_origin_may_write() {
    // The docs UI served by the API itself posts with the API's own origin.
    let app = TestApp::new();
    let pair = app.signed_up("self@example.com").await;
    let refresh = text(&pair, "/refresh_token");

    let own = app
        .send(
            cookie_post(
                "/api/auth/refresh",
                &refresh,
                Some("https://api.tastebuds.example"),
            )
            .insert_header(("host", "api.tastebuds.example")),
        )
        .await;
    assert_eq!(own.status, StatusCode::OK, "{:?}", own.body);

    let other_port = app
        .send(
            cookie_post(
                "/api/auth/logout",
                &refresh,
                Some("https://api.tastebuds.example:8443"),
            )
            .insert_header(("host", "api.tastebuds.example")),
        )
        .await;
    assert_eq!(other_port.status, StatusCode::FORBIDDEN);
}
