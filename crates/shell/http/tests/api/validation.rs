//! The 422 shapes of the extractors (API.md §1.4), on a small app of test handlers.

use actix_web::http::StatusCode;
use actix_web::test::{self, TestRequest};
use actix_web::{App, HttpResponse, web};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use serde_json::{Value, json};
use tastebuds_http::extract::{self, Json, Path, Query, Validate};
use tastebuds_http::wire;
use tastebuds_kernel::{FieldError, FieldErrors};
use uuid::Uuid;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Kind {
    Book,
    Movie,
}

#[derive(Debug, Deserialize)]
struct Signup {
    email: String,
    password: String,
    kind: Kind,
    #[serde(default)]
    items: Vec<Item>,
    #[serde(default, with = "wire::optional_timestamp")]
    at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "optional_date")]
    released: Option<NaiveDate>,
}

#[derive(Debug, Deserialize)]
struct Item {
    #[expect(dead_code, reason = "only its deserialization is tested")]
    n: u32,
}

fn optional_date<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<NaiveDate>, D::Error> {
    wire::date(deserializer).map(Some)
}

impl Validate for Signup {
    fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if self.password.len() < 8 {
            errors.push(FieldError::too_short("password", 8, &self.password));
        }
        if !self.email.contains('@') {
            errors.push(
                FieldError::new("email", "value_error", "value is not a valid email address")
                    .with_input(self.email.as_str()),
            );
        }
        errors.into_result()
    }
}

#[derive(Debug, Deserialize)]
struct Refresh {
    refresh_token: String,
}

impl Validate for Refresh {}

#[derive(Debug, Deserialize)]
struct ItemPath {
    menu_id: Uuid,
    item_id: Uuid,
}

#[derive(Debug, Deserialize)]
struct Search {
    q: String,
    page: Option<u32>,
    #[serde(default)]
    types: Vec<Kind>,
    #[serde(default, deserialize_with = "wire::flag")]
    external: bool,
}

impl Validate for Search {
    fn validate(&self) -> Result<(), FieldErrors> {
        match self.page {
            Some(0) => Err(FieldError::new(
                "page",
                "greater_than_equal",
                "Input should be greater than or equal to 1",
            )
            .with_input(0)
            .with_ctx("ge", 1)
            .into()),
            _ => Ok(()),
        }
    }
}

async fn signup(body: Json<Signup>) -> HttpResponse {
    HttpResponse::Ok().json(json!({
        "email": body.email,
        "kind": format!("{:?}", body.kind),
        "items": body.items.len(),
        "at": body.at.map(wire::format_timestamp),
        "released": body.released,
    }))
}

async fn refresh(body: Json<Option<Refresh>>) -> HttpResponse {
    HttpResponse::Ok().json(json!({"token": body.as_ref().map(|body| &body.refresh_token)}))
}

async fn item(path: Path<ItemPath>) -> HttpResponse {
    HttpResponse::Ok().json(json!({"menu_id": path.menu_id, "item_id": path.item_id}))
}

async fn single(path: Path<Uuid>) -> HttpResponse {
    HttpResponse::Ok().json(json!({"id": path.into_inner()}))
}

async fn plain_actix_path(path: web::Path<Uuid>) -> HttpResponse {
    HttpResponse::Ok().json(json!({"id": path.into_inner()}))
}

async fn search(query: Query<Search>) -> HttpResponse {
    let types: Vec<String> = query.types.iter().map(|kind| format!("{kind:?}")).collect();
    HttpResponse::Ok().json(json!({"q": query.q, "types": types, "external": query.external}))
}

/// Sends `request` to the test handlers; returns the status and JSON body.
async fn send(request: TestRequest) -> (StatusCode, Value) {
    let app = test::init_service(
        App::new()
            .app_data(extract::json_config())
            .app_data(extract::path_config())
            .app_data(extract::query_config())
            .route("/signup", web::post().to(signup))
            .route("/refresh", web::post().to(refresh))
            .route("/menus/{menu_id}/items/{item_id}", web::get().to(item))
            .route("/single/{id}", web::get().to(single))
            .route("/plain/{id}", web::get().to(plain_actix_path))
            .route("/search", web::get().to(search)),
    )
    .await;
    let response = test::call_service(&app, request.to_request()).await;
    let status = response.status();
    let body = test::read_body(response).await;
    let json = serde_json::from_slice(&body)
        .unwrap_or_else(|error| panic!("not JSON ({error}): {:?}", String::from_utf8_lossy(&body)));
    (status, json)
}

fn post_json(uri: &str, body: &str) -> TestRequest {
    TestRequest::post()
        .uri(uri)
        .insert_header(("content-type", "application/json"))
        .set_payload(body.to_owned())
}

/// The only item of a 422 body.
fn only_item(status: StatusCode, body: &Value) -> Value {
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let items = body["detail"].as_array().expect("detail array");
    assert_eq!(items.len(), 1, "{body}");
    items[0].clone()
}

#[actix_web::test]
async fn a_body_that_is_not_json_is_one_json_invalid_item_with_the_char_offset() {
    let cases = [
        (r#"{"email": }"#, 10),
        ("{\n  \"a\": x\n}", 9),
        (r#"{"é": x}"#, 6),
        (r#"{"email": "a@b.c""#, 17),
    ];
    for (payload, offset) in cases {
        let (status, body) = send(post_json("/signup", payload)).await;

        let item = only_item(status, &body);
        assert_eq!(item["type"], "json_invalid", "{payload}");
        assert_eq!(item["loc"], json!(["body", offset]), "{payload}");
        assert_eq!(item["msg"], "JSON decode error");
        assert_eq!(item["input"], json!({}));
        assert!(
            item["ctx"]["error"]
                .as_str()
                .is_some_and(|error| !error.is_empty() && !error.contains("line")),
            "{item}"
        );
    }
}

#[actix_web::test]
async fn a_missing_field_names_it_and_shows_the_object() {
    let (status, body) = send(post_json(
        "/signup",
        r#"{"password": "longenough", "kind": "book"}"#,
    ))
    .await;

    assert_eq!(
        only_item(status, &body),
        json!({"type": "missing", "loc": ["body", "email"], "msg": "Field required",
               "input": {"password": "[REDACTED]", "kind": "book"}})
    );
}

#[actix_web::test]
async fn a_wrong_type_names_the_field_and_its_input() {
    let (status, body) = send(post_json(
        "/signup",
        r#"{"email": 5, "password": "longenough", "kind": "book"}"#,
    ))
    .await;

    assert_eq!(
        only_item(status, &body),
        json!({"type": "string_type", "loc": ["body", "email"],
               "msg": "Input should be a valid string", "input": 5})
    );
}

#[actix_web::test]
async fn nested_failures_carry_the_full_path() {
    let (status, body) = send(post_json(
        "/signup",
        r#"{"email": "a@b.c", "password": "longenough", "kind": "book",
            "items": [{"n": 1}, {"n": "x"}]}"#,
    ))
    .await;

    let item = only_item(status, &body);
    assert_eq!(item["type"], "int_parsing");
    assert_eq!(item["loc"], json!(["body", "items", 1, "n"]));
    assert_eq!(item["input"], "x");
}

#[actix_web::test]
async fn an_unknown_enum_value_lists_the_expected_ones() {
    let (status, body) = send(post_json(
        "/signup",
        r#"{"email": "a@b.c", "password": "longenough", "kind": "tv"}"#,
    ))
    .await;

    assert_eq!(
        only_item(status, &body),
        json!({"type": "enum", "loc": ["body", "kind"],
               "msg": "Input should be 'book' or 'movie'", "input": "tv",
               "ctx": {"expected": "'book' or 'movie'"}})
    );
}

#[actix_web::test]
async fn wire_dates_and_timestamps_have_their_own_types() {
    let base = r#""email": "a@b.c", "password": "longenough", "kind": "book""#;

    let (status, body) = send(post_json(
        "/signup",
        &format!(r#"{{{base}, "at": "soon"}}"#),
    ))
    .await;
    let item = only_item(status, &body);
    assert_eq!(item["type"], "datetime_parsing");
    assert_eq!(item["loc"], json!(["body", "at"]));

    let (status, body) = send(post_json(
        "/signup",
        &format!(r#"{{{base}, "released": "2025-13-01"}}"#),
    ))
    .await;
    let item = only_item(status, &body);
    assert_eq!(item["type"], "date_parsing");
    assert_eq!(item["loc"], json!(["body", "released"]));
}

#[actix_web::test]
async fn timestamps_without_an_offset_are_utc() {
    let (status, body) = send(post_json(
        "/signup",
        r#"{"email": "a@b.c", "password": "longenough", "kind": "book",
            "at": "2025-03-20T14:05:09", "released": "2025-03-20"}"#,
    ))
    .await;

    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["at"], "2025-03-20T14:05:09Z");
    assert_eq!(body["released"], "2025-03-20");
}

#[actix_web::test]
async fn validate_errors_are_all_reported_under_body() {
    let (status, body) = send(post_json(
        "/signup",
        r#"{"email": "nope", "password": "short", "kind": "movie"}"#,
    ))
    .await;

    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body,
        json!({"detail": [
            {"type": "string_too_short", "loc": ["body", "password"],
             "msg": "String should have at least 8 characters", "input": "[REDACTED]",
             "ctx": {"min_length": 8}},
            {"type": "value_error", "loc": ["body", "email"],
             "msg": "value is not a valid email address", "input": "nope"}
        ]})
    );
}

#[actix_web::test]
async fn an_empty_json_body_is_accepted_where_no_body_is_required() {
    let (status, body) = send(post_json("/refresh", "")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body, json!({"token": null}));

    let (status, body) = send(post_json("/refresh", r#"{"refresh_token": "abc"}"#)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body, json!({"token": "abc"}));
}

#[actix_web::test]
async fn an_empty_body_where_one_is_required_is_missing() {
    let (status, body) = send(post_json("/signup", "")).await;

    assert_eq!(
        only_item(status, &body),
        json!({"type": "missing", "loc": ["body"], "msg": "Field required", "input": null})
    );
}

#[actix_web::test]
async fn a_malformed_uuid_in_the_path_names_the_parameter() {
    let good = Uuid::now_v7();

    let (status, body) =
        send(TestRequest::get().uri(&format!("/menus/{good}/items/not-a-uuid"))).await;
    let item = only_item(status, &body);
    assert_eq!(item["type"], "uuid_parsing");
    assert_eq!(item["loc"], json!(["path", "item_id"]));
    assert_eq!(item["input"], "not-a-uuid");

    let (status, body) = send(TestRequest::get().uri("/single/42")).await;
    let item = only_item(status, &body);
    assert_eq!(item["type"], "uuid_parsing");
    assert_eq!(item["loc"], json!(["path", "id"]));

    let (status, body) = send(TestRequest::get().uri(&format!("/menus/{good}/items/{good}"))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

#[actix_web::test]
async fn actix_own_path_extractor_answers_the_same_shape() {
    let (status, body) = send(TestRequest::get().uri("/plain/zzz")).await;

    let item = only_item(status, &body);
    assert_eq!(item["type"], "uuid_parsing");
    assert_eq!(item["loc"], json!(["path", "id"]));
    assert_eq!(item["input"], "zzz");
}

#[actix_web::test]
async fn query_parameters_are_validated_too() {
    let (status, body) = send(TestRequest::get().uri("/search?page=2")).await;
    assert_eq!(
        only_item(status, &body),
        json!({"type": "missing", "loc": ["query", "q"], "msg": "Field required", "input": null})
    );

    let (status, body) = send(TestRequest::get().uri("/search?q=dune&page=abc")).await;
    let item = only_item(status, &body);
    assert_eq!(item["type"], "int_parsing");
    assert_eq!(item["loc"], json!(["query", "page"]));
    assert_eq!(item["input"], "abc");

    let (status, body) = send(TestRequest::get().uri("/search?q=dune&types=tv")).await;
    let item = only_item(status, &body);
    assert_eq!(item["type"], "enum");
    assert_eq!(item["loc"], json!(["query", "types", 0]));
    assert_eq!(item["input"], "tv");

    let (status, body) = send(TestRequest::get().uri("/search?q=dune&external=maybe")).await;
    let item = only_item(status, &body);
    assert_eq!(item["type"], "bool_parsing");
    assert_eq!(item["loc"], json!(["query", "external"]));

    let (status, body) = send(TestRequest::get().uri("/search?q=dune&page=0")).await;
    let item = only_item(status, &body);
    assert_eq!(item["type"], "greater_than_equal");
    assert_eq!(item["loc"], json!(["query", "page"]));
}

#[actix_web::test]
async fn repeated_query_keys_fill_a_list_and_flags_are_lenient() {
    let (status, body) =
        send(TestRequest::get().uri("/search?q=dune&types=book&types=movie&external=yes")).await;

    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body,
        json!({"q": "dune", "types": ["Book", "Movie"], "external": true})
    );
}

#[test]
fn timestamps_are_formatted_with_microseconds_only_when_present() {
    let whole = wire::parse_timestamp("2025-03-20T14:05:09+02:00").expect("valid");
    let fraction = wire::parse_timestamp("2025-03-20T14:05:09.5Z").expect("valid");

    assert_eq!(wire::format_timestamp(whole), "2025-03-20T12:05:09Z");
    assert_eq!(
        wire::format_timestamp(fraction),
        "2025-03-20T14:05:09.500000Z"
    );
    let nanos = wire::parse_timestamp("2025-03-20T14:05:09.123456789Z").expect("valid");
    assert_eq!(wire::format_timestamp(nanos), "2025-03-20T14:05:09.123456Z");
    let below_a_microsecond =
        wire::parse_timestamp("2025-03-20T14:05:09.000000999Z").expect("valid");
    assert_eq!(
        wire::format_timestamp(below_a_microsecond),
        "2025-03-20T14:05:09Z"
    );
    assert!(wire::parse_timestamp("yesterday").is_err());
}
