//! The public routes (API.md §2.10, §5.2): a private menu, a private fork, a revoked or
//! unknown share link and a menu switched private all answer like a missing one, and no
//! public answer carries an `owner_id` or anything else of the owner's.

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use serde_json::{Value, json};

use super::support::{Fixture, SecurityApp, assert_no_secret, has_key};
use crate::helpers::Answer;

async fn public(app: &SecurityApp, uri: &str) -> Answer {
    app.send(TestRequest::get().uri(uri)).await
}

/// Asserts a 404 `{"detail": detail}`.
fn assert_missing(answer: &Answer, detail: &str, context: &str) {
    assert_eq!(
        (answer.status, answer.json()),
        (StatusCode::NOT_FOUND, json!({ "detail": detail })),
        "{context}"
    );
}

/// Asserts a 200 that shows nothing of the owner's but what `allowed` lists.
fn assert_shown(answer: &Answer, fixture: &Fixture, allowed: &[&str], context: &str) -> Value {
    assert_eq!(
        answer.status,
        StatusCode::OK,
        "{context}: {}",
        String::from_utf8_lossy(&answer.body)
    );
    let body = answer.json();
    assert!(
        !has_key(&body, "owner_id"),
        "{context} shows owner_id: {body}"
    );
    let secrets: Vec<String> = fixture
        .secrets()
        .into_iter()
        .filter(|secret| !allowed.contains(&secret.as_str()))
        .collect();
    assert_no_secret(answer, &secrets, context);
    body
}

#[actix_web::test]
async fn public_routes_show_public_menus_only_and_never_their_owner() {
    let app = SecurityApp::new().await;
    let f = Fixture::create(&app).await;

    let menu = public(&app, &format!("/api/public/menus/{}", f.public_slug)).await;
    let body = assert_shown(&menu, &f, &[], "the public menu");
    assert_eq!(body["id"], json!(f.public_menu));

    let lineage = public(
        &app,
        &format!("/api/public/menus/{}/lineage", f.public_slug),
    )
    .await;
    let body = assert_shown(&lineage, &f, &[], "the public lineage");
    assert_eq!(
        body["forked_menus"],
        json!([]),
        "the private fork is not listed"
    );
    assert_eq!(body["fork_count"], 0, "nor counted");

    let unknown = public(&app, "/api/public/menus/no-such-menu").await;
    assert_missing(&unknown, "Menu not found", "an unknown slug");
    for slug in [&f.menu_slug, &f.private_fork_slug] {
        for uri in [
            format!("/api/public/menus/{slug}"),
            format!("/api/public/menus/{slug}/lineage"),
        ] {
            let answer = public(&app, &uri).await;
            assert_eq!(
                (answer.status, &answer.body),
                (unknown.status, &unknown.body),
                "{uri}: a private menu answers like a missing one"
            );
        }
    }
}

#[actix_web::test]
async fn a_share_link_shows_its_menu_without_the_owner_until_it_is_revoked() {
    let app = SecurityApp::new().await;
    let f = Fixture::create(&app).await;
    let draft = format!("/api/public/menus/draft/{}", f.share_token);

    let shown = public(&app, &draft).await;
    let allowed = [
        f.menu.as_str(),
        f.menu_title.as_str(),
        f.menu_slug.as_str(),
        f.course.as_str(),
        f.course_two.as_str(),
        f.item.as_str(),
        f.item_two.as_str(),
        f.pairing.as_str(),
        f.share_id.as_str(),
    ];
    let body = assert_shown(&shown, &f, &allowed, "the shared draft");
    assert_eq!(body["menu"]["id"], json!(f.menu));
    assert_eq!(body["share_token_id"], json!(f.share_id));

    let unknown = public(
        &app,
        "/api/public/menus/draft/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    )
    .await;
    assert_missing(&unknown, "Share link not found", "an unknown share link");
    app.expect(
        &f.owner.access,
        "DELETE",
        &format!("/api/menus/{}/share-tokens/{}", f.menu, f.share_id),
        None,
        StatusCode::NO_CONTENT,
    )
    .await;
    let revoked = public(&app, &draft).await;
    assert_eq!(
        (revoked.status, &revoked.body),
        (unknown.status, &unknown.body),
        "a revoked link answers like an unknown one"
    );
}

#[actix_web::test]
async fn a_menu_switched_private_disappears_from_every_public_route_at_once() {
    let app = SecurityApp::new().await;
    let f = Fixture::create(&app).await;
    let uri = format!("/api/public/menus/{}", f.public_slug);
    assert_eq!(public(&app, &uri).await.status, StatusCode::OK);

    app.expect(
        &f.owner.access,
        "PATCH",
        &format!("/api/menus/{}", f.public_menu),
        Some(json!({"is_public": false})),
        StatusCode::OK,
    )
    .await;

    assert_missing(&public(&app, &uri).await, "Menu not found", "the menu");
    assert_missing(
        &public(&app, &format!("{uri}/lineage")).await,
        "Menu not found",
        "its lineage",
    );
    let fork = app
        .send_as(
            Some(&f.stranger.access),
            TestRequest::post()
                .uri(&format!("/api/menus/{}/fork", f.public_menu))
                .set_json(json!({})),
        )
        .await;
    assert_missing(&fork, "Menu not found", "forking it as another user");
}
