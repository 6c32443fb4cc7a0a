//! The Twitch app token: caching, renewal after a 401, refusals.

use wiremock::matchers::{bearer_token, header, path};
use wiremock::{Mock, MockServer};

use crate::{CLIENT_ID, FIRST_TOKEN, SECOND_TOKEN, SourceError, client, fetch, json, mount_token};

#[tokio::test]
async fn the_token_is_fetched_once_and_reused() {
    let server = MockServer::start().await;
    mount_token(&server, 200, fixture!("twitch/oauth2_token.json"), 1).await;
    Mock::given(path("/v4/games"))
        .and(header("Client-ID", CLIENT_ID))
        .and(bearer_token(FIRST_TOKEN))
        .respond_with(json(200, fixture!("games_113112.json")))
        .expect(2)
        .mount(&server)
        .await;
    let source = client(&server);

    fetch(&source, "113112").await.unwrap();
    fetch(&source, "113112").await.unwrap();
}

#[tokio::test]
async fn a_rejected_token_is_renewed_once_and_the_call_retried_with_the_new_one() {
    let server = MockServer::start().await;
    mount_token(&server, 200, fixture!("twitch/oauth2_token.json"), 1).await;
    mount_token(
        &server,
        200,
        fixture!("twitch/oauth2_token_refreshed.json"),
        1,
    )
    .await;
    Mock::given(path("/v4/games"))
        .and(bearer_token(FIRST_TOKEN))
        .respond_with(json(401, fixture!("error_401_authorization_failure.json")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/v4/games"))
        .and(bearer_token(SECOND_TOKEN))
        .respond_with(json(200, fixture!("games_113112.json")))
        .expect(1)
        .mount(&server)
        .await;

    let media = fetch(&client(&server), "113112").await.unwrap();

    assert_eq!(media.title, "Hades");
}

#[tokio::test]
async fn a_second_401_is_unauthorized() {
    let server = MockServer::start().await;
    mount_token(&server, 200, fixture!("twitch/oauth2_token.json"), 1).await;
    mount_token(
        &server,
        200,
        fixture!("twitch/oauth2_token_refreshed.json"),
        1,
    )
    .await;
    Mock::given(path("/v4/games"))
        .respond_with(json(401, fixture!("error_401_authorization_failure.json")))
        .expect(2)
        .mount(&server)
        .await;

    let error = fetch(&client(&server), "113112").await.unwrap_err();

    assert!(matches!(error, SourceError::Unauthorized(_)), "{error:?}");
}

#[tokio::test]
async fn a_short_lived_token_is_renewed_before_the_next_call() {
    let server = MockServer::start().await;
    let short = r#"{"access_token":"x3k9qv2m7r1t5b8n0c4w6y2h8j1d5f","expires_in":30,"token_type":"bearer"}"#;
    mount_token(&server, 200, short, 2).await;
    Mock::given(path("/v4/games"))
        .respond_with(json(200, fixture!("games_1942.json")))
        .expect(2)
        .mount(&server)
        .await;
    let source = client(&server);

    fetch(&source, "1942").await.unwrap();
    fetch(&source, "1942").await.unwrap();
}

#[tokio::test]
async fn refusals_of_the_token_endpoint_are_unauthorized_without_retry() {
    for (status, body) in [
        (400, fixture!("twitch/error_400_invalid_client.json")),
        (400, fixture!("twitch/error_400_missing_client_secret.json")),
        (403, fixture!("twitch/error_403_invalid_client_secret.json")),
    ] {
        let server = MockServer::start().await;
        mount_token(&server, status, body, 1).await;
        Mock::given(path("/v4/games"))
            .respond_with(json(200, "[]"))
            .expect(0)
            .mount(&server)
            .await;

        let error = fetch(&client(&server), "113112").await.unwrap_err();

        assert!(
            matches!(error, SourceError::Unauthorized(_)),
            "{status}: {error:?}"
        );
    }
}

#[tokio::test]
async fn a_token_endpoint_outage_is_retried() {
    let server = MockServer::start().await;
    mount_token(&server, 503, "", 1).await;
    mount_token(&server, 200, fixture!("twitch/oauth2_token.json"), 1).await;
    Mock::given(path("/v4/games"))
        .respond_with(json(200, fixture!("games_113112.json")))
        .expect(1)
        .mount(&server)
        .await;

    assert!(fetch(&client(&server), "113112").await.is_ok());
}
