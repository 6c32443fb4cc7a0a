//! `SourceHttp` against a wiremock upstream: retries, rate limits, timeouts, caps.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use tastebuds_media::{SourceError, SourceName};
use tastebuds_source_common::{
    Failure, SourceHttp, SourceHttpConfig, build_http_client, error_message,
};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn config() -> SourceHttpConfig {
    SourceHttpConfig {
        timeout_ms: 300,
        connect_timeout_ms: 300,
        max_body_bytes: 1024,
        max_retries: 2,
        retry_base_delay_ms: 1,
        retry_max_delay_ms: 5,
        retry_after_cap_ms: 1_500,
        ..SourceHttpConfig::default()
    }
}

fn transport(config: &SourceHttpConfig) -> SourceHttp {
    SourceHttp::new(SourceName::Tmdb, build_http_client(config).unwrap(), config)
}

async fn get(http: &SourceHttp, url: String) -> Result<Vec<u8>, SourceError> {
    http.send(|| http.client().get(&url)).await
}

#[tokio::test]
async fn success_returns_the_body_and_sends_identifying_headers() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/3/movie/1"))
        .and(header("accept", "application/json"))
        .and(header("user-agent", config().user_agent.as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"id":1}"#))
        .expect(1)
        .mount(&server)
        .await;

    let http = transport(&config());
    let body: serde_json::Value = http
        .send_json(|| http.client().get(format!("{}/3/movie/1", server.uri())))
        .await
        .unwrap();

    assert_eq!(body["id"], 1);
}

#[tokio::test]
async fn a_5xx_is_retried_until_it_succeeds() {
    let server = MockServer::start().await;
    Mock::given(path("/flaky"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/flaky"))
        .respond_with(ResponseTemplate::new(200).set_body_string("ok"))
        .expect(1)
        .mount(&server)
        .await;

    let body = get(&transport(&config()), format!("{}/flaky", server.uri()))
        .await
        .unwrap();

    assert_eq!(body, b"ok");
}

#[tokio::test]
async fn a_persistent_5xx_gives_up_after_the_configured_retries() {
    let server = MockServer::start().await;
    Mock::given(path("/down"))
        .respond_with(ResponseTemplate::new(503).set_body_string("Service Unavailable"))
        .expect(3) // the first attempt + max_retries (2)
        .mount(&server)
        .await;

    let started = Instant::now();
    let error = get(&transport(&config()), format!("{}/down", server.uri()))
        .await
        .unwrap_err();

    assert!(matches!(error, SourceError::Upstream(_)), "{error:?}");
    assert!(
        error_message(&error).contains("503"),
        "{}",
        error_message(&error)
    );
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "bounded by tiny delays"
    );
}

#[tokio::test]
async fn a_429_within_the_cap_is_retried_after_retry_after() {
    let server = MockServer::start().await;
    Mock::given(path("/limited"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1"))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/limited"))
        .respond_with(ResponseTemplate::new(200).set_body_string("ok"))
        .expect(1)
        .mount(&server)
        .await;

    let started = Instant::now();
    let body = get(&transport(&config()), format!("{}/limited", server.uri()))
        .await
        .unwrap();

    assert_eq!(body, b"ok");
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "waited for Retry-After"
    );
}

#[tokio::test]
async fn a_429_over_the_cap_or_without_retry_after_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(path("/long"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "30"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/bare"))
        .respond_with(ResponseTemplate::new(429))
        .expect(1)
        .mount(&server)
        .await;
    let http = transport(&config());

    let long = get(&http, format!("{}/long", server.uri()))
        .await
        .unwrap_err();
    let bare = get(&http, format!("{}/bare", server.uri()))
        .await
        .unwrap_err();

    assert!(matches!(
        long,
        SourceError::RateLimited { retry_after: Some(wait) } if wait == Duration::from_secs(30)
    ));
    assert!(matches!(
        bare,
        SourceError::RateLimited { retry_after: None }
    ));
}

#[tokio::test]
async fn client_errors_are_classified_and_never_retried() {
    let server = MockServer::start().await;
    for (route, status) in [
        ("/missing", 404),
        ("/denied", 401),
        ("/forbidden", 403),
        ("/bad", 400),
    ] {
        Mock::given(path(route))
            .respond_with(ResponseTemplate::new(status))
            .expect(1)
            .mount(&server)
            .await;
    }
    let http = transport(&config());
    let call = |route: &str| get(&http, format!("{}{route}", server.uri()));

    assert!(matches!(call("/missing").await, Err(SourceError::NotFound)));
    assert!(matches!(
        call("/denied").await,
        Err(SourceError::Unauthorized(_))
    ));
    assert!(matches!(
        call("/forbidden").await,
        Err(SourceError::Unauthorized(_))
    ));
    assert!(matches!(call("/bad").await, Err(SourceError::Upstream(_))));
}

#[tokio::test]
async fn a_timeout_is_an_upstream_error_retried_like_a_5xx() {
    let server = MockServer::start().await;
    Mock::given(path("/slow"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_millis(800)))
        .expect(3)
        .mount(&server)
        .await;

    let error = get(&transport(&config()), format!("{}/slow", server.uri()))
        .await
        .unwrap_err();

    assert!(matches!(error, SourceError::Upstream(_)));
    assert!(
        error_message(&error).contains("timed out"),
        "{}",
        error_message(&error)
    );
}

#[tokio::test]
async fn a_refused_connection_is_an_upstream_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);

    let error = get(&transport(&config()), format!("http://{address}/x"))
        .await
        .unwrap_err();

    assert!(matches!(error, SourceError::Upstream(_)));
    assert!(
        error_message(&error).contains("could not connect"),
        "{}",
        error_message(&error)
    );
}

#[tokio::test]
async fn malformed_json_is_an_upstream_error_without_the_body() {
    let server = MockServer::start().await;
    Mock::given(path("/cut"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(r#"{"title": "Spirited A"#, "application/json"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let http = transport(&config());

    let error = http
        .send_json::<serde_json::Value, _>(|| http.client().get(format!("{}/cut", server.uri())))
        .await
        .unwrap_err();

    let message = error_message(&error);
    assert!(matches!(error, SourceError::Upstream(_)));
    assert!(message.contains("malformed JSON"), "{message}");
    assert!(
        !message.contains("Spirited"),
        "the body must not leak: {message}"
    );
}

#[tokio::test]
async fn an_oversized_body_is_refused_without_retry() {
    let server = MockServer::start().await;
    Mock::given(path("/huge"))
        .respond_with(ResponseTemplate::new(200).set_body_string("x".repeat(4096)))
        .expect(1)
        .mount(&server)
        .await;

    let error = get(&transport(&config()), format!("{}/huge", server.uri()))
        .await
        .unwrap_err();

    assert!(
        error_message(&error).contains("exceeds 1024 bytes"),
        "{}",
        error_message(&error)
    );
}

#[tokio::test]
async fn error_messages_never_carry_query_strings() {
    let server = MockServer::start().await;
    Mock::given(path("/keyed"))
        .and(query_param("api_key", "s3cret-key"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;

    let error = get(
        &transport(&config()),
        format!("{}/keyed?api_key=s3cret-key", server.uri()),
    )
    .await
    .unwrap_err();

    let message = error_message(&error);
    assert!(message.contains("GET /keyed"), "{message}");
    assert!(!message.contains("s3cret"), "{message}");
}

fn retry_on_teapot(status: StatusCode, body: &[u8]) -> Option<Failure> {
    (status == StatusCode::OK && body == b"busy")
        .then(|| Failure::transient(SourceError::Upstream(anyhow::anyhow!("busy inside a 200"))))
}

#[tokio::test]
async fn a_body_check_overrides_the_status() {
    let server = MockServer::start().await;
    Mock::given(path("/body"))
        .respond_with(ResponseTemplate::new(200).set_body_string("busy"))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/body"))
        .respond_with(ResponseTemplate::new(200).set_body_string("fine"))
        .expect(1)
        .mount(&server)
        .await;
    let http = transport(&config()).with_body_check(retry_on_teapot);

    let body = get(&http, format!("{}/body", server.uri())).await.unwrap();

    assert_eq!(body, b"fine");
}
