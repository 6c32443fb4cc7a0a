//! Redirects are never followed: the API-key headers the connectors send (Google's
//! `X-Goog-Api-Key`, IGDB's `Client-ID`) must not reach another host.

use tastebuds_media::{SourceError, SourceName};
use tastebuds_source_common::{SourceHttp, SourceHttpConfig, build_http_client, error_message};
use wiremock::matchers::{any, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn transport() -> SourceHttp {
    let config = SourceHttpConfig {
        max_retries: 2,
        retry_base_delay_ms: 1,
        retry_max_delay_ms: 5,
        ..SourceHttpConfig::default()
    };
    SourceHttp::new(
        SourceName::GoogleBooks,
        build_http_client(&config).unwrap(),
        &config,
    )
}

#[tokio::test]
async fn a_redirect_to_another_host_is_not_followed_and_is_an_upstream_failure() {
    let elsewhere = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .expect(0)
        .named("the other host")
        .mount(&elsewhere)
        .await;
    let upstream = MockServer::start().await;
    for status in [301, 302, 307, 308] {
        Mock::given(path(format!("/moved/{status}")))
            .respond_with(
                ResponseTemplate::new(status)
                    .insert_header("location", format!("{}/stolen", elsewhere.uri())),
            )
            .expect(1)
            .mount(&upstream)
            .await;
    }

    let http = transport();
    for status in [301, 302, 307, 308] {
        let url = format!("{}/moved/{status}", upstream.uri());
        let error = http
            .send(|| {
                http.client()
                    .get(&url)
                    .header("x-goog-api-key", "secret-key")
                    .header("client-id", "secret-client")
            })
            .await
            .unwrap_err();

        assert!(matches!(error, SourceError::Upstream(_)), "{error:?}");
        let message = error_message(&error);
        assert!(
            message.contains(&status.to_string()) && message.contains("redirect"),
            "{message}"
        );
        assert!(!message.contains("stolen"), "no redirect target: {message}");
    }

    assert!(
        elsewhere
            .received_requests()
            .await
            .unwrap_or_default()
            .is_empty(),
        "the other host got a request"
    );
}
