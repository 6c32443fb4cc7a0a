//! Deletes cascade (API.md §2.9): no orphan rows under a deleted menu, course or item.

use actix_web::http::StatusCode;
use serde_json::json;

use super::support::{MenuApp, expect, id};

#[actix_web::test]
async fn deleting_a_menu_course_or_item_leaves_no_orphans() {
    let app = MenuApp::new();
    let token = app.user().await;
    let media = app.media_items(3).await;
    let menu = app
        .create_menu(
            &token,
            &json!({"title": "Doomed", "is_public": true, "courses": [
                {"title": "A", "position": 1, "items": [
                    {"media_item_id": media[0], "position": 1},
                    {"media_item_id": media[1], "position": 2},
                ]},
                {"title": "B", "position": 2, "items": [{"media_item_id": media[2], "position": 1}]},
            ]}),
        )
        .await;
    let menu_id = id(&menu, "/id");
    let items: Vec<String> = [
        "/courses/0/items/0/id",
        "/courses/0/items/1/id",
        "/courses/1/items/0/id",
    ]
    .iter()
    .map(|pointer| id(&menu, pointer))
    .collect();
    let pairings = format!("/api/menus/{menu_id}/pairings");
    for (a, b) in [(0, 1), (1, 2), (2, 0)] {
        let body = json!({"primary_course_item_id": items[a], "paired_course_item_id": items[b]});
        expect(
            &app.post(&token, &pairings, &body).await,
            StatusCode::CREATED,
        );
    }
    app.post(
        &token,
        &format!("/api/menus/{menu_id}/share-tokens"),
        &json!({}),
    )
    .await;
    let fork = expect(
        &app.post(&token, &format!("/api/menus/{menu_id}/fork"), &json!({}))
            .await,
        StatusCode::CREATED,
    );
    assert_eq!(app.rows("menu_item_pairings"), 6, "the fork copied them");

    // An item: its pairings go.
    app.delete(
        &token,
        &format!("/api/menus/{menu_id}/course-items/{}", items[0]),
    )
    .await;
    assert_eq!(app.rows("menu_item_pairings"), 3 + 1);
    // A course: its items and their pairings go.
    app.delete(
        &token,
        &format!(
            "/api/menus/{menu_id}/courses/{}",
            id(&menu, "/courses/1/id")
        ),
    )
    .await;
    assert_eq!(app.rows("menu_item_pairings"), 3);
    assert_eq!(app.rows("course_items"), 1 + 3);

    let deleted = app.delete(&token, &format!("/api/menus/{menu_id}")).await;

    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    let fork_id = id(&fork, "/id");
    for (table, left) in [
        ("menus", 1),
        ("courses", 2),
        ("course_items", 3),
        ("menu_item_pairings", 3),
        ("menu_share_tokens", 0),
        ("menu_lineage", 0),
    ] {
        assert_eq!(app.rows(table), left, "{table}");
    }
    let orphans = app.rows(&format!(
        "courses WHERE menu_id <> '{fork_id}' OR menu_id IS NULL"
    ));
    assert_eq!(orphans, 0);
    let still = app.read_menu(&token, &fork_id).await;
    assert_eq!(still["pairings"].as_array().map(Vec::len), Some(3));
    let gone = app.get(&token, &format!("/api/menus/{menu_id}")).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    assert_eq!(app.rows("media_items"), 3, "the catalog is untouched");
}
