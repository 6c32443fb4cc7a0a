//! How logs move the state (API.md §5.7), through the API: each rule, edits, back-dated
//! logs and concurrent ones.

use actix_web::http::StatusCode;
use futures_util::future::join_all;
use serde_json::{Value, json};

use super::support::{library, log, put_state, state_of};
use crate::auth::support::TestApp;
use crate::caller::{Caller, expect, media_item};

const T1: &str = "2025-03-01T10:00:00Z";
const T2: &str = "2025-03-02T10:00:00Z";
const T3: &str = "2025-03-03T10:00:00Z";

/// `(status, started_at, finished_at)` of the caller's state on `item`.
async fn progress(caller: &Caller<'_>, item: uuid::Uuid) -> (Value, Value, Value) {
    let state = state_of(caller, item).await;
    (
        state["status"].clone(),
        state["started_at"].clone(),
        state["finished_at"].clone(),
    )
}

#[actix_web::test]
async fn a_goal_creates_a_wish_and_changes_no_existing_state() {
    let app = TestApp::new();
    let ada = Caller::sign_up(&app, "ada@example.com").await;
    let (fresh, paused) = (
        media_item(&app, "Fresh").await,
        media_item(&app, "Paused").await,
    );
    put_state(&ada, paused, json!({"status": "paused", "rating": 7})).await;
    let before = state_of(&ada, paused).await;

    log(&ada, fresh, "goal", Some(T1)).await;
    log(&ada, paused, "goal", Some(T1)).await;

    assert_eq!(
        progress(&ada, fresh).await,
        (json!("want_to_consume"), Value::Null, Value::Null)
    );
    assert_eq!(state_of(&ada, paused).await, before);
}

#[actix_web::test]
async fn started_and_progress_make_it_current_unless_dropped_or_consumed() {
    let app = TestApp::new();
    let ada = Caller::sign_up(&app, "ada@example.com").await;
    let fresh = media_item(&app, "Fresh").await;
    let wished = media_item(&app, "Wished").await;
    let dropped = media_item(&app, "Dropped").await;
    let consumed = media_item(&app, "Consumed").await;
    put_state(&ada, wished, json!({"status": "want_to_consume"})).await;
    put_state(&ada, dropped, json!({"status": "dropped"})).await;
    put_state(
        &ada,
        consumed,
        json!({"status": "consumed", "started_at": T1, "finished_at": T2}),
    )
    .await;

    log(&ada, fresh, "started", Some(T2)).await;
    log(&ada, wished, "progress", Some(T2)).await;
    log(&ada, dropped, "progress", Some(T2)).await;
    log(&ada, consumed, "started", Some(T3)).await;

    let current = (json!("currently_consuming"), json!(T2), Value::Null);
    assert_eq!(progress(&ada, fresh).await, current);
    assert_eq!(progress(&ada, wished).await, current);
    assert_eq!(
        progress(&ada, dropped).await,
        (json!("dropped"), json!(T2), Value::Null),
        "still dropped, but started_at was empty"
    );
    assert_eq!(
        progress(&ada, consumed).await,
        (json!("consumed"), json!(T1), json!(T2)),
        "a set started_at is kept"
    );

    // A later start keeps the first started_at.
    log(&ada, fresh, "progress", Some(T3)).await;
    assert_eq!(progress(&ada, fresh).await, current);
}

#[actix_web::test]
async fn finished_consumes_and_dates_the_state() {
    let app = TestApp::new();
    let ada = Caller::sign_up(&app, "ada@example.com").await;
    let (fresh, started) = (
        media_item(&app, "Fresh").await,
        media_item(&app, "Started").await,
    );
    log(&ada, started, "started", Some(T1)).await;

    log(&ada, fresh, "finished", Some(T2)).await;
    log(&ada, started, "finished", Some(T3)).await;

    assert_eq!(
        progress(&ada, fresh).await,
        (json!("consumed"), json!(T2), json!(T2)),
        "an empty started_at becomes logged_at too"
    );
    assert_eq!(
        progress(&ada, started).await,
        (json!("consumed"), json!(T1), json!(T3))
    );
}

#[actix_web::test]
async fn a_note_changes_nothing() {
    let app = TestApp::new();
    let ada = Caller::sign_up(&app, "ada@example.com").await;
    let (fresh, paused) = (
        media_item(&app, "Fresh").await,
        media_item(&app, "Paused").await,
    );
    put_state(&ada, paused, json!({"status": "paused"})).await;
    let before = state_of(&ada, paused).await;

    log(&ada, fresh, "note", Some(T1)).await;
    log(&ada, paused, "note", Some(T1)).await;

    assert_eq!(state_of(&ada, fresh).await, Value::Null);
    assert_eq!(state_of(&ada, paused).await, before);
}

#[actix_web::test]
async fn a_started_log_is_current_and_up_next_until_a_finished_one_consumes_it() {
    let app = TestApp::new();
    let ada = Caller::sign_up(&app, "ada@example.com").await;
    let dune = media_item(&app, "Dune").await;

    log(&ada, dune, "started", None).await;
    let shelf = library(&ada).await;
    assert_eq!(shelf["summary"]["currently_consuming"], 1);
    assert_eq!(shelf["next_up"][0]["media_item"]["id"], json!(dune));
    assert_eq!(
        shelf["next_up"][0]["state"]["status"],
        "currently_consuming"
    );

    log(&ada, dune, "finished", None).await;
    let shelf = library(&ada).await;
    assert_eq!(shelf["summary"]["currently_consuming"], 0);
    assert_eq!(shelf["summary"]["consumed"], 1);
    assert_eq!(shelf["next_up"], json!([]));
    assert_eq!(shelf["items"][0]["state"]["status"], "consumed");
}

#[actix_web::test]
async fn editing_a_log_moves_the_state_with_it() {
    let app = TestApp::new();
    let ada = Caller::sign_up(&app, "ada@example.com").await;
    let dune = media_item(&app, "Dune").await;
    let started = log(&ada, dune, "started", Some(T1)).await;
    let uri = format!("/api/me/logs/{}", started["id"].as_str().expect("an id"));

    let answer = ada
        .patch(&uri, &json!({"log_type": "finished", "logged_at": T2}))
        .await;
    expect(&answer, StatusCode::OK);

    assert_eq!(
        progress(&ada, dune).await,
        (json!("consumed"), json!(T1), json!(T2))
    );
}

#[actix_web::test]
async fn the_later_logged_at_has_the_last_word_whatever_the_recording_order() {
    let app = TestApp::new();
    let ada = Caller::sign_up(&app, "ada@example.com").await;
    let dune = media_item(&app, "Dune").await;

    log(&ada, dune, "finished", Some(T3)).await;
    // Back-dated: recorded after, happened before.
    log(&ada, dune, "finished", Some(T1)).await;
    log(&ada, dune, "started", Some(T2)).await;

    let (status, _, finished_at) = progress(&ada, dune).await;
    assert_eq!((status, finished_at), (json!("consumed"), json!(T3)));
}

#[actix_web::test]
async fn logs_recorded_at_once_leave_the_state_the_latest_implies() {
    let app = TestApp::new();
    let ada = Caller::sign_up(&app, "ada@example.com").await;
    let mut items = Vec::new();
    for title in ["One", "Two", "Three"] {
        items.push(media_item(&app, title).await);
    }
    let plan = [
        ("started", "2025-04-01T08:00:00Z"),
        ("finished", "2025-04-03T08:00:00Z"),
        ("progress", "2025-04-02T08:00:00Z"),
        ("finished", "2025-04-05T08:00:00Z"),
        ("finished", "2025-04-04T08:00:00Z"),
        ("goal", "2025-04-06T08:00:00Z"),
    ];

    let requests = items.iter().flat_map(|item| {
        plan.iter()
            .map(|(log_type, at)| log(&ada, *item, log_type, Some(*at)))
    });
    join_all(requests).await;

    for item in items {
        let (status, _, finished_at) = progress(&ada, item).await;
        assert_eq!(
            (status, finished_at),
            (json!("consumed"), json!("2025-04-05T08:00:00Z")),
            "{item}"
        );
        let logs = ada.get(&format!("/api/me/logs?media_item_id={item}")).await;
        assert_eq!(
            expect(&logs, StatusCode::OK).as_array().map(Vec::len),
            Some(6)
        );
    }
}
