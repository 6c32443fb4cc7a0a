//! `POST /api/media/availability/summary` and staleness.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex, Once};

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use chrono::{Duration, Utc};
use diesel::connection::{Instrumentation, InstrumentationEvent, set_default_instrumentation};
use serde_json::{Value, json};
use uuid::Uuid;

use super::{keys, tuples, uri};
use crate::auth::support::{TestApp, test_settings};
use crate::caller::{Caller, expect, media_item};

const SUMMARY: &str = "/api/media/availability/summary";

/// Statements on `media_item_availability`, per database, from every connection this
/// process opens once [`record`] ran.
static SENT: LazyLock<Mutex<HashMap<String, usize>>> = LazyLock::new(Mutex::default);

struct Recorder {
    database: Option<String>,
}

impl Instrumentation for Recorder {
    fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
        match event {
            InstrumentationEvent::StartEstablishConnection { url, .. } => {
                let path = url.rsplit('/').next().unwrap_or_default();
                self.database = path.split('?').next().map(str::to_owned);
            }
            InstrumentationEvent::StartQuery { query, .. } => {
                if let Some(database) = &self.database
                    && query.to_string().contains("media_item_availability")
                {
                    let mut sent = SENT
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                    *sent.entry(database.clone()).or_default() += 1;
                }
            }
            _ => {}
        }
    }
}

fn record() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        set_default_instrumentation(|| Some(Box::new(Recorder { database: None })))
            .expect("install the statement recorder");
    });
}

fn availability_statements(app: &TestApp) -> usize {
    SENT.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .get(app.db.name())
        .copied()
        .unwrap_or_default()
}

async fn summary(app: &TestApp, ids: &[Value]) -> crate::helpers::Answer {
    app.send(
        TestRequest::post()
            .uri(SUMMARY)
            .set_json(json!({"media_item_ids": ids})),
    )
    .await
}

#[actix_web::test]
async fn several_items_are_summarized_in_one_call_and_one_query() {
    record();
    let app = TestApp::new();
    let caller = Caller::sign_up(&app, "avail-summary@example.com").await;
    let (first, second, bare) = (
        media_item(&app, "One").await,
        media_item(&app, "Two").await,
        media_item(&app, "Three").await,
    );
    let checked = "2030-01-01T00:00:00Z";
    expect(
        &caller
            .put(
                &uri(first),
                &json!([
                    {"provider": "Netflix", "region": "US", "format": "stream", "status": "available", "last_checked_at": "2029-12-31T00:00:00Z"},
                    {"provider": "Apple TV", "region": "GB", "format": "rent", "status": "available", "last_checked_at": checked},
                    {"provider": "Apple TV", "region": "US", "format": "buy", "status": "unavailable", "last_checked_at": checked},
                ]),
            )
            .await,
        StatusCode::OK,
    );
    expect(
        &caller
            .put(
                &uri(second),
                &json!([{"provider": "Hulu", "region": "US", "format": "stream"}]),
            )
            .await,
        StatusCode::OK,
    );
    let ids = [second, bare, Uuid::now_v7(), first, second].map(|id| json!(id.to_string()));

    let before = availability_statements(&app);
    let answer = summary(&app, &ids).await;
    let after = availability_statements(&app);

    let body = expect(&answer, StatusCode::OK);
    assert_eq!(after - before, 1, "one query for every id");
    assert_eq!(
        body,
        json!([
            {"media_item_id": second.to_string(), "providers": ["Hulu"], "regions": ["US"],
             "formats": ["stream"], "status_counts": {"available": 0, "unavailable": 0, "unknown": 1},
             "last_checked_at": body[0]["last_checked_at"]},
            {"media_item_id": first.to_string(), "providers": ["Apple TV", "Netflix"],
             "regions": ["GB", "US"], "formats": ["buy", "rent", "stream"],
             "status_counts": {"available": 2, "unavailable": 1, "unknown": 0},
             "last_checked_at": checked},
        ])
    );
    assert!(
        body[0]["last_checked_at"].is_string(),
        "a PUT without a time is checked now"
    );

    let empty = summary(&app, &[]).await;
    assert_eq!(expect(&empty, StatusCode::OK), json!([]));
}

#[actix_web::test]
async fn more_than_500_ids_or_a_malformed_one_is_a_422() {
    let app = TestApp::new();
    let many: Vec<Value> = (0..501)
        .map(|_| json!(Uuid::now_v7().to_string()))
        .collect();

    let answer = summary(&app, &many).await;
    let body = expect(&answer, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["detail"][0]["loc"], json!(["body", "media_item_ids"]));
    assert_eq!(body["detail"][0]["type"], "too_long");

    let exactly = summary(&app, &many[..500]).await;
    assert_eq!(expect(&exactly, StatusCode::OK), json!([]));

    let malformed = summary(&app, &[json!(Uuid::now_v7().to_string()), json!("nope")]).await;
    let body = expect(&malformed, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body["detail"][0]["loc"],
        json!(["body", "media_item_ids", 1])
    );
    assert_eq!(body["detail"][0]["type"], "uuid_parsing");

    let missing = app
        .send(TestRequest::post().uri(SUMMARY).set_json(json!({})))
        .await;
    let body = expect(&missing, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["detail"][0]["loc"], json!(["body", "media_item_ids"]));
}

#[actix_web::test]
async fn an_entry_not_checked_for_stale_days_reads_as_unknown() {
    let app = TestApp::new();
    let caller = Caller::sign_up(&app, "avail-stale@example.com").await;
    let item = media_item(&app, "Stale").await;
    let at = |days: i64| (Utc::now() - Duration::days(days)).to_rfc3339();
    let body = json!([
        {"provider": "Fresh", "region": "US", "format": "stream", "status": "available", "last_checked_at": at(6)},
        {"provider": "Old", "region": "US", "format": "stream", "status": "available", "last_checked_at": at(8)},
        {"provider": "Gone", "region": "US", "format": "stream", "status": "unavailable", "last_checked_at": at(30)},
    ]);

    let put = caller.put(&uri(item), &body).await;
    let expected = tuples(&[
        ("Fresh", "US", "stream", "available"),
        ("Gone", "US", "stream", "unknown"),
        ("Old", "US", "stream", "unknown"),
    ]);
    assert_eq!(keys(&expect(&put, StatusCode::OK)), expected);
    let read = app.send(TestRequest::get().uri(&uri(item))).await;
    assert_eq!(keys(&expect(&read, StatusCode::OK)), expected);
    let summarized = summary(&app, &[json!(item.to_string())]).await;
    assert_eq!(
        expect(&summarized, StatusCode::OK)[0]["status_counts"],
        json!({"available": 1, "unavailable": 0, "unknown": 2})
    );

    // `availability.stale_days` moves the limit; the stored status is unchanged.
    let mut settings = test_settings();
    settings.availability.stale_days = 60;
    let lenient = TestApp::with(settings);
    let lenient_caller = Caller::sign_up(&lenient, "avail-lenient@example.com").await;
    let item = media_item(&lenient, "Lenient").await;
    let put = lenient_caller.put(&uri(item), &body).await;
    assert_eq!(
        keys(&expect(&put, StatusCode::OK)),
        tuples(&[
            ("Fresh", "US", "stream", "available"),
            ("Gone", "US", "stream", "unavailable"),
            ("Old", "US", "stream", "available"),
        ])
    );
}
