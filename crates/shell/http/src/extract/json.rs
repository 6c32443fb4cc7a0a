//! The validated JSON body extractor.

use std::future::Future;
use std::ops::{Deref, DerefMut};
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::error::InternalError;
use actix_web::http::header::{CONTENT_ENCODING, CONTENT_TYPE};
use actix_web::web::Bytes;
use actix_web::{FromRequest, HttpMessage as _, HttpRequest, HttpResponse, mime};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};
use tastebuds_kernel::{FieldError, FieldErrors, PathSegment};

use super::strict::Strict;
use super::{Validate, failure};
use crate::error::{ApiError, Location, strip_position};

/// A JSON request body, deserialized and validated (see the [module docs](super)).
///
/// A body is read as JSON when the request declares a JSON media type
/// (`application/json`, `application/*+json`) or none at all. Under any other declared
/// type its text is the input, which no object body accepts, so it is a 422, as FastAPI
/// answers: otherwise a cross-site HTML form (`text/plain`, which needs no CORS
/// preflight) could post JSON-looking text to a route, e.g. sign a victim's browser in to
/// the attacker's account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Json<T>(pub T);

impl<T> Json<T> {
    /// The inner value.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> Deref for Json<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> DerefMut for Json<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.0
    }
}

impl<T: DeserializeOwned + Validate + 'static> FromRequest for Json<T> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        if let Some(refusal) = undecodable(req) {
            return Box::pin(std::future::ready(Err(refusal)));
        }
        let declared_json = declares_json(req);
        let bytes = Bytes::from_request(req, payload);
        Box::pin(async move {
            let bytes = bytes.await?;
            let parsed = if declared_json {
                parse_body(&bytes)?
            } else {
                parse_text_body(&bytes)?
            };
            Ok(Json(parsed))
        })
    }
}

/// Parses, deserializes and validates a JSON body.
///
/// # Errors
/// [`ApiError::Validation`] with `json_invalid` (not JSON), the deserialization failure
/// (`missing`, `string_type`, …) or every [`Validate`] error, all under `body`.
pub fn parse_body<T: DeserializeOwned + Validate>(bytes: &[u8]) -> Result<T, ApiError> {
    let value = if bytes.iter().all(u8::is_ascii_whitespace) {
        Value::Null
    } else {
        serde_json::from_slice::<Value>(bytes)
            .map_err(|error| ApiError::Validation(json_invalid(bytes, &error).into()))?
    };
    refuse_nul_characters(&value)?;
    deserialize(&value)
}

/// PostgreSQL `text` cannot hold a NUL character, so a string containing one is refused
/// here, for every body of every route, before it can reach a column as a 500: a 422
/// `value_error` at each such string (object keys included, at their object).
fn refuse_nul_characters(value: &Value) -> Result<(), ApiError> {
    fn refuse(path: &[PathSegment], input: &str, errors: &mut FieldErrors) {
        errors.push(FieldError {
            path: path.to_vec(),
            kind: "value_error",
            message: "Value error, text must not contain NUL (\\u0000) characters".to_owned(),
            input: Some(Value::String(input.to_owned())),
            ctx: None,
        });
    }
    fn walk(value: &Value, path: &mut Vec<PathSegment>, errors: &mut FieldErrors) {
        match value {
            Value::String(text) if text.contains('\0') => refuse(path, text, errors),
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    path.push(PathSegment::Index(index));
                    walk(item, path, errors);
                    path.pop();
                }
            }
            Value::Object(members) => {
                for (key, member) in members {
                    path.push(PathSegment::Key(key.clone()));
                    if key.contains('\0') {
                        refuse(path, key, errors);
                    }
                    walk(member, path, errors);
                    path.pop();
                }
            }
            _ => {}
        }
    }
    let mut errors = FieldErrors::new();
    walk(value, &mut Vec::new(), &mut errors);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::invalid(Location::Body, errors))
    }
}

/// Deserializes and validates a body sent under a non-JSON media type: blank is no body
/// (JSON `null`), anything else is its text as a JSON string, which fails for every object
/// body with the error of a string in its place (`model_attributes_type`).
///
/// # Errors
/// [`ApiError::Validation`] as [`parse_body`] gives them.
pub fn parse_text_body<T: DeserializeOwned + Validate>(bytes: &[u8]) -> Result<T, ApiError> {
    let value = if bytes.iter().all(u8::is_ascii_whitespace) {
        Value::Null
    } else {
        Value::String(String::from_utf8_lossy(bytes).into_owned())
    };
    deserialize(&value)
}

/// The content codings a body may be sent in: actix inflates `gzip` before the size limit
/// applies; it would read any other coding as if it were none.
const DECODED_CODINGS: [&str; 3] = ["identity", "gzip", "x-gzip"];

/// A 415 for a body in a content coding the app cannot decode (RFC 9110 §15.5.16), rather
/// than parsing the encoded bytes as if they were JSON.
fn undecodable(req: &HttpRequest) -> Option<actix_web::Error> {
    let declared = req.headers().get(CONTENT_ENCODING)?;
    let coding = declared.to_str().unwrap_or_default().trim();
    if DECODED_CODINGS
        .iter()
        .any(|known| coding.eq_ignore_ascii_case(known))
    {
        return None;
    }
    let detail = format!(
        "Unsupported content encoding; send the body as {}",
        DECODED_CODINGS.join(" or ")
    );
    let response = HttpResponse::UnsupportedMediaType().json(json!({ "detail": detail }));
    Some(InternalError::from_response("unsupported content encoding", response).into())
}

/// Whether the request's `Content-Type` is absent (or blank) or a JSON media type.
fn declares_json(req: &HttpRequest) -> bool {
    match req.mime_type() {
        Ok(None) => true,
        Ok(Some(declared)) => {
            declared.type_() == mime::APPLICATION
                && (declared.subtype() == mime::JSON || declared.suffix() == Some(mime::JSON))
        }
        Err(_) => req
            .headers()
            .get(CONTENT_TYPE)
            .is_some_and(|value| value.as_bytes().iter().all(u8::is_ascii_whitespace)),
    }
}

/// Deserializes `T` from a parsed body (a struct only from an object, see [`Strict`]) and
/// runs its [`Validate`] rules.
fn deserialize<T: DeserializeOwned + Validate>(value: &Value) -> Result<T, ApiError> {
    let parsed: T = serde_path_to_error::deserialize(Strict(value))
        .map_err(|error| ApiError::Validation(data_error(value, &error).into()))?;
    parsed
        .validate()
        .map_err(|errors| ApiError::invalid(Location::Body, errors))?;
    Ok(parsed)
}

/// The one `json_invalid` item of a body that is not JSON.
fn json_invalid(bytes: &[u8], error: &serde_json::Error) -> FieldError {
    let offset = if error.is_eof() {
        String::from_utf8_lossy(bytes).chars().count()
    } else {
        char_offset(bytes, error.line(), error.column())
    };
    json_invalid_at(offset, error)
}

/// The `json_invalid` item for `error` at character `offset` of the body.
pub(super) fn json_invalid_at(offset: usize, error: &serde_json::Error) -> FieldError {
    let mut ctx = Map::new();
    ctx.insert("error".to_owned(), Value::String(strip_position(error)));
    FieldError {
        path: vec![
            PathSegment::from(Location::Body.as_str()),
            PathSegment::Index(offset),
        ],
        kind: "json_invalid",
        message: "JSON decode error".to_owned(),
        input: Some(json!({})),
        ctx: Some(ctx),
    }
}

/// A well-formed body that does not fit `T`.
fn data_error(value: &Value, error: &serde_path_to_error::Error<serde_json::Error>) -> FieldError {
    let path = failure::segments(error.path());
    if path.is_empty() && value.is_null() {
        return FieldError {
            path: vec![PathSegment::from(Location::Body.as_str())],
            kind: "missing",
            message: "Field required".to_owned(),
            input: Some(Value::Null),
            ctx: None,
        };
    }
    let message = strip_position(error.inner());
    failure::field_error(Location::Body, path, &message, |at| {
        value_at(value, at).cloned().unwrap_or(Value::Null)
    })
}

/// The value at `path` inside `root`.
fn value_at<'v>(root: &'v Value, path: &[PathSegment]) -> Option<&'v Value> {
    path.iter().try_fold(root, |value, segment| match segment {
        PathSegment::Key(key) => value.get(key.as_str()),
        PathSegment::Index(index) => value.get(*index),
    })
}

/// serde_json's one-based byte `line`/`column` as a zero-based character offset (what
/// Python's `JSONDecodeError.pos` reports).
pub(crate) fn char_offset(bytes: &[u8], line: usize, column: usize) -> usize {
    let line_start = if line <= 1 {
        0
    } else {
        bytes
            .iter()
            .enumerate()
            .filter(|(_, byte)| **byte == b'\n')
            .nth(line - 2)
            .map_or(bytes.len(), |(index, _)| index + 1)
    };
    let end = line_start
        .saturating_add(column.saturating_sub(1))
        .min(bytes.len());
    String::from_utf8_lossy(&bytes[..end]).chars().count()
}
