//! The public menu (API.md §2.10, §5.2): private → 404, public → 200 without `owner_id`
//! anywhere, switching back hides it at once; the public lineage; draft paths.

use actix_web::http::StatusCode;
use serde_json::{Value, json};

use super::support::{MenuApp, expect, id};
use crate::auth::support::assert_detail;

/// Whether `owner_id` appears as a key anywhere in `value`.
pub fn mentions_owner(value: &Value) -> bool {
    match value {
        Value::Object(map) => map
            .iter()
            .any(|(key, value)| key == "owner_id" || mentions_owner(value)),
        Value::Array(values) => values.iter().any(mentions_owner),
        _ => false,
    }
}

#[actix_web::test]
async fn a_menu_is_public_exactly_while_is_public_is_true() {
    let app = MenuApp::new();
    let token = app.user().await;
    let (a, b) = (app.media("A").await, app.media("B").await);
    let menu = app
        .create_menu(
            &token,
            &json!({"title": "Shown", "courses": [{"title": "C", "position": 1, "items": [
                {"media_item_id": a, "position": 1}, {"media_item_id": b, "position": 2}
            ]}]}),
        )
        .await;
    let menu_id = id(&menu, "/id");
    let public_uri = format!("/api/public/menus/{}", id(&menu, "/slug"));
    let items: Vec<String> = (0..2)
        .map(|i| id(&menu, &format!("/courses/0/items/{i}/id")))
        .collect();
    app.post(
        &token,
        &format!("/api/menus/{menu_id}/pairings"),
        &json!({"primary_course_item_id": items[0], "paired_course_item_id": items[1]}),
    )
    .await;

    let private = app.anonymous_get(&public_uri).await;
    assert_detail(&private, StatusCode::NOT_FOUND, "Menu not found");

    let shown = app
        .patch(
            &token,
            &format!("/api/menus/{menu_id}"),
            &json!({"is_public": true}),
        )
        .await;
    assert_eq!(expect(&shown, StatusCode::OK)["is_public"], true);
    let public = app.anonymous_get(&public_uri).await;
    let public = expect(&public, StatusCode::OK);
    assert!(!mentions_owner(&public), "{public}");
    assert_eq!(public["id"], json!(menu_id));
    assert_eq!(public["courses"][0]["items"][1]["media_item"]["title"], "B");
    assert_eq!(public["pairings"].as_array().map(Vec::len), Some(1));
    // The owner's own token changes nothing: still the public shape.
    let as_owner = app.get(&token, &public_uri).await;
    assert!(!mentions_owner(&expect(&as_owner, StatusCode::OK)));

    app.patch(
        &token,
        &format!("/api/menus/{menu_id}"),
        &json!({"is_public": false}),
    )
    .await;
    let hidden = app.anonymous_get(&public_uri).await;
    assert_detail(&hidden, StatusCode::NOT_FOUND, "Menu not found");
    let unknown = app.anonymous_get("/api/public/menus/no-such-menu").await;
    assert_detail(&unknown, StatusCode::NOT_FOUND, "Menu not found");
    let not_a_slug = app.anonymous_get("/api/public/menus/Not%20A%20Slug").await;
    assert_detail(&not_a_slug, StatusCode::NOT_FOUND, "Menu not found");
}

#[actix_web::test]
async fn the_public_lineage_lists_public_menus_only() {
    let app = MenuApp::new();
    let (ada, bob) = (app.user().await, app.user().await);
    let source = app
        .create_menu(&ada, &json!({"title": "Source", "is_public": true}))
        .await;
    let source_id = id(&source, "/id");
    let fork_uri = format!("/api/menus/{source_id}/fork");
    let public_fork = expect(
        &app.post(&bob, &fork_uri, &json!({"is_public": true, "note": "mine"}))
            .await,
        StatusCode::CREATED,
    );
    let private_fork = expect(
        &app.post(&bob, &fork_uri, &json!({})).await,
        StatusCode::CREATED,
    );

    let lineage = app
        .anonymous_get(&format!(
            "/api/public/menus/{}/lineage",
            id(&source, "/slug")
        ))
        .await;
    let lineage = expect(&lineage, StatusCode::OK);
    assert_eq!(lineage["source_menu"], json!(null));
    assert_eq!(lineage["fork_count"], 1);
    assert_eq!(lineage["forked_menus"][0]["id"], public_fork["id"]);
    assert!(!mentions_owner(&lineage));

    let of_fork = app
        .anonymous_get(&format!(
            "/api/public/menus/{}/lineage",
            id(&public_fork, "/slug")
        ))
        .await;
    let of_fork = expect(&of_fork, StatusCode::OK);
    assert_eq!(of_fork["source_menu"]["menu"]["id"], json!(source_id));
    assert_eq!(of_fork["source_menu"]["note"], "mine");
    assert_eq!(of_fork["forked_menus"], json!([]));

    let private = app
        .anonymous_get(&format!(
            "/api/public/menus/{}/lineage",
            id(&private_fork, "/slug")
        ))
        .await;
    assert_detail(&private, StatusCode::NOT_FOUND, "Menu not found");

    // Once the source goes private, its public fork no longer shows it.
    app.patch(
        &ada,
        &format!("/api/menus/{source_id}"),
        &json!({"is_public": false}),
    )
    .await;
    let of_fork = app
        .anonymous_get(&format!(
            "/api/public/menus/{}/lineage",
            id(&public_fork, "/slug")
        ))
        .await;
    assert_eq!(expect(&of_fork, StatusCode::OK)["source_menu"], json!(null));
}

#[actix_web::test]
async fn draft_paths_always_reach_the_draft_view() {
    let app = MenuApp::new();

    let answer = app.anonymous_get("/api/public/menus/draft/lineage").await;

    assert_detail(&answer, StatusCode::NOT_FOUND, "Share link not found");
}
