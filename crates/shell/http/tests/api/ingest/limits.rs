//! Inputs and upstream values that exceed what the catalog can hold (API.md §4): too
//! long for their columns, or holding U+0000, which PostgreSQL stores neither in text nor
//! in `jsonb`. No 500, no partial rows, and no upstream call for an identifier that could
//! never be stored.

use actix_web::http::StatusCode;
use serde_json::{Value, json};
use tastebuds_media::MAX_IDENTIFIER_CHARS;

use super::support::{IngestApp, google_volume, json_response};

/// The Dune volume with `change` applied to its `volumeInfo`.
fn dune_with(change: impl FnOnce(&mut Value)) -> String {
    let mut volume: Value =
        serde_json::from_str(fixture!("google-books/volume_B1hSG45JCX4C.json")).expect("fixture");
    change(&mut volume["volumeInfo"]);
    volume.to_string()
}

async fn assert_no_upstream_call(app: &IngestApp) {
    let requests = app.upstream.received_requests().await.unwrap_or_default();
    assert!(requests.is_empty(), "upstream was called: {requests:?}");
}

#[actix_web::test]
async fn upstream_values_longer_than_their_columns_are_cut_or_dropped() {
    let app = IngestApp::new().await;
    let body = dune_with(|info| {
        info["title"] = json!(format!("Dune: {}", "ü".repeat(700)));
        info["publisher"] = json!("P".repeat(400));
        info["language"] = json!("l".repeat(100));
        info["imageLinks"] =
            json!({"thumbnail": format!("http://books.google.com/c?{}", "a".repeat(1_500))});
    });
    google_volume("B1hSG45JCX4C")
        .respond_with(json_response(200, &body))
        .expect(1)
        .mount(&app.upstream)
        .await;

    let item = app.ingested("google_books", "B1hSG45JCX4C").await;

    let title = item["title"].as_str().expect("a title");
    assert_eq!(title.chars().count(), 500, "{title}");
    assert!(title.starts_with("Dune: üü"), "{title}");
    assert_eq!(item["book"]["publisher"], "P".repeat(255));
    assert_eq!(item["book"]["language"], Value::Null);
    assert_eq!(item["cover_image_url"], Value::Null);
    assert_eq!(item["book"]["isbn_13"], "9780441013593", "the rest is kept");
    assert_eq!(app.rows("media_items"), 1);
}

#[actix_web::test]
async fn nul_characters_from_upstream_are_removed() {
    let app = IngestApp::new().await;
    let body = dune_with(|info| {
        info["title"] = json!("Du\u{0}ne");
        info["publisher"] = json!("Pen\u{0}guin");
        info["printType"] = json!("BO\u{0}OK"); // only in the raw payload
    });
    google_volume("B1hSG45JCX4C")
        .respond_with(json_response(200, &body))
        .expect(1)
        .mount(&app.upstream)
        .await;

    let item = app.ingested("google_books", "B1hSG45JCX4C").await;

    assert_eq!(item["title"], "Dune");
    assert_eq!(item["book"]["publisher"], "Penguin");
    assert_eq!(app.rows("media_sources"), 1);
}

#[actix_web::test]
async fn an_identifier_with_a_nul_character_is_a_422_without_an_upstream_call() {
    let app = IngestApp::new().await;

    let answer = app
        .ingest("lastfm", json!({"external_id": "Artist::Tr\u{0}ack"}))
        .await;

    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        answer.json()["detail"][0]["loc"],
        json!(["body", "external_id"])
    );
    assert_no_upstream_call(&app).await;
}

#[actix_web::test]
async fn a_lastfm_track_whose_id_cannot_be_stored_is_a_422_without_an_upstream_call() {
    let app = IngestApp::new().await;
    let identifier = format!("{}::{}", "A".repeat(200), "T".repeat(100));

    let answer = app
        .ingest("lastfm", json!({"external_id": identifier}))
        .await;

    assert_eq!(
        answer.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    let detail = answer.json()["detail"].clone();
    assert_eq!(detail[0]["type"], "value_error", "{detail}");
    assert_eq!(detail[0]["loc"], json!(["body", "external_id"]));
    assert_no_upstream_call(&app).await;
    app.assert_catalog_empty();
}

#[actix_web::test]
async fn an_identifier_over_the_length_limit_is_a_422_without_an_upstream_call() {
    let app = IngestApp::new().await;
    let huge = format!("a::{}", "x".repeat(MAX_IDENTIFIER_CHARS));

    let by_id = app.ingest("lastfm", json!({"external_id": huge})).await;
    let by_url = app
        .ingest(
            "google_books",
            json!({"url": format!("https://books.google.com/books?id={huge}")}),
        )
        .await;

    for (answer, field) in [(by_id, "external_id"), (by_url, "url")] {
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
        let detail = answer.json()["detail"].clone();
        assert_eq!(detail.as_array().map(Vec::len), Some(1), "{detail}");
        assert_eq!(detail[0]["type"], "string_too_long");
        assert_eq!(detail[0]["loc"], json!(["body", field]));
        assert_eq!(
            detail[0]["ctx"],
            json!({"max_length": MAX_IDENTIFIER_CHARS})
        );
    }
    assert_no_upstream_call(&app).await;
}

#[actix_web::test]
async fn a_url_of_a_look_alike_host_is_a_422_without_an_upstream_call() {
    let app = IngestApp::new().await;

    for (source, url) in [
        (
            "google_books",
            "https://google.evil.example/books?id=B1hSG45JCX4C",
        ),
        (
            "lastfm",
            "https://lastfm.evil.example/music/Yann+Tiersen/_/La+noy%C3%A9e",
        ),
    ] {
        let answer = app.ingest(source, json!({"url": url})).await;

        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{url}");
        let detail = answer.json()["detail"].clone();
        assert_eq!(detail[0]["loc"], json!(["body", "url"]), "{detail}");
        assert_eq!(detail[0]["input"], url);
    }
    assert_no_upstream_call(&app).await;
}
