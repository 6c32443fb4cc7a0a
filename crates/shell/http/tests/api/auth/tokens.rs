//! Access tokens: what counts as a credential, and what is refused (API.md §1.3, §6.5).

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{TimeDelta, Utc};
use jsonwebtoken::{EncodingKey, Header};
use secrecy::SecretString;
use serde_json::json;
use tastebuds_accounts::TokenIssuer as _;
use tastebuds_auth::JwtTokenIssuer;
use tastebuds_kernel::UserId;

use super::support::{SECRET, TestApp, assert_detail, bearer, cookie_header, delete_users, text};

fn issuer() -> JwtTokenIssuer {
    JwtTokenIssuer::new(&SecretString::from(SECRET)).expect("issuer")
}

/// A JWT with these claims, signed HS256 with the app's secret.
fn signed(claims: &serde_json::Value) -> String {
    jsonwebtoken::encode(
        &Header::default(),
        claims,
        &EncodingKey::from_secret(SECRET.as_bytes()),
    )
    .expect("signing")
}

#[actix_web::test]
async fn refused_access_tokens_are_401_invalid_token() {
    let app = TestApp::new();
    let pair = app.signed_up("tokens@example.com").await;
    let access = text(&pair, "/access_token");
    let user: UserId = text(&pair, "/user/id").parse().expect("user id");
    let now = Utc::now();

    let tampered = {
        let (rest, signature) = access.rsplit_once('.').expect("a JWT");
        let flipped = if signature.starts_with('A') { 'B' } else { 'A' };
        format!("{rest}.{flipped}{}", &signature[1..])
    };
    let expired = issuer()
        .issue_access(user, now - TimeDelta::hours(2), now - TimeDelta::hours(1))
        .expect("token")
        .token;
    let unsigned = {
        let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
        let claims = json!({"sub": user.to_string(), "type": "access",
                            "iat": now.timestamp(), "exp": now.timestamp() + 600});
        format!("{header}.{}.", URL_SAFE_NO_PAD.encode(claims.to_string()))
    };
    let refresh_type = signed(&json!({"sub": user.to_string(), "type": "refresh",
                                      "iat": now.timestamp(), "exp": now.timestamp() + 600}));
    let opaque_refresh = text(&pair, "/refresh_token");
    let other_secret = {
        let other =
            JwtTokenIssuer::new(&SecretString::from("another-secret-of-thirty-two-bytes!!"))
                .expect("issuer");
        other
            .issue_access(user, now, now + TimeDelta::minutes(5))
            .expect("token")
            .token
    };

    for (case, token) in [
        ("tampered", tampered),
        ("expired", expired),
        ("alg none", unsigned),
        ("refresh type", refresh_type),
        ("refresh token as access", opaque_refresh),
        ("other secret", other_secret),
        ("garbage", "not-a-jwt".to_owned()),
    ] {
        let answer = app.me(&token).await;
        assert_detail(&answer, StatusCode::UNAUTHORIZED, "Invalid token");
        assert!(answer.header("www-authenticate").is_none(), "{case}");
    }

    let sanity = app.me(&access).await;
    assert_eq!(sanity.status, StatusCode::OK, "the genuine token works");
}

#[actix_web::test]
async fn a_missing_or_empty_credential_is_invalid_token_on_a_required_route() {
    let app = TestApp::new();

    for request in [
        TestRequest::get().uri("/api/me"),
        TestRequest::get()
            .uri("/api/me")
            .insert_header(cookie_header(&[("access_token", "")])),
        TestRequest::get()
            .uri("/api/me")
            .insert_header(("authorization", "Bearer ")),
    ] {
        let answer = app.send(request).await;
        assert_detail(&answer, StatusCode::UNAUTHORIZED, "Invalid token");
    }
}

#[actix_web::test]
async fn a_valid_token_of_a_deleted_user_is_user_not_found() {
    let app = TestApp::new();
    let pair = app.signed_up("deleted@example.com").await;
    delete_users(&app);

    let answer = app.me(&text(&pair, "/access_token")).await;

    assert_detail(&answer, StatusCode::UNAUTHORIZED, "User not found");
}

#[actix_web::test]
async fn the_bearer_header_beats_the_cookie() {
    let app = TestApp::new();
    let ada = app.signed_up("ada@example.com").await;
    let bob = app.signed_up("bob@example.com").await;

    let both = app
        .send(
            TestRequest::get()
                .uri("/api/me")
                .insert_header(bearer(&text(&bob, "/access_token")))
                .insert_header(cookie_header(&[(
                    "access_token",
                    &text(&ada, "/access_token"),
                )])),
        )
        .await;
    assert_eq!(both.status, StatusCode::OK);
    assert_eq!(both.json()["email"], "bob@example.com");

    let cookie_only = app
        .send(
            TestRequest::get()
                .uri("/api/me")
                .insert_header(cookie_header(&[(
                    "access_token",
                    &text(&ada, "/access_token"),
                )])),
        )
        .await;
    assert_eq!(cookie_only.json()["email"], "ada@example.com");

    let bad_header = app
        .send(
            TestRequest::get()
                .uri("/api/me")
                .insert_header(bearer("garbage"))
                .insert_header(cookie_header(&[(
                    "access_token",
                    &text(&ada, "/access_token"),
                )])),
        )
        .await;
    assert_detail(&bad_header, StatusCode::UNAUTHORIZED, "Invalid token");
}

#[actix_web::test]
async fn optional_auth_serves_empty_and_invalid_credentials_anonymously() {
    let app = TestApp::new();
    let pair = app.signed_up("health@example.com").await;

    for request in [
        TestRequest::get().uri("/api/health"),
        TestRequest::get()
            .uri("/api/health")
            .insert_header(cookie_header(&[("access_token", "")])),
        TestRequest::get()
            .uri("/api/health")
            .insert_header(cookie_header(&[("access_token", "stale.jwt.value")])),
        TestRequest::get()
            .uri("/health")
            .insert_header(bearer("garbage")),
    ] {
        let answer = app.send(request).await;
        assert_eq!(answer.status, StatusCode::OK);
        assert_eq!(answer.json(), json!({"status": "ok"}));
    }

    // A signed-in caller gets the ingestion detail.
    let answer = app
        .send(
            TestRequest::get()
                .uri("/api/health")
                .insert_header(cookie_header(&[(
                    "access_token",
                    &text(&pair, "/access_token"),
                )])),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.json(),
        json!({"status": "ok", "ingestion": {"sources": {}, "issues": []}})
    );
}

#[actix_web::test]
async fn an_empty_cookie_does_not_hide_a_live_one_nor_does_a_foreign_cookie() {
    let app = TestApp::new();
    let pair = app.signed_up("cookies@example.com").await;
    let access = text(&pair, "/access_token");

    for cookie in [
        // A stale, emptied copy sent before the live one.
        format!("access_token=; access_token={access}"),
        // Another cookie of the host that is not UTF-8.
        format!("theme=caf\u{e9}; access_token={access}"),
    ] {
        let value = actix_web::http::header::HeaderValue::from_bytes(
            &cookie
                .chars()
                .map(|c| u8::try_from(u32::from(c)).expect("Latin-1"))
                .collect::<Vec<u8>>(),
        )
        .expect("a header value");
        let answer = app
            .send(
                TestRequest::get()
                    .uri("/api/me")
                    .insert_header((actix_web::http::header::COOKIE, value)),
            )
            .await;

        assert_eq!(answer.status, StatusCode::OK, "{cookie}: {:?}", answer.body);
        assert_eq!(answer.json()["email"], "cookies@example.com");
    }
}

#[actix_web::test]
async fn two_authorization_headers_are_an_invalid_credential() {
    let app = TestApp::new();
    let pair = app.signed_up("twice@example.com").await;
    let access = text(&pair, "/access_token");
    let twice = |uri: &str| {
        TestRequest::get()
            .uri(uri)
            .append_header(bearer(&access))
            .append_header(bearer(&access))
    };

    let required = app.send(twice("/api/me")).await;
    assert_detail(&required, StatusCode::UNAUTHORIZED, "Invalid token");

    let optional = app.send(twice("/api/health")).await;
    assert_eq!(optional.status, StatusCode::OK);
    assert_eq!(
        optional.json(),
        json!({"status": "ok"}),
        "served anonymously"
    );
}
