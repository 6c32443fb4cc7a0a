//! Concurrent logs on one item (API.md §5.7): every log is stored and the state is the
//! one the latest log implies, whatever order the server applied them in.

use reqwest::Method;
use serde_json::{Value, json};

use super::live::{LiveApp, all_at_once, assert_no_server_errors, send};

/// The caller's state on `item`, or `Null`.
async fn state_of(app: &LiveApp, token: &str, item: &str) -> Value {
    let states = send(app.request(Method::GET, "/api/me/states", Some(token), None)).await;
    assert_eq!(states.status, 200, "{}", states.body);
    states
        .body
        .as_array()
        .expect("states")
        .iter()
        .find(|state| state["media_item_id"] == item)
        .cloned()
        .unwrap_or(Value::Null)
}

#[actix_web::test]
async fn thirty_concurrent_logs_leave_the_state_the_latest_finish_implies() {
    let app = LiveApp::start().await;
    let token = app.token("reader@example.com").await;
    let item = app.media_items(1).await.remove(0);
    // Days 1..=30 of April: started, progress, notes and three finishes, the last of
    // them on day 27; goals and progress after it must not move a consumed item back.
    let plan: Vec<(&str, u32)> = (1..=30)
        .map(|day| {
            let log_type = match day {
                1 => "started",
                9 | 27 | 18 => "finished",
                28 => "goal",
                d if d % 3 == 0 => "note",
                _ => "progress",
            };
            (log_type, day)
        })
        .collect();

    let requests = plan
        .iter()
        .map(|(log_type, day)| {
            app.request(
                Method::POST,
                "/api/me/logs",
                Some(&token),
                Some(&json!({
                    "media_item_id": item,
                    "log_type": log_type,
                    "logged_at": format!("2025-04-{day:02}T08:00:00Z"),
                })),
            )
        })
        .collect();
    let replies = all_at_once(requests).await;

    assert_no_server_errors(&replies, "logs");
    for reply in &replies {
        assert_eq!(reply.status, 201, "{}", reply.body);
    }
    let state = state_of(&app, &token, &item).await;
    assert_eq!(state["status"], "consumed", "{state}");
    assert_eq!(state["finished_at"], "2025-04-27T08:00:00Z", "{state}");
    assert!(state["started_at"].is_string(), "{state}");
    assert_eq!(app.count("SELECT count(*) FROM user_item_logs"), 30);
    assert_eq!(
        app.count("SELECT count(*) FROM user_item_states"),
        1,
        "one state, however many logs raced to create it"
    );
    app.stop().await;
}
