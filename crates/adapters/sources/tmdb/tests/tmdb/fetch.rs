//! `fetch`: auth, id forms, the bare-id fallback and the error cases.

use std::time::Duration;

use tastebuds_media::{ExternalMedia, MediaType, MetadataSource, SourceError};
use tastebuds_source_common::error_message;
use wiremock::matchers::{bearer_token, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use crate::{API_KEY, BEARER, client, client_with, json};

async fn fetch(server: &MockServer, input: &str) -> Result<ExternalMedia, SourceError> {
    let source = client(server);
    let lookup = source.parse_identifier(input)?;
    source.fetch(&lookup).await
}

#[tokio::test]
async fn a_kinded_id_fetches_details_with_credits_using_the_bearer_token() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/3/movie/129"))
        .and(query_param("append_to_response", "credits,watch/providers"))
        .and(query_param("language", "en-US"))
        .and(query_param_is_missing("api_key"))
        .and(bearer_token(BEARER))
        .respond_with(json(200, fixture!("movie_129_credits.json")))
        .expect(1)
        .mount(&server)
        .await;

    let media = fetch(&server, "movie:129").await.unwrap();

    assert_eq!(media.external_id, "movie:129");
    assert_eq!(media.title, "Spirited Away");
}

#[tokio::test]
async fn the_api_key_goes_in_the_query_when_there_is_no_token() {
    let server = MockServer::start().await;
    Mock::given(path("/3/tv/126308"))
        .and(query_param("api_key", API_KEY))
        .and(|request: &Request| !request.headers.contains_key("authorization"))
        .respond_with(json(200, fixture!("tv_126308_credits.json")))
        .expect(1)
        .mount(&server)
        .await;
    let source = client_with(&server, None, Some(API_KEY));

    let media = source
        .fetch(&source.parse_identifier("tv:126308").unwrap())
        .await
        .unwrap();

    assert_eq!(media.media_type, MediaType::Tv);
}

#[tokio::test]
async fn a_slugged_url_fetches_the_numeric_movie() {
    let server = MockServer::start().await;
    Mock::given(path("/3/movie/603"))
        .respond_with(json(200, fixture!("movie_603_credits.json")))
        .expect(1)
        .mount(&server)
        .await;

    let media = fetch(&server, "https://www.themoviedb.org/movie/603-the-matrix")
        .await
        .unwrap();

    assert_eq!(media.external_id, "movie:603");
}

#[tokio::test]
async fn a_bare_id_falls_back_to_tv_when_no_film_has_it() {
    let server = MockServer::start().await;
    Mock::given(path("/3/movie/126308"))
        .respond_with(json(404, fixture!("error_404_not_found.json")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/3/tv/126308"))
        .respond_with(json(200, fixture!("tv_126308_credits.json")))
        .expect(1)
        .mount(&server)
        .await;

    let media = fetch(&server, "126308").await.unwrap();

    assert_eq!(media.external_id, "tv:126308");
    assert_eq!(media.media_type, MediaType::Tv);
}

#[tokio::test]
async fn a_bare_id_found_as_a_film_never_asks_for_tv() {
    let server = MockServer::start().await;
    Mock::given(path("/3/movie/603"))
        .respond_with(json(200, fixture!("movie_603_credits.json")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/3/tv/603"))
        .respond_with(json(200, "{}"))
        .expect(0)
        .mount(&server)
        .await;

    assert_eq!(
        fetch(&server, "603").await.unwrap().external_id,
        "movie:603"
    );
}

#[tokio::test]
async fn an_id_unknown_in_both_namespaces_is_not_found() {
    let server = MockServer::start().await;
    for route in ["/3/movie/999999999", "/3/tv/999999999"] {
        Mock::given(path(route))
            .respond_with(json(404, fixture!("error_404_not_found.json")))
            .expect(1)
            .mount(&server)
            .await;
    }

    assert!(matches!(
        fetch(&server, "999999999").await,
        Err(SourceError::NotFound)
    ));
}

#[tokio::test]
async fn a_kinded_id_never_falls_back() {
    let server = MockServer::start().await;
    Mock::given(path("/3/movie/5"))
        .respond_with(json(404, fixture!("error_404_not_found.json")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/3/tv/5"))
        .respond_with(json(200, "{}"))
        .expect(0)
        .mount(&server)
        .await;

    assert!(matches!(
        fetch(&server, "movie:5").await,
        Err(SourceError::NotFound)
    ));
}

#[tokio::test]
async fn without_credentials_every_call_is_not_configured() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&server)
        .await;
    let source = client_with(&server, Some("  "), None);
    assert!(!source.is_configured());

    let error = source
        .fetch(&source.parse_identifier("movie:603").unwrap())
        .await
        .unwrap_err();

    let SourceError::NotConfigured(settings) = error else {
        panic!("{error:?}")
    };
    assert_eq!(
        settings,
        "TASTEBUDS__SOURCES__TMDB__API_KEY or TASTEBUDS__SOURCES__TMDB__BEARER_TOKEN"
    );
}

#[tokio::test]
async fn a_bad_key_is_unauthorized_and_not_retried() {
    let server = MockServer::start().await;
    Mock::given(path("/3/movie/129"))
        .respond_with(json(401, fixture!("error_401_invalid_api_key.json")))
        .expect(1)
        .mount(&server)
        .await;

    assert!(matches!(
        fetch(&server, "movie:129").await,
        Err(SourceError::Unauthorized(_))
    ));
}

#[tokio::test]
async fn a_bad_request_is_an_upstream_error_and_not_retried() {
    let server = MockServer::start().await;
    Mock::given(path("/3/movie/129"))
        .respond_with(json(400, fixture!("error_400_invalid_page.json")))
        .expect(1)
        .mount(&server)
        .await;

    assert!(matches!(
        fetch(&server, "movie:129").await,
        Err(SourceError::Upstream(_))
    ));
}

#[tokio::test]
async fn transient_5xx_are_retried_until_success() {
    let server = MockServer::start().await;
    Mock::given(path("/3/movie/129"))
        .respond_with(json(503, fixture!("error_503_service_offline.json")))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/3/movie/129"))
        .respond_with(json(504, fixture!("error_504_backend_timeout.json")))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/3/movie/129"))
        .respond_with(json(200, fixture!("movie_129_credits.json")))
        .expect(1)
        .mount(&server)
        .await;

    assert_eq!(
        fetch(&server, "movie:129").await.unwrap().title,
        "Spirited Away"
    );
}

#[tokio::test]
async fn a_persistent_503_gives_up() {
    let server = MockServer::start().await;
    Mock::given(path("/3/movie/129"))
        .respond_with(json(503, fixture!("error_503_service_offline.json")))
        .expect(3)
        .mount(&server)
        .await;

    assert!(matches!(
        fetch(&server, "movie:129").await,
        Err(SourceError::Upstream(_))
    ));
}

#[tokio::test]
async fn a_429_is_retried_after_a_short_retry_after_and_reported_after_a_long_one() {
    let server = MockServer::start().await;
    Mock::given(path("/3/movie/129"))
        .respond_with(
            json(429, fixture!("error_429_request_count_over_limit.json"))
                .insert_header("Retry-After", "0"),
        )
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/3/movie/129"))
        .respond_with(json(200, fixture!("movie_129_credits.json")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/3/movie/603"))
        .respond_with(
            json(429, fixture!("error_429_request_count_over_limit.json"))
                .insert_header("Retry-After", "120"),
        )
        .expect(1)
        .mount(&server)
        .await;

    assert!(fetch(&server, "movie:129").await.is_ok());
    assert!(matches!(
        fetch(&server, "movie:603").await,
        Err(SourceError::RateLimited { retry_after: Some(wait) }) if wait == Duration::from_secs(120)
    ));
}

#[tokio::test]
async fn a_truncated_body_is_an_upstream_error() {
    let server = MockServer::start().await;
    Mock::given(path("/3/movie/129"))
        .respond_with(json(
            200,
            fixture!("movie_129_credits_truncated.malformed.json"),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let error = fetch(&server, "movie:129").await.unwrap_err();

    assert!(
        error_message(&error).contains("malformed JSON"),
        "{}",
        error_message(&error)
    );
}

#[tokio::test]
async fn a_slow_upstream_times_out() {
    let server = MockServer::start().await;
    Mock::given(path("/3/movie/129"))
        .respond_with(
            json(200, fixture!("movie_129_credits.json")).set_delay(Duration::from_millis(800)),
        )
        .expect(3)
        .mount(&server)
        .await;

    let error = fetch(&server, "movie:129").await.unwrap_err();

    assert!(
        error_message(&error).contains("timed out"),
        "{}",
        error_message(&error)
    );
}

#[tokio::test]
async fn watch_providers_become_availability_per_region_and_format() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/3/movie/603"))
        .and(query_param("append_to_response", "credits,watch/providers"))
        .respond_with(json(
            200,
            fixture!("movie_603_credits_watch_providers.json"),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let media = fetch(&server, "movie:603").await.unwrap();

    let report = media.availability.expect("the watch providers");
    let regions: Vec<&str> = report.regions.keys().map(|r| r.as_str()).collect();
    assert_eq!(regions, ["CA", "DE", "GB", "US"]);
    let offers = |region: &str| -> Vec<(String, String)> {
        let mut offers: Vec<(String, String)> = report
            .regions
            .iter()
            .find(|(r, _)| r.as_str() == region)
            .map(|(_, offers)| offers.clone())
            .unwrap_or_default()
            .into_iter()
            .map(|o| (o.provider.as_str().to_owned(), o.format.as_str().to_owned()))
            .collect();
        offers.sort();
        offers
    };
    let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
        list.iter()
            .map(|(p, f)| ((*p).to_owned(), (*f).to_owned()))
            .collect()
    };
    assert_eq!(
        offers("US"),
        pairs(&[
            ("Amazon Video", "buy"),
            ("Amazon Video", "rent"),
            ("Apple TV", "buy"),
            ("Apple TV", "rent"),
            ("Google Play Movies", "buy"),
            ("Google Play Movies", "rent"),
            ("Hulu", "stream"),
            ("Max", "stream"),
            ("Pluto TV", "free"),
        ])
    );
    // `ads` is free with ads.
    assert!(offers("CA").contains(&("Tubi TV".to_owned(), "free".to_owned())));
    let us = &report
        .regions
        .iter()
        .find(|(r, _)| r.as_str() == "US")
        .unwrap()
        .1;
    assert!(
        us.iter()
            .all(|offer| offer.deeplink_url.as_ref().map(|l| l.as_str())
                == Some("https://www.themoviedb.org/movie/603-the-matrix/watch?locale=US"))
    );
}

#[tokio::test]
async fn a_payload_without_watch_providers_reports_no_availability() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/3/movie/603"))
        .respond_with(json(200, fixture!("movie_603_credits.json")))
        .mount(&server)
        .await;

    let media = fetch(&server, "movie:603").await.unwrap();

    assert_eq!(media.availability, None);
}
