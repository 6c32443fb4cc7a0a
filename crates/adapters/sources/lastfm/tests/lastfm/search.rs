//! `search`: `track.search` request shape and pages.

use tastebuds_media::{MediaType, MetadataSource, SearchQuery};
use wiremock::MockServer;
use wiremock::matchers::query_param;

use crate::{call, client, json};

fn query(text: &str, limit: u32) -> SearchQuery {
    SearchQuery {
        text: text.to_owned(),
        limit,
        types: vec![MediaType::Music],
    }
}

#[tokio::test]
async fn search_sends_the_track_and_limit_and_maps_hits() {
    let server = MockServer::start().await;
    call("track.search")
        .and(query_param("track", "sakura"))
        .and(query_param("limit", "4"))
        .respond_with(json(200, fixture!("track_search_sakura.json")))
        .expect(1)
        .mount(&server)
        .await;

    let hits = client(&server).search(&query("sakura", 4)).await.unwrap();

    assert_eq!(hits.len(), 4);
    assert_eq!(hits[1].external_id, "いきものがかり::SAKURA");
    assert!(hits.iter().all(|hit| hit.cover_image_url.is_none()));
}

#[tokio::test]
async fn an_empty_search_is_no_hits() {
    let server = MockServer::start().await;
    call("track.search")
        .and(query_param("track", "zzqxv"))
        .respond_with(json(200, fixture!("track_search_empty.json")))
        .expect(1)
        .mount(&server)
        .await;

    assert!(
        client(&server)
            .search(&query("zzqxv", 30))
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn a_rate_limit_inside_a_200_fails_the_search() {
    let server = MockServer::start().await;
    call("track.search")
        .respond_with(json(200, fixture!("error_29_rate_limit_exceeded.json")))
        .expect(1)
        .mount(&server)
        .await;

    assert!(matches!(
        client(&server).search(&query("sakura", 4)).await,
        Err(tastebuds_media::SourceError::RateLimited { .. })
    ));
}

#[tokio::test]
async fn a_not_found_error_is_an_empty_search_not_an_error() {
    let server = MockServer::start().await;
    call("track.search")
        .respond_with(json(200, fixture!("error_6_track_not_found.json")))
        .expect(1)
        .mount(&server)
        .await;

    assert!(
        client(&server)
            .search(&query("???", 4))
            .await
            .unwrap()
            .is_empty()
    );
}
