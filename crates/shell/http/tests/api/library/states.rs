//! `GET /api/me/states` and `PUT /api/me/states/{media_item_id}`.

use actix_web::http::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use super::support::{put_state, state_of};
use crate::auth::support::{TestApp, assert_detail};
use crate::caller::{Caller, count, expect, media_item};

#[actix_web::test]
async fn put_creates_the_state_then_replaces_every_field() {
    let app = TestApp::new();
    let ada = Caller::sign_up(&app, "ada@example.com").await;
    let dune = media_item(&app, "Dune").await;

    let created = put_state(
        &ada,
        dune,
        json!({
            "status": "consumed", "rating": 9, "favorite": true, "notes": "Reread",
            "started_at": "2025-01-02T20:00:00+01:00", "finished_at": "2025-01-20T22:30:00.5",
        }),
    )
    .await;
    let id = created["id"].clone();
    assert_eq!(
        created,
        json!({
            "id": id, "media_item_id": dune, "user_id": ada.id, "status": "consumed",
            "rating": 9, "favorite": true, "notes": "Reread",
            "started_at": "2025-01-02T19:00:00Z", "finished_at": "2025-01-20T22:30:00.500000Z",
        })
    );

    let replaced = put_state(&ada, dune, json!({"status": "paused"})).await;
    assert_eq!(
        replaced,
        json!({
            "id": id, "media_item_id": dune, "user_id": ada.id, "status": "paused",
            "rating": null, "favorite": false, "notes": null,
            "started_at": null, "finished_at": null,
        }),
        "omitted fields are back at their defaults, the id stays"
    );
    assert_eq!(
        expect(&ada.get("/api/me/states").await, StatusCode::OK),
        json!([replaced])
    );
}

#[actix_web::test]
async fn a_rating_out_of_range_is_a_422_and_stores_nothing() {
    let app = TestApp::new();
    let ada = Caller::sign_up(&app, "ada@example.com").await;
    let dune = media_item(&app, "Dune").await;
    let uri = format!("/api/me/states/{dune}");

    for (rating, kind) in [(11, "less_than_equal"), (-1, "greater_than_equal")] {
        let answer = ada
            .put(&uri, &json!({"status": "consumed", "rating": rating}))
            .await;
        let detail = expect(&answer, StatusCode::UNPROCESSABLE_ENTITY)["detail"].clone();
        assert_eq!(detail.as_array().map(Vec::len), Some(1), "{detail}");
        assert_eq!(detail[0]["type"], kind);
        assert_eq!(detail[0]["loc"], json!(["body", "rating"]));
        assert_eq!(detail[0]["input"], rating);
    }
    assert_eq!(count(&app, "SELECT count(*) FROM user_item_states"), 0);

    for rating in [0, 10] {
        let saved = put_state(&ada, dune, json!({"status": "consumed", "rating": rating})).await;
        assert_eq!(saved["rating"], rating);
    }
}

#[actix_web::test]
async fn an_unknown_status_or_item_is_refused() {
    let app = TestApp::new();
    let ada = Caller::sign_up(&app, "ada@example.com").await;
    let dune = media_item(&app, "Dune").await;

    let answer = ada
        .put(
            &format!("/api/me/states/{dune}"),
            &json!({"status": "finished"}),
        )
        .await;
    let detail = expect(&answer, StatusCode::UNPROCESSABLE_ENTITY)["detail"].clone();
    assert_eq!(detail[0]["type"], "enum", "{detail}");
    assert_eq!(detail[0]["loc"], json!(["body", "status"]));

    assert_detail(
        &ada.put(
            &format!("/api/me/states/{}", Uuid::now_v7()),
            &json!({"status": "paused"}),
        )
        .await,
        StatusCode::NOT_FOUND,
        "Media item not found",
    );
}

#[actix_web::test]
async fn states_are_per_user() {
    let app = TestApp::new();
    let ada = Caller::sign_up(&app, "ada@example.com").await;
    let bob = Caller::sign_up(&app, "bob@example.com").await;
    let dune = media_item(&app, "Dune").await;

    put_state(&ada, dune, json!({"status": "consumed", "rating": 3})).await;
    put_state(&bob, dune, json!({"status": "want_to_consume"})).await;

    assert_eq!(state_of(&ada, dune).await["status"], "consumed");
    assert_eq!(state_of(&bob, dune).await["status"], "want_to_consume");
    assert_eq!(state_of(&bob, dune).await["rating"], Value::Null);
}
