//! `/games`: request shape, lookups, searches and the error cases.

use tastebuds_media::{MediaType, MetadataSource, SearchQuery};
use tastebuds_source_common::error_message;
use wiremock::matchers::{any, body_string, body_string_contains, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::{CLIENT_ID, FIRST_TOKEN, SourceError, client, client_with, fetch, json, mount_token};

async fn with_token(server: &MockServer) {
    mount_token(server, 200, fixture!("twitch/oauth2_token.json"), 1).await;
}

#[tokio::test]
async fn a_lookup_posts_an_apicalypse_query_with_both_auth_headers() {
    let server = MockServer::start().await;
    with_token(&server).await;
    Mock::given(method("POST"))
        .and(path("/v4/games"))
        .and(header("Client-ID", CLIENT_ID))
        .and(header(
            "authorization",
            format!("Bearer {FIRST_TOKEN}").as_str(),
        ))
        .and(header("content-type", "text/plain"))
        .and(body_string(
            "fields name,slug,url,summary,storyline,first_release_date,cover.url,cover.image_id,\
             genres.name,platforms.name,involved_companies.company.name,\
             involved_companies.developer,involved_companies.publisher; where id = 113112;",
        ))
        .respond_with(json(200, fixture!("games_113112.json")))
        .expect(1)
        .mount(&server)
        .await;

    let media = fetch(&client(&server), "113112").await.unwrap();

    assert_eq!(media.external_id, "113112");
    assert_eq!(media.media_type, MediaType::Game);
    assert_eq!(
        media.canonical_url.as_deref(),
        Some("https://www.igdb.com/games/hades--1")
    );
}

#[tokio::test]
async fn an_empty_array_is_not_found() {
    let server = MockServer::start().await;
    with_token(&server).await;
    Mock::given(path("/v4/games"))
        .and(body_string_contains("where id = 999999999;"))
        .respond_with(json(200, fixture!("games_empty.json")))
        .expect(1)
        .mount(&server)
        .await;

    assert!(matches!(
        fetch(&client(&server), "999999999").await,
        Err(SourceError::NotFound)
    ));
}

#[tokio::test]
async fn a_200_that_is_not_an_array_is_an_upstream_error() {
    let server = MockServer::start().await;
    with_token(&server).await;
    Mock::given(path("/v4/games"))
        .respond_with(json(200, r#"{"message":"Too Many Requests"}"#))
        .expect(1)
        .mount(&server)
        .await;

    let error = fetch(&client(&server), "1942").await.unwrap_err();

    assert!(
        error_message(&error).contains("instead of an array"),
        "{}",
        error_message(&error)
    );
}

#[tokio::test]
async fn a_plain_text_502_then_success_is_retried() {
    let server = MockServer::start().await;
    with_token(&server).await;
    Mock::given(path("/v4/games"))
        .respond_with(
            ResponseTemplate::new(502)
                .set_body_raw(fixture!("error_502_bad_gateway.txt"), "text/plain"),
        )
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/v4/games"))
        .respond_with(json(200, fixture!("games_113112.json")))
        .expect(1)
        .mount(&server)
        .await;

    assert_eq!(
        fetch(&client(&server), "113112").await.unwrap().title,
        "Hades"
    );
}

#[tokio::test]
async fn a_persistent_502_gives_up_with_the_status_not_a_parse_error() {
    let server = MockServer::start().await;
    with_token(&server).await;
    Mock::given(path("/v4/games"))
        .respond_with(
            ResponseTemplate::new(502)
                .set_body_raw(fixture!("error_502_bad_gateway.txt"), "text/plain"),
        )
        .expect(3)
        .mount(&server)
        .await;

    let error = fetch(&client(&server), "113112").await.unwrap_err();

    assert!(
        error_message(&error).contains("502"),
        "{}",
        error_message(&error)
    );
}

#[tokio::test]
async fn a_429_without_retry_after_is_rate_limited() {
    let server = MockServer::start().await;
    with_token(&server).await;
    Mock::given(path("/v4/games"))
        .respond_with(json(429, fixture!("error_429_too_many_requests.json")))
        .expect(1)
        .mount(&server)
        .await;

    assert!(matches!(
        fetch(&client(&server), "113112").await,
        Err(SourceError::RateLimited { retry_after: None })
    ));
}

#[tokio::test]
async fn a_rejected_query_is_an_upstream_error_not_retried() {
    let server = MockServer::start().await;
    with_token(&server).await;
    Mock::given(path("/v4/games"))
        .respond_with(json(400, fixture!("error_400_syntax_error.json")))
        .expect(1)
        .mount(&server)
        .await;

    assert!(matches!(
        fetch(&client(&server), "1942").await,
        Err(SourceError::Upstream(_))
    ));
}

#[tokio::test]
async fn search_sends_a_quoted_term_and_the_limit() {
    let server = MockServer::start().await;
    with_token(&server).await;
    Mock::given(path("/v4/games"))
        .and(body_string(
            "search \"okami\"; fields name,slug,first_release_date,cover.url,cover.image_id,\
             genres.name,platforms.name,alternative_names.name,alternative_names.comment; limit 5;",
        ))
        .respond_with(json(200, fixture!("games_search_okami.json")))
        .expect(1)
        .mount(&server)
        .await;
    let query = SearchQuery {
        text: "okami".to_owned(),
        limit: 5,
        types: vec![],
    };

    let hits = client(&server).search(&query).await.unwrap();

    assert_eq!(hits.len(), 4);
    assert_eq!(hits[0].title, "Ōkami");
}

#[tokio::test]
async fn a_truncated_search_answer_is_an_upstream_error() {
    let server = MockServer::start().await;
    with_token(&server).await;
    Mock::given(path("/v4/games"))
        .respond_with(json(
            200,
            fixture!("games_search_okami_truncated.malformed.json"),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let query = SearchQuery {
        text: "okami".to_owned(),
        limit: 5,
        types: vec![MediaType::Game],
    };

    assert!(matches!(
        client(&server).search(&query).await,
        Err(SourceError::Upstream(_))
    ));
}

#[tokio::test]
async fn without_credentials_or_with_a_bad_id_nothing_is_called() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(json(500, ""))
        .expect(0)
        .mount(&server)
        .await;
    let unconfigured = client_with(&server, None);
    assert!(!unconfigured.is_configured());

    let error = fetch(&unconfigured, "1942").await.unwrap_err();
    let SourceError::NotConfigured(settings) = error else {
        panic!("{error:?}")
    };
    assert_eq!(settings, "TASTEBUDS__SOURCES__IGDB__CLIENT_SECRET");

    for input in [
        "1942; fields *",
        "https://www.igdb.com/games/hades--1",
        "hades",
    ] {
        assert!(matches!(
            fetch(&client(&server), input).await,
            Err(SourceError::InvalidIdentifier(_))
        ));
    }
}
