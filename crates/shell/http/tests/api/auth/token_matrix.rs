//! Token hardening over the finished API (issue 14 item 5): every operation whose
//! OpenAPI security *requires* a credential (bearer or cookie, no anonymous
//! alternative) is called with each kind of forged or stale access token, as a Bearer
//! header and as the `access_token` cookie, and must answer 401 `Invalid token`
//! (API.md §1.3) before it reads its path, query or body. The operations come from the
//! document, so a new authenticated route is covered the moment it is registered.

use actix_web::http::StatusCode;
use actix_web::http::header::CONTENT_TYPE;
use actix_web::test::{self, TestRequest};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{TimeDelta, Utc};
use jsonwebtoken::{EncodingKey, Header};
use serde_json::{Value, json};
use tastebuds_http::{build_app, openapi};
use tastebuds_kernel::UserId;

use super::support::{SECRET, TestApp, bearer, cookie_header, text};

/// `(method, path)` of every operation that requires a credential.
fn authenticated_operations() -> Vec<(String, String)> {
    let document = serde_json::to_value(openapi::document()).expect("the document serializes");
    let mut operations = Vec::new();
    for (path, item) in document["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("a path item") {
            let Some(security) = operation.get("security").and_then(Value::as_array) else {
                continue;
            };
            let anonymous_allowed = security
                .iter()
                .any(|requirement| requirement.as_object().is_some_and(|r| r.is_empty()));
            if !security.is_empty() && !anonymous_allowed {
                operations.push((method.to_uppercase(), path.clone()));
            }
        }
    }
    operations.sort();
    operations
}

/// The path with every `{parameter}` filled in with a plausible value: a fresh UUID for
/// ids, a real source for ingestion.
fn concrete(path: &str) -> String {
    let mut out = String::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let end = rest[start..].find('}').expect("a closing brace") + start;
        let name = &rest[start + 1..end];
        out.push_str(&match name {
            "source_name" => "google_books".to_owned(),
            _ => uuid::Uuid::now_v7().to_string(),
        });
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// Signs `claims` HS256 with `secret`.
fn signed_with(secret: &str, claims: &Value) -> String {
    jsonwebtoken::encode(
        &Header::default(),
        claims,
        &EncodingKey::from_secret(secret.as_bytes()),
    )
    .expect("signing")
}

/// Every way an access token can be wrong, each named.
fn bad_tokens(user: UserId, genuine: &str, refresh: &str) -> Vec<(&'static str, String)> {
    let now = Utc::now().timestamp();
    let claims = |token_type: &str, iat: i64, exp: i64| json!({"sub": user.to_string(), "type": token_type, "iat": iat, "exp": exp});
    let tampered = {
        // The payload changed (another subject), the genuine signature kept.
        let parts: Vec<&str> = genuine.split('.').collect();
        let payload = URL_SAFE_NO_PAD.encode(
            claims("access", now, now + 600)
                .to_string()
                .replace(&user.to_string(), &UserId::new().to_string()),
        );
        format!("{}.{payload}.{}", parts[0], parts[2])
    };
    let alg_none = {
        let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
        let payload = URL_SAFE_NO_PAD.encode(claims("access", now, now + 600).to_string());
        format!("{header}.{payload}.")
    };
    let minutes = |m: i64| TimeDelta::minutes(m).num_seconds();
    vec![
        (
            "expired",
            signed_with(
                SECRET,
                &claims("access", now - minutes(31), now - minutes(1)),
            ),
        ),
        ("tampered payload", tampered),
        ("alg none", alg_none),
        (
            "wrong key",
            signed_with(
                "another-secret-of-at-least-thirty-two-bytes",
                &claims("access", now, now + 600),
            ),
        ),
        (
            "refresh-typed JWT",
            signed_with(SECRET, &claims("refresh", now, now + 600)),
        ),
        ("opaque refresh token", refresh.to_owned()),
        (
            "issued in the future",
            signed_with(SECRET, &claims("access", now + 3600, now + 3600 + 600)),
        ),
        (
            "longer than the access lifetime",
            signed_with(SECRET, &claims("access", now, now + minutes(24 * 60))),
        ),
    ]
}

/// The request for `(method, path)` with a JSON body where one may be read.
fn request(method: &str, path: &str) -> TestRequest {
    let request = TestRequest::default()
        .method(method.parse().expect("an HTTP method"))
        .uri(&concrete(path));
    match method {
        "GET" | "DELETE" => request,
        _ => request
            .insert_header((CONTENT_TYPE, "application/json"))
            .set_payload("{}"),
    }
}

#[actix_web::test]
async fn every_authenticated_operation_refuses_every_bad_token_with_401() {
    let app = TestApp::new();
    let pair = app.signed_up("matrix@example.com").await;
    let genuine = text(&pair, "/access_token");
    let user: UserId = text(&pair, "/user/id").parse().expect("a user id");
    let bad = bad_tokens(user, &genuine, &text(&pair, "/refresh_token"));
    let operations = authenticated_operations();
    assert!(
        operations.len() >= 30,
        "the document lists the authenticated operations: {operations:?}"
    );
    let service = test::init_service(build_app(app.state.clone())).await;

    let mut failures = Vec::new();
    let mut calls = 0;
    for (method, path) in &operations {
        // Control: the genuine token is not refused, so a 401 below is the token's doing.
        let response = test::call_service(
            &service,
            request(method, path)
                .insert_header(bearer(&genuine))
                .to_request(),
        )
        .await;
        if response.status() == StatusCode::UNAUTHORIZED {
            failures.push(format!("{method} {path}: the genuine token got 401"));
        }
        for (kind, token) in &bad {
            for carrier in ["bearer", "cookie"] {
                let with_token = match carrier {
                    "bearer" => request(method, path).insert_header(bearer(token)),
                    _ => request(method, path)
                        .insert_header(cookie_header(&[("access_token", token)])),
                };
                let response = test::call_service(&service, with_token.to_request()).await;
                calls += 1;
                let status = response.status();
                let has_challenge = response.headers().contains_key("www-authenticate");
                let body: Value = test::read_body_json(response).await;
                if status != StatusCode::UNAUTHORIZED
                    || body != json!({"detail": "Invalid token"})
                    || has_challenge
                {
                    failures.push(format!(
                        "{method} {path} ({kind}, {carrier}): {status} {body}"
                    ));
                }
            }
        }
    }

    eprintln!(
        "token matrix: {} operations x {} bad tokens x 2 carriers = {calls} calls",
        operations.len(),
        bad.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {calls} calls not refused:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(calls, operations.len() * bad.len() * 2);
}
