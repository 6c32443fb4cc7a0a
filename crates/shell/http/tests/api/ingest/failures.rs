//! What an ingest answers when it cannot ingest, and that it then leaves no rows
//! (API.md §2.6, §6.1, §6.4).

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use serde_json::json;

use super::support::{IngestApp, google_volume, json_response};
use crate::helpers::Answer;

fn assert_detail(answer: &Answer, status: StatusCode, detail: &str) {
    assert_eq!(
        answer.status,
        status,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    answer.assert_json_content_type();
    assert_eq!(answer.json(), json!({"detail": detail}));
}

#[actix_web::test]
async fn a_record_upstream_does_not_have_is_a_404_naming_it() {
    let app = IngestApp::new().await;
    google_volume("doesNotExist1")
        .respond_with(json_response(
            404,
            fixture!("google-books/error_404_volume_not_found.json"),
        ))
        .expect(1)
        .mount(&app.upstream)
        .await;

    let answer = app
        .ingest("google_books", json!({"external_id": "doesNotExist1"}))
        .await;

    assert_detail(
        &answer,
        StatusCode::NOT_FOUND,
        "Not found on google_books: doesNotExist1",
    );
    app.assert_catalog_empty();
}

#[actix_web::test]
async fn an_upstream_that_keeps_failing_is_a_502_and_stores_nothing() {
    let app = IngestApp::new().await;
    google_volume("B1hSG45JCX4C")
        .respond_with(json_response(
            503,
            fixture!("google-books/error_503_backend_failed.json"),
        ))
        .expect(2) // the first attempt and the one retry of the test settings
        .mount(&app.upstream)
        .await;

    let answer = app
        .ingest("google_books", json!({"external_id": "B1hSG45JCX4C"}))
        .await;

    assert_detail(
        &answer,
        StatusCode::BAD_GATEWAY,
        "Upstream source google_books failed",
    );
    app.assert_catalog_empty();
}

#[actix_web::test]
async fn an_unknown_source_is_a_404() {
    let app = IngestApp::new().await;

    let answer = app.ingest("Spotify", json!({"external_id": "abc"})).await;

    assert_detail(&answer, StatusCode::NOT_FOUND, "Unknown source: Spotify");
}

#[actix_web::test]
async fn a_non_numeric_igdb_id_is_a_422_at_its_field_and_never_reaches_upstream() {
    let app = IngestApp::new().await;

    let by_id = app.ingest("igdb", json!({"external_id": "abc"})).await;
    let by_url = app
        .ingest("igdb", json!({"url": "https://www.igdb.com/games/hades"}))
        .await;

    for (answer, field, input) in [
        (by_id, "external_id", "abc"),
        (by_url, "url", "https://www.igdb.com/games/hades"),
    ] {
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
        let detail = answer.json()["detail"].clone();
        assert_eq!(detail.as_array().map(Vec::len), Some(1), "{detail}");
        assert_eq!(detail[0]["type"], "value_error");
        assert_eq!(detail[0]["loc"], json!(["body", field]));
        assert_eq!(detail[0]["input"], input);
        assert!(detail[0]["msg"].as_str().is_some_and(|msg| !msg.is_empty()));
    }
    assert!(
        app.upstream
            .received_requests()
            .await
            .unwrap_or_default()
            .is_empty()
    );
}

#[actix_web::test]
async fn a_request_without_an_identifier_is_a_400() {
    let app = IngestApp::new().await;

    for body in [
        json!({}),
        json!({"external_id": null, "url": null}),
        json!({"external_id": "  ", "url": ""}),
    ] {
        let answer = app.ingest("tmdb", body).await;

        assert_detail(&answer, StatusCode::BAD_REQUEST, "Identifier required");
    }
}

#[actix_web::test]
async fn a_malformed_body_is_a_422() {
    let app = IngestApp::new().await;

    let answer = app
        .ingest(
            "tmdb",
            json!({"external_id": "movie:603", "force_refresh": "maybe"}),
        )
        .await;

    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        answer.json()["detail"][0]["loc"],
        json!(["body", "force_refresh"])
    );
}

#[actix_web::test]
async fn an_anonymous_ingest_is_a_401_and_calls_no_upstream() {
    let app = IngestApp::new().await;

    let anonymous = app
        .send(
            TestRequest::post()
                .uri("/api/ingest/tmdb")
                .set_json(json!({"external_id": "movie:603"})),
        )
        .await;
    let forged = app
        .send(
            TestRequest::post()
                .uri("/api/ingest/tmdb")
                .insert_header(("Authorization", "Bearer not-a-token"))
                .set_json(json!({"external_id": "movie:603"})),
        )
        .await;

    assert_detail(&anonymous, StatusCode::UNAUTHORIZED, "Invalid token");
    assert_detail(&forged, StatusCode::UNAUTHORIZED, "Invalid token");
    assert!(
        app.upstream
            .received_requests()
            .await
            .unwrap_or_default()
            .is_empty()
    );
    app.assert_catalog_empty();
}

#[actix_web::test]
async fn an_unconfigured_source_is_a_503_naming_the_setting() {
    let app = IngestApp::with(|settings| {
        settings.sources.tmdb.bearer_token = None;
        settings.sources.tmdb.api_key = None;
        settings.sources.lastfm.api_key = None;
    })
    .await;

    let tmdb = app
        .ingest("tmdb", json!({"external_id": "movie:603"}))
        .await;
    let lastfm = app
        .ingest(
            "lastfm",
            json!({"external_id": "Daft Punk::Harder Better Faster Stronger"}),
        )
        .await;

    assert_detail(
        &tmdb,
        StatusCode::SERVICE_UNAVAILABLE,
        "tmdb is not configured: set TASTEBUDS__SOURCES__TMDB__API_KEY or \
         TASTEBUDS__SOURCES__TMDB__BEARER_TOKEN",
    );
    assert_detail(
        &lastfm,
        StatusCode::SERVICE_UNAVAILABLE,
        "lastfm is not configured: set TASTEBUDS__SOURCES__LASTFM__API_KEY",
    );
    assert!(
        app.upstream
            .received_requests()
            .await
            .unwrap_or_default()
            .is_empty()
    );
}

#[actix_web::test]
async fn refused_credentials_and_throttling_are_502s() {
    let app = IngestApp::new().await;
    super::support::tmdb("movie", 603)
        .respond_with(json_response(
            401,
            fixture!("tmdb/error_401_invalid_api_key.json"),
        ))
        .expect(1) // a refused credential is never retried
        .mount(&app.upstream)
        .await;
    google_volume("B1hSG45JCX4C")
        .respond_with(json_response(
            429,
            fixture!("google-books/error_429_rate_limit_exceeded.json"),
        ))
        .mount(&app.upstream)
        .await;

    let refused = app
        .ingest("tmdb", json!({"external_id": "movie:603"}))
        .await;
    let throttled = app
        .ingest("google_books", json!({"external_id": "B1hSG45JCX4C"}))
        .await;

    assert_detail(
        &refused,
        StatusCode::BAD_GATEWAY,
        "Upstream source tmdb refused the configured credentials",
    );
    assert_detail(
        &throttled,
        StatusCode::BAD_GATEWAY,
        "Upstream source google_books is rate limiting our requests",
    );
    app.assert_catalog_empty();
}
