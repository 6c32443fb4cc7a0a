//! Share links (API.md §2.9, §2.10): create, list, revoke; the draft view counts
//! accesses and honours expiry and revocation.

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use chrono::{DateTime, TimeDelta, Utc};
use serde_json::json;

use super::public::mentions_owner;
use super::support::{MenuApp, column, expect, id};
use crate::auth::support::{assert_detail, bearer};

fn timestamp(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("an RFC 3339 timestamp")
        .with_timezone(&Utc)
}

#[actix_web::test]
async fn a_share_link_opens_a_private_menu_and_counts_each_access() {
    let app = MenuApp::new();
    let token = app.user().await;
    let media = app.media("Shared").await;
    let menu = app
        .create_menu(
            &token,
            &json!({"title": "Secret", "courses": [{"title": "A", "position": 1, "items": [
                {"media_item_id": media, "position": 1}
            ]}]}),
        )
        .await;
    let menu_id = id(&menu, "/id");

    // The web app posts without a body.
    let created = app
        .send(
            TestRequest::post()
                .uri(&format!("/api/menus/{menu_id}/share-tokens"))
                .insert_header(bearer(&token))
                .insert_header(("content-type", "application/json")),
        )
        .await;
    let created = expect(&created, StatusCode::CREATED);
    let secret = id(&created, "/token");
    assert_eq!(secret.len(), 32);
    assert!(
        secret
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    );
    assert_eq!(created["menu_id"], json!(menu_id));
    assert_eq!(created["access_count"], 0);
    assert_eq!(created["revoked_at"], json!(null));
    assert_eq!(created["last_accessed_at"], json!(null));
    let lifetime =
        timestamp(&id(&created, "/expires_at")) - timestamp(&id(&created, "/created_at"));
    assert_eq!(lifetime, TimeDelta::days(7));

    for count in 1..=2 {
        let opened = app
            .anonymous_get(&format!("/api/public/menus/draft/{secret}"))
            .await;
        let opened = expect(&opened, StatusCode::OK);
        assert!(!mentions_owner(&opened), "{opened}");
        assert_eq!(opened["menu"]["id"], json!(menu_id));
        assert_eq!(opened["menu"]["is_public"], false);
        assert_eq!(
            opened["menu"]["courses"][0]["items"][0]["media_item"]["title"],
            "Shared"
        );
        assert_eq!(opened["share_token_id"], created["id"]);
        assert_eq!(opened["share_token_expires_at"], created["expires_at"]);
        let listed = expect(
            &app.get(&token, &format!("/api/menus/{menu_id}/share-tokens"))
                .await,
            StatusCode::OK,
        );
        assert_eq!(listed[0]["access_count"], count);
        assert!(listed[0]["last_accessed_at"].is_string());
    }
}

#[actix_web::test]
async fn expired_and_revoked_links_do_not_open_and_are_still_listed() {
    let app = MenuApp::new();
    let token = app.user().await;
    let menu = app.menu(&token, "Links").await;
    let uri = format!("/api/menus/{}/share-tokens", id(&menu, "/id"));
    let past = (Utc::now() - TimeDelta::hours(1)).to_rfc3339();

    let expired = expect(
        &app.post(&token, &uri, &json!({"expires_at": past})).await,
        StatusCode::CREATED,
    );
    let revoked = expect(
        &app.post(&token, &uri, &json!({})).await,
        StatusCode::CREATED,
    );
    let never = expect(
        &app.post(&token, &uri, &json!({"expires_at": "2999-01-01T00:00:00"}))
            .await,
        StatusCode::CREATED,
    );
    assert_eq!(never["expires_at"], "2999-01-01T00:00:00Z");

    let draft = |secret: String| format!("/api/public/menus/draft/{secret}");
    let answer = app.anonymous_get(&draft(id(&expired, "/token"))).await;
    assert_detail(&answer, StatusCode::NOT_FOUND, "Share link expired");

    let revoke_uri = format!("{uri}/{}", id(&revoked, "/id"));
    assert_eq!(
        app.delete(&token, &revoke_uri).await.status,
        StatusCode::NO_CONTENT
    );
    let listed = expect(&app.get(&token, &uri).await, StatusCode::OK);
    let first_revocation = listed
        .as_array()
        .expect("tokens")
        .iter()
        .find(|t| t["id"] == revoked["id"])
        .expect("the revoked token")["revoked_at"]
        .clone();
    assert!(first_revocation.is_string());
    assert_eq!(
        app.delete(&token, &revoke_uri).await.status,
        StatusCode::NO_CONTENT
    );
    let answer = app.anonymous_get(&draft(id(&revoked, "/token"))).await;
    assert_detail(&answer, StatusCode::NOT_FOUND, "Share link not found");
    let answer = app.anonymous_get(&draft("x".repeat(32))).await;
    assert_detail(&answer, StatusCode::NOT_FOUND, "Share link not found");

    let listed = expect(&app.get(&token, &uri).await, StatusCode::OK);
    assert_eq!(
        column(&listed, "", "id"),
        vec![
            never["id"].clone(),
            revoked["id"].clone(),
            expired["id"].clone()
        ],
        "newest first, revoked and expired included"
    );
    assert_eq!(
        listed[1]["revoked_at"], first_revocation,
        "revoking again keeps the time"
    );
    assert_eq!(listed[2]["access_count"], 0, "failed opens count nothing");
    let unknown = app
        .delete(&token, &format!("{uri}/{}", uuid::Uuid::now_v7()))
        .await;
    assert_detail(&unknown, StatusCode::NOT_FOUND, "Share token not found");
}

#[actix_web::test]
async fn a_secret_no_link_could_have_is_share_link_not_found_not_a_500() {
    let app = MenuApp::new();
    let too_long = "a".repeat(65);

    for secret in ["abc%00def", "abc%20def", too_long.as_str()] {
        let answer = app
            .anonymous_get(&format!("/api/public/menus/draft/{secret}"))
            .await;
        assert_detail(&answer, StatusCode::NOT_FOUND, "Share link not found");
    }
}
