//! Where invalid input sat in the request: the first element of every 422 `loc`.

use std::fmt;

use tastebuds_kernel::{FieldErrors, PathSegment};

/// The part of the request an invalid value came from (`loc[0]`, API.md §1.4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Location {
    /// The JSON body.
    Body,
    /// The query string.
    Query,
    /// A path parameter.
    Path,
    /// A cookie.
    Cookie,
    /// A header.
    Header,
}

impl Location {
    /// The wire name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Body => "body",
            Self::Query => "query",
            Self::Path => "path",
            Self::Cookie => "cookie",
            Self::Header => "header",
        }
    }

    /// This location as the first path segment.
    pub(crate) fn segment(self) -> PathSegment {
        PathSegment::from(self.as_str())
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Prefixes every error's path with `location`.
pub(crate) fn locate(location: Location, errors: FieldErrors) -> FieldErrors {
    let prefix = [location.segment()];
    let mut located = FieldErrors::new();
    for error in errors {
        located.push(error.nested_under(&prefix));
    }
    located
}
