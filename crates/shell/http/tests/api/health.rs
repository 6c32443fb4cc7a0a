//! `GET /health` and `GET /api/health` (API.md §2.1).

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use actix_web::http::StatusCode;
use actix_web::test::{self, TestRequest};
use diesel::RunQueryDsl as _;
use serde_json::json;
use tastebuds_http::{build_app, build_state};
use tastebuds_media::{OperationHealth, SourceHealth, SourceName};
use tastebuds_postgres::{PgConfig, PgPool};
use tastebuds_testkit::{Server, TEST_DATABASE_PREFIX, TestDb};

use crate::helpers::{FakeSource, call, offline_state, quick_pool_config, settings};

#[actix_web::test]
async fn liveness_answers_ok_without_a_database() {
    let answer = call(offline_state(), TestRequest::get().uri("/health")).await;

    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.json(), json!({"status": "ok"}));
    answer.assert_json_content_type();
}

#[actix_web::test]
async fn readiness_answers_ok_when_the_database_answers() {
    let db = TestDb::new();
    let state = build_state(&settings(), db.pool(), Vec::new()).expect("state");

    let answer = call(state, TestRequest::get().uri("/api/health")).await;

    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.json(), json!({"status": "ok"}));
}

#[actix_web::test]
async fn readiness_is_503_while_the_database_is_down_and_recovers_by_itself() {
    // Arrange: a pool on a database that does not exist yet.
    let server = Server::get().expect("a PostgreSQL server for tests");
    let name = format!("{TEST_DATABASE_PREFIX}{}", uuid::Uuid::now_v7().simple());
    let _cleanup = DropDatabase(name.clone());
    let pool = PgPool::build(&server.url_for(&name), &quick_pool_config()).expect("pool");
    let app = test::init_service(build_app(
        build_state(&settings(), pool, Vec::new()).expect("state"),
    ))
    .await;

    // Act + assert: unavailable while it is missing.
    let down = test::call_service(&app, TestRequest::get().uri("/api/health").to_request()).await;
    assert_eq!(down.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: serde_json::Value = test::read_body_json(down).await;
    assert_eq!(
        body,
        json!({"status": "unavailable", "detail": "database unreachable"})
    );

    // Act: the database appears; the same app (same pool) must notice.
    let mut maintenance = server.maintenance().expect("maintenance connection");
    diesel::sql_query(format!("CREATE DATABASE {name}"))
        .execute(&mut maintenance)
        .expect("create the database");
    let deadline = Instant::now() + Duration::from_secs(20);
    let recovered = loop {
        let response =
            test::call_service(&app, TestRequest::get().uri("/api/health").to_request()).await;
        if response.status() == StatusCode::OK || Instant::now() > deadline {
            break response;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };

    assert_eq!(recovered.status(), StatusCode::OK);
    let body: serde_json::Value = test::read_body_json(recovered).await;
    assert_eq!(body, json!({"status": "ok"}));
}

#[actix_web::test]
async fn readiness_gives_up_after_its_timeout() {
    // A pool that would wait 5 s for a connection (the runtime waits for that blocking
    // checkout when the test ends, so keep it short).
    let config = PgConfig {
        connect_timeout_ms: 5_000,
        ..quick_pool_config()
    };
    let pool = PgPool::build(&TestDb::unreachable_url(), &config).expect("pool");
    let state = build_state(&settings(), pool, Vec::new()).expect("state");
    let started = Instant::now();

    let answer = call(state, TestRequest::get().uri("/api/health")).await;

    assert_eq!(answer.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        started.elapsed() < Duration::from_millis(4_500),
        "took {:?}",
        started.elapsed()
    );
}

#[actix_web::test]
async fn allowlisted_callers_get_the_ingestion_detail() {
    let mut settings = settings();
    settings.health.allowlist = vec!["10.0.0.0/8".parse().expect("cidr")];
    let state = build_state(&settings, crate::helpers::offline_pool(), sources()).expect("state");

    let answer = call(
        state,
        TestRequest::get()
            .uri("/health")
            .peer_addr(peer("10.1.2.3:40000")),
    )
    .await;

    assert_eq!(answer.status, StatusCode::OK);
    let body = answer.json();
    assert_eq!(body["status"], "degraded");
    let sources = body["ingestion"]["sources"]
        .as_object()
        .expect("sources object");
    assert_eq!(
        sources.keys().collect::<Vec<_>>(),
        ["igdb", "tmdb"],
        "sources never called are left out"
    );
    assert_eq!(
        body["ingestion"]["sources"]["tmdb"],
        json!({
            "state": "ok",
            "circuit_open": false,
            "circuit": {
                "failure_streak": 0,
                "open_until": null,
                "remaining_cooldown": 0.0,
                "current_backoff": 30.0,
                "opened_count": 0
            },
            "operations": {
                "fetch": {"started": 0, "succeeded": 0, "failed": 0, "skipped": 0,
                          "last_latency_ms": null, "last_error": null},
                "search": {"started": 2, "succeeded": 2, "failed": 0, "skipped": 0,
                           "last_latency_ms": 12.5, "last_error": null}
            },
            "failure_total": 0,
            "last_error": null,
            "repeated_failure": null
        })
    );
    let igdb = &body["ingestion"]["sources"]["igdb"];
    assert_eq!(igdb["state"], "degraded");
    assert_eq!(igdb["circuit_open"], true);
    assert_eq!(igdb["circuit"]["remaining_cooldown"], 12.0);
    assert_eq!(igdb["last_error"], "upstream failure");
    assert_eq!(
        igdb["repeated_failure"],
        json!({"operation": "fetch", "failed": 3})
    );
    assert_eq!(igdb["failure_total"], 4);
    assert_eq!(
        body["ingestion"]["issues"],
        json!([
            {"source": "igdb", "reason": "circuit_open", "remaining_cooldown": 12.0},
            {"source": "igdb", "operation": "fetch", "reason": "last_error",
             "error": "upstream failure"},
            {"source": "igdb", "reason": "repeated_failures", "operation": "fetch", "failed": 3}
        ])
    );
}

#[actix_web::test]
async fn healthy_sources_leave_the_status_ok() {
    let mut settings = settings();
    settings.health.allowlist = vec!["127.0.0.1".parse().expect("ip")];
    let healthy = vec![FakeSource::shared(SourceName::Tmdb, Some(healthy_tmdb()))];
    let state = build_state(&settings, crate::helpers::offline_pool(), healthy).expect("state");

    let answer = call(
        state,
        TestRequest::get()
            .uri("/health")
            .peer_addr(peer("127.0.0.1:40000")),
    )
    .await;

    let body = answer.json();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["ingestion"]["issues"], json!([]));
}

#[actix_web::test]
async fn other_callers_get_no_detail_even_with_forged_headers() {
    let mut settings = settings();
    settings.health.allowlist = vec!["10.0.0.0/8".parse().expect("cidr")];
    let state = build_state(&settings, crate::helpers::offline_pool(), sources()).expect("state");

    let answer = call(
        state,
        TestRequest::get()
            .uri("/health")
            .peer_addr(peer("192.0.2.7:40000"))
            .insert_header(("x-forwarded-for", "10.0.0.1"))
            .insert_header(("host", "10.0.0.1")),
    )
    .await;

    assert_eq!(answer.json(), json!({"status": "ok"}));
}

#[actix_web::test]
async fn a_trusted_proxy_forwards_the_client_ip() {
    let mut settings = settings();
    settings.health.allowlist = vec!["10.0.0.0/8".parse().expect("cidr")];
    settings.rate_limit.trusted_proxies = vec!["192.0.2.7".parse().expect("ip")];
    let state = build_state(&settings, crate::helpers::offline_pool(), sources()).expect("state");

    let answer = call(
        state,
        TestRequest::get()
            .uri("/health")
            .peer_addr(peer("192.0.2.7:40000"))
            .insert_header(("x-forwarded-for", "203.0.113.9, 10.4.4.4")),
    )
    .await;

    assert_eq!(answer.json()["status"], "degraded");
}

fn peer(address: &str) -> SocketAddr {
    address.parse().expect("socket address")
}

fn healthy_tmdb() -> SourceHealth {
    SourceHealth {
        current_backoff: Duration::from_secs(30),
        search: OperationHealth {
            started: 2,
            succeeded: 2,
            last_latency_ms: Some(12.5),
            ..OperationHealth::default()
        },
        last_operation: Some("search"),
        ..SourceHealth::default()
    }
}

/// TMDB healthy, IGDB with an open circuit and three fetch failures, Google Books
/// never called.
fn sources() -> Vec<std::sync::Arc<dyn tastebuds_media::MetadataSource>> {
    let igdb = SourceHealth {
        failure_streak: 3,
        open_until: Some(chrono::Utc::now() + chrono::Duration::seconds(12)),
        remaining_cooldown: Some(Duration::from_secs(12)),
        current_backoff: Duration::from_secs(60),
        opened_count: 1,
        search: OperationHealth {
            started: 1,
            failed: 1,
            ..OperationHealth::default()
        },
        fetch: OperationHealth {
            started: 3,
            failed: 3,
            last_error: Some("upstream failure".to_owned()),
            ..OperationHealth::default()
        },
        last_operation: Some("fetch"),
    };
    vec![
        FakeSource::shared(SourceName::GoogleBooks, None),
        FakeSource::shared(SourceName::Tmdb, Some(healthy_tmdb())),
        FakeSource::shared(SourceName::Igdb, Some(igdb)),
    ]
}

/// Drops a database created by a test, even when the test fails.
struct DropDatabase(String);

impl Drop for DropDatabase {
    fn drop(&mut self) {
        if let Ok(server) = Server::get()
            && let Ok(mut conn) = server.maintenance()
        {
            let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.0))
                .execute(&mut conn);
        }
    }
}
