//! The validated JSON body extractor.

use std::future::Future;
use std::ops::{Deref, DerefMut};
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::web::Bytes;
use actix_web::{FromRequest, HttpRequest};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};
use tastebuds_kernel::{FieldError, PathSegment};

use super::{Validate, failure};
use crate::error::{ApiError, Location, strip_position};

/// A JSON request body, deserialized and validated (see the [module docs](super)).
///
/// The `Content-Type` is not checked: the body is read as JSON whatever it says.
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
        let bytes = Bytes::from_request(req, payload);
        Box::pin(async move {
            let bytes = bytes.await?;
            Ok(Json(parse_body(&bytes)?))
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
    let parsed: T = serde_path_to_error::deserialize(&value)
        .map_err(|error| ApiError::Validation(data_error(&value, &error).into()))?;
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
