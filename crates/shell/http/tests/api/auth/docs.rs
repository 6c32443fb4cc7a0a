//! The OpenAPI document of the auth and user routes: response objects and error answers.

use std::collections::BTreeSet;

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use serde_json::Value;

use crate::helpers::{call, offline_state};

async fn document() -> Value {
    let answer = call(offline_state(), TestRequest::get().uri("/openapi.json")).await;
    assert_eq!(answer.status, StatusCode::OK);
    answer.json()
}

#[actix_web::test]
async fn every_field_of_the_user_and_session_objects_is_required() {
    let document = document().await;

    // API.md §1.6: every field is always present, empty optionals as null.
    for schema in ["UserResponse", "SessionResponse", "TokenPairResponse"] {
        let object = &document["components"]["schemas"][schema];
        let properties: BTreeSet<&str> = object["properties"]
            .as_object()
            .unwrap_or_else(|| panic!("{schema} has properties"))
            .keys()
            .map(String::as_str)
            .collect();
        let required: BTreeSet<&str> = object["required"]
            .as_array()
            .unwrap_or_else(|| panic!("{schema} lists required fields"))
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert_eq!(required, properties, "{schema}");
    }
}

#[actix_web::test]
async fn every_auth_route_documents_its_rate_limit_answer() {
    let document = document().await;

    for (path, method) in [
        ("/api/auth/register", "post"),
        ("/api/auth/login", "post"),
        ("/api/auth/refresh", "post"),
        ("/api/auth/logout", "post"),
        ("/api/auth/sessions", "get"),
        ("/api/auth/sessions/{token_id}/revoke", "post"),
        ("/api/me", "get"),
    ] {
        let refused = &document["paths"][path][method]["responses"]["429"];
        assert!(refused.is_object(), "{method} {path} documents no 429");
        assert!(
            refused["headers"]["Retry-After"].is_object(),
            "{method} {path}: {refused}"
        );
    }
}
