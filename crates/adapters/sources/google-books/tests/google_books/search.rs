//! `search`: request shape and the page cases.

use tastebuds_media::{MediaType, MetadataSource, SearchQuery, SourceError};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::{client, json};

fn query(text: &str, limit: u32, types: Vec<MediaType>) -> SearchQuery {
    SearchQuery {
        text: text.to_owned(),
        limit,
        types,
    }
}

#[tokio::test]
async fn search_sends_the_documented_parameters_and_maps_hits_in_order() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/books/v1/volumes"))
        .and(query_param("q", "dune"))
        .and(query_param("maxResults", "5"))
        .and(query_param("startIndex", "0"))
        .and(query_param("printType", "books"))
        .and(query_param("country", "US"))
        .and(header("x-goog-api-key", "test-google-key"))
        .respond_with(json(200, fixture!("volumes_search_dune.json")))
        .expect(1)
        .mount(&server)
        .await;

    let hits = client(&server, Some("test-google-key"))
        .search(&query("dune", 5, vec![]))
        .await
        .unwrap();

    assert_eq!(hits.len(), 5);
    assert_eq!(hits[1].title, "デューン 砂の惑星〔新訳版〕 上");
    assert!(hits.iter().all(|hit| hit.media_type == MediaType::Book));
}

#[tokio::test]
async fn non_ascii_queries_are_encoded_and_the_limit_is_capped_at_40() {
    let server = MockServer::start().await;
    Mock::given(path("/books/v1/volumes"))
        .and(query_param("q", "デューン & café"))
        .and(query_param("maxResults", "40"))
        .respond_with(json(200, fixture!("volumes_search_empty.json")))
        .expect(1)
        .mount(&server)
        .await;

    let hits = client(&server, None)
        .search(&query("デューン & café", 500, vec![]))
        .await
        .unwrap();

    assert!(hits.is_empty(), "no `items` key means no hits");
}

#[tokio::test]
async fn a_search_for_other_kinds_or_blank_text_calls_nothing() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&server)
        .await;
    let source = client(&server, None);

    assert!(
        source
            .search(&query("dune", 5, vec![MediaType::Movie]))
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        source
            .search(&query("   ", 5, vec![]))
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn a_truncated_page_is_an_upstream_error() {
    let server = MockServer::start().await;
    Mock::given(path("/books/v1/volumes"))
        .respond_with(json(
            200,
            fixture!("volumes_search_dune_truncated.malformed.json"),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let error = client(&server, None)
        .search(&query("dune", 5, vec![]))
        .await
        .unwrap_err();

    assert!(matches!(error, SourceError::Upstream(_)));
}
