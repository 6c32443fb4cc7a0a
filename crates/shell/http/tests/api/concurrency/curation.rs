//! Positions under concurrent adds and reorders on one course (API.md §5.4) and slugs
//! under concurrent creates of one title (§5.3).

use std::collections::BTreeSet;

use reqwest::Method;
use serde_json::{Value, json};

use super::live::{LiveApp, all_at_once, assert_no_server_errors, send, text};

/// The items of the menu's first course, as `(id, position)`, in answer order.
async fn course_items(app: &LiveApp, token: &str, menu_id: &str) -> Vec<(String, i64)> {
    let menu = send(app.request(
        Method::GET,
        &format!("/api/menus/{menu_id}"),
        Some(token),
        None,
    ))
    .await;
    assert_eq!(menu.status, 200, "{}", menu.body);
    menu.body["courses"][0]["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|item| {
            (
                text(item, "/id"),
                item["position"].as_i64().expect("a position"),
            )
        })
        .collect()
}

#[actix_web::test]
async fn fifty_concurrent_adds_and_reorders_leave_positions_a_permutation() {
    let app = LiveApp::start().await;
    let token = app.token("curator@example.com").await;
    let media = app.media_items(45).await;
    let seeded: Vec<Value> = media[..5]
        .iter()
        .enumerate()
        .map(|(i, id)| json!({"media_item_id": id, "position": i + 1}))
        .collect();
    let created = send(app.request(
        Method::POST,
        "/api/menus",
        Some(&token),
        Some(&json!({"title": "Crowded", "courses": [
            {"title": "Main", "position": 1, "items": seeded}
        ]})),
    ))
    .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let menu_id = text(&created.body, "/id");
    let course_id = text(&created.body, "/courses/0/id");
    let items_uri = format!("/api/menus/{menu_id}/courses/{course_id}/items");
    let reorder_uri = format!("/api/menus/{menu_id}/courses/{course_id}/reorder-items");

    // 40 adds at positions 1..=7 (inserting in the middle, shifting others) and 10
    // reorders of the five seeded items, reversed, all sent at once.
    let seeded_ids: Vec<String> = course_items(&app, &token, &menu_id)
        .await
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let reversed: Vec<&String> = seeded_ids.iter().rev().collect();
    let mut requests = Vec::new();
    for (i, media_id) in media[5..].iter().enumerate() {
        requests.push(app.request(
            Method::POST,
            &items_uri,
            Some(&token),
            Some(&json!({"media_item_id": media_id, "position": i % 7 + 1})),
        ));
        if i % 4 == 0 {
            requests.push(app.request(
                Method::POST,
                &reorder_uri,
                Some(&token),
                Some(&json!({"item_ids": reversed})),
            ));
        }
    }
    assert_eq!(requests.len(), 50);
    let replies = all_at_once(requests).await;

    assert_no_server_errors(&replies, "adds and reorders");
    let mut added = 0;
    for reply in &replies {
        if reply.body.get("media_item_id").is_some() {
            assert_eq!(reply.status, 201, "an add: {}", reply.body);
            added += 1;
        } else if reply.status != 200 {
            // A reorder that lost the race to an add names ids that no longer are all of
            // the course's items: API.md §2.9 answers exactly this 400.
            assert_eq!(
                (reply.status, &reply.body),
                (
                    400,
                    &json!({"detail": "Item IDs must match the existing course items."})
                ),
                "a reorder"
            );
        }
    }
    assert_eq!(added, 40, "every add succeeded");
    let items = course_items(&app, &token, &menu_id).await;
    let positions: Vec<i64> = items.iter().map(|(_, position)| *position).collect();
    assert_eq!(
        positions,
        (1..=45).collect::<Vec<_>>(),
        "dense, sorted positions"
    );
    let distinct: BTreeSet<&String> = items.iter().map(|(id, _)| id).collect();
    assert_eq!(distinct.len(), 45, "no item lost or doubled");
    assert_eq!(
        app.count("SELECT count(*) FROM course_items"),
        45,
        "no stray rows"
    );
    app.stop().await;
}

#[actix_web::test]
async fn concurrent_creates_of_one_title_all_succeed_with_unique_slugs() {
    let app = LiveApp::start().await;
    let ada = app.token("ada@example.com").await;
    let bob = app.token("bob@example.com").await;

    let requests = (0..24)
        .map(|i| {
            let token = if i % 2 == 0 { &ada } else { &bob };
            app.request(
                Method::POST,
                "/api/menus",
                Some(token),
                Some(&json!({"title": "Race Night"})),
            )
        })
        .collect();
    let replies = all_at_once(requests).await;

    assert_no_server_errors(&replies, "menu creates");
    let mut slugs = BTreeSet::new();
    for reply in &replies {
        assert_eq!(reply.status, 201, "{}", reply.body);
        assert!(
            slugs.insert(text(&reply.body, "/slug")),
            "a slug handed out twice: {}",
            reply.body
        );
    }
    let mut expected = BTreeSet::from(["race-night".to_owned()]);
    expected.extend((2..=24).map(|n| format!("race-night-{n}")));
    assert_eq!(slugs, expected, "the base, then -2, -3, … without gaps");
    assert_eq!(
        app.count("SELECT count(DISTINCT slug) FROM menus"),
        app.count("SELECT count(*) FROM menus")
    );
    app.stop().await;
}
