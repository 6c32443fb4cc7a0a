//! Refresh-session rows past their retention are purged (issue 14 item 6): by the
//! service call the schedule makes, and by the server's own schedule; and the sessions
//! list is capped at the newest [`MAX_LISTED_SESSIONS`].

use std::time::Duration;

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use diesel::RunQueryDsl as _;
use diesel::sql_types::{Integer, Text, Uuid as SqlUuid};
use tastebuds_accounts::MAX_LISTED_SESSIONS;
use tastebuds_testkit::TestDb;
use uuid::Uuid;

use super::support::{TestApp, bearer, text};
use crate::concurrency::live::LiveApp;
use crate::helpers::fast_auth_settings;

/// Inserts a session of `user` created `created_days_ago` days ago that expired (or
/// expires, when negative) `expired_days_ago` days ago; returns its id.
fn insert_session(db: &TestDb, user: Uuid, created_days_ago: i32, expired_days_ago: i32) -> Uuid {
    let id = Uuid::now_v7();
    diesel::sql_query(
        "INSERT INTO refresh_tokens (id, user_id, token_hash, created_at, expires_at) \
         VALUES ($1, $2, $3, now() - make_interval(days => $4), \
                 now() - make_interval(days => $5))",
    )
    .bind::<SqlUuid, _>(id)
    .bind::<SqlUuid, _>(user)
    .bind::<Text, _>(format!("{:064x}", id.as_u128()))
    .bind::<Integer, _>(created_days_ago)
    .bind::<Integer, _>(expired_days_ago)
    .execute(&mut db.connect())
    .expect("insert a session");
    id
}

fn sessions(db: &TestDb) -> i64 {
    tastebuds_testkit::count(&mut db.connect(), "SELECT count(*) FROM refresh_tokens")
}

#[actix_web::test]
async fn a_purge_deletes_only_sessions_expired_longer_than_the_retention() {
    let mut settings = fast_auth_settings();
    settings.auth.session_retention_days = 10;
    let app = TestApp::with(settings.validate().expect("valid settings"));
    let pair = app.signed_up("keeper@example.com").await;
    let user: Uuid = text(&pair, "/user/id").parse().expect("a user id");
    let gone = insert_session(&app.db, user, 30, 11);
    let kept = insert_session(&app.db, user, 15, 9);

    let purged = app.state.accounts.purge_sessions().await.expect("purge");

    assert_eq!(purged, 1);
    let answer = app
        .send(
            TestRequest::get()
                .uri("/api/auth/sessions?include_expired=true&include_revoked=true")
                .insert_header(bearer(&text(&pair, "/access_token"))),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    let listed: Vec<String> = answer
        .json()
        .as_array()
        .expect("a list")
        .iter()
        .map(|session| text(session, "/id"))
        .collect();
    assert_eq!(listed.len(), 2, "the sign-up session and the kept one");
    assert!(listed.contains(&kept.to_string()));
    assert!(!listed.contains(&gone.to_string()));
}

#[actix_web::test]
async fn the_server_purges_expired_sessions_when_it_starts() {
    let user = Uuid::now_v7();
    let app = LiveApp::prepared(fast_auth_settings(), Vec::new(), |db| {
        diesel::sql_query(
            "INSERT INTO users (id, email, hashed_password) VALUES ($1, 'old@example.com', 'x')",
        )
        .bind::<SqlUuid, _>(user)
        .execute(&mut db.connect())
        .expect("insert a user");
        insert_session(db, user, 60, 45);
        insert_session(db, user, 1, -6);
    })
    .await;

    // `serve`'s schedule runs its first purge as the server starts, without any request.
    let mut waited = 0;
    while sessions(&app.db) > 1 && waited < 200 {
        tokio::time::sleep(Duration::from_millis(50)).await;
        waited += 1;
    }

    assert_eq!(sessions(&app.db), 1, "the live session is kept");
    app.stop().await;
}

#[actix_web::test]
async fn the_purge_schedule_keeps_purging() {
    let app = LiveApp::start().await;
    let pair = app.sign_up("scheduled@example.com").await;
    let user: Uuid = text(&pair, "/user/id").parse().expect("a user id");
    insert_session(&app.db, user, 60, 45);
    assert_eq!(sessions(&app.db), 2);

    // The server's first purge ran before this row existed; the schedule the server
    // runs, at a period a test can wait for, purges it at a later tick.
    let purge = tastebuds_http::maintenance::spawn_session_purge(
        app.state.accounts.clone(),
        Duration::from_millis(50),
    );
    let mut waited = 0;
    while sessions(&app.db) > 1 && waited < 200 {
        tokio::time::sleep(Duration::from_millis(50)).await;
        waited += 1;
    }
    purge.abort();

    assert_eq!(
        sessions(&app.db),
        1,
        "only the live sign-up session is left"
    );
    app.stop().await;
}

#[actix_web::test]
async fn the_sessions_list_is_capped_at_the_newest() {
    let app = TestApp::new();
    let pair = app.signed_up("busy@example.com").await;
    let user: Uuid = text(&pair, "/user/id").parse().expect("a user id");
    for days_ago in 1..=110 {
        insert_session(&app.db, user, days_ago, -1);
    }

    let answer = app
        .send(
            TestRequest::get()
                .uri("/api/auth/sessions")
                .insert_header(bearer(&text(&pair, "/access_token"))),
        )
        .await;

    assert_eq!(answer.status, StatusCode::OK);
    let listed = answer.json();
    let listed = listed
        .as_array()
        .expect("a bare array, as API.md §1.5 fixes");
    assert_eq!(listed.len(), MAX_LISTED_SESSIONS);
    assert_eq!(
        listed[0]["is_active"], true,
        "the newest (the sign-up session) comes first"
    );
    assert_eq!(sessions(&app.db), 111, "the cap hides, it deletes nothing");
}
