//! `GET`, `POST /api/me/logs` and `PATCH`, `DELETE /api/me/logs/{log_id}`.

use actix_web::http::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use super::support::{log, state_of};
use crate::auth::support::{TestApp, assert_detail};
use crate::caller::{Caller, count, expect, media_item};

fn logged_at(logs: &Value) -> Vec<&str> {
    logs.as_array()
        .expect("an array of logs")
        .iter()
        .map(|log| log["logged_at"].as_str().expect("logged_at"))
        .collect()
}

#[actix_web::test]
async fn a_log_is_recorded_with_every_field_and_its_item() {
    let app = TestApp::new();
    let ada = Caller::sign_up(&app, "ada@example.com").await;
    let dune = media_item(&app, "Dune").await;

    let answer = ada
        .post(
            "/api/me/logs",
            &json!({
                "media_item_id": dune, "log_type": "goal", "notes": "n".repeat(2000),
                "minutes_spent": 0, "progress_percent": 100, "goal_target": "g".repeat(255),
                "goal_due_on": "2026-03-01", "logged_at": "2025-06-01T10:00:00.123456Z",
            }),
        )
        .await;
    let created = expect(&answer, StatusCode::CREATED);

    assert_eq!(created["user_id"], json!(ada.id));
    assert_eq!(created["media_item_id"], json!(dune));
    assert_eq!(created["log_type"], "goal");
    assert_eq!(created["minutes_spent"], 0);
    assert_eq!(created["progress_percent"], 100);
    assert_eq!(created["goal_due_on"], "2026-03-01");
    assert_eq!(created["logged_at"], "2025-06-01T10:00:00.123456Z");
    assert_eq!(created["media_item"]["id"], json!(dune));
    assert_eq!(created["media_item"]["title"], "Dune");
    assert_eq!(created["media_item"]["media_type"], "movie");
    for field in ["id", "created_at", "updated_at", "notes", "goal_target"] {
        assert!(created[field].is_string(), "{field}: {created}");
    }
    assert_eq!(
        created.as_object().map(|log| log.len()),
        Some(13),
        "{created}"
    );

    // Without `logged_at` it is now.
    let now = log(&ada, dune, "note", None).await;
    assert_eq!(now["logged_at"], now["created_at"]);
    assert_eq!(now["notes"], Value::Null);
}

#[actix_web::test]
async fn over_long_texts_and_out_of_range_numbers_are_422_naming_every_field() {
    let app = TestApp::new();
    let ada = Caller::sign_up(&app, "ada@example.com").await;
    let dune = media_item(&app, "Dune").await;

    let answer = ada
        .post(
            "/api/me/logs",
            &json!({
                "media_item_id": dune, "log_type": "goal", "notes": "n".repeat(2001),
                "minutes_spent": -1, "progress_percent": 101, "goal_target": "g".repeat(256),
            }),
        )
        .await;

    let detail = expect(&answer, StatusCode::UNPROCESSABLE_ENTITY)["detail"].clone();
    let found: Vec<(Value, Value)> = detail
        .as_array()
        .expect("an array")
        .iter()
        .map(|item| (item["loc"].clone(), item["type"].clone()))
        .collect();
    assert_eq!(
        found,
        [
            (json!(["body", "notes"]), json!("string_too_long")),
            (
                json!(["body", "minutes_spent"]),
                json!("greater_than_equal")
            ),
            (
                json!(["body", "progress_percent"]),
                json!("less_than_equal")
            ),
            (json!(["body", "goal_target"]), json!("string_too_long")),
        ]
    );
    assert_eq!(count(&app, "SELECT count(*) FROM user_item_logs"), 0);

    assert_detail(
        &ada.post(
            "/api/me/logs",
            &json!({"media_item_id": Uuid::now_v7(), "log_type": "started"}),
        )
        .await,
        StatusCode::NOT_FOUND,
        "Media item not found",
    );
    let bad_type = ada
        .post(
            "/api/me/logs",
            &json!({"media_item_id": dune, "log_type": "abandoned"}),
        )
        .await;
    let detail = expect(&bad_type, StatusCode::UNPROCESSABLE_ENTITY)["detail"].clone();
    assert_eq!(detail[0]["type"], "enum", "{detail}");
    assert_eq!(detail[0]["loc"], json!(["body", "log_type"]));
}

#[actix_web::test]
async fn logs_are_listed_newest_first_filtered_and_paged() {
    let app = TestApp::new();
    let ada = Caller::sign_up(&app, "ada@example.com").await;
    let bob = Caller::sign_up(&app, "bob@example.com").await;
    let (dune, solaris) = (
        media_item(&app, "Dune").await,
        media_item(&app, "Solaris").await,
    );
    log(&ada, dune, "started", Some("2025-01-01T00:00:00Z")).await;
    log(&ada, solaris, "note", Some("2025-01-03T00:00:00Z")).await;
    log(&ada, dune, "progress", Some("2025-01-02T00:00:00Z")).await;
    log(&ada, dune, "note", Some("2025-01-04T00:00:00Z")).await;
    log(&bob, dune, "note", Some("2025-01-05T00:00:00Z")).await;

    let all = expect(&ada.get("/api/me/logs").await, StatusCode::OK);
    assert_eq!(
        logged_at(&all),
        [
            "2025-01-04T00:00:00Z",
            "2025-01-03T00:00:00Z",
            "2025-01-02T00:00:00Z",
            "2025-01-01T00:00:00Z"
        ]
    );
    assert_eq!(all[1]["media_item"]["title"], "Solaris");

    let page = ada.get("/api/me/logs?limit=2&offset=1").await;
    assert_eq!(
        logged_at(&expect(&page, StatusCode::OK)),
        ["2025-01-03T00:00:00Z", "2025-01-02T00:00:00Z"]
    );
    let past_the_end = ada.get("/api/me/logs?offset=10").await;
    assert_eq!(expect(&past_the_end, StatusCode::OK), json!([]));

    let on_dune = ada.get(&format!("/api/me/logs?media_item_id={dune}")).await;
    assert_eq!(
        expect(&on_dune, StatusCode::OK).as_array().map(Vec::len),
        Some(3)
    );
    let notes = ada
        .get(&format!("/api/me/logs?media_item_id={dune}&log_type=note"))
        .await;
    assert_eq!(
        logged_at(&expect(&notes, StatusCode::OK)),
        ["2025-01-04T00:00:00Z"]
    );
}

#[actix_web::test]
async fn paging_outside_its_bounds_is_a_422_at_the_query() {
    let app = TestApp::new();
    let ada = Caller::sign_up(&app, "ada@example.com").await;

    for (query, field, kind) in [
        ("limit=0", "limit", "greater_than_equal"),
        ("limit=201", "limit", "less_than_equal"),
        ("offset=-1", "offset", "greater_than_equal"),
        ("limit=ten", "limit", "int_parsing"),
        ("log_type=finish", "log_type", "enum"),
        ("media_item_id=42", "media_item_id", "uuid_parsing"),
    ] {
        let answer = ada.get(&format!("/api/me/logs?{query}")).await;
        let detail = expect(&answer, StatusCode::UNPROCESSABLE_ENTITY)["detail"].clone();
        assert_eq!(
            detail[0]["loc"],
            json!(["query", field]),
            "{query}: {detail}"
        );
        assert_eq!(detail[0]["type"], kind, "{query}: {detail}");
    }
    let both = ada.get("/api/me/logs?limit=0&offset=-1").await;
    let detail = expect(&both, StatusCode::UNPROCESSABLE_ENTITY)["detail"].clone();
    assert_eq!(detail.as_array().map(Vec::len), Some(2), "{detail}");

    let widest = ada.get("/api/me/logs?limit=200&offset=0").await;
    assert_eq!(expect(&widest, StatusCode::OK), json!([]));
}

#[actix_web::test]
async fn a_patch_applies_only_the_keys_sent_and_null_clears() {
    let app = TestApp::new();
    let ada = Caller::sign_up(&app, "ada@example.com").await;
    let dune = media_item(&app, "Dune").await;
    let created = expect(
        &ada.post(
            "/api/me/logs",
            &json!({"media_item_id": dune, "log_type": "progress", "notes": "halfway",
                    "progress_percent": 50, "logged_at": "2025-01-01T00:00:00Z"}),
        )
        .await,
        StatusCode::CREATED,
    );
    let uri = format!("/api/me/logs/{}", created["id"].as_str().expect("an id"));

    let unchanged = expect(&ada.patch(&uri, &json!({})).await, StatusCode::OK);
    assert_eq!(unchanged, created);

    let edited = expect(
        &ada.patch(&uri, &json!({"minutes_spent": 30, "notes": null}))
            .await,
        StatusCode::OK,
    );
    assert_eq!(edited["minutes_spent"], 30);
    assert_eq!(edited["notes"], Value::Null);
    assert_eq!(edited["progress_percent"], 50);
    assert_eq!(edited["log_type"], "progress");
    assert_eq!(edited["logged_at"], "2025-01-01T00:00:00Z");
    assert_eq!(edited["created_at"], created["created_at"]);
    assert_ne!(edited["updated_at"], created["updated_at"]);
    assert_eq!(edited["media_item"]["title"], "Dune");
}

#[actix_web::test]
async fn a_null_log_type_or_logged_at_in_a_patch_is_a_422_naming_the_field() {
    let app = TestApp::new();
    let ada = Caller::sign_up(&app, "ada@example.com").await;
    let dune = media_item(&app, "Dune").await;
    let created = log(&ada, dune, "note", None).await;
    let uri = format!("/api/me/logs/{}", created["id"].as_str().expect("an id"));

    for (body, fields) in [
        (json!({"log_type": null}), vec!["log_type"]),
        (json!({"logged_at": null}), vec!["logged_at"]),
        (
            json!({"log_type": null, "logged_at": null, "notes": "n".repeat(2001),
                   "goal_target": "g".repeat(256)}),
            vec!["log_type", "logged_at", "notes", "goal_target"],
        ),
    ] {
        let answer = ada.patch(&uri, &body).await;
        let detail = expect(&answer, StatusCode::UNPROCESSABLE_ENTITY)["detail"].clone();
        let locs: Vec<Value> = detail
            .as_array()
            .expect("an array")
            .iter()
            .map(|item| item["loc"].clone())
            .collect();
        let expected: Vec<Value> = fields.iter().map(|field| json!(["body", field])).collect();
        assert_eq!(locs, expected, "{detail}");
    }
    let unchanged = expect(&ada.get("/api/me/logs").await, StatusCode::OK);
    assert_eq!(unchanged, json!([created]));
}

#[actix_web::test]
async fn another_users_log_is_not_found() {
    let app = TestApp::new();
    let ada = Caller::sign_up(&app, "ada@example.com").await;
    let bob = Caller::sign_up(&app, "bob@example.com").await;
    let dune = media_item(&app, "Dune").await;
    let created = log(&ada, dune, "started", None).await;
    let uri = format!("/api/me/logs/{}", created["id"].as_str().expect("an id"));

    assert_detail(
        &bob.patch(&uri, &json!({"log_type": "finished"})).await,
        StatusCode::NOT_FOUND,
        "Log entry not found",
    );
    assert_detail(
        &bob.delete(&uri).await,
        StatusCode::NOT_FOUND,
        "Log entry not found",
    );
    assert_eq!(
        expect(&bob.get("/api/me/logs").await, StatusCode::OK),
        json!([])
    );
    assert_eq!(
        expect(&ada.get("/api/me/logs").await, StatusCode::OK),
        json!([created])
    );
    assert_eq!(state_of(&ada, dune).await["status"], "currently_consuming");
    assert_eq!(state_of(&bob, dune).await, Value::Null);

    let unknown = format!("/api/me/logs/{}", Uuid::now_v7());
    assert_detail(
        &ada.patch(&unknown, &json!({})).await,
        StatusCode::NOT_FOUND,
        "Log entry not found",
    );
    assert_detail(
        &ada.delete(&unknown).await,
        StatusCode::NOT_FOUND,
        "Log entry not found",
    );
}

#[actix_web::test]
async fn deleting_a_log_never_reverts_the_state() {
    let app = TestApp::new();
    let ada = Caller::sign_up(&app, "ada@example.com").await;
    let dune = media_item(&app, "Dune").await;
    let finished = log(&ada, dune, "finished", Some("2025-02-01T00:00:00Z")).await;
    let before = state_of(&ada, dune).await;
    assert_eq!(before["status"], "consumed");

    let uri = format!("/api/me/logs/{}", finished["id"].as_str().expect("an id"));
    expect(&ada.delete(&uri).await, StatusCode::NO_CONTENT);

    assert_eq!(state_of(&ada, dune).await, before);
    assert_eq!(
        expect(&ada.get("/api/me/logs").await, StatusCode::OK),
        json!([])
    );
    assert_detail(
        &ada.delete(&uri).await,
        StatusCode::NOT_FOUND,
        "Log entry not found",
    );
}
