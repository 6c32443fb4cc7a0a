//! TMDB's watch providers fill availability on ingest; a re-ingest that drops a provider
//! marks its rows `unavailable`, leaving rows entered by hand alone.

use actix_web::http::StatusCode;
use actix_web::http::header::AUTHORIZATION;
use actix_web::test::TestRequest;
use serde_json::{Value, json};
use wiremock::matchers::query_param;

use super::{keys, tuples, uri};
use crate::caller::expect;
use crate::ingest::support::{IngestApp, json_response, tmdb};

const WATCH: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/tmdb/movie_603_credits_watch_providers.json"
));

/// The fixture without `provider` in `region`'s `format` list.
fn without(provider: &str, region: &str, format: &str) -> String {
    let mut payload: Value = serde_json::from_str(WATCH).expect("the fixture parses");
    let list = payload["watch/providers"]["results"][region][format]
        .as_array_mut()
        .expect("the list");
    list.retain(|offer| offer["provider_name"] != provider);
    payload.to_string()
}

async fn rows(app: &IngestApp, id: &str) -> Value {
    let answer = app.send(TestRequest::get().uri(&uri(id))).await;
    expect(&answer, StatusCode::OK)
}

#[actix_web::test]
async fn an_ingest_fills_availability_from_tmdb_watch_providers() {
    let app = IngestApp::new().await;
    tmdb("movie", 603)
        .and(query_param("append_to_response", "credits,watch/providers"))
        .respond_with(json_response(200, WATCH))
        .expect(1)
        .mount(&app.upstream)
        .await;

    let item = app.ingested("tmdb", "movie:603").await;
    let id = item["id"].as_str().expect("an id").to_owned();

    let rows = rows(&app, &id).await;
    assert_eq!(rows.as_array().map(Vec::len), Some(28), "{rows}");
    let us: Vec<_> = keys(&rows)
        .into_iter()
        .filter(|(_, region, _, _)| region == "US")
        .collect();
    assert_eq!(
        us,
        tuples(&[
            ("Amazon Video", "US", "buy", "available"),
            ("Amazon Video", "US", "rent", "available"),
            ("Apple TV", "US", "buy", "available"),
            ("Apple TV", "US", "rent", "available"),
            ("Google Play Movies", "US", "buy", "available"),
            ("Google Play Movies", "US", "rent", "available"),
            ("Hulu", "US", "stream", "available"),
            ("Max", "US", "stream", "available"),
            ("Pluto TV", "US", "free", "available"),
        ])
    );
    let tubi = keys(&rows)
        .into_iter()
        .find(|(provider, ..)| provider == "Tubi TV");
    assert_eq!(
        tubi,
        Some(tuples(&[("Tubi TV", "CA", "free", "available")])[0].clone())
    );
    let hulu = rows
        .as_array()
        .into_iter()
        .flatten()
        .find(|row| row["provider"] == "Hulu")
        .expect("Hulu");
    assert_eq!(
        hulu["deeplink_url"],
        "https://www.themoviedb.org/movie/603-the-matrix/watch?locale=US"
    );
    assert!(hulu["last_checked_at"].is_string());
}

#[actix_web::test]
async fn a_reingest_that_drops_a_provider_marks_it_unavailable_and_keeps_hand_entries() {
    let app = IngestApp::new().await;
    tmdb("movie", 603)
        .respond_with(json_response(200, WATCH))
        .up_to_n_times(1)
        .mount(&app.upstream)
        .await;
    tmdb("movie", 603)
        .respond_with(json_response(200, &without("Hulu", "US", "flatrate")))
        .mount(&app.upstream)
        .await;
    let item = app.ingested("tmdb", "movie:603").await;
    let id = item["id"].as_str().expect("an id").to_owned();
    let by_hand = app
        .send(
            TestRequest::put()
                .uri(&uri(&id))
                .insert_header((AUTHORIZATION, format!("Bearer {}", app.token)))
                .set_json(json!([
                    {"provider": "Public Library", "region": "US", "format": "borrow", "status": "available"},
                    {"provider": "Criterion Channel", "region": "US", "format": "stream", "status": "available"},
                ])),
        )
        .await;
    expect(&by_hand, StatusCode::OK);

    let again = app
        .ingest(
            "tmdb",
            json!({"external_id": "movie:603", "force_refresh": true}),
        )
        .await;
    expect(&again, StatusCode::OK);

    let rows = keys(&rows(&app, &id).await);
    let status_of = |provider: &str, format: &str| {
        rows.iter()
            .find(|(p, r, f, _)| p == provider && r == "US" && f == format)
            .map(|(.., status)| status.clone())
    };
    assert_eq!(status_of("Hulu", "stream").as_deref(), Some("unavailable"));
    assert_eq!(status_of("Max", "stream").as_deref(), Some("available"));
    assert_eq!(
        status_of("Public Library", "borrow").as_deref(),
        Some("available")
    );
    assert_eq!(
        status_of("Criterion Channel", "stream").as_deref(),
        Some("available")
    );
    assert_eq!(rows.len(), 30, "nothing deleted, nothing doubled");
}
