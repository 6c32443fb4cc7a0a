//! `GET /api/me/library`: one entry per item with a state or a log, by last activity,
//! with the status summary and `next_up`.

use actix_web::http::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use super::support::{library, log, put_state};
use crate::auth::support::{TestApp, assert_detail, delete_users};
use crate::caller::{Caller, media_item};

fn titles(items: &Value) -> Vec<&str> {
    items
        .as_array()
        .expect("an array of library items")
        .iter()
        .map(|item| item["media_item"]["title"].as_str().expect("a title"))
        .collect()
}

#[actix_web::test]
async fn an_empty_library_has_every_field() {
    let app = TestApp::new();
    let ada = Caller::sign_up(&app, "ada@example.com").await;

    assert_eq!(
        library(&ada).await,
        json!({
            "summary": {"total": 0, "consumed": 0, "currently_consuming": 0,
                        "want_to_consume": 0, "paused": 0, "dropped": 0},
            "items": [],
            "next_up": [],
        })
    );
}

#[actix_web::test]
async fn a_deleted_users_token_is_user_not_found_whatever_it_had_in_its_library() {
    let app = TestApp::new();
    let ada = Caller::sign_up(&app, "ada@example.com").await;
    let item = media_item(&app, "Kept").await;
    put_state(&ada, item, json!({"status": "consumed"})).await;
    delete_users(&app);

    let answer = ada.get("/api/me/library").await;

    assert_detail(&answer, StatusCode::UNAUTHORIZED, "User not found");
}

#[actix_web::test]
async fn items_come_by_last_activity_with_the_summary_and_next_up() {
    let app = TestApp::new();
    let ada = Caller::sign_up(&app, "ada@example.com").await;
    let bob = Caller::sign_up(&app, "bob@example.com").await;

    // Logged long ago only: no state, last.
    let old = media_item(&app, "Old notes").await;
    log(&ada, old, "note", Some("2000-06-01T00:00:00Z")).await;
    log(&ada, old, "note", Some("2001-01-01T00:00:00Z")).await;
    // States put one after the other: the later put, the more recent.
    let mut put = Vec::new();
    for (title, status) in [
        ("A", "want_to_consume"),
        ("B", "consumed"),
        ("C", "paused"),
        ("D", "dropped"),
        ("E", "want_to_consume"),
        ("F", "currently_consuming"),
        ("G", "want_to_consume"),
        ("H", "paused"),
    ] {
        let item = media_item(&app, title).await;
        put_state(&ada, item, json!({"status": status})).await;
        put.push(item);
    }
    // Logged in the future: first.
    let future = media_item(&app, "Future").await;
    log(&ada, future, "started", Some("2100-01-01T00:00:00Z")).await;
    // Someone else's activity is not in Ada's library.
    put_state(&bob, put[0], json!({"status": "dropped"})).await;
    log(&bob, old, "finished", None).await;

    let shelf = library(&ada).await;

    assert_eq!(
        titles(&shelf["items"]),
        [
            "Future",
            "H",
            "G",
            "F",
            "E",
            "D",
            "C",
            "B",
            "A",
            "Old notes"
        ]
    );
    assert_eq!(
        shelf["summary"],
        json!({"total": 10, "consumed": 1, "currently_consuming": 2, "want_to_consume": 3,
               "paused": 2, "dropped": 1})
    );
    assert_eq!(
        titles(&shelf["next_up"]),
        ["Future", "H", "G", "F", "E", "C"]
    );
    assert_eq!(shelf["next_up"][1], shelf["items"][1]);

    let first = &shelf["items"][0];
    assert_eq!(first["last_activity_at"], "2100-01-01T00:00:00Z");
    assert_eq!(first["log_count"], 1);
    assert_eq!(first["last_log"]["log_type"], "started");
    assert_eq!(first["last_log"]["media_item"]["title"], "Future");
    assert_eq!(first["state"]["status"], "currently_consuming");
    assert_eq!(first["state"]["started_at"], "2100-01-01T00:00:00Z");

    let last = &shelf["items"][9];
    assert_eq!(last["state"], Value::Null);
    assert_eq!(last["log_count"], 2);
    assert_eq!(last["last_log"]["logged_at"], "2001-01-01T00:00:00Z");
    assert_eq!(last["last_activity_at"], "2001-01-01T00:00:00Z");
    assert_eq!(last["media_item"]["id"], json!(old));

    let stated = &shelf["items"][1];
    assert_eq!(stated["last_log"], Value::Null);
    assert_eq!(stated["log_count"], 0);
    assert!(stated["last_activity_at"].is_string(), "{stated}");
    let mut fields: Vec<&String> = stated.as_object().expect("an object").keys().collect();
    fields.sort();
    assert_eq!(
        fields,
        [
            "last_activity_at",
            "last_log",
            "log_count",
            "media_item",
            "state"
        ]
    );
}

#[actix_web::test]
async fn a_put_counts_as_activity_and_moves_the_item_up() {
    let app = TestApp::new();
    let ada = Caller::sign_up(&app, "ada@example.com").await;
    let items: Vec<Uuid> = [
        media_item(&app, "First").await,
        media_item(&app, "Second").await,
    ]
    .into();
    for item in &items {
        put_state(&ada, *item, json!({"status": "paused"})).await;
    }
    assert_eq!(titles(&library(&ada).await["items"]), ["Second", "First"]);

    put_state(&ada, items[0], json!({"status": "consumed"})).await;

    let shelf = library(&ada).await;
    assert_eq!(titles(&shelf["items"]), ["First", "Second"]);
    assert_eq!(titles(&shelf["next_up"]), ["Second"]);
}
