//! Extractors that answer malformed input with the 422 envelope of API.md §1.4.
//!
//! Handlers take [`Json`], [`Path`] and [`Query`] from here instead of actix's own. They
//! share actix's type names on purpose: utoipa recognises request bodies and parameters
//! by those names, so `#[utoipa::path]` documents them without extra attributes.
//!
//! - [`Json<T>`] parses the body as JSON (`json_invalid` with the character offset when
//!   it is not), deserializes `T` recording the failing field's path as `loc` (a struct
//!   only from an object, never from an array of its fields), then runs
//!   [`Validate::validate`], whose errors land under `body`. A body declared as another
//!   media type than JSON is refused (422), as FastAPI does. An empty body is JSON
//!   `null`, so `Json<Option<T>>` accepts a bodiless request and `Json<T>` answers
//!   `missing` at `["body"]`.
//! - [`Path<T>`] and [`Query<T>`] do the same for path parameters (`loc: ["path",
//!   <param>]`) and the query string (repeated keys fill a `Vec`).
//! - [`json_config`], [`path_config`] and [`query_config`] give actix's own extractors
//!   the same error shapes, as a safety net.

pub mod auth;
mod config;
mod failure;
mod json;
mod path;
mod query;
mod strict;

use tastebuds_kernel::{FieldErrors, PathSegment};

pub use auth::{AuthUser, CurrentUser, MaybeAuthUser, TokenUser};
pub use config::{json_config, path_config, query_config};
pub use json::Json;
pub use path::Path;
pub use query::Query;

/// Field rules an input type checks after deserialization.
///
/// Errors are relative to the input's root (`["email"]`, not `["body", "email"]`); the
/// extractor adds the location. Prefer converting into a domain command with a
/// `try_into_domain()` in the handler when the rules are the domain's; this hook is for
/// rules that only concern the wire format (a page size, a query parameter's range).
pub trait Validate {
    /// Checks the rules, collecting every violation.
    ///
    /// # Errors
    /// Every violated rule, never an empty collection.
    fn validate(&self) -> Result<(), FieldErrors> {
        Ok(())
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate(&self) -> Result<(), FieldErrors> {
        self.as_ref().map_or(Ok(()), Validate::validate)
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate(&self) -> Result<(), FieldErrors> {
        let mut all = FieldErrors::new();
        for (index, item) in self.iter().enumerate() {
            if let Err(errors) = item.validate() {
                for error in errors {
                    all.push(error.nested_under(&[PathSegment::Index(index)]));
                }
            }
        }
        all.into_result()
    }
}

impl Validate for serde_json::Value {}

impl Validate for () {}
