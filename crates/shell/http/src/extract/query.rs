//! The validated query-string extractor.

use std::future::{Ready, ready};
use std::ops::Deref;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use serde::de::DeserializeOwned;
use serde_json::Value;
use tastebuds_kernel::{FieldError, FieldErrors, PathSegment};

use super::{Validate, failure};
use crate::error::{ApiError, Location};

/// Query parameters, deserialized (repeated keys fill a `Vec`) and validated. An absent
/// required parameter is `missing`, a bad value its type's error, at `["query", <name>]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Query<T>(pub T);

impl<T> Query<T> {
    /// The inner value.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> Deref for Query<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned + Validate> FromRequest for Query<T> {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(parse_query(req.query_string()).map(Query))
    }
}

/// Deserializes and validates a query string.
///
/// # Errors
/// [`ApiError::Validation`] for the first parameter that does not fit, or every
/// [`Validate`] error, under `query`.
pub fn parse_query<T: DeserializeOwned + Validate>(query: &str) -> Result<T, ApiError> {
    refuse_nul_characters(query)?;
    let deserializer = serde_html_form::Deserializer::from_bytes(query.as_bytes());
    let parsed: T = serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let path = failure::segments(error.path());
        let message = error.inner().to_string();
        ApiError::Validation(
            failure::field_error(Location::Query, path, &message, |at| input_at(query, at)).into(),
        )
    })?;
    parsed
        .validate()
        .map_err(|errors| ApiError::invalid(Location::Query, errors))?;
    Ok(parsed)
}

/// PostgreSQL `text` cannot hold a NUL character: a decoded parameter (name or value)
/// containing one is a 422 `value_error` at `["query", <name>]`, never a 500 from the
/// database.
fn refuse_nul_characters(query: &str) -> Result<(), ApiError> {
    let pairs: Vec<(String, String)> = serde_html_form::from_str(query).unwrap_or_default();
    let mut errors = FieldErrors::new();
    for (name, value) in pairs {
        if name.contains('\0') || value.contains('\0') {
            errors.push(
                FieldError::new(
                    &name,
                    "value_error",
                    "Value error, text must not contain NUL (\\u0000) characters",
                )
                .with_input(value),
            );
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::invalid(Location::Query, errors))
    }
}

/// The raw value(s) of the parameter a path names: a string, or an array when the key
/// repeats.
fn input_at(query: &str, path: &[PathSegment]) -> Value {
    let Some(PathSegment::Key(name)) = path.first() else {
        return Value::Null;
    };
    let pairs: Vec<(String, String)> = serde_html_form::from_str(query).unwrap_or_default();
    let mut values: Vec<Value> = pairs
        .into_iter()
        .filter(|(key, _)| key == name)
        .map(|(_, value)| Value::String(value))
        .collect();
    match (values.len(), path.get(1)) {
        (0, _) => Value::Null,
        (_, Some(PathSegment::Index(index))) => values.get(*index).cloned().unwrap_or(Value::Null),
        (1, _) => values.swap_remove(0),
        _ => Value::Array(values),
    }
}
