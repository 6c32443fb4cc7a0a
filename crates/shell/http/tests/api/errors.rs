//! The error envelopes of API.md §1.4 and §6.19.

use std::time::Duration;

use actix_web::http::StatusCode;
use actix_web::middleware::ErrorHandlers;
use actix_web::test::{self, TestRequest};
use actix_web::{App, HttpResponse, ResponseError as _, web};
use chrono::{TimeZone as _, Utc};
use serde_json::{Value, json};
use tastebuds_http::error::{INVALID_TOKEN, json_envelope};
use tastebuds_http::{ApiError, Location};
use tastebuds_kernel::{FieldError, FieldErrors};

/// Status, headers and JSON body of an error's response.
async fn render(error: ApiError) -> (StatusCode, Option<String>, Value) {
    let response = error.error_response();
    let status = response.status();
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let body = actix_web::body::to_bytes(response.into_body())
        .await
        .expect("body");
    (
        status,
        retry_after,
        serde_json::from_slice(&body).expect("JSON body"),
    )
}

#[actix_web::test]
async fn an_internal_error_is_an_opaque_json_500() {
    let error = ApiError::internal(anyhow::anyhow!("password=hunter2 leaked in a query"));

    let (status, _, body) = render(error).await;

    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(body, json!({"detail": "Internal server error"}));
}

#[actix_web::test]
async fn a_500_from_outside_api_error_is_json_too() {
    let app = test::init_service(
        App::new()
            .wrap(ErrorHandlers::new().default_handler(json_envelope))
            .route(
                "/boom",
                web::get().to(|| async {
                    Err::<HttpResponse, _>(actix_web::error::ErrorInternalServerError(
                        "library detail",
                    ))
                }),
            ),
    )
    .await;

    let response = test::call_service(&app, TestRequest::get().uri("/boom").to_request()).await;

    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        response
            .headers()
            .get("content-type")
            .and_then(|value| value.to_str().ok()),
        Some("application/json")
    );
    let body: Value = test::read_body_json(response).await;
    assert_eq!(body, json!({"detail": "Internal server error"}));
}

#[actix_web::test]
async fn plain_errors_carry_their_message() {
    let cases = [
        (
            ApiError::invalid_token(),
            StatusCode::UNAUTHORIZED,
            INVALID_TOKEN,
        ),
        (
            ApiError::NotFound("Menu not found".to_owned()),
            StatusCode::NOT_FOUND,
            "Menu not found",
        ),
        (
            ApiError::BadRequest("Identifier required".to_owned()),
            StatusCode::BAD_REQUEST,
            "Identifier required",
        ),
        (
            ApiError::Conflict("Tag already exists".to_owned()),
            StatusCode::CONFLICT,
            "Tag already exists",
        ),
        (
            ApiError::unavailable("tmdb temporarily unavailable"),
            StatusCode::SERVICE_UNAVAILABLE,
            "tmdb temporarily unavailable",
        ),
        (
            ApiError::Upstream {
                message: "Upstream source tmdb failed".to_owned(),
                cause: anyhow::anyhow!("tmdb said 500 with a secret-looking body"),
            },
            StatusCode::BAD_GATEWAY,
            "Upstream source tmdb failed",
        ),
    ];
    for (error, expected_status, message) in cases {
        let (status, _, body) = render(error).await;

        assert_eq!(status, expected_status);
        assert_eq!(body, json!({ "detail": message }));
    }
}

#[actix_web::test]
async fn unauthorized_has_no_www_authenticate_header() {
    let response = ApiError::invalid_token().error_response();

    assert!(response.headers().get("www-authenticate").is_none());
}

#[actix_web::test]
async fn too_many_requests_rounds_retry_after_up() {
    let error = ApiError::TooManyRequests {
        message: "External search quota exceeded (10 requests per 60s)".to_owned(),
        retry_after: Some(Duration::from_millis(1_200)),
    };

    let (status, retry_after, body) = render(error).await;

    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(retry_after.as_deref(), Some("2"));
    assert_eq!(
        body,
        json!({"detail": "External search quota exceeded (10 requests per 60s)"})
    );
}

#[actix_web::test]
async fn a_stale_write_reports_the_current_timestamp() {
    let at = Utc
        .with_ymd_and_hms(2025, 3, 20, 14, 5, 9)
        .single()
        .expect("valid date")
        + chrono::Duration::microseconds(123_456);
    let error = ApiError::StaleWrite {
        message: "Course was updated by another session.".to_owned(),
        current_updated_at: at,
    };

    let (status, _, body) = render(error).await;

    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(
        body,
        json!({"detail": {
            "message": "Course was updated by another session.",
            "current_updated_at": "2025-03-20T14:05:09.123456Z"
        }})
    );
}

#[actix_web::test]
async fn domain_field_errors_become_body_validation_items() {
    let mut errors = FieldErrors::new();
    errors.push(FieldError::too_short("password", 8, "short"));
    errors.push(FieldError::new(
        "email",
        "value_error",
        "value is not a valid email address",
    ));

    let (status, _, body) = render(ApiError::from(errors)).await;

    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body,
        json!({"detail": [
            {"type": "string_too_short", "loc": ["body", "password"],
             "msg": "String should have at least 8 characters", "input": "[REDACTED]",
             "ctx": {"min_length": 8}},
            {"type": "value_error", "loc": ["body", "email"],
             "msg": "value is not a valid email address", "input": null}
        ]})
    );
}

#[actix_web::test]
async fn other_locations_prefix_the_loc() {
    let errors = FieldErrors::from(FieldError::new("per_page", "less_than_equal", "too big"));

    let (_, _, body) = render(ApiError::invalid(Location::Query, errors)).await;

    assert_eq!(body["detail"][0]["loc"], json!(["query", "per_page"]));
}

#[test]
fn debug_shows_the_cause_chain_but_never_the_input() {
    let internal =
        ApiError::internal(anyhow::anyhow!("connection reset").context("loading the menu"));
    let invalid = ApiError::from(FieldErrors::from(FieldError::too_short(
        "password", 8, "hunter2",
    )));

    let internal = format!("{internal:?}");
    let invalid = format!("{invalid:?}");

    assert!(internal.contains("loading the menu"), "{internal}");
    assert!(internal.contains("connection reset"), "{internal}");
    assert!(invalid.contains("password"), "{invalid}");
    assert!(!invalid.contains("hunter2"), "{invalid}");
}
