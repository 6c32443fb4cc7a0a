//! Forks and the owner's lineage view (API.md §2.9, §6.8).

use actix_web::http::StatusCode;
use serde_json::{Value, json};

use super::support::{MenuApp, column, expect, id};
use crate::auth::support::assert_detail;

async fn source(app: &MenuApp, token: &str, is_public: bool) -> Value {
    let media = app.media_items(2).await;
    let menu = app
        .create_menu(
            token,
            &json!({"title": "Neo Noir Night", "description": "Rain.", "is_public": is_public, "courses": [
                {"title": "A", "position": 1, "intent": "mood", "items": [
                    {"media_item_id": media[0], "position": 1, "notes": "first"},
                    {"media_item_id": media[1], "position": 2},
                ]},
            ]}),
        )
        .await;
    let menu_id = id(&menu, "/id");
    let pairing = app
        .post(
            token,
            &format!("/api/menus/{menu_id}/pairings"),
            &json!({
                "primary_course_item_id": id(&menu, "/courses/0/items/0/id"),
                "paired_course_item_id": id(&menu, "/courses/0/items/1/id"),
                "relationship": "echoes",
            }),
        )
        .await;
    expect(&pairing, StatusCode::CREATED);
    app.read_menu(token, &menu_id).await
}

#[actix_web::test]
async fn forking_an_own_menu_deep_copies_it_with_a_lineage_row() {
    let app = MenuApp::new();
    let token = app.user().await;
    let source = source(&app, &token, false).await;
    let source_id = id(&source, "/id");

    let answer = app
        .post(
            &token,
            &format!("/api/menus/{source_id}/fork"),
            &json!({"note": "again"}),
        )
        .await;

    let fork = expect(&answer, StatusCode::CREATED);
    assert_eq!(fork["title"], "Neo Noir Night (Fork)");
    assert_eq!(fork["slug"], "neo-noir-night-fork");
    assert_eq!(fork["description"], "Rain.");
    assert_eq!(fork["is_public"], false);
    assert_eq!(fork["owner_id"], source["owner_id"]);
    assert_ne!(fork["courses"][0]["id"], source["courses"][0]["id"]);
    assert_eq!(fork["courses"][0]["intent"], "mood");
    assert_eq!(
        column(&fork, "/courses/0/items", "media_item_id"),
        column(&source, "/courses/0/items", "media_item_id")
    );
    assert_eq!(fork["courses"][0]["items"][0]["notes"], "first");
    let pairing = &fork["pairings"][0];
    assert_eq!(pairing["relationship"], "echoes");
    assert_eq!(
        pairing["primary_course_item_id"],
        fork["courses"][0]["items"][0]["id"]
    );
    assert_eq!(
        pairing["paired_item"]["id"],
        fork["courses"][0]["items"][1]["id"]
    );

    let lineage = app
        .get(&token, &format!("/api/menus/{}/lineage", id(&fork, "/id")))
        .await;
    let lineage = expect(&lineage, StatusCode::OK);
    assert_eq!(lineage["source_menu"]["menu"]["id"], json!(source_id));
    assert_eq!(lineage["source_menu"]["note"], "again");
    let of_source = app
        .get(&token, &format!("/api/menus/{source_id}/lineage"))
        .await;
    let of_source = expect(&of_source, StatusCode::OK);
    assert_eq!(of_source["fork_count"], 1);
    assert_eq!(of_source["forked_menus"][0]["slug"], "neo-noir-night-fork");
    assert_eq!(
        of_source["forked_menus"][0].as_object().map(|o| o.len()),
        Some(5),
        "LineageMenu is {{id, title, slug, is_public, created_at}}"
    );
}

#[actix_web::test]
async fn anyone_may_fork_a_public_menu_but_not_a_private_one() {
    let app = MenuApp::new();
    let (ada, bob) = (app.user().await, app.user().await);
    let public = source(&app, &ada, true).await;
    let private = source(&app, &ada, false).await;

    let fork = app
        .post(
            &bob,
            &format!("/api/menus/{}/fork", id(&public, "/id")),
            &json!({"title": "Bob's night", "is_public": true, "description": "Mine now"}),
        )
        .await;
    let refused = app
        .post(
            &bob,
            &format!("/api/menus/{}/fork", id(&private, "/id")),
            &json!({}),
        )
        .await;

    let fork = expect(&fork, StatusCode::CREATED);
    assert_eq!(fork["slug"], "bob-s-night");
    assert_eq!(fork["is_public"], true);
    assert_eq!(fork["description"], "Mine now");
    assert_ne!(fork["owner_id"], public["owner_id"]);
    assert_eq!(
        fork["courses"][0]["items"].as_array().map(Vec::len),
        Some(2)
    );
    assert_detail(&refused, StatusCode::NOT_FOUND, "Menu not found");
    // A bodiless fork (the web app sends none) takes every default.
    let bare = app
        .send(
            actix_web::test::TestRequest::post()
                .uri(&format!("/api/menus/{}/fork", id(&public, "/id")))
                .insert_header(crate::auth::support::bearer(&bob))
                .insert_header(("content-type", "application/json")),
        )
        .await;
    assert_eq!(expect(&bare, StatusCode::CREATED)["is_public"], false);
}

#[actix_web::test]
async fn the_owner_lineage_hides_other_users_private_menus() {
    let app = MenuApp::new();
    let (ada, bob) = (app.user().await, app.user().await);
    let public = source(&app, &ada, true).await;
    let public_id = id(&public, "/id");
    let uri = format!("/api/menus/{public_id}/fork");
    let bob_private = expect(&app.post(&bob, &uri, &json!({})).await, StatusCode::CREATED);
    let bob_public = expect(
        &app.post(&bob, &uri, &json!({"is_public": true})).await,
        StatusCode::CREATED,
    );
    let ada_private = expect(&app.post(&ada, &uri, &json!({})).await, StatusCode::CREATED);

    let lineage = app
        .get(&ada, &format!("/api/menus/{public_id}/lineage"))
        .await;

    let lineage = expect(&lineage, StatusCode::OK);
    let listed = column(&lineage, "/forked_menus", "id");
    assert_eq!(
        listed,
        vec![ada_private["id"].clone(), bob_public["id"].clone()],
        "newest first"
    );
    assert!(!listed.contains(&bob_private["id"]));

    // Bob's view of his private fork hides the source once it goes private.
    app.patch(
        &ada,
        &format!("/api/menus/{public_id}"),
        &json!({"is_public": false}),
    )
    .await;
    let of_fork = app
        .get(
            &bob,
            &format!("/api/menus/{}/lineage", id(&bob_private, "/id")),
        )
        .await;
    assert_eq!(expect(&of_fork, StatusCode::OK)["source_menu"], json!(null));
}
