//! Errors inside HTTP 200 bodies and with 4xx/5xx, retries and configuration.

use tastebuds_source_common::error_message;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer};

use crate::{SourceError, call, client, client_with, fetch, json};

const INPUT: &str = "Yann Tiersen::Comptine d'un autre été, l'après-midi";

async fn fetch_answering(status: u16, body: &str, calls: u64) -> Result<(), SourceError> {
    let server = MockServer::start().await;
    call("track.getInfo")
        .respond_with(json(status, body))
        .expect(calls)
        .mount(&server)
        .await;
    fetch(&client(&server), INPUT).await.map(|_| ())
}

#[tokio::test]
async fn error_6_is_not_found_with_any_status() {
    for status in [200, 400, 404] {
        let result = fetch_answering(status, fixture!("error_6_track_not_found.json"), 1).await;
        assert!(
            matches!(result, Err(SourceError::NotFound)),
            "{status}: {result:?}"
        );
    }
}

#[tokio::test]
async fn bad_or_suspended_keys_are_unauthorized_and_not_retried() {
    for (status, body) in [
        (200, fixture!("error_10_invalid_api_key.json")),
        (403, fixture!("error_10_invalid_api_key.json")),
        (403, fixture!("error_26_suspended_api_key.json")),
    ] {
        let result = fetch_answering(status, body, 1).await;
        assert!(
            matches!(result, Err(SourceError::Unauthorized(_))),
            "{status}: {result:?}"
        );
    }
}

#[tokio::test]
async fn error_29_is_a_rate_limit_inside_a_200_or_a_429() {
    for status in [200, 429] {
        let result =
            fetch_answering(status, fixture!("error_29_rate_limit_exceeded.json"), 1).await;
        assert!(
            matches!(result, Err(SourceError::RateLimited { retry_after: None })),
            "{status}: {result:?}"
        );
    }
}

#[tokio::test]
async fn a_temporary_error_inside_a_200_is_retried_until_success() {
    let server = MockServer::start().await;
    call("track.getInfo")
        .respond_with(json(200, fixture!("error_16_temporary_error.json")))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    call("track.getInfo")
        .respond_with(json(200, fixture!("track_getinfo_comptine.json")))
        .expect(1)
        .mount(&server)
        .await;

    assert!(fetch(&client(&server), INPUT).await.is_ok());
}

#[tokio::test]
async fn a_persistent_temporary_error_gives_up() {
    let result = fetch_answering(200, fixture!("error_16_temporary_error.json"), 3).await;

    let error = result.unwrap_err();
    assert!(
        error_message(&error).contains("Last.fm error 16"),
        "{}",
        error_message(&error)
    );
}

#[tokio::test]
async fn a_plain_5xx_is_retried_like_any_other() {
    let server = MockServer::start().await;
    call("track.getInfo")
        .respond_with(json(503, ""))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    call("track.getInfo")
        .respond_with(json(200, fixture!("track_getinfo_comptine.json")))
        .expect(1)
        .mount(&server)
        .await;

    assert!(fetch(&client(&server), INPUT).await.is_ok());
}

#[tokio::test]
async fn a_truncated_body_is_an_upstream_error() {
    let result = fetch_answering(
        200,
        fixture!("track_getinfo_comptine_truncated.malformed.json"),
        1,
    )
    .await;

    assert!(
        matches!(result, Err(SourceError::Upstream(_))),
        "{result:?}"
    );
}

#[tokio::test]
async fn without_a_key_nothing_is_called() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(json(500, ""))
        .expect(0)
        .mount(&server)
        .await;
    let source = client_with(&server, None);
    assert!(!source.is_configured());

    let error = fetch(&source, INPUT).await.unwrap_err();

    let SourceError::NotConfigured(setting) = error else {
        panic!("{error:?}")
    };
    assert_eq!(setting, "TASTEBUDS__SOURCES__LASTFM__API_KEY");
    assert!(matches!(
        fetch(&source, "just words").await,
        Err(SourceError::InvalidIdentifier(_))
    ));
}
