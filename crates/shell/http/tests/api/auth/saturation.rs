//! Logins beyond the password hashing pool (one worker, one waiting place) are refused
//! at once with 503 and `Retry-After` instead of queuing (issue 13 item 5), and the
//! dummy verification of unknown emails takes its place in the same pool.

use actix_web::http::StatusCode;
use actix_web::test;
use serde_json::{Value, json};
use tastebuds_http::build_app;

use super::support::{PASSWORD, TestApp, post_json, test_settings};

/// Concurrent logins: more than the pool admits, so most are refused.
const LOGINS: usize = 8;

#[actix_web::test]
async fn logins_beyond_the_hashing_pool_get_503_with_retry_after() {
    let mut settings = test_settings();
    // A real cost, so that the admitted verifications are still running while the
    // others arrive; one worker and one waiting place.
    settings.auth.bcrypt_cost = 12;
    settings.auth.hash_workers = Some(1);
    settings.auth.hash_queue = 1;
    let app = TestApp::with(settings);
    assert_eq!(
        app.register("known@example.com").await.status,
        StatusCode::OK
    );
    let service = test::init_service(build_app(app.state.clone())).await;

    // One known user, the rest unknown emails (the dummy verification).
    let requests = (0..LOGINS).map(|n| {
        let email = if n == 0 {
            "known@example.com".to_owned()
        } else {
            format!("nobody{n}@example.com")
        };
        test::call_service(
            &service,
            post_json(
                "/api/auth/login",
                &json!({"email": email, "password": PASSWORD}),
            )
            .to_request(),
        )
    });
    let responses = futures_util::future::join_all(requests).await;

    let mut refused = 0;
    let mut refused_unknown = 0;
    for (n, response) in responses.into_iter().enumerate() {
        let status = response.status();
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        let body: Value = test::read_body_json(response).await;
        match status {
            StatusCode::SERVICE_UNAVAILABLE => {
                refused += 1;
                if n > 0 {
                    refused_unknown += 1;
                }
                assert_eq!(
                    body,
                    json!({"detail": "Too many sign-ins in progress, try again shortly"})
                );
                let seconds: u64 = retry_after
                    .expect("a Retry-After header")
                    .parse()
                    .expect("whole seconds");
                assert!(seconds >= 1, "Retry-After {seconds}");
            }
            StatusCode::OK => assert_eq!(n, 0, "only the known user can sign in"),
            StatusCode::UNAUTHORIZED => {
                assert!(n > 0, "the known user's password is right");
                assert_eq!(body, json!({"detail": "Invalid credentials"}));
            }
            other => panic!("unexpected {other} for login {n}: {body}"),
        }
    }
    // The pool admits two jobs (one running, one waiting): the rest are refused, and
    // unknown emails are among them, so their dummy verification queues in the same
    // pool.
    assert!(refused >= LOGINS - 2, "{refused} of {LOGINS} refused");
    assert!(
        refused_unknown >= LOGINS - 3,
        "{refused_unknown} unknown refused"
    );

    // Once the pool has drained, the known user signs in again.
    assert_eq!(
        app.login("known@example.com", PASSWORD).await.status,
        StatusCode::OK
    );
}
