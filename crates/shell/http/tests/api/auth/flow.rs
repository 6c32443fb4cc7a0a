//! Register, sign in, refresh with rotation and reuse detection, log out (API.md §2.2,
//! §5.1).

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use serde_json::json;

use super::support::{
    PASSWORD, TestApp, assert_clears_cookies, assert_detail, cookie_header, delete_users,
    post_empty_json, post_json, set_cookie, set_cookies, text,
};

#[actix_web::test]
async fn register_answers_a_token_pair_and_sets_both_cookies() {
    let app = TestApp::new();

    let answer = app.register("  Ada@Example.COM ").await;

    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
    let body = answer.json();
    assert_eq!(body["token_type"], "bearer");
    assert_eq!(
        body["user"]["email"], "ada@example.com",
        "stored lowercased"
    );
    assert_eq!(body["user"]["display_name"], "Ada");
    let keys: Vec<&String> = body["user"].as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 4, "{keys:?}");
    assert!(text(&body, "/user/created_at").ends_with('Z'));
    assert_eq!(text(&body, "/refresh_token").len(), 86);

    let access = set_cookie(&answer, "access_token");
    assert_eq!(access.value(), text(&body, "/access_token"));
    let refresh = set_cookie(&answer, "refresh_token");
    assert_eq!(refresh.value(), text(&body, "/refresh_token"));
    for (cookie, max_age) in [(access, 1_800), (refresh, 604_800)] {
        assert_eq!(cookie.path(), Some("/"));
        assert_eq!(cookie.http_only(), Some(true));
        assert_eq!(cookie.same_site(), Some(actix_web::cookie::SameSite::Lax));
        assert_eq!(cookie.domain(), None, "host-only");
        assert_eq!(cookie.secure(), None, "not Secure outside production");
        assert_eq!(
            cookie.max_age(),
            Some(actix_web::cookie::time::Duration::seconds(max_age))
        );
    }
}

#[actix_web::test]
async fn production_cookies_are_secure() {
    let settings = tastebuds_http::Settings {
        environment: tastebuds_http::settings::Environment::Production,
        ..super::support::test_settings()
    };
    let app = TestApp::with(settings);

    let answer = app.register("secure@example.com").await;

    assert_eq!(answer.status, StatusCode::OK);
    for cookie in set_cookies(&answer) {
        assert_eq!(cookie.secure(), Some(true), "{cookie}");
    }
}

#[actix_web::test]
async fn register_me_refresh_reuse_then_sign_in_again() {
    let app = TestApp::new();

    // Register, then read the account with the access token.
    let first = app.signed_up("flow@example.com").await;
    let me = app.me(&text(&first, "/access_token")).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json(), first["user"]);

    // Refresh: a new pair, the presented token rotated.
    let refreshed = app.refresh_with_body(&text(&first, "/refresh_token")).await;
    assert_eq!(refreshed.status, StatusCode::OK, "{:?}", refreshed.body);
    let second = refreshed.json();
    assert_ne!(second["refresh_token"], first["refresh_token"]);
    assert_eq!(second["user"], first["user"]);
    assert_eq!(set_cookies(&refreshed).len(), 2);
    let me = app.me(&text(&second, "/access_token")).await;
    assert_eq!(me.status, StatusCode::OK);

    // Reusing the rotated token fails, clears the cookies and kills the chain.
    let reused = app.refresh_with_body(&text(&first, "/refresh_token")).await;
    assert_detail(
        &reused,
        StatusCode::UNAUTHORIZED,
        "Invalid or expired refresh token",
    );
    assert_clears_cookies(&reused);
    let newest = app
        .refresh_with_body(&text(&second, "/refresh_token"))
        .await;
    assert_detail(
        &newest,
        StatusCode::UNAUTHORIZED,
        "Invalid or expired refresh token",
    );

    // Signing in again starts a fresh session that refreshes from its cookie, with the
    // empty JSON body the web app sends.
    let login = app.login("FLOW@example.com", PASSWORD).await;
    assert_eq!(login.status, StatusCode::OK, "{:?}", login.body);
    let cookie = set_cookie(&login, "refresh_token");
    let by_cookie = app
        .send(
            post_empty_json("/api/auth/refresh")
                .insert_header(cookie_header(&[("refresh_token", cookie.value())])),
        )
        .await;
    assert_eq!(by_cookie.status, StatusCode::OK, "{:?}", by_cookie.body);
}

#[actix_web::test]
async fn the_body_token_wins_over_the_cookie() {
    let app = TestApp::new();
    let pair = app.signed_up("body@example.com").await;
    let token = text(&pair, "/refresh_token");

    let body_wins = app
        .send(
            post_json("/api/auth/refresh", &json!({"refresh_token": "bogus"}))
                .insert_header(cookie_header(&[("refresh_token", &token)])),
        )
        .await;
    assert_detail(
        &body_wins,
        StatusCode::UNAUTHORIZED,
        "Invalid or expired refresh token",
    );

    // An empty body token falls back to the cookie (and the token is still unused).
    let empty_body = app
        .send(
            post_json("/api/auth/refresh", &json!({"refresh_token": ""}))
                .insert_header(cookie_header(&[("refresh_token", &token)])),
        )
        .await;
    assert_eq!(empty_body.status, StatusCode::OK, "{:?}", empty_body.body);
}

#[actix_web::test]
async fn refresh_without_any_token_is_missing_and_keeps_the_cookies() {
    let app = TestApp::new();

    for request in [
        post_empty_json("/api/auth/refresh"),
        post_json("/api/auth/refresh", &json!({})),
        post_empty_json("/api/auth/refresh").insert_header(cookie_header(&[("refresh_token", "")])),
    ] {
        let answer = app.send(request).await;

        assert_detail(&answer, StatusCode::UNAUTHORIZED, "Missing refresh token");
        assert!(set_cookies(&answer).is_empty());
    }
}

#[actix_web::test]
async fn logout_revokes_only_its_own_session_and_clears_the_cookies() {
    let app = TestApp::new();
    let first = app.signed_up("logout@example.com").await;
    let second = app.login("logout@example.com", PASSWORD).await.json();
    let first_token = text(&first, "/refresh_token");
    let second_token = text(&second, "/refresh_token");

    // A token in the body is ignored: logout reads the cookie only.
    let body_only = app
        .send(post_json(
            "/api/auth/logout",
            &json!({"refresh_token": second_token}),
        ))
        .await;
    assert_eq!(body_only.status, StatusCode::NO_CONTENT);
    assert_clears_cookies(&body_only);

    let answer = app
        .send(
            post_empty_json("/api/auth/logout")
                .insert_header(cookie_header(&[("refresh_token", &first_token)])),
        )
        .await;

    assert_eq!(answer.status, StatusCode::NO_CONTENT);
    assert!(answer.body.is_empty());
    assert_clears_cookies(&answer);
    let revoked = app.refresh_with_body(&first_token).await;
    assert_eq!(revoked.status, StatusCode::UNAUTHORIZED);
    let other = app.refresh_with_body(&second_token).await;
    assert_eq!(other.status, StatusCode::OK, "the other session lives on");

    // Without a cookie, or with one already revoked, it is still a 204.
    for request in [
        TestRequest::post().uri("/api/auth/logout"),
        post_empty_json("/api/auth/logout")
            .insert_header(cookie_header(&[("refresh_token", &first_token)])),
    ] {
        let again = app.send(request).await;
        assert_eq!(again.status, StatusCode::NO_CONTENT);
        assert_clears_cookies(&again);
    }
}

#[actix_web::test]
async fn a_taken_email_is_refused_whatever_its_case() {
    let app = TestApp::new();
    app.signed_up("A@x.io").await;

    let answer = app.register("a@x.io").await;

    assert_detail(&answer, StatusCode::BAD_REQUEST, "Email already registered");
}

#[actix_web::test]
async fn wrong_password_and_unknown_email_are_the_same_401() {
    let app = TestApp::new();
    app.signed_up("known@example.com").await;

    let wrong_password = app.login("known@example.com", "not the password").await;
    let unknown_email = app.login("nobody@example.com", PASSWORD).await;

    for answer in [wrong_password, unknown_email] {
        assert_detail(&answer, StatusCode::UNAUTHORIZED, "Invalid credentials");
        assert!(answer.header("www-authenticate").is_none());
        assert!(set_cookies(&answer).is_empty());
    }
}

#[actix_web::test]
async fn a_refresh_after_the_user_is_deleted_is_refused_and_clears_the_cookies() {
    let app = TestApp::new();
    let pair = app.signed_up("gone@example.com").await;
    // Deleting the user cascades to its sessions, so the token is simply unknown then.
    delete_users(&app);

    let answer = app.refresh_with_body(&text(&pair, "/refresh_token")).await;

    assert_detail(
        &answer,
        StatusCode::UNAUTHORIZED,
        "Invalid or expired refresh token",
    );
    assert_clears_cookies(&answer);
}

#[actix_web::test]
async fn a_registration_that_fails_half_way_leaves_no_account_behind() {
    use diesel::connection::SimpleConnection as _;
    let app = TestApp::new();
    let mut conn = app.db.connect();
    // Storing the first session fails, after the user row went in.
    conn.batch_execute(
        "CREATE FUNCTION refuse_sessions() RETURNS trigger LANGUAGE plpgsql AS \
         $$ BEGIN RAISE EXCEPTION 'sessions are refused'; END $$; \
         CREATE TRIGGER refuse_sessions BEFORE INSERT ON refresh_tokens \
         FOR EACH ROW EXECUTE FUNCTION refuse_sessions();",
    )
    .expect("install the trigger");

    let failed = app.register("half@example.com").await;

    assert_detail(
        &failed,
        StatusCode::INTERNAL_SERVER_ERROR,
        "Internal server error",
    );
    assert!(set_cookies(&failed).is_empty());
    conn.batch_execute("DROP TRIGGER refuse_sessions ON refresh_tokens")
        .expect("drop the trigger");
    let retried = app.register("half@example.com").await;
    assert_eq!(
        retried.status,
        StatusCode::OK,
        "the email is free again: {:?}",
        retried.body
    );
}
