//! Two refreshes racing with one token through HTTP (API.md §5.1): exactly one wins.

use actix_web::http::StatusCode;
use actix_web::test;
use tastebuds_http::build_app;

use super::support::{TestApp, post_json, text};

#[actix_web::test]
async fn a_double_refresh_has_exactly_one_winner_and_kills_the_chain() {
    let app = TestApp::new();
    let pair = app.signed_up("race@example.com").await;
    let token = text(&pair, "/refresh_token");
    let service = test::init_service(build_app(app.state.clone())).await;
    let request = || {
        post_json(
            "/api/auth/refresh",
            &serde_json::json!({"refresh_token": token}),
        )
        .to_request()
    };

    let (first, second) = futures_util::future::join(
        test::call_service(&service, request()),
        test::call_service(&service, request()),
    )
    .await;

    let mut statuses = [first.status(), second.status()];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::UNAUTHORIZED]);
    let winner = if first.status() == StatusCode::OK {
        first
    } else {
        second
    };
    let body: serde_json::Value = test::read_body_json(winner).await;
    // The loser saw a rotated token: reuse, so the winner's successor is revoked too.
    let successor = app.refresh_with_body(&text(&body, "/refresh_token")).await;
    assert_eq!(successor.status, StatusCode::UNAUTHORIZED);
}
