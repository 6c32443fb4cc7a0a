//! `GET /api/media/{media_item_id}` (API.md §2.4): unknown and malformed ids, and the
//! field rules of §1.6/§1.8 for an item that has no extension and no source.

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use diesel::RunQueryDsl as _;
use diesel::sql_types::{Text, Uuid as SqlUuid};
use serde_json::{Value, json};
use tastebuds_http::build_state;
use tastebuds_testkit::TestDb;

use crate::helpers::{call, offline_state, settings};

#[actix_web::test]
async fn an_unknown_item_is_a_404() {
    let db = TestDb::new();
    let state = build_state(&settings(), db.pool(), Vec::new()).expect("state");

    let answer = call(
        state,
        TestRequest::get().uri(&format!("/api/media/{}", uuid::Uuid::now_v7())),
    )
    .await;

    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert_eq!(answer.json(), json!({"detail": "Media item not found"}));
}

#[actix_web::test]
async fn a_malformed_id_is_a_422_at_the_path_parameter() {
    let answer = call(
        offline_state(),
        TestRequest::get().uri("/api/media/not-a-uuid"),
    )
    .await;

    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    let detail = answer.json()["detail"].clone();
    assert_eq!(detail[0]["type"], "uuid_parsing", "{detail}");
    assert_eq!(detail[0]["loc"], json!(["path", "media_item_id"]));
    assert_eq!(detail[0]["input"], "not-a-uuid");
}

#[actix_web::test]
async fn every_field_is_present_and_empty_ones_are_null() {
    let db = TestDb::new();
    let id = uuid::Uuid::now_v7();
    diesel::sql_query(
        "INSERT INTO media_items (id, media_type, title, release_date, metadata)
         VALUES ($1, 'game'::media_type, $2, '1998-11-19', NULL)",
    )
    .bind::<SqlUuid, _>(id)
    .bind::<Text, _>("Half-Life")
    .execute(&mut db.connect())
    .expect("insert an item");
    let state = build_state(&settings(), db.pool(), Vec::new()).expect("state");

    let answer = call(state, TestRequest::get().uri(&format!("/api/media/{id}"))).await;

    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.json(),
        json!({
            "id": id.to_string(),
            "media_type": "game",
            "title": "Half-Life",
            "subtitle": Value::Null,
            "description": Value::Null,
            "release_date": "1998-11-19",
            "cover_image_url": Value::Null,
            "canonical_url": Value::Null,
            "metadata": Value::Null,
            "sources": [],
            "book": Value::Null,
            "movie": Value::Null,
            "game": Value::Null,
            "music": Value::Null,
        })
    );
}

#[actix_web::test]
async fn an_unreachable_database_is_a_503_not_a_500() {
    let detail = call(
        offline_state(),
        TestRequest::get().uri(&format!("/api/media/{}", uuid::Uuid::now_v7())),
    )
    .await;
    let login = call(
        offline_state(),
        TestRequest::post()
            .uri("/api/auth/login")
            .set_json(json!({"email": "ada@example.com", "password": "correct horse"})),
    )
    .await;

    for answer in [detail, login] {
        assert_eq!(answer.status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(
            answer.json(),
            json!({"detail": tastebuds_http::error::DATABASE_UNAVAILABLE})
        );
    }
}
