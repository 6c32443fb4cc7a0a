//! Error handlers for actix's own `web::Json`, `web::Path` and `web::Query`, so a handler
//! that uses them still answers the 422 envelope (actix would answer a text 400/404).
//!
//! They know less than this module's extractors: the error carries no field path, so
//! `loc` names the field only when the message does (a missing field) or when the route
//! has a single path parameter.

use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::{HttpRequest, web};
use serde_json::Value;
use tastebuds_kernel::PathSegment;

use super::{failure, json};
use crate::error::{ApiError, Location, strip_position};

/// `web::JsonConfig` whose deserialization errors are 422s.
#[must_use]
pub fn json_config() -> web::JsonConfig {
    web::JsonConfig::default().error_handler(|error, _req| match error {
        JsonPayloadError::Deserialize(error) if error.is_syntax() || error.is_eof() => {
            // The body is gone by now: the offset is exact on the first line only.
            let offset = error.column().saturating_sub(1);
            ApiError::Validation(json::json_invalid_at(offset, &error).into()).into()
        }
        JsonPayloadError::Deserialize(error) => {
            let message = strip_position(&error);
            ApiError::Validation(
                failure::field_error(Location::Body, Vec::new(), &message, |_| Value::Null).into(),
            )
            .into()
        }
        other => other.into(),
    })
}

/// `web::PathConfig` whose errors are 422s.
#[must_use]
pub fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|error, req| match error {
        PathError::Deserialize(error) => {
            let (path, input) = single_param(req);
            ApiError::Validation(
                failure::field_error(Location::Path, path, &error.to_string(), |_| input.clone())
                    .into(),
            )
            .into()
        }
        other => other.into(),
    })
}

/// `web::QueryConfig` whose errors are 422s.
#[must_use]
pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|error, _req| match error {
        QueryPayloadError::Deserialize(error) => ApiError::Validation(
            failure::field_error(Location::Query, Vec::new(), &error.to_string(), |_| {
                Value::Null
            })
            .into(),
        )
        .into(),
        other => other.into(),
    })
}

/// The name and value of the route's only path parameter, if it has exactly one.
fn single_param(req: &HttpRequest) -> (Vec<PathSegment>, Value) {
    let mut params = req.match_info().iter();
    match (params.next(), params.next()) {
        (Some((name, value)), None) => (
            vec![PathSegment::from(name)],
            Value::String(value.to_owned()),
        ),
        _ => (Vec::new(), Value::Null),
    }
}
