//! The JSON shapes of error responses (API.md §1.4), and the safety net that gives every
//! error response of the app, whoever produced it, a JSON `detail` body.

use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::dev::ServiceResponse;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::ErrorHandlerResponse;
use serde::Serialize;
use serde_json::{Map, Value, json};
use tastebuds_kernel::{FieldError, FieldErrors, PathSegment};
use utoipa::ToSchema;

use super::INTERNAL_SERVER_ERROR;

/// A plain error body: `{"detail": "<message>"}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// Human-readable message; clients display it verbatim.
    #[schema(example = "Not Found")]
    pub detail: String,
}

/// The 409 body of a stale write (API.md §1.4 item 2): `detail` is an object.
#[derive(Debug, Serialize, ToSchema)]
pub struct StaleWriteBody {
    /// What was stale, and the stored `updated_at` to compare with.
    pub detail: StaleWriteDetail,
}

/// The `detail` of a stale-write 409.
#[derive(Debug, Serialize, ToSchema)]
pub struct StaleWriteDetail {
    /// `Course was updated by another session.` or `Course item was updated by another
    /// session.`; the web app shows it.
    #[schema(example = "Course was updated by another session.")]
    pub message: String,
    /// The stored `updated_at` (RFC 3339 UTC, microseconds when non-zero).
    #[schema(format = DateTime, example = "2025-03-20T14:05:09.123456Z")]
    pub current_updated_at: String,
}

/// The 422 body: `{"detail": [ValidationItem, ...]}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ValidationErrorBody {
    /// One item per invalid value.
    pub detail: Vec<ValidationItem>,
}

/// One invalid value (pydantic's error shape).
#[derive(Debug, Serialize, ToSchema)]
pub struct ValidationItem {
    /// Stable error type, e.g. `missing`, `uuid_parsing`, `json_invalid`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Where: `body|query|path|cookie|header`, then field names and array indices.
    pub loc: Vec<LocSegment>,
    /// Human-readable message.
    pub msg: String,
    /// The offending input (`null` when unknown).
    pub input: Value,
    /// Extra context, e.g. `{"min_length": 8}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub ctx: Option<Map<String, Value>>,
}

/// One element of a `loc`.
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum LocSegment {
    /// A location or field name.
    Key(String),
    /// An array index (or, for `json_invalid`, a character offset).
    Index(usize),
}

impl From<&FieldError> for ValidationItem {
    fn from(error: &FieldError) -> Self {
        Self {
            kind: error.kind.to_owned(),
            loc: error
                .path
                .iter()
                .map(|segment| match segment {
                    PathSegment::Key(key) => LocSegment::Key(key.clone()),
                    PathSegment::Index(index) => LocSegment::Index(*index),
                })
                .collect(),
            msg: error.message.clone(),
            input: redact_passwords(error),
            ctx: error.ctx.clone(),
        }
    }
}

/// What a 422 shows instead of a password.
pub const REDACTED: &str = "[REDACTED]";

/// Whether a field name is a password's (`password`, `new_password`, …).
fn is_password_field(name: &str) -> bool {
    name.to_ascii_lowercase().contains("password")
}

/// The error's input with every password taken out: the whole input when the error is
/// about a password field's value, else every password member of the objects it holds
/// (the object a `missing` error shows, say) and any text that mentions a password (a
/// JSON body sent as `text/plain` is shown as text). A 422 never echoes a password back.
fn redact_passwords(error: &FieldError) -> Value {
    let about_a_password = error
        .path
        .iter()
        .any(|segment| matches!(segment, PathSegment::Key(key) if is_password_field(key)));
    let input = error.input.clone().unwrap_or(Value::Null);
    if about_a_password && error.kind != "missing" {
        return Value::String(REDACTED.to_owned());
    }
    redact_members(input)
}

fn redact_members(value: Value) -> Value {
    match value {
        Value::Object(members) => Value::Object(
            members
                .into_iter()
                .map(|(key, member)| {
                    let member = if is_password_field(&key) {
                        Value::String(REDACTED.to_owned())
                    } else {
                        redact_members(member)
                    };
                    (key, member)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(redact_members).collect()),
        // A body sent as text (say, JSON under `text/plain`) is shown as its text.
        Value::String(text) if is_password_field(&text) => Value::String(REDACTED.to_owned()),
        other => other,
    }
}

/// The `detail` array of a 422.
pub(super) fn validation_items(errors: &FieldErrors) -> Value {
    let items: Vec<ValidationItem> = errors.errors().iter().map(ValidationItem::from).collect();
    serde_json::to_value(items).unwrap_or_else(|_| json!([]))
}

/// Safety net for [`actix_web::middleware::ErrorHandlers::default_handler`]: an error
/// response that is not JSON already (a 413 from the payload limit, a 404 from a
/// static-file service, a 500 from a library) gets `{"detail": "<reason>"}`, with
/// `Internal server error` for every 5xx. The status, headers and the attached error
/// (which `TracingLogger` logs) are kept.
///
/// # Errors
/// Never fails; the `Result` is the middleware's signature.
pub fn json_envelope<B: MessageBody + 'static>(
    response: ServiceResponse<B>,
) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/json"));
    if is_json {
        return Ok(ErrorHandlerResponse::Response(
            response.map_into_left_body(),
        ));
    }
    let status = response.status();
    let detail = if status.is_server_error() {
        INTERNAL_SERVER_ERROR
    } else {
        status.canonical_reason().unwrap_or("Error")
    };
    Ok(ErrorHandlerResponse::Response(with_detail(
        response, detail,
    )))
}

/// `response` with its body replaced by `{"detail": "<detail>"}` under a JSON content
/// type; the status, the other headers and the attached error are kept.
pub(crate) fn with_detail<B>(
    response: ServiceResponse<B>,
    detail: &str,
) -> ServiceResponse<EitherBody<B>> {
    let body = json!({ "detail": detail }).to_string();
    response.map_body(|head, _| {
        head.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        head.headers_mut().remove(header::CONTENT_LENGTH);
        EitherBody::right(BoxBody::new(body))
    })
}
