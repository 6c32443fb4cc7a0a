//! `search`: both namespaces, interleaved, filtered by the requested kinds.

use tastebuds_media::{MediaType, MetadataSource, SearchQuery};
use wiremock::matchers::{bearer_token, path, query_param};
use wiremock::{Mock, MockServer};

use crate::{BEARER, client, json};

fn query(text: &str, limit: u32, types: Vec<MediaType>) -> SearchQuery {
    SearchQuery {
        text: text.to_owned(),
        limit,
        types,
    }
}

async fn mount_search(server: &MockServer, kind: &str, query: &str, body: &str, calls: u64) {
    Mock::given(path(format!("/3/search/{kind}")))
        .and(query_param("query", query))
        .and(query_param("include_adult", "false"))
        .and(query_param("language", "en-US"))
        .and(query_param("page", "1"))
        .and(bearer_token(BEARER))
        .respond_with(json(200, body))
        .expect(calls)
        .mount(server)
        .await;
}

#[tokio::test]
async fn both_kinds_are_searched_and_interleaved_up_to_the_limit() {
    let server = MockServer::start().await;
    mount_search(
        &server,
        "movie",
        "shogun",
        fixture!("search_movie_godfathers.json"),
        1,
    )
    .await;
    mount_search(
        &server,
        "tv",
        "shogun",
        fixture!("search_tv_shogun.json"),
        1,
    )
    .await;

    let hits = client(&server)
        .search(&query("shogun", 5, vec![]))
        .await
        .unwrap();

    let ids: Vec<&str> = hits.iter().map(|h| h.external_id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "movie:13398",
            "tv:126308",
            "movie:452214",
            "tv:2180",
            "tv:45190"
        ]
    );
}

#[tokio::test]
async fn only_the_requested_kind_is_searched() {
    let server = MockServer::start().await;
    mount_search(&server, "movie", "shōgun", "{}", 0).await;
    mount_search(
        &server,
        "tv",
        "shōgun",
        fixture!("search_tv_shogun.json"),
        1,
    )
    .await;

    let hits = client(&server)
        .search(&query("shōgun", 20, vec![MediaType::Tv]))
        .await
        .unwrap();

    assert_eq!(hits.len(), 4);
    assert!(hits.iter().all(|h| h.media_type == MediaType::Tv));
}

#[tokio::test]
async fn an_empty_result_page_is_no_hits() {
    let server = MockServer::start().await;
    let empty = r#"{"page":1,"results":[],"total_pages":0,"total_results":0}"#;
    mount_search(&server, "movie", "zzqxv", empty, 1).await;

    let hits = client(&server)
        .search(&query("zzqxv", 5, vec![MediaType::Movie]))
        .await
        .unwrap();

    assert!(hits.is_empty());
}

#[tokio::test]
async fn one_failing_kind_fails_the_search() {
    let server = MockServer::start().await;
    mount_search(
        &server,
        "movie",
        "tokyo",
        fixture!("search_movie_tokyo.json"),
        1,
    )
    .await;
    Mock::given(path("/3/search/tv"))
        .respond_with(json(401, fixture!("error_401_invalid_api_key.json")))
        .expect(1)
        .mount(&server)
        .await;

    let result = client(&server).search(&query("tokyo", 5, vec![])).await;

    assert!(matches!(
        result,
        Err(tastebuds_media::SourceError::Unauthorized(_))
    ));
}
