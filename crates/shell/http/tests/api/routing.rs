//! Unknown paths, wrong methods, trailing slashes (API.md §1.1), and the request id.

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use serde_json::json;

use crate::helpers::{call, offline_state};

#[actix_web::test]
async fn unknown_paths_are_404_with_the_json_envelope() {
    for uri in ["/nope", "/api/nope", "/api/health/extra", "/nope/"] {
        let answer = call(offline_state(), TestRequest::get().uri(uri)).await;

        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{uri}");
        assert_eq!(answer.json(), json!({"detail": "Not Found"}), "{uri}");
        answer.assert_json_content_type();
    }
}

#[actix_web::test]
async fn a_known_path_with_another_method_is_405() {
    for (request, allow) in [
        (TestRequest::post().uri("/health"), "GET"),
        (TestRequest::delete().uri("/api/health"), "GET"),
        (TestRequest::put().uri("/openapi.json"), "GET"),
        (TestRequest::get().uri("/api/auth/login"), "POST"),
        (
            TestRequest::get().uri(&format!(
                "/api/auth/sessions/{}/revoke",
                uuid::Uuid::now_v7()
            )),
            "POST",
        ),
    ] {
        let answer = call(offline_state(), request).await;

        assert_eq!(answer.status, StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(answer.json(), json!({"detail": "Method Not Allowed"}));
        assert_eq!(
            answer.headers.get("allow").map(|v| v.to_str().unwrap()),
            Some(allow)
        );
    }
}

#[actix_web::test]
async fn a_trailing_slash_redirects_to_the_bare_path_keeping_the_query() {
    let answer = call(
        offline_state(),
        TestRequest::get().uri("/api/health/?verbose=1"),
    )
    .await;

    assert_eq!(answer.status, StatusCode::TEMPORARY_REDIRECT);
    assert_eq!(answer.header("location"), Some("/api/health?verbose=1"));
}

#[actix_web::test]
async fn every_answer_carries_a_request_id() {
    let found = call(offline_state(), TestRequest::get().uri("/health")).await;
    let missing = call(offline_state(), TestRequest::get().uri("/nope")).await;

    for answer in [found, missing] {
        let id = answer.header("x-request-id").expect("x-request-id header");
        assert!(uuid::Uuid::parse_str(id).is_ok(), "{id}");
    }
}
