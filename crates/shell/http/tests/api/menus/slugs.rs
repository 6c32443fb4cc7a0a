//! Slugs (API.md §5.3): generated from the title, `-2`, `-3` on collision across users,
//! also under concurrent creates; stable across title edits; free again after a delete.

use actix_web::http::StatusCode;
use serde_json::json;

use super::support::{MenuApp, expect, id};

#[actix_web::test]
async fn collisions_across_users_get_numbered_suffixes() {
    let app = MenuApp::new();
    let (ada, bob) = (app.user().await, app.user().await);

    let first = app.menu(&ada, "Neo Noir Night").await;
    let second = app.menu(&bob, "Neo Noir Night").await;
    let third = app.menu(&ada, "neo noir night!").await;

    assert_eq!(first["slug"], "neo-noir-night");
    assert_eq!(second["slug"], "neo-noir-night-2");
    assert_eq!(third["slug"], "neo-noir-night-3");
    assert_eq!(app.menu(&ada, "Café, Don't").await["slug"], "cafe-don-t");
}

#[actix_web::test]
async fn the_slug_survives_title_edits_and_is_freed_by_a_delete() {
    let app = MenuApp::new();
    let token = app.user().await;
    let menu = app.menu(&token, "Original Title").await;
    let uri = format!("/api/menus/{}", id(&menu, "/id"));

    let patched = app
        .patch(
            &token,
            &uri,
            &json!({"title": "Something Else", "slug": "ignored"}),
        )
        .await;

    let patched = expect(&patched, StatusCode::OK);
    assert_eq!(patched["title"], "Something Else");
    assert_eq!(patched["slug"], "original-title");
    assert_eq!(
        app.read_menu(&token, &id(&menu, "/id")).await["slug"],
        "original-title"
    );

    assert_eq!(
        app.delete(&token, &uri).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.menu(&token, "Original Title").await["slug"],
        "original-title"
    );
}

#[actix_web::test]
async fn concurrent_creates_of_one_title_both_succeed_with_distinct_slugs() {
    let app = MenuApp::new();
    let (ada, bob) = (app.user().await, app.user().await);
    let body = json!({"title": "Race Night"});

    for round in 0..3 {
        let (a, b) = futures_util::join!(
            app.post(&ada, "/api/menus", &body),
            app.post(&bob, "/api/menus", &body)
        );

        let (a, b) = (
            expect(&a, StatusCode::CREATED),
            expect(&b, StatusCode::CREATED),
        );
        assert_ne!(a["slug"], b["slug"], "round {round}");
    }
    let mut slugs: Vec<String> = Vec::new();
    for token in [&ada, &bob] {
        let menus = expect(&app.get(token, "/api/menus").await, StatusCode::OK);
        for menu in menus.as_array().expect("menus") {
            slugs.push(id(menu, "/slug"));
        }
    }
    slugs.sort();
    let mut expected = vec!["race-night".to_owned()];
    expected.extend((2..=6).map(|n| format!("race-night-{n}")));
    expected.sort();
    assert_eq!(slugs, expected);
}
