//! Pairings (API.md §2.9): directed pairs of two items of one menu.

use actix_web::http::StatusCode;
use serde_json::{Value, json};

use super::support::{MenuApp, column, expect, id};
use crate::auth::support::assert_detail;

/// A menu with three items; (menu id, item ids).
async fn menu_with_items(app: &MenuApp, token: &str) -> (String, Vec<String>) {
    let media = app.media_items(3).await;
    let menu = app
        .create_menu(
            token,
            &json!({"title": "Pairs", "courses": [
                {"title": "A", "position": 1, "items": [
                    {"media_item_id": media[0], "position": 1},
                    {"media_item_id": media[1], "position": 2},
                ]},
                {"title": "B", "position": 2, "items": [{"media_item_id": media[2], "position": 1}]},
            ]}),
        )
        .await;
    let items = vec![
        id(&menu, "/courses/0/items/0/id"),
        id(&menu, "/courses/0/items/1/id"),
        id(&menu, "/courses/1/items/0/id"),
    ];
    (id(&menu, "/id"), items)
}

fn pair(primary: &str, paired: &str) -> Value {
    json!({"primary_course_item_id": primary, "paired_course_item_id": paired})
}

#[actix_web::test]
async fn pairing_rules() {
    let app = MenuApp::new();
    let token = app.user().await;
    let (menu_id, items) = menu_with_items(&app, &token).await;
    let (other_menu, other_items) = menu_with_items(&app, &token).await;
    let uri = format!("/api/menus/{menu_id}/pairings");

    let created = app
        .post(
            &token,
            &uri,
            &json!({"primary_course_item_id": items[0], "paired_course_item_id": items[2],
                    "relationship": "r".repeat(120), "note": "n"}),
        )
        .await;
    let created = expect(&created, StatusCode::CREATED);
    assert_eq!(created["menu_id"], json!(menu_id));
    assert_eq!(created["primary_item"]["id"], json!(items[0]));
    assert_eq!(created["paired_item"]["media_item"]["title"], "Book 2");
    assert_eq!(created["note"], "n");

    let same = app.post(&token, &uri, &pair(&items[1], &items[1])).await;
    assert_detail(
        &same,
        StatusCode::BAD_REQUEST,
        "Pairing must reference two items.",
    );
    let repeat = app.post(&token, &uri, &pair(&items[0], &items[2])).await;
    assert_detail(&repeat, StatusCode::CONFLICT, "Pairing already exists");
    let reverse = app.post(&token, &uri, &pair(&items[2], &items[0])).await;
    let reverse = expect(&reverse, StatusCode::CREATED);
    let foreign = app
        .post(&token, &uri, &pair(&items[0], &other_items[0]))
        .await;
    assert_detail(
        &foreign,
        StatusCode::NOT_FOUND,
        "Course item not found in menu",
    );
    let long = app
        .post(
            &token,
            &uri,
            &json!({"primary_course_item_id": items[0], "paired_course_item_id": items[1],
                    "relationship": "r".repeat(121)}),
        )
        .await;
    let long = expect(&long, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(long["detail"][0]["loc"], json!(["body", "relationship"]));
    assert_eq!(long["detail"][0]["type"], "string_too_long");

    let listed = expect(&app.get(&token, &uri).await, StatusCode::OK);
    assert_eq!(
        column(&listed, "", "id"),
        vec![created["id"].clone(), reverse["id"].clone()]
    );

    let wrong_menu = app
        .delete(
            &token,
            &format!("/api/menus/{other_menu}/pairings/{}", id(&created, "/id")),
        )
        .await;
    assert_detail(&wrong_menu, StatusCode::NOT_FOUND, "Pairing not found");
    let deleted = app
        .delete(&token, &format!("{uri}/{}", id(&created, "/id")))
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    let again = app
        .delete(&token, &format!("{uri}/{}", id(&created, "/id")))
        .await;
    assert_detail(&again, StatusCode::NOT_FOUND, "Pairing not found");

    // Deleting an item deletes the pairings that name it.
    let gone = app
        .delete(
            &token,
            &format!("/api/menus/{menu_id}/course-items/{}", items[2]),
        )
        .await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT);
    assert_eq!(
        expect(&app.get(&token, &uri).await, StatusCode::OK),
        json!([])
    );
}
