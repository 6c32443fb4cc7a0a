//! Dense positions (API.md §5.4, §6.15): sorted answers, insert and shift, append past
//! the end, close gaps, reorders and their 400s, concurrent adds.

use actix_web::http::StatusCode;
use futures_util::future::join_all;
use serde_json::{Value, json};

use super::support::{MenuApp, column, expect, id};
use crate::auth::support::assert_detail;

fn positions(value: &Value, pointer: &str) -> Vec<Value> {
    column(value, pointer, "position")
}

#[actix_web::test]
async fn courses_and_items_created_out_of_order_come_back_sorted_and_dense() {
    let app = MenuApp::new();
    let token = app.user().await;
    let media = app.media_items(3).await;

    let created = app
        .create_menu(
            &token,
            &json!({"title": "Out of order", "courses": [
                {"title": "Third", "position": 30},
                {"title": "First", "position": 1, "items": [
                    {"media_item_id": media[0], "position": 9},
                    {"media_item_id": media[1], "position": 2},
                    {"media_item_id": media[2], "position": 5},
                ]},
                {"title": "Second", "position": 7},
            ]}),
        )
        .await;

    for menu in [
        created.clone(),
        app.read_menu(&token, &id(&created, "/id")).await,
    ] {
        assert_eq!(
            column(&menu, "/courses", "title"),
            vec![json!("First"), json!("Second"), json!("Third")]
        );
        assert_eq!(
            positions(&menu, "/courses"),
            vec![json!(1), json!(2), json!(3)]
        );
        assert_eq!(
            column(&menu, "/courses/0/items", "media_item_id"),
            vec![json!(media[1]), json!(media[2]), json!(media[0])]
        );
        assert_eq!(
            positions(&menu, "/courses/0/items"),
            vec![json!(1), json!(2), json!(3)]
        );
        assert_eq!(
            menu["courses"][0]["items"][0]["media_item"]["title"],
            "Book 1"
        );
    }
}

/// A menu with one course holding `n` items; (menu id, course id, item ids by position).
async fn course_with_items(app: &MenuApp, token: &str, n: usize) -> (String, String, Vec<String>) {
    let menu = app.menu(token, "Items").await;
    let menu_id = id(&menu, "/id");
    let course = app
        .add_course(token, &menu_id, &json!({"title": "Course", "position": 1}))
        .await;
    let course_id = id(&course, "/id");
    let mut items = Vec::new();
    for (i, media) in app.media_items(n).await.iter().enumerate() {
        let position = i64::try_from(i).expect("small") + 1;
        let item = app
            .add_item(token, &menu_id, &course_id, media, position)
            .await;
        items.push(id(&item, "/id"));
    }
    (menu_id, course_id, items)
}

#[actix_web::test]
async fn delete_then_add_at_count_plus_one_appends() {
    let app = MenuApp::new();
    let token = app.user().await;
    let (menu_id, course_id, items) = course_with_items(&app, &token, 3).await;

    let deleted = app
        .delete(
            &token,
            &format!("/api/menus/{menu_id}/course-items/{}", items[1]),
        )
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    let extra = app.media("Extra").await;
    let added = app.add_item(&token, &menu_id, &course_id, &extra, 3).await;

    assert_eq!(added["position"], 3);
    let menu = app.read_menu(&token, &menu_id).await;
    assert_eq!(
        column(&menu, "/courses/0/items", "id"),
        vec![json!(items[0]), json!(items[2]), json!(id(&added, "/id"))]
    );
    assert_eq!(
        positions(&menu, "/courses/0/items"),
        vec![json!(1), json!(2), json!(3)]
    );
}

#[actix_web::test]
async fn adding_at_a_taken_position_inserts_and_shifts_and_far_past_the_end_appends() {
    let app = MenuApp::new();
    let token = app.user().await;
    let (menu_id, course_id, items) = course_with_items(&app, &token, 2).await;
    let media = app.media_items(2).await;

    let first = app
        .add_item(&token, &menu_id, &course_id, &media[0], 1)
        .await;
    let last = app
        .add_item(&token, &menu_id, &course_id, &media[1], 99)
        .await;

    assert_eq!(first["position"], 1);
    assert_eq!(last["position"], 4);
    let menu = app.read_menu(&token, &menu_id).await;
    assert_eq!(
        column(&menu, "/courses/0/items", "id"),
        vec![
            json!(id(&first, "/id")),
            json!(items[0]),
            json!(items[1]),
            json!(id(&last, "/id"))
        ]
    );

    let course = app
        .add_course(&token, &menu_id, &json!({"title": "Before", "position": 1}))
        .await;
    assert_eq!(course["position"], 1);
    assert_eq!(course["items"], json!([]));
    let menu = app.read_menu(&token, &menu_id).await;
    assert_eq!(
        column(&menu, "/courses", "title"),
        vec![json!("Before"), json!("Course")]
    );
    assert_eq!(positions(&menu, "/courses"), vec![json!(1), json!(2)]);
}

#[actix_web::test]
async fn positions_stay_dense_under_concurrent_adds_to_one_course() {
    let app = MenuApp::new();
    let token = app.user().await;
    let (menu_id, course_id, _) = course_with_items(&app, &token, 1).await;
    let media = app.media_items(8).await;
    let uri = format!("/api/menus/{menu_id}/courses/{course_id}/items");

    let bodies: Vec<_> = media
        .iter()
        .enumerate()
        .map(|(i, media_id)| json!({"media_item_id": media_id, "position": 1 + i % 2}))
        .collect();
    let answers = join_all(bodies.iter().map(|body| app.post(&token, &uri, body))).await;

    for answer in &answers {
        expect(answer, StatusCode::CREATED);
    }
    let menu = app.read_menu(&token, &menu_id).await;
    let expected: Vec<Value> = (1..=9).map(|p| json!(p)).collect();
    assert_eq!(positions(&menu, "/courses/0/items"), expected);
}

#[actix_web::test]
async fn reorder_items_rewrites_positions_and_refuses_anything_but_the_exact_ids() {
    let app = MenuApp::new();
    let token = app.user().await;
    let (menu_id, course_id, items) = course_with_items(&app, &token, 3).await;
    let uri = format!("/api/menus/{menu_id}/courses/{course_id}/reorder-items");
    let before = app.read_menu(&token, &menu_id).await;

    let order = [&items[2], &items[0], &items[1]];
    let answer = app.post(&token, &uri, &json!({"item_ids": order})).await;

    let course = expect(&answer, StatusCode::OK);
    assert_eq!(
        column(&course, "/items", "id"),
        order.iter().map(|i| json!(i)).collect::<Vec<_>>()
    );
    assert_eq!(
        positions(&course, "/items"),
        vec![json!(1), json!(2), json!(3)]
    );
    for (i, item) in course["items"]
        .as_array()
        .expect("items")
        .iter()
        .enumerate()
    {
        let old = &before["courses"][0]["items"]
            .as_array()
            .expect("items")
            .iter()
            .find(|old| old["id"] == item["id"])
            .expect("same item")["updated_at"];
        assert_ne!(&item["updated_at"], old, "item {i} got a new updated_at");
    }

    let stranger = uuid::Uuid::now_v7().to_string();
    for bad in [
        json!([&items[0], &items[1]]),
        json!([&items[0], &items[1], &items[2], &stranger]),
        json!([&items[0], &items[0], &items[1]]),
        json!([&items[0], &items[1], &stranger]),
    ] {
        let answer = app.post(&token, &uri, &json!({"item_ids": bad})).await;
        assert_detail(
            &answer,
            StatusCode::BAD_REQUEST,
            "Item IDs must match the existing course items.",
        );
    }
}

#[actix_web::test]
async fn an_empty_reorder_of_an_empty_course_is_a_no_op() {
    let app = MenuApp::new();
    let token = app.user().await;
    let menu = app.menu(&token, "Empty").await;
    let menu_id = id(&menu, "/id");
    let course = app
        .add_course(
            &token,
            &menu_id,
            &json!({"title": "Nothing", "position": 1}),
        )
        .await;

    let answer = app
        .post(
            &token,
            &format!(
                "/api/menus/{menu_id}/courses/{}/reorder-items",
                id(&course, "/id")
            ),
            &json!({"item_ids": []}),
        )
        .await;

    assert_eq!(expect(&answer, StatusCode::OK)["items"], json!([]));
}

#[actix_web::test]
async fn reorder_courses_rewrites_positions_and_refuses_anything_but_the_exact_ids() {
    let app = MenuApp::new();
    let token = app.user().await;
    let menu = app
        .create_menu(
            &token,
            &json!({"title": "Courses", "courses": [
                {"title": "A", "position": 1}, {"title": "B", "position": 2}, {"title": "C", "position": 3}
            ]}),
        )
        .await;
    let menu_id = id(&menu, "/id");
    let ids: Vec<String> = column(&menu, "/courses", "id")
        .iter()
        .map(|v| v.as_str().expect("id").to_owned())
        .collect();
    let uri = format!("/api/menus/{menu_id}/reorder-courses");

    let answer = app
        .post(
            &token,
            &uri,
            &json!({"course_ids": [&ids[1], &ids[2], &ids[0]]}),
        )
        .await;

    let reordered = expect(&answer, StatusCode::OK);
    assert_eq!(
        column(&reordered, "/courses", "title"),
        vec![json!("B"), json!("C"), json!("A")]
    );
    assert_eq!(
        positions(&reordered, "/courses"),
        vec![json!(1), json!(2), json!(3)]
    );
    assert!(reordered.get("owner_id").is_some(), "the owner view");

    for bad in [
        json!([&ids[0], &ids[1]]),
        json!([&ids[0], &ids[1], &ids[1]]),
        json!([&ids[0], &ids[1], &ids[2], uuid::Uuid::now_v7().to_string()]),
    ] {
        let answer = app.post(&token, &uri, &json!({"course_ids": bad})).await;
        assert_detail(
            &answer,
            StatusCode::BAD_REQUEST,
            "Course IDs must match the existing menu courses.",
        );
    }
}

#[actix_web::test]
async fn deleting_a_course_closes_the_gap() {
    let app = MenuApp::new();
    let token = app.user().await;
    let menu = app
        .create_menu(
            &token,
            &json!({"title": "Gaps", "courses": [
                {"title": "A", "position": 1}, {"title": "B", "position": 2}, {"title": "C", "position": 3}
            ]}),
        )
        .await;
    let menu_id = id(&menu, "/id");

    let answer = app
        .delete(
            &token,
            &format!(
                "/api/menus/{menu_id}/courses/{}",
                id(&menu, "/courses/0/id")
            ),
        )
        .await;

    assert_eq!(answer.status, StatusCode::NO_CONTENT);
    let menu = app.read_menu(&token, &menu_id).await;
    assert_eq!(
        column(&menu, "/courses", "title"),
        vec![json!("B"), json!("C")]
    );
    assert_eq!(positions(&menu, "/courses"), vec![json!(1), json!(2)]);
}
