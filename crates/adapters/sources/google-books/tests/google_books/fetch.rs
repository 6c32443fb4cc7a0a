//! `fetch`: request shape, mapping and the error cases of a volume lookup.

use std::time::Duration;

use tastebuds_media::{MediaType, MetadataSource, SourceError, SourceLookup};
use tastebuds_source_common::error_message;
use wiremock::matchers::{header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use crate::{TIMEOUT_PLUS, client, json};

const VOLUME: &str = "/books/v1/volumes/B1hSG45JCX4C";

async fn fetch(
    server: &MockServer,
    input: &str,
) -> Result<tastebuds_media::ExternalMedia, SourceError> {
    let source = client(server, Some("test-google-key"));
    let lookup = source.parse_identifier(input)?;
    source.fetch(&lookup).await
}

#[tokio::test]
async fn fetch_sends_the_key_in_a_header_and_the_country_and_maps_the_volume() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(VOLUME))
        .and(query_param("country", "US"))
        .and(query_param_is_missing("key"))
        .and(header("x-goog-api-key", "test-google-key"))
        .respond_with(json(200, fixture!("volume_B1hSG45JCX4C.json")))
        .expect(1)
        .mount(&server)
        .await;

    let media = fetch(
        &server,
        "https://books.google.com/books?id=B1hSG45JCX4C&hl=en",
    )
    .await
    .unwrap();

    assert_eq!(media.external_id, "B1hSG45JCX4C");
    assert_eq!(media.media_type, MediaType::Book);
    assert_eq!(media.title, "Dune");
    assert!(!media.description.unwrap().contains("<p>"));
}

#[tokio::test]
async fn without_a_key_no_key_header_is_sent() {
    let server = MockServer::start().await;
    Mock::given(path("/books/v1/volumes/PuPlAAAAMAAJ"))
        .and(|request: &Request| !request.headers.contains_key("x-goog-api-key"))
        .respond_with(json(200, fixture!("volume_PuPlAAAAMAAJ.json")))
        .expect(1)
        .mount(&server)
        .await;
    let source = client(&server, None);
    assert!(source.is_configured());

    let media = source
        .fetch(&SourceLookup {
            key: "PuPlAAAAMAAJ".to_owned(),
            canonical_id: None,
        })
        .await
        .unwrap();

    assert_eq!(media.cover_image_url, None);
}

#[tokio::test]
async fn an_unknown_volume_is_not_found() {
    let server = MockServer::start().await;
    Mock::given(path("/books/v1/volumes/doesNotExist1"))
        .respond_with(json(404, fixture!("error_404_volume_not_found.json")))
        .expect(1)
        .mount(&server)
        .await;

    assert!(matches!(
        fetch(&server, "doesNotExist1").await,
        Err(SourceError::NotFound)
    ));
}

#[tokio::test]
async fn a_503_then_success_is_retried_once() {
    let server = MockServer::start().await;
    Mock::given(path(VOLUME))
        .respond_with(json(503, fixture!("error_503_backend_failed.json")))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path(VOLUME))
        .respond_with(json(200, fixture!("volume_B1hSG45JCX4C.json")))
        .expect(1)
        .mount(&server)
        .await;

    assert_eq!(fetch(&server, "B1hSG45JCX4C").await.unwrap().title, "Dune");
}

#[tokio::test]
async fn a_503_forever_gives_up_with_upstream() {
    let server = MockServer::start().await;
    Mock::given(path(VOLUME))
        .respond_with(json(503, fixture!("error_503_backend_failed.json")))
        .expect(3)
        .mount(&server)
        .await;

    assert!(matches!(
        fetch(&server, "B1hSG45JCX4C").await,
        Err(SourceError::Upstream(_))
    ));
}

#[tokio::test]
async fn bad_credentials_are_unauthorized_and_not_retried() {
    let server = MockServer::start().await;
    Mock::given(path(VOLUME))
        .respond_with(json(400, fixture!("error_400_api_key_invalid.json")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/books/v1/volumes/mHJ7CwAAQBAJ"))
        .respond_with(json(403, fixture!("error_403_service_disabled.json")))
        .expect(1)
        .mount(&server)
        .await;

    assert!(matches!(
        fetch(&server, "B1hSG45JCX4C").await,
        Err(SourceError::Unauthorized(_))
    ));
    assert!(matches!(
        fetch(&server, "mHJ7CwAAQBAJ").await,
        Err(SourceError::Unauthorized(_))
    ));
}

#[tokio::test]
async fn a_geo_refusal_is_an_upstream_error_not_a_credential_one() {
    let server = MockServer::start().await;
    Mock::given(path(VOLUME))
        .respond_with(json(403, fixture!("error_403_unknown_location.json")))
        .expect(1)
        .mount(&server)
        .await;

    let error = fetch(&server, "B1hSG45JCX4C").await.unwrap_err();

    assert!(matches!(error, SourceError::Upstream(_)), "{error:?}");
}

#[tokio::test]
async fn a_quota_429_without_retry_after_is_rate_limited_at_once() {
    let server = MockServer::start().await;
    Mock::given(path(VOLUME))
        .respond_with(json(429, fixture!("error_429_rate_limit_exceeded.json")))
        .expect(1)
        .mount(&server)
        .await;

    assert!(matches!(
        fetch(&server, "B1hSG45JCX4C").await,
        Err(SourceError::RateLimited { retry_after: None })
    ));
}

#[tokio::test]
async fn a_429_with_retry_after_is_reported_with_the_wait() {
    let server = MockServer::start().await;
    Mock::given(path(VOLUME))
        .respond_with(
            json(429, fixture!("error_429_rate_limit_exceeded.json"))
                .insert_header("Retry-After", "2"),
        )
        .expect(1) // 2 s is over the test cap of 1 s: not retried
        .mount(&server)
        .await;

    assert!(matches!(
        fetch(&server, "B1hSG45JCX4C").await,
        Err(SourceError::RateLimited { retry_after: Some(wait) }) if wait == Duration::from_secs(2)
    ));
}

#[tokio::test]
async fn a_timeout_is_an_upstream_error() {
    let server = MockServer::start().await;
    Mock::given(path(VOLUME))
        .respond_with(json(200, fixture!("volume_B1hSG45JCX4C.json")).set_delay(TIMEOUT_PLUS))
        .expect(3)
        .mount(&server)
        .await;

    let error = fetch(&server, "B1hSG45JCX4C").await.unwrap_err();

    assert!(
        error_message(&error).contains("timed out"),
        "{}",
        error_message(&error)
    );
}

#[tokio::test]
async fn an_invalid_identifier_never_reaches_upstream() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&server)
        .await;

    for input in [
        "https://example.com/volumes/B1hSG45JCX4C",
        "no spaces allowed",
    ] {
        assert!(matches!(
            fetch(&server, input).await,
            Err(SourceError::InvalidIdentifier(_))
        ));
    }
    let source = client(&server, None);
    let forged = SourceLookup {
        key: "../admin".to_owned(),
        canonical_id: None,
    };
    assert!(matches!(
        source.fetch(&forged).await,
        Err(SourceError::InvalidIdentifier(_))
    ));
}
