//! `GET /api/auth/sessions` and `POST /api/auth/sessions/{token_id}/revoke` (API.md §2.2).

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use serde_json::Value;

use super::support::{
    PASSWORD, TestApp, assert_detail, bearer, cookie_header, post_empty_json, text,
};

async fn list(app: &TestApp, access: &str, query: &str, refresh_cookie: Option<&str>) -> Value {
    let mut request = TestRequest::get()
        .uri(&format!("/api/auth/sessions{query}"))
        .insert_header(bearer(access));
    if let Some(token) = refresh_cookie {
        request = request.insert_header(cookie_header(&[("refresh_token", token)]));
    }
    let answer = app.send(request).await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
    answer.json()
}

fn ids(sessions: &Value) -> Vec<String> {
    sessions
        .as_array()
        .expect("a list")
        .iter()
        .map(|session| text(session, "/id"))
        .collect()
}

async fn revoke(app: &TestApp, access: &str, id: &str) -> crate::helpers::Answer {
    app.send(
        post_empty_json(&format!("/api/auth/sessions/{id}/revoke")).insert_header(bearer(access)),
    )
    .await
}

#[actix_web::test]
async fn sessions_are_listed_newest_first_with_the_current_one_marked() {
    let app = TestApp::new();
    let first = app.signed_up("sessions@example.com").await;
    let second = app.login("sessions@example.com", PASSWORD).await.json();
    let access = text(&second, "/access_token");

    let sessions = list(&app, &access, "", Some(&text(&first, "/refresh_token"))).await;

    let [newest, oldest] = sessions.as_array().expect("a list").as_slice() else {
        panic!("two sessions: {sessions}");
    };
    assert_eq!(newest["is_current"], false);
    assert_eq!(oldest["is_current"], true, "the cookie's session");
    for session in [newest, oldest] {
        assert_eq!(session["is_active"], true);
        assert_eq!(session["revoked_at"], Value::Null);
        assert_eq!(session["revoked_reason"], Value::Null);
        assert_eq!(session["replaced_by_token_id"], Value::Null);
        assert_eq!(session.as_object().expect("an object").len(), 8);
    }
    assert!(text(newest, "/created_at") >= text(oldest, "/created_at"));
}

#[actix_web::test]
async fn revoked_sessions_show_only_on_request_with_lenient_flags() {
    let app = TestApp::new();
    let first = app.signed_up("filters@example.com").await;
    let access = text(&first, "/access_token");
    let rotated = app.refresh_with_body(&text(&first, "/refresh_token")).await;
    assert_eq!(rotated.status, StatusCode::OK);
    let successor = rotated.json();

    let active = list(&app, &access, "", None).await;
    assert_eq!(active.as_array().map(Vec::len), Some(1));

    for flag in ["true", "1", "yes", "on", "TRUE"] {
        let all = list(&app, &access, &format!("?include_revoked={flag}"), None).await;
        assert_eq!(ids(&all).len(), 2, "include_revoked={flag}");
        let old = &all[1];
        assert_eq!(old["revoked_reason"], "rotated");
        assert_eq!(old["is_active"], false);
        assert_eq!(old["replaced_by_token_id"], all[0]["id"]);
    }
    for flag in ["false", "0", "no", "off"] {
        let filtered = list(
            &app,
            &access,
            &format!("?include_revoked={flag}&include_expired={flag}"),
            None,
        )
        .await;
        assert_eq!(ids(&filtered).len(), 1, "{flag}");
    }
    assert_eq!(
        ids(&list(&app, &access, "?include_expired=1", None).await).len(),
        1,
        "nothing has expired"
    );

    let bad = app
        .send(
            TestRequest::get()
                .uri("/api/auth/sessions?include_revoked=maybe")
                .insert_header(bearer(&text(&successor, "/access_token"))),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let item = &bad.json()["detail"][0];
    assert_eq!(item["type"], "bool_parsing");
    assert_eq!(item["loc"], serde_json::json!(["query", "include_revoked"]));
}

#[actix_web::test]
async fn revoking_a_session_ends_it_and_another_users_session_is_not_found() {
    let app = TestApp::new();
    let ada = app.signed_up("ada@example.com").await;
    let bob = app.signed_up("bob@example.com").await;
    let ada_access = text(&ada, "/access_token");
    let bob_access = text(&bob, "/access_token");
    let ada_session = ids(&list(&app, &ada_access, "", None).await).remove(0);

    let foreign = revoke(&app, &bob_access, &ada_session).await;
    assert_detail(&foreign, StatusCode::NOT_FOUND, "Session not found");

    let own = revoke(&app, &ada_access, &ada_session).await;
    assert_eq!(own.status, StatusCode::NO_CONTENT);
    assert!(own.body.is_empty());
    let refresh = app.refresh_with_body(&text(&ada, "/refresh_token")).await;
    assert_eq!(
        refresh.status,
        StatusCode::UNAUTHORIZED,
        "the session is over"
    );
    let listed = list(&app, &ada_access, "?include_revoked=true", None).await;
    assert_eq!(listed[0]["revoked_reason"], "user_revoked");

    let again = revoke(&app, &ada_access, &ada_session).await;
    assert_detail(&again, StatusCode::NOT_FOUND, "Session not found");
    let unknown = revoke(&app, &ada_access, &uuid::Uuid::now_v7().to_string()).await;
    assert_detail(&unknown, StatusCode::NOT_FOUND, "Session not found");
}

#[actix_web::test]
async fn session_routes_need_a_signed_in_caller() {
    let app = TestApp::new();

    for request in [
        TestRequest::get().uri("/api/auth/sessions"),
        post_empty_json(&format!(
            "/api/auth/sessions/{}/revoke",
            uuid::Uuid::now_v7()
        )),
        post_empty_json("/api/auth/sessions/not-a-uuid/revoke"),
    ] {
        let answer = app.send(request).await;
        assert_detail(&answer, StatusCode::UNAUTHORIZED, "Invalid token");
    }
}
