//! Invalid input (API.md §1.4, §6.1): over-long strings and bad positions are 422s
//! naming every field at once; malformed ids are 422s; unknown media is a 404.

use actix_web::http::StatusCode;
use serde_json::{Value, json};

use super::support::{MenuApp, expect, id, unknown_id};
use crate::auth::support::assert_detail;

fn locs(body: &Value) -> Vec<Value> {
    body["detail"]
        .as_array()
        .expect("a detail array")
        .iter()
        .map(|item| json!([item["loc"].clone(), item["type"].clone()]))
        .collect()
}

#[actix_web::test]
async fn every_invalid_field_of_a_menu_is_reported_at_once() {
    let app = MenuApp::new();
    let token = app.user().await;

    let answer = app
        .post(
            &token,
            "/api/menus",
            &json!({"title": "t".repeat(256), "courses": [
                {"title": "", "position": 0, "items": [{"media_item_id": unknown_id(), "position": -3}]},
                {"title": "c".repeat(256), "position": 2},
            ]}),
        )
        .await;

    let body = expect(&answer, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        locs(&body),
        vec![
            json!([["body", "title"], "string_too_long"]),
            json!([["body", "courses", 0, "title"], "string_too_short"]),
            json!([["body", "courses", 0, "position"], "greater_than_equal"]),
            json!([
                ["body", "courses", 0, "items", 0, "position"],
                "greater_than_equal"
            ]),
            json!([["body", "courses", 1, "title"], "string_too_long"]),
        ]
    );
    assert_eq!(body["detail"][0]["ctx"]["max_length"], 255);
    assert_eq!(app.rows("menus"), 0);
}

#[actix_web::test]
async fn over_long_titles_on_every_route_are_422s_naming_the_field() {
    let app = MenuApp::new();
    let token = app.user().await;
    let menu = app
        .create_menu(
            &token,
            &json!({"title": "Limits", "courses": [{"title": "A", "position": 1}]}),
        )
        .await;
    let menu_id = id(&menu, "/id");
    let long = "x".repeat(256);

    for (uri, method, body, field) in [
        (
            format!("/api/menus/{menu_id}"),
            "PATCH",
            json!({"title": long}),
            "title",
        ),
        (
            format!("/api/menus/{menu_id}/courses"),
            "POST",
            json!({"title": long, "position": 1}),
            "title",
        ),
        (
            format!(
                "/api/menus/{menu_id}/courses/{}",
                id(&menu, "/courses/0/id")
            ),
            "PATCH",
            json!({"title": long}),
            "title",
        ),
        (
            format!("/api/menus/{menu_id}/fork"),
            "POST",
            json!({"title": long}),
            "title",
        ),
        (
            format!("/api/menus/{menu_id}/courses"),
            "POST",
            json!({"title": "ok", "position": 0}),
            "position",
        ),
        (
            format!("/api/menus/{menu_id}/share-tokens"),
            "POST",
            json!({"expires_at": "soon"}),
            "expires_at",
        ),
    ] {
        let answer = match method {
            "PATCH" => app.patch(&token, &uri, &body).await,
            _ => app.post(&token, &uri, &body).await,
        };
        let answer = expect(&answer, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            answer["detail"][0]["loc"],
            json!(["body", field]),
            "{method} {uri}"
        );
    }
    // 255 characters fit.
    let fits = app
        .patch(
            &token,
            &format!("/api/menus/{menu_id}"),
            &json!({"title": "é".repeat(255)}),
        )
        .await;
    expect(&fits, StatusCode::OK);
}

#[actix_web::test]
async fn malformed_ids_are_422s_and_unknown_media_is_a_404() {
    let app = MenuApp::new();
    let token = app.user().await;
    let menu = app
        .create_menu(
            &token,
            &json!({"title": "Ids", "courses": [{"title": "A", "position": 1}]}),
        )
        .await;
    let menu_id = id(&menu, "/id");

    let path = app.get(&token, "/api/menus/not-a-uuid").await;
    let path = expect(&path, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(path["detail"][0]["loc"], json!(["path", "menu_id"]));
    assert_eq!(path["detail"][0]["type"], "uuid_parsing");

    let items_uri = format!(
        "/api/menus/{menu_id}/courses/{}/items",
        id(&menu, "/courses/0/id")
    );
    let body = app
        .post(
            &token,
            &items_uri,
            &json!({"media_item_id": "nope", "position": 1}),
        )
        .await;
    let body = expect(&body, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["detail"][0]["loc"], json!(["body", "media_item_id"]));

    // An id the catalog does not hold (e.g. an external hit's preview id, which is not
    // resolved yet) is a missing media item.
    let unknown = app
        .post(
            &token,
            &items_uri,
            &json!({"media_item_id": unknown_id(), "position": 1}),
        )
        .await;
    assert_detail(&unknown, StatusCode::NOT_FOUND, "Media item not found");
    let nested = app
        .post(
            &token,
            "/api/menus",
            &json!({"title": "x", "courses": [{"title": "A", "position": 1, "items": [
                {"media_item_id": unknown_id(), "position": 1}
            ]}]}),
        )
        .await;
    assert_detail(&nested, StatusCode::NOT_FOUND, "Media item not found");
    assert_eq!(app.rows("menus"), 1);
}

#[actix_web::test]
async fn a_nul_character_anywhere_in_a_body_is_a_422_at_its_field_and_writes_nothing() {
    let app = MenuApp::new();
    let token = app.user().await;

    let answer = app
        .post(
            &token,
            "/api/menus",
            &json!({"title": "Night", "description": "rain\u{0}neon", "courses": [
                {"title": "Start\u{0}ers", "position": 1},
            ]}),
        )
        .await;

    let body = expect(&answer, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        locs(&body),
        vec![
            json!([["body", "courses", 0, "title"], "value_error"]),
            json!([["body", "description"], "value_error"]),
        ]
    );
    assert_eq!(app.rows("menus"), 0);
    assert_eq!(app.rows("courses"), 0);
}
