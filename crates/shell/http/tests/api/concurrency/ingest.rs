//! Concurrent ingests of one external record (API.md §5.5 idempotence): one catalog item
//! and one source row, and every request answered with that item.

use reqwest::Method;
use serde_json::json;
use tastebuds_http::connectors::build_connectors;
use wiremock::MockServer;

use super::live::{LiveApp, all_at_once, assert_no_server_errors, text};
use crate::ingest::support::{google_volume, json_response, settings_for};

const VOLUME: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/google-books/volume_B1hSG45JCX4C.json"
));

#[actix_web::test]
async fn concurrent_ingests_of_one_external_id_store_exactly_one_item() {
    let upstream = MockServer::start().await;
    // Slow enough that every request has looked the record up before any stores it.
    google_volume("B1hSG45JCX4C")
        .respond_with(json_response(200, VOLUME).set_delay(std::time::Duration::from_millis(300)))
        .mount(&upstream)
        .await;
    let settings = settings_for(&upstream);
    let connectors = build_connectors(&settings.sources).expect("the connectors build");
    let app = LiveApp::with(settings, connectors).await;
    let tokens = [
        app.token("ada@example.com").await,
        app.token("bob@example.com").await,
    ];

    let requests = (0..12)
        .map(|i| {
            app.request(
                Method::POST,
                "/api/ingest/google_books",
                Some(&tokens[i % 2]),
                Some(&json!({"external_id": "B1hSG45JCX4C"})),
            )
        })
        .collect();
    let replies = all_at_once(requests).await;

    assert_no_server_errors(&replies, "ingests");
    let ids: Vec<String> = replies
        .iter()
        .map(|reply| {
            assert_eq!(reply.status, 200, "{}", reply.body);
            text(&reply.body, "/media_item/id")
        })
        .collect();
    assert!(ids.iter().all(|id| *id == ids[0]), "{ids:?}");
    assert_eq!(app.count("SELECT count(*) FROM media_items"), 1);
    assert_eq!(app.count("SELECT count(*) FROM book_items"), 1);
    assert_eq!(app.count("SELECT count(*) FROM media_sources"), 1);
    app.stop().await;
}
