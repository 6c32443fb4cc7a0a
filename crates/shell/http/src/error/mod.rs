//! The one error type of every handler, and the JSON envelopes of API.md §1.4.
//!
//! Design:
//! - Handlers return `Result<_, ApiError>`; domain errors convert into it in one place
//!   (a `From` impl per domain error, added next to this module).
//! - Every body is JSON: `{"detail": "..."}`, the 422 `{"detail": [...]}` array, or the
//!   stale-write object. A 500 is `{"detail":"Internal server error"}`.
//! - Errors are logged once, by `tracing-actix-web`'s `TracingLogger`, which records
//!   every failed request with this type's `Debug` (the full cause chain for a 500, at
//!   ERROR; 4xx at WARN). `Debug` therefore never prints request input (a validation
//!   error lists locations and messages, not the values).

mod deserialize;
mod envelope;
mod map;
pub mod responses;
mod validation;

use std::fmt;
use std::time::Duration;

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use chrono::{DateTime, Utc};
use serde_json::json;
use tastebuds_kernel::FieldErrors;

pub(crate) use deserialize::{classify, strip_position};
pub(crate) use envelope::with_detail;
pub use envelope::{
    ErrorBody, StaleWriteBody, StaleWriteDetail, ValidationErrorBody, ValidationItem, json_envelope,
};
pub use map::{
    COURSE_IDS_MISMATCH, COURSE_ITEM_NOT_FOUND, COURSE_NOT_FOUND, COURSE_NOT_IN_MENU,
    ITEM_IDS_MISMATCH, ITEM_NOT_IN_MENU, MENU_NOT_FOUND, PAIRING_EXISTS, PAIRING_ITEM_NOT_IN_MENU,
    PAIRING_NOT_FOUND, PAIRING_SELF_REFERENCE, SHARE_LINK_EXPIRED, SHARE_LINK_NOT_FOUND,
    SHARE_TOKEN_NOT_FOUND, SLUG_TAKEN,
};
pub use map::{DATABASE_UNAVAILABLE, IDENTIFIER_REQUIRED, IngestTarget, MEDIA_ITEM_NOT_FOUND};
pub use map::{
    EMAIL_TAKEN, INVALID_CREDENTIALS, INVALID_REFRESH_TOKEN, MISSING_REFRESH_TOKEN,
    SESSION_NOT_FOUND, USER_NOT_FOUND,
};
pub use map::{EXTERNAL_SEARCH_AUTH_REQUIRED, PREVIEW_EXPIRED, PREVIEW_NOT_FOUND};
pub use map::{
    LOG_NOT_FOUND, TAG_ALREADY_EXISTS, TAG_NAME_BLANK, TAG_NOT_ASSIGNED, TAG_NOT_AVAILABLE,
    TAG_NOT_FOUND, TagRoute,
};
pub use validation::Location;

/// The message of a 401 for a missing, malformed, expired or wrong-type credential.
pub const INVALID_TOKEN: &str = "Invalid token";

/// The body of every 500.
pub const INTERNAL_SERVER_ERROR: &str = "Internal server error";

/// Everything a handler can answer besides success.
#[derive(thiserror::Error)]
pub enum ApiError {
    /// 422: invalid input. Each error's path starts with its [`Location`] (build it with
    /// [`ApiError::invalid`] or `From<FieldErrors>`, which places the errors in the body).
    #[error("invalid request: {}", printable(.0))]
    Validation(FieldErrors),
    /// 400 with a message.
    #[error("bad request: {}", printable(.0))]
    BadRequest(String),
    /// 401 with a message (no `WWW-Authenticate` header), usually [`INVALID_TOKEN`].
    #[error("unauthorized: {0}")]
    Unauthorized(&'static str),
    /// 403 with a message: the request may not be made at all, whoever makes it (a
    /// state-changing request from another origin).
    #[error("forbidden: {}", printable(.0))]
    Forbidden(&'static str),
    /// 404 with a message, e.g. `Menu not found`.
    #[error("not found: {}", printable(.0))]
    NotFound(String),
    /// 405 for a known path with another method; `allow` is the `Allow` header value
    /// (the methods the path does serve, RFC 9110 §15.5.6).
    #[error("method not allowed")]
    MethodNotAllowed {
        /// e.g. `GET` or `GET, POST`.
        allow: String,
    },
    /// 409 with a message.
    #[error("conflict: {}", printable(.0))]
    Conflict(String),
    /// 409 for an outdated `expected_updated_at` (API.md §1.4 item 2).
    #[error("stale write: {}", printable(.message))]
    StaleWrite {
        /// e.g. `Course was updated by another session.`
        message: String,
        /// The row's current `updated_at`.
        current_updated_at: DateTime<Utc>,
    },
    /// 502: an upstream source failed. `message` (which source, and how) is shown; the
    /// cause chain is logged, not shown.
    #[error("upstream failure: {}", printable(.message))]
    Upstream {
        /// e.g. `Upstream source tmdb failed`.
        message: String,
        /// What went wrong, for the log.
        #[source]
        cause: anyhow::Error,
    },
    /// 503 with a message, e.g. `tmdb temporarily unavailable`, and, when known, a
    /// `Retry-After` header.
    #[error("unavailable: {}", printable(.message))]
    Unavailable {
        /// What is unavailable.
        message: String,
        /// How long until it may be back, rounded up to whole seconds in the header.
        retry_after: Option<Duration>,
    },
    /// 429 with a message and, when known, a `Retry-After` header.
    #[error("too many requests: {}", printable(.message))]
    TooManyRequests {
        /// e.g. `External search quota exceeded (10 requests per 60s)`.
        message: String,
        /// How long to wait, rounded up to whole seconds in the header.
        retry_after: Option<Duration>,
    },
    /// 500: a bug or an infrastructure failure. The cause is logged, not shown.
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

impl ApiError {
    /// 503 with `message` and no `Retry-After`.
    #[must_use]
    pub fn unavailable(message: impl Into<String>) -> Self {
        Self::Unavailable {
            message: message.into(),
            retry_after: None,
        }
    }

    /// 401 `Invalid token`.
    #[must_use]
    pub fn invalid_token() -> Self {
        Self::Unauthorized(INVALID_TOKEN)
    }

    /// 422 with `errors` placed under `location` (`body`, `query`, …).
    #[must_use]
    pub fn invalid(location: Location, errors: FieldErrors) -> Self {
        Self::Validation(validation::locate(location, errors))
    }

    /// 500 from any error.
    pub fn internal(error: impl Into<anyhow::Error>) -> Self {
        Self::Internal(error.into())
    }

    /// The `detail` member of the response body.
    fn detail(&self) -> serde_json::Value {
        match self {
            Self::Validation(errors) => envelope::validation_items(errors),
            Self::BadRequest(message)
            | Self::NotFound(message)
            | Self::Conflict(message)
            | Self::Unavailable { message, .. }
            | Self::TooManyRequests { message, .. } => json!(message),
            Self::Unauthorized(message) | Self::Forbidden(message) => json!(message),
            Self::MethodNotAllowed { .. } => json!("Method Not Allowed"),
            Self::StaleWrite {
                message,
                current_updated_at,
            } => json!({
                "message": message,
                "current_updated_at": crate::wire::format_timestamp(*current_updated_at),
            }),
            Self::Upstream { message, .. } => json!(message),
            Self::Internal(_) => json!(INTERNAL_SERVER_ERROR),
        }
    }
}

/// Body validation errors (the usual result of `try_into_domain()`).
impl From<FieldErrors> for ApiError {
    fn from(errors: FieldErrors) -> Self {
        Self::invalid(Location::Body, errors)
    }
}

/// `text` with its control characters escaped (`\u{1b}`, `\n`): the messages quote
/// request input (a body's key names, an identifier, a path segment), and the logs
/// carrying them must not let a client write terminal escapes or fake log lines.
fn printable(text: &dyn fmt::Display) -> String {
    let text = text.to_string();
    if !text.chars().any(char::is_control) {
        return text;
    }
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

impl fmt::Debug for ApiError {
    /// The variant and its cause chain; never request input.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Upstream { cause, .. } | Self::Internal(cause) => {
                write!(f, "{self}: {cause:?}")
            }
            _ => write!(f, "{self}"),
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            Self::Conflict(_) | Self::StaleWrite { .. } => StatusCode::CONFLICT,
            Self::Upstream { .. } => StatusCode::BAD_GATEWAY,
            Self::Unavailable { .. } => StatusCode::SERVICE_UNAVAILABLE,
            Self::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status_code());
        if let Self::TooManyRequests {
            retry_after: Some(wait),
            ..
        }
        | Self::Unavailable {
            retry_after: Some(wait),
            ..
        } = self
        {
            response.insert_header((header::RETRY_AFTER, HeaderValue::from(ceil_secs(*wait))));
        }
        if let Self::MethodNotAllowed { allow } = self {
            // Method names are ASCII tokens, so the value is always a valid header.
            if let Ok(value) = HeaderValue::from_str(allow) {
                response.insert_header((header::ALLOW, value));
            }
        }
        response.json(json!({ "detail": self.detail() }))
    }
}

/// `wait` in whole seconds, rounded up: the unit of `Retry-After`.
pub(crate) fn ceil_secs(wait: Duration) -> u64 {
    wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
}

#[cfg(test)]
mod tests {
    use tastebuds_kernel::FieldError;

    use super::*;

    #[test]
    fn logged_messages_escape_the_control_characters_of_request_input() {
        // A body key a fuzzer sent: an ANSI colour, a line break and a NUL.
        let mut errors = FieldErrors::new();
        errors.push(FieldError::new(
            "external_id.\u{1b}[31m\nFAKE LOG LINE\u{0}",
            "value_error",
            "Value error",
        ));
        let shown = [
            ApiError::Validation(errors).to_string(),
            format!(
                "{:?}",
                ApiError::NotFound("Not found on tmdb: a\u{1b}[2Jb".to_owned())
            ),
        ];

        for line in shown {
            assert!(!line.chars().any(char::is_control), "{line:?}");
            assert!(line.contains("\\u{1b}"), "{line}");
        }
    }
}
