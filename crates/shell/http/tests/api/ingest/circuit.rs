//! The circuit breaker through the route, and what `/api/health` then tells a signed-in
//! caller (API.md §2.1, §5.5).

use actix_web::http::StatusCode;
use actix_web::http::header::AUTHORIZATION;
use actix_web::test::TestRequest;
use serde_json::json;

use super::support::{IngestApp, google_volume, json_response};

#[actix_web::test]
async fn three_failures_open_the_circuit_and_health_reports_it() {
    let app = IngestApp::with(|settings| settings.sources.http.max_retries = 0).await;
    google_volume("B1hSG45JCX4C")
        .respond_with(json_response(
            503,
            fixture!("google-books/error_503_backend_failed.json"),
        ))
        .expect(3) // the fourth call never leaves the breaker
        .mount(&app.upstream)
        .await;
    let body = json!({"external_id": "B1hSG45JCX4C"});
    let anonymous_before = app.send(TestRequest::get().uri("/api/health")).await;

    let mut statuses = Vec::new();
    for _ in 0..4 {
        statuses.push(app.ingest("google_books", body.clone()).await);
    }
    let detailed = app
        .send(
            TestRequest::get()
                .uri("/api/health")
                .insert_header((AUTHORIZATION, format!("Bearer {}", app.token))),
        )
        .await;
    let anonymous = app.send(TestRequest::get().uri("/api/health")).await;

    assert_eq!(anonymous_before.json(), json!({"status": "ok"}));
    let codes: Vec<StatusCode> = statuses.iter().map(|answer| answer.status).collect();
    assert_eq!(
        codes,
        [
            StatusCode::BAD_GATEWAY,
            StatusCode::BAD_GATEWAY,
            StatusCode::BAD_GATEWAY,
            StatusCode::SERVICE_UNAVAILABLE
        ]
    );
    let retry_after: u64 = statuses[3]
        .headers
        .get("retry-after")
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse().ok())
        .expect("an open circuit says when to come back");
    assert!((1..=15).contains(&retry_after), "{retry_after}");
    assert_eq!(
        statuses[3].json(),
        json!({"detail": "google_books temporarily unavailable"})
    );
    app.assert_catalog_empty();

    assert_eq!(
        anonymous.json(),
        json!({"status": "ok"}),
        "no detail for anonymous"
    );
    assert_eq!(detailed.status, StatusCode::OK);
    let health = detailed.json();
    assert_eq!(health["status"], "degraded");
    let sources = health["ingestion"]["sources"]
        .as_object()
        .expect("sources by name");
    assert_eq!(
        sources.keys().collect::<Vec<_>>(),
        ["google_books"],
        "only sources called since start"
    );
    let google = &sources["google_books"];
    assert_eq!(google["state"], "degraded");
    assert_eq!(google["circuit_open"], true);
    assert_eq!(google["circuit"]["failure_streak"], 3);
    assert_eq!(google["circuit"]["opened_count"], 1);
    assert!(google["circuit"]["remaining_cooldown"].as_f64().unwrap() > 0.0);
    assert!(
        google["circuit"]["open_until"]
            .as_str()
            .is_some_and(|at| at.ends_with('Z'))
    );
    let fetch = &google["operations"]["fetch"];
    assert_eq!(
        (&fetch["started"], &fetch["failed"], &fetch["skipped"]),
        (&json!(4), &json!(3), &json!(1))
    );
    assert_eq!(google["failure_total"], 3);
    assert_eq!(
        google["repeated_failure"],
        json!({"operation": "fetch", "failed": 3})
    );
    let issues = health["ingestion"]["issues"].as_array().expect("issues");
    let reasons: Vec<&str> = issues
        .iter()
        .map(|issue| issue["reason"].as_str().unwrap_or_default())
        .collect();
    assert!(reasons.contains(&"circuit_open"), "{issues:?}");
    assert!(reasons.contains(&"repeated_failures"), "{issues:?}");
    let open = issues
        .iter()
        .find(|issue| issue["reason"] == "circuit_open")
        .expect("a circuit_open issue");
    assert_eq!(open["source"], "google_books");
    assert!(open["remaining_cooldown"].as_f64().unwrap() > 0.0);
}
