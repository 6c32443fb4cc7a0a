//! Per-IP rate limits (API.md §1.7, §6.20), with tiny limits configured in code.

use std::collections::HashMap;
use std::time::Duration;

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use serde_json::json;
use tastebuds_http::Settings;
use tastebuds_http::rate_limit::RateLimit;
use tastebuds_http::settings::{ConfigInputs, RateLimitSettings};

use super::support::{TestApp, assert_detail, peer, post_json, test_settings};
use crate::helpers::Answer;

/// Test settings with limits on, trusting `10.0.0.1`: auth requests in a burst of two,
/// refilled at `auth` (default two a minute, so no request of a test refills in time).
fn limited_to(auth: RateLimit) -> Settings {
    Settings {
        rate_limit: RateLimitSettings {
            enabled: true,
            trusted_proxies: vec!["10.0.0.1".parse().expect("an address")],
            ..RateLimitSettings::default()
        }
        .with_limit("auth", auth),
        ..test_settings()
    }
}

fn limited() -> Settings {
    limited_to(RateLimit::new(2, 60_000))
}

/// A logout (no database work) from `client`, optionally forwarded for `forwarded`.
async fn logout_from(app: &TestApp, client: &str, forwarded: Option<&str>) -> Answer {
    let mut request = TestRequest::post()
        .uri("/api/auth/logout")
        .peer_addr(peer(client));
    if let Some(forwarded) = forwarded {
        request = request.insert_header(("x-forwarded-for", forwarded));
    }
    app.send(request).await
}

/// Asserts a 429 whose `Retry-After` (also in the message) is at most `most` seconds.
fn assert_refused_for(answer: &Answer, most: u64) {
    let seconds: u64 = answer
        .header("retry-after")
        .and_then(|value| value.parse().ok())
        .unwrap_or_else(|| panic!("a Retry-After in seconds: {:?}", answer.headers));
    assert!((1..=most).contains(&seconds), "Retry-After {seconds}");
    assert_detail(
        answer,
        StatusCode::TOO_MANY_REQUESTS,
        &format!("Too many requests, retry in {seconds} s"),
    );
}

/// A 429 under [`limited`]: the next request passes within 30 s.
fn assert_refused(answer: &Answer) {
    assert_refused_for(answer, 30);
}

#[actix_web::test]
async fn a_client_over_its_limit_gets_429_then_one_request_per_refill() {
    // A burst of two, then one more each second.
    let app = TestApp::with(limited_to(RateLimit::new(2, 2_000)));

    for _ in 0..2 {
        let allowed = logout_from(&app, "192.0.2.1:5000", None).await;
        assert_eq!(allowed.status, StatusCode::NO_CONTENT);
    }
    let refused = logout_from(&app, "192.0.2.1:5001", None).await;
    assert_refused_for(&refused, 1);

    // Other clients and other rules have their own buckets.
    let other_client = logout_from(&app, "192.0.2.2:5000", None).await;
    assert_eq!(other_client.status, StatusCode::NO_CONTENT);
    let other_rule = app
        .send(
            TestRequest::get()
                .uri("/health")
                .peer_addr(peer("192.0.2.1:5000")),
        )
        .await;
    assert_eq!(other_rule.status, StatusCode::OK);

    // After one refill period, one request passes, not a whole new burst.
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    let recovered = logout_from(&app, "192.0.2.1:5000", None).await;
    assert_eq!(recovered.status, StatusCode::NO_CONTENT);
    let again = logout_from(&app, "192.0.2.1:5000", None).await;
    assert_refused_for(&again, 1);
}

#[actix_web::test]
async fn a_drained_burst_refills_steadily_not_at_a_window_boundary() {
    // A burst of two per 2 s: one request back every second.
    let app = TestApp::with(limited_to(RateLimit::new(2, 2_000)));
    for _ in 0..2 {
        let allowed = logout_from(&app, "192.0.2.3:5000", None).await;
        assert_eq!(allowed.status, StatusCode::NO_CONTENT);
    }

    // Halfway through what a fixed window would be, one request has refilled.
    tokio::time::sleep(Duration::from_millis(1_200)).await;
    let refilled = logout_from(&app, "192.0.2.3:5000", None).await;
    assert_eq!(refilled.status, StatusCode::NO_CONTENT);

    // Just past the fixed window's end, only the next single request is back: no second
    // burst right after the first.
    tokio::time::sleep(Duration::from_millis(1_000)).await;
    let next = logout_from(&app, "192.0.2.3:5000", None).await;
    assert_eq!(next.status, StatusCode::NO_CONTENT);
    let burst = logout_from(&app, "192.0.2.3:5000", None).await;
    assert_refused_for(&burst, 1);
}

#[actix_web::test]
async fn forwarded_addresses_count_only_behind_a_trusted_proxy() {
    let app = TestApp::with(limited());

    // Behind the trusted proxy, each forwarded client has its own counter.
    for client in ["198.51.100.1", "198.51.100.2", "198.51.100.3"] {
        for _ in 0..2 {
            let answer = logout_from(&app, "10.0.0.1:443", Some(client)).await;
            assert_eq!(answer.status, StatusCode::NO_CONTENT, "{client}");
        }
    }

    // From anyone else the header is ignored: changing it does not reset the count.
    for forged in ["203.0.113.1", "203.0.113.2"] {
        let answer = logout_from(&app, "192.0.2.9:5000", Some(forged)).await;
        assert_eq!(answer.status, StatusCode::NO_CONTENT);
    }
    let refused = logout_from(&app, "192.0.2.9:5000", Some("203.0.113.3")).await;
    assert_refused(&refused);
}

#[actix_web::test]
async fn a_client_cannot_hide_behind_what_the_proxy_appends() {
    let app = TestApp::with(limited());

    // The trusted proxy appends the client with its port; the client rotates what it
    // claims to the left of it. The claims are not addresses the count goes by.
    for claimed in ["198.51.100.1", "198.51.100.2"] {
        let forwarded = format!("{claimed}, 203.0.113.9:5123");
        let answer = logout_from(&app, "10.0.0.1:443", Some(&forwarded)).await;
        assert_eq!(answer.status, StatusCode::NO_CONTENT, "{forwarded}");
    }
    let refused = logout_from(&app, "10.0.0.1:443", Some("198.51.100.3, 203.0.113.9:6000")).await;
    assert_refused(&refused);

    // A bracketed IPv6 client with a port is the same client as without.
    let app = TestApp::with(limited());
    for forwarded in ["[2001:db8::7]:443", "2001:db8::7"] {
        let answer = logout_from(&app, "10.0.0.1:443", Some(forwarded)).await;
        assert_eq!(answer.status, StatusCode::NO_CONTENT, "{forwarded}");
    }
    let refused = logout_from(&app, "10.0.0.1:443", Some("2001:db8::7")).await;
    assert_refused(&refused);

    // An entry that is no address leaves the client unknown: it counts as the proxy,
    // not as whatever the client wrote further left.
    let app = TestApp::with(limited());
    for claimed in ["198.51.100.4", "198.51.100.5"] {
        let forwarded = format!("{claimed}, unknown");
        let answer = logout_from(&app, "10.0.0.1:443", Some(&forwarded)).await;
        assert_eq!(answer.status, StatusCode::NO_CONTENT, "{forwarded}");
    }
    let refused = logout_from(&app, "10.0.0.1:443", Some("198.51.100.6, unknown")).await;
    assert_refused(&refused);
}

/// A login for an unknown email (401 once it reaches the handler) at `uri`, from `client`.
async fn login_at(app: &TestApp, uri: &str, client: &str) -> Answer {
    let body = json!({"email": "nobody@example.com", "password": "not a secret"});
    app.send(post_json(uri, &body).peer_addr(peer(client)))
        .await
}

#[actix_web::test]
async fn percent_encoding_the_path_does_not_dodge_the_auth_limit() {
    let app = TestApp::with(limited());
    let spellings = [
        "/api/%61uth/login",
        "/%61pi/auth/login",
        "/%61%70%69/%61%75%74%68/%6C%6F%67%69%6E",
    ];

    // Each spelling reaches login, and draws from the auth bucket like the plain path.
    for (index, uri) in spellings.into_iter().enumerate() {
        let client = format!("192.0.2.{}:5000", 40 + index);
        for _ in 0..2 {
            let answer = login_at(&app, uri, &client).await;
            assert_eq!(
                answer.status,
                StatusCode::UNAUTHORIZED,
                "{uri} reaches login"
            );
        }
        assert_refused(&login_at(&app, uri, &client).await);
    }

    // Spellings share the route's one bucket.
    let client = "192.0.2.50:5000";
    let plain = login_at(&app, "/api/auth/login", client).await;
    assert_eq!(plain.status, StatusCode::UNAUTHORIZED);
    let encoded = login_at(&app, "/api/%61uth/login", client).await;
    assert_eq!(encoded.status, StatusCode::UNAUTHORIZED);
    assert_refused(&login_at(&app, "/%61pi/auth/login", client).await);

    // An encoded slash stays encoded for the router too: it reaches no route at all.
    let slash = login_at(&app, "/api%2Fauth/login", "192.0.2.51:5000").await;
    assert_eq!(slash.status, StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn percent_encoding_the_path_does_not_dodge_the_general_limit() {
    let app = TestApp::with(Settings {
        rate_limit: limited()
            .rate_limit
            .with_limit("general", RateLimit::new(1, 60_000)),
        ..limited()
    });
    let health = |uri: &'static str| {
        TestRequest::get()
            .uri(uri)
            .peer_addr(peer("192.0.2.60:5000"))
    };

    let plain = app.send(health("/health")).await;
    assert_eq!(plain.status, StatusCode::OK);
    let encoded = app.send(health("/%68ealth")).await;
    assert_refused_for(&encoded, 60);
}

#[actix_web::test]
async fn limits_can_be_switched_off() {
    let app = TestApp::with(Settings {
        rate_limit: RateLimitSettings {
            enabled: false,
            ..limited().rate_limit
        },
        ..limited()
    });

    for _ in 0..10 {
        let answer = logout_from(&app, "192.0.2.1:5000", None).await;
        assert_eq!(answer.status, StatusCode::NO_CONTENT);
    }
}

#[test]
fn limits_are_on_by_default_and_configurable_one_number_at_a_time() {
    let defaults = Settings::load(&ConfigInputs::default()).expect("defaults load");
    assert!(defaults.rate_limit.enabled);
    assert_eq!(
        defaults.rate_limit.limit("auth"),
        Some(RateLimit::new(20, 240_000))
    );
    assert_eq!(
        defaults.rate_limit.limit("general"),
        Some(RateLimit::new(10, 1_000))
    );

    let env: HashMap<String, String> = [
        ("TASTEBUDS__RATE_LIMIT__ENABLED", "false"),
        ("TASTEBUDS__RATE_LIMIT__AUTH__MAX_REQUESTS", "100"),
        ("TASTEBUDS__RATE_LIMIT__SEARCH__WINDOW_MS", "500"),
    ]
    .into_iter()
    .map(|(key, value)| (key.to_owned(), value.to_owned()))
    .collect();
    let settings = Settings::load(&ConfigInputs { file: None, env }).expect("settings load");

    assert!(!settings.rate_limit.enabled);
    assert_eq!(
        settings.rate_limit.limit("auth"),
        Some(RateLimit::new(100, 240_000))
    );
    assert_eq!(
        settings.rate_limit.limit("search"),
        Some(RateLimit::new(5, 500))
    );
    assert_eq!(
        settings.rate_limit.limit("ops"),
        Some(RateLimit::new(2, 2_000))
    );
}

#[test]
fn a_zero_limit_is_refused_at_start_up() {
    let settings = Settings {
        rate_limit: RateLimitSettings::default().with_limit("ops", RateLimit::new(0, 1_000)),
        ..Settings::default()
    };

    let error = settings.validate().expect_err("a zero limit is invalid");

    assert!(
        error
            .problems
            .iter()
            .any(|problem| problem.starts_with("rate_limit.ops")),
        "{error}"
    );
}
