//! Preview ids as `media_item_id` of items nested in menu and course create bodies
//! (API.md §5.5, §6.11): the caller's unexpired preview is ingested once and its
//! catalog id stored; someone else's or an expired preview is `Media item not found`,
//! like any unknown item in that body, and a refused body keeps the caller's previews.

use actix_web::http::StatusCode;
use actix_web::http::header::AUTHORIZATION;
use actix_web::test::TestRequest;
use serde_json::{Value, json};

use super::{first_preview, register};
use crate::helpers::Answer;
use crate::ingest::support::IngestApp;

async fn post(app: &IngestApp, token: &str, uri: &str, body: &Value) -> Answer {
    app.send(
        TestRequest::post()
            .uri(uri)
            .insert_header((AUTHORIZATION, format!("Bearer {token}")))
            .set_json(body),
    )
    .await
}

fn created(answer: &Answer) -> Value {
    assert_eq!(
        answer.status,
        StatusCode::CREATED,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    answer.json()
}

fn media_item_not_found(answer: &Answer) {
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert_eq!(answer.json(), json!({"detail": "Media item not found"}));
}

fn item(media: &str, position: u32) -> Value {
    json!({"media_item_id": media, "position": position})
}

#[actix_web::test]
async fn a_menu_body_with_preview_ids_stores_their_catalog_ids_and_ingests_once() {
    let app = IngestApp::new().await;
    let hit = first_preview(&app).await;
    let preview = hit["preview_id"].as_str().expect("a preview id").to_owned();
    let unknown = uuid::Uuid::now_v7().to_string();

    // An unknown item beside the preview: nothing is written and the preview stays.
    let refused = post(
        &app,
        &app.token,
        "/api/menus",
        &json!({"title": "Neo", "courses": [
            {"title": "Films", "position": 1, "items": [item(&preview, 1), item(&unknown, 2)]}
        ]}),
    )
    .await;
    media_item_not_found(&refused);
    assert_eq!(app.rows("menus"), 0);
    assert_eq!(app.rows("external_search_previews"), 1);

    // The same preview in two courses: one catalog item, stored in both.
    let menu = created(
        &post(
            &app,
            &app.token,
            "/api/menus",
            &json!({"title": "Neo", "courses": [
                {"title": "Films", "position": 1, "items": [item(&preview, 1)]},
                {"title": "Again", "position": 2, "items": [item(&preview, 1)]}
            ]}),
        )
        .await,
    );
    let stored: Vec<&Value> = menu["courses"]
        .as_array()
        .expect("courses")
        .iter()
        .map(|course| &course["items"][0]["media_item_id"])
        .collect();
    assert_eq!(stored[0], stored[1]);
    assert_ne!(
        stored[0],
        &json!(preview),
        "a catalog id, not the preview id"
    );
    assert_eq!(
        menu["courses"][0]["items"][0]["media_item"]["title"],
        "The Matrix"
    );
    assert_eq!(app.rows("media_items"), 1);
    assert_eq!(
        app.rows("external_search_previews"),
        0,
        "claimed, then deleted"
    );

    // Used up: the same preview id is now unknown.
    media_item_not_found(
        &post(
            &app,
            &app.token,
            "/api/menus",
            &json!({"title": "Later", "courses": [
                {"title": "Films", "position": 1, "items": [item(&preview, 1)]}
            ]}),
        )
        .await,
    );
}

#[actix_web::test]
async fn a_course_body_takes_the_callers_previews_and_refuses_others_and_expired_ones() {
    let app = IngestApp::new().await;
    let hit = first_preview(&app).await;
    let preview = hit["preview_id"].as_str().expect("a preview id").to_owned();
    let menu = created(&post(&app, &app.token, "/api/menus", &json!({"title": "Mine"})).await);
    let courses_uri = format!(
        "/api/menus/{}/courses",
        menu["id"].as_str().expect("a menu id")
    );

    // Someone else's preview, in a menu body and in a course body of their own.
    let stranger = register(&app).await;
    media_item_not_found(
        &post(
            &app,
            &stranger,
            "/api/menus",
            &json!({"title": "Theirs", "courses": [
                {"title": "Films", "position": 1, "items": [item(&preview, 1)]}
            ]}),
        )
        .await,
    );
    let theirs = created(&post(&app, &stranger, "/api/menus", &json!({"title": "Theirs"})).await);
    media_item_not_found(
        &post(
            &app,
            &stranger,
            &format!("/api/menus/{}/courses", theirs["id"].as_str().expect("id")),
            &json!({"title": "Films", "position": 1, "items": [item(&preview, 1)]}),
        )
        .await,
    );
    assert_eq!(
        app.rows("media_items"),
        0,
        "nothing ingested for a stranger"
    );

    // The caller's own: ingested, stored, deleted.
    let course = created(
        &post(
            &app,
            &app.token,
            &courses_uri,
            &json!({"title": "Films", "position": 1, "items": [item(&preview, 1)]}),
        )
        .await,
    );
    assert_ne!(course["items"][0]["media_item_id"], json!(preview));
    assert_eq!(course["items"][0]["media_item"]["title"], "The Matrix");
    assert_eq!(app.rows("external_search_previews"), 0);

    // An expired preview of the caller's is unknown too.
    let hit = first_preview(&app).await;
    let expired = hit["preview_id"].as_str().expect("a preview id").to_owned();
    diesel::RunQueryDsl::execute(
        diesel::sql_query(
            "UPDATE external_search_previews SET expires_at = now() - interval '1 second'",
        ),
        &mut app.db.connect(),
    )
    .expect("expired");
    media_item_not_found(
        &post(
            &app,
            &app.token,
            &courses_uri,
            &json!({"title": "Later", "position": 2, "items": [item(&expired, 1)]}),
        )
        .await,
    );
    assert_eq!(app.rows("course_items"), 1);
}
