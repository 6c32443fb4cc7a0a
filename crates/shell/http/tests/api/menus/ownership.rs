//! Ownership (API.md §5.2, §6.7): someone else's menu, course, item, pairing or share
//! link answers exactly like a missing one, on every route; nothing is a 403.

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use serde_json::{Value, json};

use super::support::{MenuApp, expect, id, unknown_id};
use crate::auth::support::{assert_detail, bearer, delete_users};

/// A private menu of its owner with two courses, two items, a pairing and a share link.
struct Owned {
    menu: String,
    course: String,
    item: String,
    pairing: String,
    token: String,
}

async fn owned(app: &MenuApp, owner: &str) -> Owned {
    let media = app.media_items(2).await;
    let menu = app
        .create_menu(
            owner,
            &json!({"title": "Mine", "courses": [
                {"title": "A", "position": 1, "items": [
                    {"media_item_id": media[0], "position": 1},
                    {"media_item_id": media[1], "position": 2},
                ]},
                {"title": "B", "position": 2},
            ]}),
        )
        .await;
    let menu_id = id(&menu, "/id");
    let pairing = app
        .post(
            owner,
            &format!("/api/menus/{menu_id}/pairings"),
            &json!({
                "primary_course_item_id": id(&menu, "/courses/0/items/0/id"),
                "paired_course_item_id": id(&menu, "/courses/0/items/1/id"),
            }),
        )
        .await;
    let token = app
        .post(
            owner,
            &format!("/api/menus/{menu_id}/share-tokens"),
            &json!({}),
        )
        .await;
    Owned {
        course: id(&menu, "/courses/0/id"),
        item: id(&menu, "/courses/0/items/0/id"),
        pairing: id(&expect(&pairing, StatusCode::CREATED), "/id"),
        token: id(&expect(&token, StatusCode::CREATED), "/id"),
        menu: menu_id,
    }
}

/// Every owner route on `o`, with a valid body, and the 404 message it must answer to
/// anyone but the owner.
fn routes(o: &Owned, media: &str) -> Vec<(TestRequest, Value, &'static str)> {
    let m = &o.menu;
    let menu = format!("/api/menus/{m}");
    let course = format!("{menu}/courses/{}", o.course);
    let item = format!("{menu}/course-items/{}", o.item);
    vec![
        (TestRequest::get().uri(&menu), json!(null), "Menu not found"),
        (
            TestRequest::patch().uri(&menu),
            json!({"title": "x"}),
            "Menu not found",
        ),
        (
            TestRequest::delete().uri(&menu),
            json!(null),
            "Menu not found",
        ),
        (
            TestRequest::post().uri(&format!("{menu}/courses")),
            json!({"title": "x", "position": 1}),
            "Menu not found",
        ),
        (
            TestRequest::patch().uri(&course),
            json!({"title": "x"}),
            "Menu not found",
        ),
        (
            TestRequest::delete().uri(&course),
            json!(null),
            "Menu not found",
        ),
        (
            TestRequest::post().uri(&format!("{course}/items")),
            json!({"media_item_id": media, "position": 1}),
            "Menu not found",
        ),
        (
            TestRequest::post().uri(&format!("{course}/reorder-items")),
            json!({"item_ids": []}),
            "Menu not found",
        ),
        (
            TestRequest::patch().uri(&item),
            json!({"notes": "x"}),
            "Menu not found",
        ),
        (
            TestRequest::delete().uri(&item),
            json!(null),
            "Menu not found",
        ),
        (
            TestRequest::post().uri(&format!("{menu}/reorder-courses")),
            json!({"course_ids": []}),
            "Menu not found",
        ),
        (
            TestRequest::post().uri(&format!("{menu}/fork")),
            json!({}),
            "Menu not found",
        ),
        (
            TestRequest::get().uri(&format!("{menu}/lineage")),
            json!(null),
            "Menu not found",
        ),
        (
            TestRequest::get().uri(&format!("{menu}/pairings")),
            json!(null),
            "Menu not found",
        ),
        (
            TestRequest::post().uri(&format!("{menu}/pairings")),
            json!({"primary_course_item_id": o.item, "paired_course_item_id": unknown_id()}),
            "Menu not found",
        ),
        (
            TestRequest::delete().uri(&format!("{menu}/pairings/{}", o.pairing)),
            json!(null),
            "Pairing not found",
        ),
        (
            TestRequest::get().uri(&format!("{menu}/share-tokens")),
            json!(null),
            "Menu not found",
        ),
        (
            TestRequest::post().uri(&format!("{menu}/share-tokens")),
            json!({}),
            "Menu not found",
        ),
        (
            TestRequest::delete().uri(&format!("{menu}/share-tokens/{}", o.token)),
            json!(null),
            "Share token not found",
        ),
    ]
}

#[actix_web::test]
async fn another_user_gets_404_on_every_route_and_changes_nothing() {
    let app = MenuApp::new();
    let (owner, stranger) = (app.user().await, app.user().await);
    let o = owned(&app, &owner).await;
    let media = app.media("Other").await;
    let before = app.read_menu(&owner, &o.menu).await;

    for (request, body, message) in routes(&o, &media) {
        let request = request.insert_header(bearer(&stranger));
        let request = if body.is_null() {
            request
        } else {
            request.set_json(&body)
        };
        let answer = app.send(request).await;
        assert_detail(&answer, StatusCode::NOT_FOUND, message);
    }

    let after = app.read_menu(&owner, &o.menu).await;
    assert_eq!(before, after);
    let listed = expect(&app.get(&stranger, "/api/menus").await, StatusCode::OK);
    assert_eq!(listed, json!([]));
    let tokens = expect(
        &app.get(&owner, &format!("/api/menus/{}/share-tokens", o.menu))
            .await,
        StatusCode::OK,
    );
    assert_eq!(tokens[0]["revoked_at"], json!(null));
}

#[actix_web::test]
async fn ids_from_another_menu_or_user_are_told_apart_only_for_the_caller() {
    let app = MenuApp::new();
    let (owner, stranger) = (app.user().await, app.user().await);
    let o = owned(&app, &owner).await;
    let other = app.menu(&owner, "Other menu").await;
    let other_id = id(&other, "/id");
    let theirs = app.menu(&stranger, "Theirs").await;
    let theirs_id = id(&theirs, "/id");

    // The caller's course or item, addressed under another of the caller's menus.
    let course = app
        .patch(
            &owner,
            &format!("/api/menus/{other_id}/courses/{}", o.course),
            &json!({"title": "x"}),
        )
        .await;
    assert_detail(&course, StatusCode::NOT_FOUND, "Course not found in menu");
    let item = app
        .delete(
            &owner,
            &format!("/api/menus/{other_id}/course-items/{}", o.item),
        )
        .await;
    assert_detail(&item, StatusCode::NOT_FOUND, "Item not found in menu");
    let pairing = app
        .delete(
            &owner,
            &format!("/api/menus/{other_id}/pairings/{}", o.pairing),
        )
        .await;
    assert_detail(&pairing, StatusCode::NOT_FOUND, "Pairing not found");
    let token = app
        .delete(
            &owner,
            &format!("/api/menus/{other_id}/share-tokens/{}", o.token),
        )
        .await;
    assert_detail(&token, StatusCode::NOT_FOUND, "Share token not found");

    // Someone else's course or item under the stranger's own menu: plain not found.
    let course = app
        .patch(
            &stranger,
            &format!("/api/menus/{theirs_id}/courses/{}", o.course),
            &json!({"title": "x"}),
        )
        .await;
    assert_detail(&course, StatusCode::NOT_FOUND, "Course not found");
    let item = app
        .patch(
            &stranger,
            &format!("/api/menus/{theirs_id}/course-items/{}", o.item),
            &json!({"notes": "x"}),
        )
        .await;
    assert_detail(&item, StatusCode::NOT_FOUND, "Course item not found");
    let items = app
        .post(
            &stranger,
            &format!("/api/menus/{theirs_id}/courses/{}/items", o.course),
            &json!({"media_item_id": unknown_id(), "position": 1}),
        )
        .await;
    assert_detail(&items, StatusCode::NOT_FOUND, "Course not found");
    let missing = app
        .get(&owner, &format!("/api/menus/{}", unknown_id()))
        .await;
    assert_detail(&missing, StatusCode::NOT_FOUND, "Menu not found");
}

#[actix_web::test]
async fn the_menu_routes_require_a_token() {
    let app = MenuApp::new();

    for request in [
        TestRequest::get().uri("/api/menus"),
        TestRequest::post()
            .uri("/api/menus")
            .set_json(json!({"title": "x"})),
    ] {
        let answer = app.send(request).await;
        assert_detail(&answer, StatusCode::UNAUTHORIZED, "Invalid token");
    }
}

#[actix_web::test]
async fn a_deleted_users_token_is_user_not_found_even_for_a_menu_it_had_read() {
    let app = MenuApp::new();
    let owner = app.user().await;
    let menu = id(&app.menu(&owner, "Mine").await, "/id");
    app.read_menu(&owner, &menu).await;
    delete_users(&app.app);

    for uri in [
        format!("/api/menus/{menu}"),
        format!("/api/menus/{}", unknown_id()),
        "/api/menus/not-a-uuid".to_owned(),
    ] {
        let answer = app.get(&owner, &uri).await;
        assert_detail(&answer, StatusCode::UNAUTHORIZED, "User not found");
    }
}
