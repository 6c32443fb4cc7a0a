//! CORS for the web app's origins (API.md §1.7).

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;

use super::support::TestApp;

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
