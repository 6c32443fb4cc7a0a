//! The web app's public menu page (API.md §1.9): public menu → availability summary →
//! public lineage, all 200 and anonymous, for a menu whose items have availability.

use actix_web::http::StatusCode;
use actix_web::http::header::AUTHORIZATION;
use actix_web::test::TestRequest;
use serde_json::{Value, json};

use super::uri;
use crate::menus::support::{MenuApp, expect, id};

#[actix_web::test]
async fn the_public_menu_page_answers_200_end_to_end() {
    let app = MenuApp::new();
    let token = app.user().await;
    let (a, b) = (app.media("Dune").await, app.media("Neuromancer").await);
    for (item, provider) in [(&a, "Bookshop.org"), (&b, "Libby")] {
        let answer = app
            .send(
                TestRequest::put()
                    .uri(&uri(item))
                    .insert_header((AUTHORIZATION, format!("Bearer {token}")))
                    .set_json(json!([{"provider": provider, "region": "global", "format": "buy", "status": "available"}])),
            )
            .await;
        expect(&answer, StatusCode::OK);
    }
    let menu = app
        .create_menu(
            &token,
            &json!({"title": "Cyber reads", "courses": [{"title": "Mains", "position": 1, "items": [
                {"media_item_id": a, "position": 1}, {"media_item_id": b, "position": 2}
            ]}]}),
        )
        .await;
    let shown = app
        .patch(
            &token,
            &format!("/api/menus/{}", id(&menu, "/id")),
            &json!({"is_public": true}),
        )
        .await;
    expect(&shown, StatusCode::OK);
    let slug = id(&menu, "/slug");

    // As the page's server calls them: no cookies, a JSON content type on every request.
    let public = app
        .send(
            TestRequest::get()
                .uri(&format!("/api/public/menus/{slug}"))
                .insert_header(("content-type", "application/json")),
        )
        .await;
    let public = expect(&public, StatusCode::OK);
    let ids: Vec<Value> = public["courses"][0]["items"]
        .as_array()
        .expect("the items")
        .iter()
        .map(|item| item["media_item_id"].clone())
        .collect();
    let summary = app
        .send(
            TestRequest::post()
                .uri("/api/media/availability/summary")
                .set_json(json!({"media_item_ids": ids})),
        )
        .await;
    let summary = expect(&summary, StatusCode::OK);
    assert_eq!(summary.as_array().map(Vec::len), Some(2), "{summary}");
    assert_eq!(summary[0]["media_item_id"], json!(a));
    assert_eq!(summary[0]["providers"], json!(["Bookshop.org"]));
    assert_eq!(summary[1]["status_counts"]["available"], 1);
    let lineage = app
        .send(
            TestRequest::get()
                .uri(&format!("/api/public/menus/{slug}/lineage"))
                .insert_header(("content-type", "application/json")),
        )
        .await;
    expect(&lineage, StatusCode::OK);
}
