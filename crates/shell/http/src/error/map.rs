//! Domain errors → [`ApiError`], in one place: each variant gets exactly one status and
//! message (API.md §2), except where the contract gives one domain error a different
//! answer per route: those mappings take the operation ([`ApiError::from_ingest`],
//! [`ApiError::from_tagging`]) and spell out every route's answer here. A backing
//! service that cannot be reached (the domain's [`Unavailable`]) becomes a 503; any
//! other infrastructure failure an opaque 500 whose cause is logged once by the request
//! logger.

use tastebuds_accounts::AccountsError;
use tastebuds_curation::CurationError;
use tastebuds_kernel::{FieldError, Unavailable};
use tastebuds_media::{MediaError, SearchError, SourceError, SourceName};
use tastebuds_tagging::TaggingError;
use tastebuds_user_state::UserStateError;

use super::{ApiError, INVALID_TOKEN, Location};

/// 400 from register.
pub const EMAIL_TAKEN: &str = "Email already registered";
/// 401 from login, for an unknown email and a wrong password alike.
pub const INVALID_CREDENTIALS: &str = "Invalid credentials";
/// 401 for a genuine token whose user no longer exists.
pub const USER_NOT_FOUND: &str = "User not found";
/// 401 from refresh without a token.
pub const MISSING_REFRESH_TOKEN: &str = "Missing refresh token";
/// 401 from refresh with an unknown, revoked, reused or expired token.
pub const INVALID_REFRESH_TOKEN: &str = "Invalid or expired refresh token";
/// 503 from register and login while every password hashing worker is busy and the
/// queue in front of them is full (with `Retry-After`).
pub const PASSWORD_HASHING_BUSY: &str = "Too many sign-ins in progress, try again shortly";
/// 404 from session revocation.
pub const SESSION_NOT_FOUND: &str = "Session not found";

impl From<AccountsError> for ApiError {
    fn from(error: AccountsError) -> Self {
        match error {
            AccountsError::Validation(errors) => errors.into(),
            AccountsError::EmailTaken => Self::BadRequest(EMAIL_TAKEN.to_owned()),
            AccountsError::InvalidCredentials => Self::Unauthorized(INVALID_CREDENTIALS),
            AccountsError::InvalidToken => Self::Unauthorized(INVALID_TOKEN),
            AccountsError::InvalidRefreshToken | AccountsError::RefreshTokenReused => {
                Self::Unauthorized(INVALID_REFRESH_TOKEN)
            }
            AccountsError::MissingRefreshToken => Self::Unauthorized(MISSING_REFRESH_TOKEN),
            AccountsError::UserNotFound => Self::Unauthorized(USER_NOT_FOUND),
            AccountsError::SessionNotFound => Self::NotFound(SESSION_NOT_FOUND.to_owned()),
            AccountsError::Busy { retry_after } => Self::Unavailable {
                message: PASSWORD_HASHING_BUSY.to_owned(),
                retry_after: Some(retry_after),
            },
            AccountsError::Unavailable(error) => unavailable(error),
            AccountsError::Unexpected(cause) => Self::Internal(cause),
        }
    }
}

/// 404 for an unknown catalog item.
pub const MEDIA_ITEM_NOT_FOUND: &str = "Media item not found";
/// 400 from ingest when `external_id` and `url` are both blank.
pub const IDENTIFIER_REQUIRED: &str = "Identifier required";

/// 503 while the database cannot be reached.
pub const DATABASE_UNAVAILABLE: &str = "Database unavailable, try again shortly";

/// The `Retry-After` of a 503 for a backing service that cannot be reached: a pool
/// checkout that timed out, a connection a restart broke, a statement the database's
/// `statement_timeout` cancelled. A restarted database serves again within a second or
/// two, and clients that honour the header come back spread over that time.
pub const UNAVAILABLE_RETRY_AFTER: std::time::Duration = std::time::Duration::from_secs(1);

/// What an ingest request named: the context its error messages need.
#[derive(Clone, Copy, Debug)]
pub struct IngestTarget<'a> {
    /// The source (its canonical name goes into messages).
    pub source: SourceName,
    /// The identifier, as taken from the body.
    pub identifier: &'a str,
    /// The body field it came from (`external_id` or `url`), the `loc` of a 422.
    pub field: &'static str,
}

/// Catalog reads: `Media item not found` and opaque 500s (ingest errors get their
/// context from [`ApiError::from_ingest`]).
impl From<MediaError> for ApiError {
    fn from(error: MediaError) -> Self {
        media_error(error, None)
    }
}

impl ApiError {
    /// An ingest failure (API.md §2.6, §6.1):
    /// - unknown source → 404 `Unknown source: <source as given>`;
    /// - no identifier → 400 `Identifier required`;
    /// - an identifier the source cannot parse → 422 at `body.<field>`;
    /// - not found upstream → 404 `Not found on <source>: <identifier>`;
    /// - circuit open → 503 `<source> temporarily unavailable`;
    /// - source not configured → 503 `<source> is not configured: set <setting>`;
    /// - upstream failure, rate limit, refused credentials → 502 (cause logged);
    /// - database unreachable → 503 `Database unavailable, try again shortly`;
    /// - other storage failure → 500.
    #[must_use]
    pub fn from_ingest(error: MediaError, target: &IngestTarget<'_>) -> Self {
        media_error(error, Some(target))
    }
}

fn media_error(error: MediaError, target: Option<&IngestTarget<'_>>) -> ApiError {
    match error {
        MediaError::NotFound(_) => ApiError::NotFound(MEDIA_ITEM_NOT_FOUND.to_owned()),
        MediaError::UnknownSource(source) => {
            ApiError::NotFound(format!("Unknown source: {source}"))
        }
        MediaError::IdentifierRequired => ApiError::BadRequest(IDENTIFIER_REQUIRED.to_owned()),
        MediaError::InvalidIdentifier(message) => invalid_identifier(&message, target),
        MediaError::Source(error) => source_error(error, target),
        MediaError::Unavailable(error) => unavailable(error),
        MediaError::Unexpected(cause) => ApiError::Internal(cause),
    }
}

fn source_error(error: SourceError, target: Option<&IngestTarget<'_>>) -> ApiError {
    let source = target.map_or("the source", |target| target.source.as_str());
    match error {
        SourceError::InvalidIdentifier(message) => invalid_identifier(&message, target),
        SourceError::NotFound => ApiError::NotFound(match target {
            Some(target) => format!("Not found on {source}: {}", target.identifier),
            None => "Not found upstream".to_owned(),
        }),
        SourceError::CircuitOpen { remaining } => ApiError::Unavailable {
            message: format!("{source} temporarily unavailable"),
            retry_after: Some(remaining),
        },
        SourceError::NotConfigured(setting) => {
            ApiError::unavailable(format!("{source} is not configured: set {setting}"))
        }
        other @ (SourceError::RateLimited { .. }
        | SourceError::Unauthorized(_)
        | SourceError::Upstream(_)
        | SourceError::Unexpected(_)) => {
            let what = match other {
                SourceError::RateLimited { .. } => "is rate limiting our requests",
                SourceError::Unauthorized(_) => "refused the configured credentials",
                _ => "failed",
            };
            ApiError::Upstream {
                message: format!("Upstream source {source} {what}"),
                cause: other.into(),
            }
        }
    }
}

/// 422 `value_error` at `body.<field>`, with the identifier as input.
fn invalid_identifier(message: &str, target: Option<&IngestTarget<'_>>) -> ApiError {
    let (field, input) = target.map_or(("identifier", ""), |target| {
        (target.field, target.identifier)
    });
    let error =
        FieldError::new(field, "value_error", format!("Value error, {message}")).with_input(input);
    ApiError::invalid(Location::Body, error.into())
}

/// 404: the menu is missing or someone else's (and, for fork, private).
pub const MENU_NOT_FOUND: &str = "Menu not found";
/// 404: the course is missing or someone else's.
pub const COURSE_NOT_FOUND: &str = "Course not found";
/// 404: the course is the caller's but under another menu.
pub const COURSE_NOT_IN_MENU: &str = "Course not found in menu";
/// 404: the course item is missing or someone else's.
pub const COURSE_ITEM_NOT_FOUND: &str = "Course item not found";
/// 404: the course item is the caller's but under another menu.
pub const ITEM_NOT_IN_MENU: &str = "Item not found in menu";
/// 404 from pairing creation: either item is not in the menu.
pub const PAIRING_ITEM_NOT_IN_MENU: &str = "Course item not found in menu";
/// 400 from pairing creation: both ids are the same.
pub const PAIRING_SELF_REFERENCE: &str = "Pairing must reference two items.";
/// 409 from pairing creation: the same ordered pair exists.
pub const PAIRING_EXISTS: &str = "Pairing already exists";
/// 404 from pairing deletion.
pub const PAIRING_NOT_FOUND: &str = "Pairing not found";
/// 404 from share-token revocation.
pub const SHARE_TOKEN_NOT_FOUND: &str = "Share token not found";
/// 404 from the draft view: unknown or revoked link.
pub const SHARE_LINK_NOT_FOUND: &str = "Share link not found";
/// 404 from the draft view: the link has expired.
pub const SHARE_LINK_EXPIRED: &str = "Share link expired";
/// 400 from reorder-items.
pub const ITEM_IDS_MISMATCH: &str = "Item IDs must match the existing course items.";
/// 400 from reorder-courses.
pub const COURSE_IDS_MISMATCH: &str = "Course IDs must match the existing menu courses.";
/// 409 when every slug tried was taken by concurrent creates (a retry succeeds).
pub const SLUG_TAKEN: &str = "Menu slug was taken concurrently, try again";

/// Curation (API.md §2.9, §2.10): each variant its one status and message; a stale
/// write is the object-detail 409 of API.md §1.4.
impl From<CurationError> for ApiError {
    fn from(error: CurationError) -> Self {
        let not_found = |message: &str| Self::NotFound(message.to_owned());
        match error {
            CurationError::MenuNotFound => not_found(MENU_NOT_FOUND),
            CurationError::CourseNotFound => not_found(COURSE_NOT_FOUND),
            CurationError::CourseNotInMenu => not_found(COURSE_NOT_IN_MENU),
            CurationError::CourseItemNotFound => not_found(COURSE_ITEM_NOT_FOUND),
            CurationError::ItemNotInMenu => not_found(ITEM_NOT_IN_MENU),
            CurationError::PairingItemNotInMenu => not_found(PAIRING_ITEM_NOT_IN_MENU),
            CurationError::PairingNotFound => not_found(PAIRING_NOT_FOUND),
            CurationError::ShareTokenNotFound => not_found(SHARE_TOKEN_NOT_FOUND),
            CurationError::ShareLinkNotFound => not_found(SHARE_LINK_NOT_FOUND),
            CurationError::ShareLinkExpired => not_found(SHARE_LINK_EXPIRED),
            CurationError::UnknownMedia => not_found(MEDIA_ITEM_NOT_FOUND),
            CurationError::PairingSelfReference => {
                Self::BadRequest(PAIRING_SELF_REFERENCE.to_owned())
            }
            CurationError::ItemIdsMismatch => Self::BadRequest(ITEM_IDS_MISMATCH.to_owned()),
            CurationError::CourseIdsMismatch => Self::BadRequest(COURSE_IDS_MISMATCH.to_owned()),
            CurationError::PairingExists => Self::Conflict(PAIRING_EXISTS.to_owned()),
            CurationError::SlugTaken(_) => Self::Conflict(SLUG_TAKEN.to_owned()),
            CurationError::StaleWrite {
                entity,
                current_updated_at,
            } => Self::StaleWrite {
                message: format!("{} was updated by another session.", entity.label()),
                current_updated_at,
            },
            CurationError::Validation(errors) => errors.into(),
            CurationError::Unavailable(error) => unavailable(error),
            CurationError::Unexpected(cause) => Self::Internal(cause),
        }
    }
}

/// 400 from tag creation for a whitespace-only name.
pub const TAG_NAME_BLANK: &str = "Tag name cannot be blank";
/// 409 from tag creation when the caller already has a tag of that name.
pub const TAG_ALREADY_EXISTS: &str = "Tag already exists";
/// 404 from tag deletion: unknown, someone else's, or global.
pub const TAG_NOT_FOUND: &str = "Tag not found";
/// Attach (400) and detach (404) of an unknown tag or someone else's.
pub const TAG_NOT_AVAILABLE: &str = "Tag not available";
/// 404 from detach when the tag is not on the item.
pub const TAG_NOT_ASSIGNED: &str = "Tag not assigned to media";
/// 404 for a log that is missing or someone else's.
pub const LOG_NOT_FOUND: &str = "Log entry not found";

/// The tag routes (API.md §2.8), whose answers to the same domain error differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TagRoute {
    /// `GET /api/tags`.
    List,
    /// `POST /api/tags`.
    Create,
    /// `DELETE /api/tags/{tag_id}`.
    Delete,
    /// `GET /api/tags/media/{media_item_id}`.
    OnItem,
    /// `POST /api/tags/{tag_id}/media`.
    Attach,
    /// `DELETE /api/tags/{tag_id}/media/{media_item_id}`.
    Detach,
}

impl ApiError {
    /// A tagging failure as `route` answers it (API.md §2.8, §6.1). Every route:
    /// - blank name → 400 `Tag name cannot be blank`; empty or over-long name → 422;
    /// - duplicate name for the owner → 409 `Tag already exists`;
    /// - `TagNotFound` (delete) → 404 `Tag not found`;
    /// - `Tag not assigned to media` → 404;
    /// - database unreachable → 503, other storage failure → 500.
    ///
    /// Per route:
    ///
    /// | domain error | attach | detach (and any other route) |
    /// |---|---|---|
    /// | `TagNotAvailable` | 400 `Tag not available` | 404 `Tag not available` |
    /// | `UnknownMedia` | 400 `Media item not found` | 404 `Media item not found` |
    #[must_use]
    pub fn from_tagging(error: TaggingError, route: TagRoute) -> Self {
        let attach = route == TagRoute::Attach;
        match error {
            TaggingError::BlankName => Self::BadRequest(TAG_NAME_BLANK.to_owned()),
            TaggingError::Validation(errors) => errors.into(),
            TaggingError::DuplicateName(_) => Self::Conflict(TAG_ALREADY_EXISTS.to_owned()),
            TaggingError::TagNotFound => Self::NotFound(TAG_NOT_FOUND.to_owned()),
            TaggingError::TagNotAvailable if attach => {
                Self::BadRequest(TAG_NOT_AVAILABLE.to_owned())
            }
            TaggingError::TagNotAvailable => Self::NotFound(TAG_NOT_AVAILABLE.to_owned()),
            TaggingError::UnknownMedia if attach => {
                Self::BadRequest(MEDIA_ITEM_NOT_FOUND.to_owned())
            }
            TaggingError::UnknownMedia => Self::NotFound(MEDIA_ITEM_NOT_FOUND.to_owned()),
            TaggingError::NotAssigned => Self::NotFound(TAG_NOT_ASSIGNED.to_owned()),
            TaggingError::Unavailable(error) => unavailable(error),
            TaggingError::Unexpected(cause) => Self::Internal(cause),
        }
    }
}

/// States, logs and the library (API.md §2.7): the same answer on every route.
impl From<UserStateError> for ApiError {
    fn from(error: UserStateError) -> Self {
        match error {
            UserStateError::UnknownMedia => Self::NotFound(MEDIA_ITEM_NOT_FOUND.to_owned()),
            UserStateError::LogNotFound => Self::NotFound(LOG_NOT_FOUND.to_owned()),
            UserStateError::Validation(errors) => errors.into(),
            UserStateError::Unavailable(error) => unavailable(error),
            UserStateError::Unexpected(cause) => Self::Internal(cause),
        }
    }
}

/// 503 without `Retry-After` (the client may retry; readiness reports it too). The cause
/// is logged here, since the answer carries only the message.
fn unavailable(error: Unavailable) -> ApiError {
    let message = match error.what() {
        "database" => DATABASE_UNAVAILABLE.to_owned(),
        what => format!("{what} unavailable, try again shortly"),
    };
    let error = anyhow::Error::new(error);
    tracing::warn!(error = format!("{error:#}"), "{message}");
    ApiError::Unavailable {
        message,
        retry_after: Some(UNAVAILABLE_RETRY_AFTER),
    }
}

/// 401 from search when connectors are requested anonymously.
pub const EXTERNAL_SEARCH_AUTH_REQUIRED: &str = "Authentication required for external search";
/// 404 from the preview route for an unknown id or someone else's preview.
pub const PREVIEW_NOT_FOUND: &str = "Preview not found";
/// 404 from the preview route for the caller's expired preview.
pub const PREVIEW_EXPIRED: &str = "Preview expired";

impl From<SearchError> for ApiError {
    fn from(error: SearchError) -> Self {
        match error {
            SearchError::AuthenticationRequired => {
                Self::Unauthorized(EXTERNAL_SEARCH_AUTH_REQUIRED)
            }
            SearchError::QuotaExceeded {
                max_requests,
                window_secs,
                retry_after,
            } => Self::TooManyRequests {
                message: format!(
                    "External search quota exceeded ({max_requests} requests per {window_secs}s)"
                ),
                retry_after: Some(retry_after),
            },
            SearchError::PreviewNotFound => Self::NotFound(PREVIEW_NOT_FOUND.to_owned()),
            SearchError::PreviewExpired => Self::NotFound(PREVIEW_EXPIRED.to_owned()),
            SearchError::UserNotFound => Self::Unauthorized(USER_NOT_FOUND),
            SearchError::Unavailable(error) => unavailable(error),
            SearchError::Unexpected(cause) => Self::Internal(cause),
        }
    }
}

#[cfg(test)]
mod tests {
    use actix_web::ResponseError as _;
    use actix_web::http::StatusCode;

    use super::*;

    fn answer(error: TaggingError, route: TagRoute) -> (StatusCode, String) {
        let error = ApiError::from_tagging(error, route);
        (error.status_code(), error.detail().to_string())
    }

    #[test]
    fn an_unavailable_tag_is_a_400_on_attach_and_a_404_on_detach() {
        assert_eq!(
            answer(TaggingError::TagNotAvailable, TagRoute::Attach),
            (StatusCode::BAD_REQUEST, "\"Tag not available\"".to_owned())
        );
        assert_eq!(
            answer(TaggingError::TagNotAvailable, TagRoute::Detach),
            (StatusCode::NOT_FOUND, "\"Tag not available\"".to_owned())
        );
        assert_eq!(
            answer(TaggingError::UnknownMedia, TagRoute::Attach),
            (
                StatusCode::BAD_REQUEST,
                "\"Media item not found\"".to_owned()
            )
        );
    }

    #[test]
    fn the_other_tag_errors_answer_alike_on_every_route() {
        let name = tastebuds_tagging::TagName::parse("noir").unwrap();
        for route in [TagRoute::Create, TagRoute::Attach, TagRoute::Detach] {
            assert_eq!(
                answer(TaggingError::DuplicateName(name.clone()), route),
                (StatusCode::CONFLICT, "\"Tag already exists\"".to_owned())
            );
            assert_eq!(
                answer(TaggingError::BlankName, route).0,
                StatusCode::BAD_REQUEST
            );
            assert_eq!(
                answer(TaggingError::NotAssigned, route),
                (
                    StatusCode::NOT_FOUND,
                    "\"Tag not assigned to media\"".to_owned()
                )
            );
        }
    }
}
