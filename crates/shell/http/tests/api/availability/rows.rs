//! `GET` and `PUT /api/media/{media_item_id}/availability`.

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use serde_json::{Value, json};
use uuid::Uuid;

use super::{keys, tuples, uri};
use crate::auth::support::{TestApp, assert_detail};
use crate::caller::{Caller, expect, media_item};

#[actix_web::test]
async fn a_put_upserts_only_the_keys_it_sends_and_answers_every_row_sorted() {
    let app = TestApp::new();
    let caller = Caller::sign_up(&app, "avail-upsert@example.com").await;
    let item = media_item(&app, "The Matrix").await;

    let first = caller
        .put(
            &uri(item),
            &json!([
                {"provider": "Netflix", "region": "US", "format": "stream", "status": "available",
                 "deeplink_url": "https://www.netflix.com/title/20557937"},
                {"provider": "Apple TV", "region": "gb", "format": "rent", "status": "available"},
                {"provider": "Apple TV", "region": "GB", "format": "buy"},
            ]),
        )
        .await;
    let first = expect(&first, StatusCode::OK);
    assert_eq!(
        keys(&first),
        tuples(&[
            ("Apple TV", "GB", "buy", "unknown"),
            ("Apple TV", "GB", "rent", "available"),
            ("Netflix", "US", "stream", "available"),
        ])
    );
    let netflix = &first[2];
    assert_eq!(netflix["media_item_id"], json!(item.to_string()));
    assert_eq!(
        netflix["deeplink_url"],
        "https://www.netflix.com/title/20557937"
    );
    assert!(netflix["last_checked_at"].is_string(), "{netflix}");
    for field in ["id", "created_at", "updated_at"] {
        assert!(netflix[field].is_string(), "{field}: {netflix}");
    }
    assert_eq!(first[0]["deeplink_url"], Value::Null);

    let second = caller
        .put(
            &uri(item),
            &json!([
                {"provider": "Netflix", "region": "US", "format": "stream", "status": "unavailable"},
                {"provider": "Max", "region": "global", "format": "stream", "status": "available"},
            ]),
        )
        .await;
    let second = expect(&second, StatusCode::OK);
    assert_eq!(
        keys(&second),
        tuples(&[
            ("Apple TV", "GB", "buy", "unknown"),
            ("Apple TV", "GB", "rent", "available"),
            ("Max", "global", "stream", "available"),
            ("Netflix", "US", "stream", "unavailable"),
        ])
    );
    assert_eq!(second[3]["id"], netflix["id"], "overwritten in place");
    assert_eq!(
        second[3]["deeplink_url"],
        Value::Null,
        "the whole entry is replaced"
    );

    let read = app.send(TestRequest::get().uri(&uri(item))).await;
    assert_eq!(
        expect(&read, StatusCode::OK),
        second,
        "GET answers the same rows"
    );
}

#[actix_web::test]
async fn an_unknown_item_reads_as_empty_and_cannot_be_written() {
    let app = TestApp::new();
    let caller = Caller::sign_up(&app, "avail-unknown@example.com").await;
    let unknown = Uuid::now_v7();

    let read = app.send(TestRequest::get().uri(&uri(unknown))).await;
    assert_eq!(expect(&read, StatusCode::OK), json!([]));

    for body in [
        json!([{"provider": "Netflix", "region": "US", "format": "stream"}]),
        json!([]),
    ] {
        let put = caller.put(&uri(unknown), &body).await;
        assert_detail(&put, StatusCode::NOT_FOUND, "Media item not found");
    }
    assert_eq!(
        crate::caller::count(&app, "SELECT count(*) FROM media_item_availability"),
        0
    );

    let malformed = app.send(TestRequest::get().uri(&uri("not-a-uuid"))).await;
    let detail = expect(&malformed, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(detail["detail"][0]["type"], "uuid_parsing");
}

#[actix_web::test]
async fn reading_is_public_and_writing_needs_a_token() {
    let app = TestApp::new();
    let item = media_item(&app, "Alien").await;
    let body = json!([{"provider": "Hulu", "region": "US", "format": "stream"}]);

    let anonymous = app
        .send(TestRequest::put().uri(&uri(item)).set_json(&body))
        .await;
    assert_detail(&anonymous, StatusCode::UNAUTHORIZED, "Invalid token");
    let read = app.send(TestRequest::get().uri(&uri(item))).await;
    assert_eq!(expect(&read, StatusCode::OK), json!([]));

    let caller = Caller::sign_up(&app, "avail-auth@example.com").await;
    let put = caller.put(&uri(item), &body).await;
    assert_eq!(
        expect(&put, StatusCode::OK).as_array().map(Vec::len),
        Some(1)
    );
}

/// The `loc`s of a 422.
fn locations(answer: &crate::helpers::Answer) -> Vec<Value> {
    let body = expect(answer, StatusCode::UNPROCESSABLE_ENTITY);
    body["detail"]
        .as_array()
        .expect("a detail array")
        .iter()
        .map(|error| error["loc"].clone())
        .collect()
}

#[actix_web::test]
async fn invalid_entries_are_422s_naming_the_entry_and_its_field() {
    let app = TestApp::new();
    let caller = Caller::sign_up(&app, "avail-422@example.com").await;
    let item = media_item(&app, "Heat").await;
    let ok = json!({"provider": "Netflix", "region": "US", "format": "stream"});

    let cases = [
        (
            json!({"provider": "Netflix", "region": "USA", "format": "stream"}),
            "region",
        ),
        (
            json!({"provider": "Netflix", "region": "XX", "format": "stream"}),
            "region",
        ),
        (
            json!({"provider": "Netflix", "region": "US", "format": "stream", "status": "gone"}),
            "status",
        ),
        (
            json!({"provider": "Netflix", "region": "US", "format": "stream", "deeplink_url": "ftp://x.example"}),
            "deeplink_url",
        ),
        (
            json!({"provider": "Netflix", "region": "US", "format": "stream", "deeplink_url": "javascript:alert(1)"}),
            "deeplink_url",
        ),
        (
            json!({"provider": "", "region": "US", "format": "stream"}),
            "provider",
        ),
        (
            json!({"provider": "p".repeat(121), "region": "US", "format": "stream"}),
            "provider",
        ),
        (
            json!({"provider": "Netflix", "region": "US", "format": "f".repeat(65)}),
            "format",
        ),
        (json!({"region": "US", "format": "stream"}), "provider"),
    ];
    for (bad, field) in cases {
        let answer = caller.put(&uri(item), &json!([ok, bad])).await;
        assert_eq!(locations(&answer), [json!(["body", 1, field])], "{bad}");
    }
    let long_link = format!("https://x.example/{}", "a".repeat(1024));
    let answer = caller
        .put(
            &uri(item),
            &json!([{"provider": "Netflix", "region": "US", "format": "stream", "deeplink_url": long_link}]),
        )
        .await;
    assert_eq!(locations(&answer), [json!(["body", 0, "deeplink_url"])]);

    let duplicate = caller
        .put(
            &uri(item),
            &json!([ok, {"provider": "Netflix", "region": "us", "format": "stream", "status": "available"}]),
        )
        .await;
    assert_eq!(locations(&duplicate), [json!(["body", 1])]);

    let too_many: Vec<Value> = (0..501)
        .map(|i| json!({"provider": format!("P{i}"), "region": "US", "format": "stream"}))
        .collect();
    let answer = caller.put(&uri(item), &json!(too_many)).await;
    assert_eq!(locations(&answer), [json!(["body"])]);

    let read = app.send(TestRequest::get().uri(&uri(item))).await;
    assert_eq!(
        expect(&read, StatusCode::OK),
        json!([]),
        "nothing was written"
    );
}
