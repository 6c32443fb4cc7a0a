//! Concurrent refreshes of one refresh token (API.md §5.1): exactly one rotation wins;
//! every other request presents a token that is by then rotated, which is reuse, so it
//! is answered 401 and the whole chain, the winner's successor included, is revoked.

use reqwest::Method;
use serde_json::json;

use super::live::{LiveApp, all_at_once, assert_no_server_errors, send, text};

#[actix_web::test]
async fn ten_concurrent_refreshes_of_one_token_have_exactly_one_winner() {
    let app = LiveApp::start().await;
    let pair = app.sign_up("racer@example.com").await;
    let token = text(&pair, "/refresh_token");

    let requests = (0..10)
        .map(|_| {
            app.request(
                Method::POST,
                "/api/auth/refresh",
                None,
                Some(&json!({"refresh_token": token})),
            )
        })
        .collect();
    let replies = all_at_once(requests).await;

    assert_no_server_errors(&replies, "refreshes");
    let winners: Vec<_> = replies.iter().filter(|reply| reply.status == 200).collect();
    assert_eq!(winners.len(), 1, "exactly one winner: {replies:?}");
    for loser in replies.iter().filter(|reply| reply.status != 200) {
        assert_eq!(
            (loser.status, &loser.body),
            (401, &json!({"detail": "Invalid or expired refresh token"}))
        );
    }
    assert_eq!(
        app.count("SELECT count(*) FROM refresh_tokens"),
        2,
        "the presented session and exactly one successor"
    );
    assert_eq!(
        app.count(
            "SELECT count(*) FROM refresh_tokens WHERE revoked_reason = 'rotated' \
             AND replaced_by_token_id IS NOT NULL"
        ),
        1,
        "the presented token was rotated once, linked to its successor"
    );
    // §5.1 reuse detection: the losers presented a rotated token, so the winner's
    // successor is revoked too; neither token works any more.
    assert_eq!(
        app.count("SELECT count(*) FROM refresh_tokens WHERE revoked_at IS NULL"),
        0,
        "no live session is left in the chain"
    );
    for presented in [token, text(&winners[0].body, "/refresh_token")] {
        let again = send(app.request(
            Method::POST,
            "/api/auth/refresh",
            None,
            Some(&json!({"refresh_token": presented})),
        ))
        .await;
        assert_eq!(again.status, 401, "{}", again.body);
    }
    // Access tokens are stateless (§1.3): the winner's still works until it expires.
    let me = send(app.request(
        Method::GET,
        "/api/me",
        Some(&text(&winners[0].body, "/access_token")),
        None,
    ))
    .await;
    assert_eq!(me.status, 200, "{}", me.body);
    app.stop().await;
}
