//! Domain errors → [`ApiError`], in one place: each variant gets exactly one status and
//! message (API.md §2). A backing service that cannot be reached (the domain's
//! [`Unavailable`]) becomes a 503; any other infrastructure failure an opaque 500 whose
//! cause is logged once by the request logger.

use tastebuds_accounts::AccountsError;
use tastebuds_curation::CurationError;
use tastebuds_kernel::{FieldError, Unavailable};
use tastebuds_media::{MediaError, SourceError, SourceName};

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

/// 503 without `Retry-After` (the client may retry; readiness reports it too). The cause
/// is logged here, since the answer carries only the message.
fn unavailable(error: Unavailable) -> ApiError {
    let message = match error.what() {
        "database" => DATABASE_UNAVAILABLE.to_owned(),
        what => format!("{what} unavailable, try again shortly"),
    };
    let error = anyhow::Error::new(error);
    tracing::warn!(error = format!("{error:#}"), "{message}");
    ApiError::unavailable(message)
}
