//! Requests of the library tests.

use actix_web::http::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::caller::{Caller, expect};

/// `POST /api/me/logs` of `log_type` on `item` at `logged_at` (or now), asserting 201.
pub async fn log(
    caller: &Caller<'_>,
    item: Uuid,
    log_type: &str,
    logged_at: Option<&str>,
) -> Value {
    let mut body = json!({"media_item_id": item, "log_type": log_type});
    if let Some(at) = logged_at {
        body["logged_at"] = json!(at);
    }
    expect(
        &caller.post("/api/me/logs", &body).await,
        StatusCode::CREATED,
    )
}

/// `PUT /api/me/states/{item}`, asserting 200.
pub async fn put_state(caller: &Caller<'_>, item: Uuid, body: Value) -> Value {
    expect(
        &caller.put(&format!("/api/me/states/{item}"), &body).await,
        StatusCode::OK,
    )
}

/// The caller's state on `item`, or `Null`.
pub async fn state_of(caller: &Caller<'_>, item: Uuid) -> Value {
    let states = expect(&caller.get("/api/me/states").await, StatusCode::OK);
    let item = item.to_string();
    states
        .as_array()
        .expect("an array of states")
        .iter()
        .find(|state| state["media_item_id"] == item.as_str())
        .cloned()
        .unwrap_or(Value::Null)
}

/// `GET /api/me/library`, asserting 200.
pub async fn library(caller: &Caller<'_>) -> Value {
    expect(&caller.get("/api/me/library").await, StatusCode::OK)
}
