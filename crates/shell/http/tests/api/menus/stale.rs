//! The stale-write guard (API.md §1.4 item 2, §5.4) and PATCH semantics (§2.9, §6.16):
//! the 409 shape, no spurious 409 for a sibling that an add or a delete merely shifted,
//! null clearing course fields but not the menu description.

use actix_web::http::StatusCode;
use serde_json::json;

use super::support::{MenuApp, expect, id};

#[actix_web::test]
async fn a_stale_course_patch_is_a_409_with_the_current_updated_at() {
    let app = MenuApp::new();
    let token = app.user().await;
    let menu = app
        .create_menu(
            &token,
            &json!({"title": "Stale", "courses": [{"title": "A", "position": 1}]}),
        )
        .await;
    let uri = format!(
        "/api/menus/{}/courses/{}",
        id(&menu, "/id"),
        id(&menu, "/courses/0/id")
    );
    let seen = id(&menu, "/courses/0/updated_at");

    let first = app
        .patch(
            &token,
            &uri,
            &json!({"title": "A1", "expected_updated_at": seen}),
        )
        .await;
    let current = id(&expect(&first, StatusCode::OK), "/updated_at");
    let second = app
        .patch(
            &token,
            &uri,
            &json!({"title": "A2", "expected_updated_at": seen}),
        )
        .await;

    assert_eq!(second.status, StatusCode::CONFLICT);
    assert_eq!(
        second.json(),
        json!({"detail": {
            "message": "Course was updated by another session.",
            "current_updated_at": current,
        }})
    );
    let unguarded = app.patch(&token, &uri, &json!({"title": "A3"})).await;
    assert_eq!(expect(&unguarded, StatusCode::OK)["title"], "A3");
}

#[actix_web::test]
async fn a_stale_item_patch_is_labelled_course_item() {
    let app = MenuApp::new();
    let token = app.user().await;
    let media = app.media("Item").await;
    let menu = app
        .create_menu(
            &token,
            &json!({"title": "Stale items", "courses": [{"title": "A", "position": 1, "items": [
                {"media_item_id": media, "position": 1, "notes": "first"}
            ]}]}),
        )
        .await;
    let uri = format!(
        "/api/menus/{}/course-items/{}",
        id(&menu, "/id"),
        id(&menu, "/courses/0/items/0/id")
    );

    let answer = app
        .patch(
            &token,
            &uri,
            &json!({"notes": "x", "expected_updated_at": "2001-01-01T00:00:00Z"}),
        )
        .await;

    let body = expect(&answer, StatusCode::CONFLICT);
    assert_eq!(
        body["detail"]["message"],
        "Course item was updated by another session."
    );
    assert_eq!(
        body["detail"]["current_updated_at"],
        menu["courses"][0]["items"][0]["updated_at"]
    );
    // Any ISO 8601 form of the same instant matches (here with an explicit offset).
    let cleared = app
        .patch(
            &token,
            &uri,
            &json!({"notes": null, "expected_updated_at": id(&menu, "/courses/0/items/0/updated_at").replace('Z', "+00:00")}),
        )
        .await;
    assert_eq!(expect(&cleared, StatusCode::OK)["notes"], json!(null));
}

#[actix_web::test]
async fn siblings_shifted_by_an_add_or_a_delete_keep_their_updated_at() {
    let app = MenuApp::new();
    let token = app.user().await;
    let media = app.media_items(4).await;
    let menu = app
        .create_menu(
            &token,
            &json!({"title": "Siblings", "courses": [
                {"title": "A", "position": 1},
                {"title": "B", "position": 2, "items": [
                    {"media_item_id": media[0], "position": 1},
                    {"media_item_id": media[1], "position": 2},
                ]},
            ]}),
        )
        .await;
    let menu_id = id(&menu, "/id");
    let course_b = id(&menu, "/courses/1/id");
    let item_1 = id(&menu, "/courses/1/items/0/id");
    let item_2 = id(&menu, "/courses/1/items/1/id");
    let course_seen = id(&menu, "/courses/1/updated_at");
    let item_seen = id(&menu, "/courses/1/items/1/updated_at");

    // An item inserted before item 2 and a course inserted before course B shift them.
    app.add_item(&token, &menu_id, &course_b, &media[2], 1)
        .await;
    let course_z = app
        .add_course(&token, &menu_id, &json!({"title": "Z", "position": 1}))
        .await;
    let (item_seen, course_seen) = edit_both(
        &app,
        &token,
        &menu_id,
        (&item_2, &item_seen),
        (&course_b, &course_seen),
    )
    .await;

    // Deletes before them shift them back up.
    for uri in [
        format!("/api/menus/{menu_id}/course-items/{item_1}"),
        format!("/api/menus/{menu_id}/courses/{}", id(&course_z, "/id")),
    ] {
        assert_eq!(
            app.delete(&token, &uri).await.status,
            StatusCode::NO_CONTENT
        );
    }
    let (_, course_seen) = edit_both(
        &app,
        &token,
        &menu_id,
        (&item_2, &item_seen),
        (&course_b, &course_seen),
    )
    .await;

    let menu = app.read_menu(&token, &menu_id).await;
    assert_eq!(menu["courses"][1]["id"], json!(course_b));
    assert_eq!(menu["courses"][1]["updated_at"], json!(course_seen));
}

/// PATCHes the item and the course with the `updated_at`s last seen, asserting 200s;
/// the new ones.
async fn edit_both(
    app: &MenuApp,
    token: &str,
    menu_id: &str,
    (item, item_seen): (&str, &str),
    (course, course_seen): (&str, &str),
) -> (String, String) {
    let item = app
        .patch(
            token,
            &format!("/api/menus/{menu_id}/course-items/{item}"),
            &json!({"notes": "still mine", "expected_updated_at": item_seen}),
        )
        .await;
    let course = app
        .patch(
            token,
            &format!("/api/menus/{menu_id}/courses/{course}"),
            &json!({"intent": "still mine", "expected_updated_at": course_seen}),
        )
        .await;
    (
        id(&expect(&item, StatusCode::OK), "/updated_at"),
        id(&expect(&course, StatusCode::OK), "/updated_at"),
    )
}

#[actix_web::test]
async fn course_fields_clear_with_null_but_the_menu_description_does_not() {
    let app = MenuApp::new();
    let token = app.user().await;
    let menu = app
        .create_menu(
            &token,
            &json!({"title": "Nulls", "description": "kept", "courses": [
                {"title": "A", "position": 1, "description": "d", "intent": "i"}
            ]}),
        )
        .await;
    let menu_id = id(&menu, "/id");

    let course = app
        .patch(
            &token,
            &format!(
                "/api/menus/{menu_id}/courses/{}",
                id(&menu, "/courses/0/id")
            ),
            &json!({"description": null, "title": null}),
        )
        .await;
    let course = expect(&course, StatusCode::OK);
    assert_eq!(course["description"], json!(null));
    assert_eq!(course["intent"], "i");
    assert_eq!(course["title"], "A");

    let patched = app
        .patch(
            &token,
            &format!("/api/menus/{menu_id}"),
            &json!({"description": null, "title": "", "is_public": null}),
        )
        .await;
    let patched = expect(&patched, StatusCode::OK);
    assert_eq!(patched["description"], "kept");
    assert_eq!(patched["title"], "Nulls");
    let blanked = app
        .patch(
            &token,
            &format!("/api/menus/{menu_id}"),
            &json!({"description": ""}),
        )
        .await;
    assert_eq!(expect(&blanked, StatusCode::OK)["description"], "");
}
