//! The 422 shapes of the auth routes (API.md §1.4).

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use serde_json::{Value, json};

use super::support::{TestApp, bearer, post_json, text};
use crate::helpers::Answer;

/// The `detail` items of a 422.
fn items(answer: &Answer) -> Vec<Value> {
    assert_eq!(
        answer.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        answer.body
    );
    answer.json()["detail"]
        .as_array()
        .expect("a detail array")
        .clone()
}

#[actix_web::test]
async fn register_reports_each_invalid_field() {
    let app = TestApp::new();

    let missing = items(
        &app.send(post_json("/api/auth/register", &json!({"password": "x"})))
            .await,
    );
    assert_eq!(
        missing,
        vec![
            json!({"type": "missing", "loc": ["body", "email"], "msg": "Field required",
                    "input": {"password": "[REDACTED]"}})
        ]
    );

    let short = items(
        &app.send(post_json(
            "/api/auth/register",
            &json!({"email": "a@b.co", "password": "short"}),
        ))
        .await,
    );
    assert_eq!(short.len(), 1);
    assert_eq!(short[0]["type"], "string_too_short");
    assert_eq!(short[0]["loc"], json!(["body", "password"]));
    assert_eq!(short[0]["ctx"], json!({"min_length": 8}));

    let long_password = "é".repeat(37); // 37 characters, 74 bytes
    let long = items(
        &app.send(post_json(
            "/api/auth/register",
            &json!({"email": "a@b.co", "password": long_password}),
        ))
        .await,
    );
    assert_eq!(long[0]["type"], "string_too_long");
    assert_eq!(long[0]["loc"], json!(["body", "password"]));
    assert_eq!(long[0]["ctx"], json!({"max_length": 72}));
    assert!(
        !long[0].to_string().contains(&long_password),
        "the password is not echoed"
    );

    let bad_email = items(
        &app.send(post_json(
            "/api/auth/register",
            &json!({"email": "not-an-email", "password": "long enough"}),
        ))
        .await,
    );
    assert_eq!(bad_email[0]["type"], "value_error");
    assert_eq!(bad_email[0]["loc"], json!(["body", "email"]));
    assert_eq!(bad_email[0]["input"], "not-an-email");

    let both = items(
        &app.send(post_json(
            "/api/auth/register",
            &json!({"email": "nope", "password": "short", "display_name": "n".repeat(256)}),
        ))
        .await,
    );
    let kinds: Vec<&str> = both
        .iter()
        .filter_map(|item| item["type"].as_str())
        .collect();
    assert_eq!(
        kinds,
        ["value_error", "string_too_short", "string_too_long"]
    );
}

#[actix_web::test]
async fn malformed_json_is_one_json_invalid_item() {
    let app = TestApp::new();

    for uri in ["/api/auth/register", "/api/auth/login", "/api/auth/refresh"] {
        let answer = app
            .send(
                TestRequest::post()
                    .uri(uri)
                    .insert_header(("content-type", "application/json"))
                    .set_payload(r#"{"email": "#),
            )
            .await;
        let found = items(&answer);
        assert_eq!(found.len(), 1, "{uri}");
        assert_eq!(found[0]["type"], "json_invalid", "{uri}");
        assert_eq!(found[0]["loc"][0], "body", "{uri}");
    }
}

#[actix_web::test]
async fn login_needs_both_fields_and_a_valid_email() {
    let app = TestApp::new();

    let empty = items(&app.send(post_json("/api/auth/login", &json!({}))).await);
    assert_eq!(empty[0]["type"], "missing");

    let invalid = items(
        &app.send(post_json(
            "/api/auth/login",
            &json!({"email": "x", "password": ""}),
        ))
        .await,
    );
    let kinds: Vec<&str> = invalid
        .iter()
        .filter_map(|item| item["type"].as_str())
        .collect();
    assert_eq!(kinds, ["value_error", "string_too_short"]);
}

#[actix_web::test]
async fn a_malformed_session_id_is_uuid_parsing_in_the_path() {
    let app = TestApp::new();
    let pair = app.signed_up("uuid@example.com").await;

    let answer = app
        .send(
            TestRequest::post()
                .uri("/api/auth/sessions/not-a-uuid/revoke")
                .insert_header(bearer(&text(&pair, "/access_token"))),
        )
        .await;

    let found = items(&answer);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["type"], "uuid_parsing");
    assert_eq!(found[0]["loc"], json!(["path", "token_id"]));
    assert_eq!(found[0]["input"], "not-a-uuid");
}

#[actix_web::test]
async fn a_refresh_body_of_the_wrong_shape_is_422() {
    let app = TestApp::new();

    let answer = app
        .send(post_json("/api/auth/refresh", &json!({"refresh_token": 5})))
        .await;

    let found = items(&answer);
    assert_eq!(found[0]["type"], "string_type");
    assert_eq!(found[0]["loc"], json!(["body", "refresh_token"]));
}

#[actix_web::test]
async fn an_array_of_the_fields_is_not_an_object() {
    let app = TestApp::new();

    for (uri, body) in [
        (
            "/api/auth/register",
            json!(["array@example.com", "long enough", null]),
        ),
        (
            "/api/auth/login",
            json!(["array@example.com", "long enough"]),
        ),
        ("/api/auth/refresh", json!(["some-refresh-token"])),
    ] {
        let found = items(&app.send(post_json(uri, &body)).await);

        assert_eq!(
            found,
            vec![json!({
                "type": "model_attributes_type", "loc": ["body"],
                "msg": "Input should be a valid dictionary or object to extract fields from",
                "input": body,
            })],
            "{uri}"
        );
    }
    let login = app.login("array@example.com", "long enough").await;
    assert_eq!(
        login.status,
        StatusCode::UNAUTHORIZED,
        "nobody was registered"
    );
}

#[actix_web::test]
async fn a_body_declared_as_another_media_type_is_refused() {
    let app = TestApp::new();
    let body = r#"{"email": "form@example.com", "password": "long enough"}"#;

    // What a cross-site HTML form can send without a CORS preflight.
    for content_type in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "not a media type",
    ] {
        let answer = app
            .send(
                TestRequest::post()
                    .uri("/api/auth/register")
                    .insert_header(("content-type", content_type))
                    .set_payload(body),
            )
            .await;

        let found = items(&answer);
        assert_eq!(found.len(), 1, "{content_type}");
        assert_eq!(found[0]["type"], "model_attributes_type", "{content_type}");
        assert_eq!(found[0]["loc"], json!(["body"]), "{content_type}");
        assert!(
            answer.header("set-cookie").is_none(),
            "{content_type}: nobody is signed in"
        );
    }

    // JSON under any JSON media type, or under none, is read.
    for (email, content_type) in [
        ("plain@example.com", Some("application/json")),
        (
            "charset@example.com",
            Some("application/json; charset=utf-8"),
        ),
        ("suffix@example.com", Some("application/vnd.tastebuds+json")),
        ("none@example.com", None),
    ] {
        let mut request = TestRequest::post()
            .uri("/api/auth/register")
            .set_payload(json!({"email": email, "password": "long enough"}).to_string());
        if let Some(content_type) = content_type {
            request = request.insert_header(("content-type", content_type));
        }
        let answer = app.send(request).await;
        assert_eq!(
            answer.status,
            StatusCode::OK,
            "{content_type:?}: {:?}",
            answer.body
        );
    }

    // A bodiless refresh under another media type still falls back to the cookie.
    let refresh = app
        .send(
            TestRequest::post()
                .uri("/api/auth/refresh")
                .insert_header(("content-type", "text/plain")),
        )
        .await;
    assert_eq!(refresh.json(), json!({"detail": "Missing refresh token"}));
}

#[actix_web::test]
async fn a_nul_character_in_the_display_name_is_a_422_not_a_500() {
    let app = TestApp::new();

    let answer = app
        .send(post_json(
            "/api/auth/register",
            &json!({"email": "nul@example.com", "password": "long enough",
                    "display_name": "Ada\u{0}Lovelace"}),
        ))
        .await;

    let found = items(&answer);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["type"], "value_error");
    assert_eq!(found[0]["loc"], json!(["body", "display_name"]));
    assert_eq!(found[0]["input"], "Ada\u{0}Lovelace");
}

#[actix_web::test]
async fn passwords_up_to_72_bytes_register_and_sign_in_and_longer_ones_are_refused() {
    let app = TestApp::new();
    // (label, 71 bytes, 72 bytes, 73 bytes): bcrypt's limit met in ASCII, in 2-byte and
    // in 3-byte characters.
    let cases = [
        ("ascii", "a".repeat(71), "a".repeat(72), "a".repeat(73)),
        (
            "two-byte",
            format!("{}a", "é".repeat(35)),
            "é".repeat(36),
            format!("{}a", "é".repeat(36)),
        ),
        (
            "three-byte",
            format!("{}ab", "€".repeat(23)),
            "€".repeat(24),
            format!("{}a", "€".repeat(24)),
        ),
    ];
    for (label, fits, exact, over) in cases {
        assert_eq!(
            (fits.len(), exact.len(), over.len()),
            (71, 72, 73),
            "{label}"
        );
        for (bytes, password) in [(71, &fits), (72, &exact)] {
            let email = format!("{label}-{bytes}@example.com");
            let registered = app
                .send(post_json(
                    "/api/auth/register",
                    &json!({"email": email, "password": password}),
                ))
                .await;
            assert_eq!(
                registered.status,
                StatusCode::OK,
                "{label} {bytes} bytes: {:?}",
                registered.body
            );
            let signed_in = app.login(&email, password).await;
            assert_eq!(signed_in.status, StatusCode::OK, "{label} {bytes} bytes");
            let shorter: String = {
                let mut chars = password.chars();
                chars.next_back();
                chars.as_str().to_owned()
            };
            let wrong = app.login(&email, &shorter).await;
            assert_eq!(
                wrong.status,
                StatusCode::UNAUTHORIZED,
                "{label} {bytes} bytes: the last character counts"
            );
        }
        let refused = items(
            &app.send(post_json(
                "/api/auth/register",
                &json!({"email": format!("{label}-73@example.com"), "password": over}),
            ))
            .await,
        );
        assert_eq!(refused.len(), 1, "{label}");
        assert_eq!(refused[0]["type"], "string_too_long", "{label}");
        assert_eq!(refused[0]["ctx"], json!({"max_length": 72}), "{label}");
    }
}

#[actix_web::test]
async fn a_422_never_echoes_a_password() {
    let app = TestApp::new();
    let long_password = "secret-".repeat(12); // 84 bytes: over bcrypt's 72
    for path in ["/api/auth/register", "/api/auth/login"] {
        for body in [
            json!({"email": "a@b.co", "password": long_password}),
            json!({"email": "a@b.co", "password": 12_345_678_901_u64}),
            json!({"email": "a@b.co", "password": ["hunter2-hunter2"]}),
            json!({"password": long_password}),
        ] {
            let answer = app.send(post_json(path, &body)).await;
            if path.ends_with("login") && answer.status == StatusCode::UNAUTHORIZED {
                // Login takes any string as an attempt: a long one is just wrong.
                continue;
            }
            let all = items(&answer);
            let text = serde_json::to_string(&all).expect("JSON");
            for secret in ["secret-secret", "12345678901", "hunter2"] {
                assert!(!text.contains(secret), "{path} {body}: {text}");
            }
            for item in &all {
                if item["loc"].get(1) == Some(&json!("password")) {
                    assert_eq!(item["input"], "[REDACTED]", "{path} {body}: {item}");
                }
            }
        }
    }
}

#[actix_web::test]
async fn a_json_body_sent_as_text_is_not_echoed_with_its_password() {
    let app = TestApp::new();
    let request = TestRequest::post()
        .uri("/api/auth/login")
        .insert_header(("content-type", "text/plain"))
        .set_payload(r#"{"email": "a@b.co", "password": "hunter2-hunter2"}"#);
    let all = items(&app.send(request).await);
    let text = serde_json::to_string(&all).expect("JSON");
    assert!(!text.contains("hunter2"), "{text}");
}

#[actix_web::test]
async fn a_nul_character_in_a_password_is_a_422_that_does_not_echo_it() {
    let app = TestApp::new();

    let answer = app
        .send(post_json(
            "/api/auth/register",
            &json!({"email": "nul-password@example.com", "password": "secret\u{0}secret"}),
        ))
        .await;

    let found = items(&answer);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["type"], "value_error");
    assert_eq!(found[0]["loc"], json!(["body", "password"]));
    assert_eq!(found[0]["input"], "[REDACTED]");
}
