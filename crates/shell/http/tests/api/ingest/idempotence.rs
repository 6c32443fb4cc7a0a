//! One item per upstream record: repeats, refreshes, and TMDB's two namespaces
//! (API.md §2.6, §5.5, §6.2, §6.12).

use actix_web::http::StatusCode;
use serde_json::{Value, json};

use super::support::{IngestApp, google_volume, json_response, tmdb};

/// The TV fixture, renumbered (a show that shares its number with a film).
fn show_numbered(id: u64) -> String {
    let mut show: Value =
        serde_json::from_str(fixture!("tmdb/tv_126308_credits.json")).expect("the TV fixture");
    show["id"] = json!(id);
    show.to_string()
}

#[actix_web::test]
async fn a_repeat_ingest_by_a_canonical_id_returns_the_item_without_calling_upstream() {
    let app = IngestApp::new().await;
    google_volume("B1hSG45JCX4C")
        .respond_with(json_response(
            200,
            fixture!("google-books/volume_B1hSG45JCX4C.json"),
        ))
        .expect(1)
        .mount(&app.upstream)
        .await;

    let first = app.ingested("google_books", "B1hSG45JCX4C").await;
    let by_id = app.ingested("google_books", "B1hSG45JCX4C").await;
    let by_url = app
        .ingest(
            "google_books",
            json!({"external_id": "", "url": "https://books.google.com/books?id=B1hSG45JCX4C"}),
        )
        .await;

    assert_eq!(by_id, first, "the same item, unchanged");
    assert_eq!(by_url.status, StatusCode::OK);
    assert_eq!(by_url.json()["media_item"], first);
    assert_eq!(app.rows("media_items"), 1);
    assert_eq!(app.rows("media_sources"), 1);
    // The mock's `.expect(1)` fails the test on drop if upstream was called again.
}

#[actix_web::test]
async fn force_refresh_overwrites_the_item_in_place() {
    let app = IngestApp::new().await;
    tmdb("movie", 603)
        .respond_with(json_response(200, fixture!("tmdb/movie_603_credits.json")))
        .expect(1)
        .mount(&app.upstream)
        .await;
    let before = app.ingested("tmdb", "movie:603").await;
    app.upstream.reset().await;
    let mut changed: Value =
        serde_json::from_str(fixture!("tmdb/movie_603_credits.json")).expect("the fixture");
    changed["title"] = json!("The Matrix (4K Remaster)");
    changed["runtime"] = json!(138);
    tmdb("movie", 603)
        .respond_with(json_response(200, &changed.to_string()))
        .expect(1)
        .mount(&app.upstream)
        .await;

    let answer = app
        .ingest(
            "tmdb",
            json!({"external_id": "movie:603", "force_refresh": true}),
        )
        .await;

    assert_eq!(answer.status, StatusCode::OK);
    let after = answer.json()["media_item"].clone();
    assert_eq!(after["id"], before["id"], "the id is kept");
    assert_eq!(after["title"], "The Matrix (4K Remaster)");
    assert_eq!(after["movie"]["runtime_minutes"], 138);
    assert_eq!(after["sources"][0]["id"], before["sources"][0]["id"]);
    let fetched_at = |item: &Value| {
        chrono::DateTime::parse_from_rfc3339(item["sources"][0]["fetched_at"].as_str().unwrap())
            .unwrap()
    };
    assert!(
        fetched_at(&after) > fetched_at(&before),
        "fetched_at moves forward"
    );
    assert_eq!(
        app.media(before["id"].as_str().unwrap()).await.json(),
        after
    );
    assert_eq!(app.rows("media_items"), 1);
    assert_eq!(app.rows("movie_items"), 1);
}

#[actix_web::test]
async fn a_film_and_a_show_with_the_same_number_are_two_items() {
    let app = IngestApp::new().await;
    tmdb("movie", 603)
        .respond_with(json_response(200, fixture!("tmdb/movie_603_credits.json")))
        .mount(&app.upstream)
        .await;
    tmdb("tv", 603)
        .respond_with(json_response(200, &show_numbered(603)))
        .mount(&app.upstream)
        .await;

    let film = app.ingested("tmdb", "movie:603").await;
    let show = app.ingested("tmdb", "tv:603").await;

    assert_ne!(film["id"], show["id"]);
    assert_eq!(film["sources"][0]["external_id"], "movie:603");
    assert_eq!(show["sources"][0]["external_id"], "tv:603");
    assert_eq!(show["media_type"], "tv");
    assert_eq!(show["movie"]["tmdb_type"], "tv");
    assert_eq!(app.rows("media_items"), 2);
}

#[actix_web::test]
async fn a_bare_tmdb_id_falls_back_to_tv_when_no_film_has_it() {
    let app = IngestApp::new().await;
    tmdb("movie", 126_308)
        .respond_with(json_response(
            404,
            fixture!("tmdb/error_404_not_found.json"),
        ))
        .expect(1)
        .mount(&app.upstream)
        .await;
    tmdb("tv", 126_308)
        .respond_with(json_response(200, fixture!("tmdb/tv_126308_credits.json")))
        .expect(1)
        .mount(&app.upstream)
        .await;

    let show = app.ingested("tmdb", "126308").await;

    assert_eq!(show["media_type"], "tv");
    assert_eq!(show["sources"][0]["external_id"], "tv:126308");
    assert_eq!(show["title"], "Shōgun");
}

#[actix_web::test]
async fn concurrent_ingests_of_one_record_return_one_item() {
    let app = IngestApp::new().await;
    // Slow enough that every request has looked the record up before any stores it.
    google_volume("B1hSG45JCX4C")
        .respond_with(
            json_response(200, fixture!("google-books/volume_B1hSG45JCX4C.json"))
                .set_delay(std::time::Duration::from_millis(300)),
        )
        .expect(3)
        .mount(&app.upstream)
        .await;
    let body = json!({"external_id": "B1hSG45JCX4C"});

    let (first, second, third) = tokio::join!(
        app.ingest("google_books", body.clone()),
        app.ingest("google_books", body.clone()),
        app.ingest("google_books", body.clone()),
    );

    let ids: Vec<Value> = [first, second, third]
        .iter()
        .map(|answer| {
            assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
            answer.json()["media_item"]["id"].clone()
        })
        .collect();
    assert!(ids.iter().all(|id| *id == ids[0]), "{ids:?}");
    assert_eq!(app.rows("media_items"), 1);
    assert_eq!(app.rows("book_items"), 1);
    assert_eq!(app.rows("media_sources"), 1);
}
