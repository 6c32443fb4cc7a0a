//! The validated path-parameter extractor.

use std::future::{Ready, ready};
use std::ops::Deref;

use actix_router::PathDeserializer;
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use serde::de::DeserializeOwned;
use serde_json::Value;
use tastebuds_kernel::PathSegment;

use super::failure;
use crate::error::{ApiError, Location};

/// Path parameters: a struct named after them, a tuple in their order, or one value.
/// A value that does not parse (a malformed UUID) is a 422 at `["path", <param>]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Path<T>(pub T);

impl<T> Path<T> {
    /// The inner value.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> Deref for Path<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned> FromRequest for Path<T> {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(parse_path(req).map(Path))
    }
}

/// Deserializes the matched path parameters of `req`.
///
/// # Errors
/// [`ApiError::Validation`] naming the parameter that did not parse.
pub fn parse_path<T: DeserializeOwned>(req: &HttpRequest) -> Result<T, ApiError> {
    let params = req.match_info();
    serde_path_to_error::deserialize(PathDeserializer::new(params)).map_err(|error| {
        let names: Vec<&str> = params.iter().map(|(name, _)| name).collect();
        let path = named(failure::segments(error.path()), &names);
        let message = error.inner().to_string();
        ApiError::Validation(
            failure::field_error(Location::Path, path, &message, |at| match at.first() {
                Some(PathSegment::Key(name)) => params
                    .get(name)
                    .map_or(Value::Null, |value| Value::String(value.to_owned())),
                _ => Value::Null,
            })
            .into(),
        )
    })
}

/// Replaces positional segments (tuple and single-value extraction) by parameter names.
fn named(path: Vec<PathSegment>, names: &[&str]) -> Vec<PathSegment> {
    match path.first() {
        None => names
            .first()
            .map(|name| vec![PathSegment::from(*name)])
            .unwrap_or_default(),
        Some(PathSegment::Index(index)) => names
            .get(*index)
            .map(|name| vec![PathSegment::from(*name)])
            .unwrap_or(path),
        Some(PathSegment::Key(_)) => path,
    }
}
