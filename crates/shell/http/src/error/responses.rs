//! Error answers many operations share, declared once for the OpenAPI document and
//! attached by name in each handler's `#[utoipa::path(responses(...))]`, e.g.
//! `responses((status = OK, ...), InvalidToken, InvalidInput, TooManyRequests)`.
//!
//! An operation whose answer for one of these statuses says more (login's 401
//! `Invalid credentials`) keeps its own tuple instead. The 429 answers differ only in
//! the rate-limit rule they name.

use utoipa::IntoResponses;

use super::{ErrorBody, ValidationErrorBody};

/// 401 from routes that require an access token.
#[derive(IntoResponses)]
#[response(
    status = UNAUTHORIZED,
    description = "`Invalid token` (missing, malformed, expired or not an access token) or `User not found`.",
    example = json!({"detail": "Invalid token"})
)]
pub struct InvalidToken(pub ErrorBody);

/// 422: the validation envelope of API.md §1.4.
#[derive(IntoResponses)]
#[response(
    status = UNPROCESSABLE_ENTITY,
    description = "Invalid input: a malformed body, path parameter or query value. `detail` lists every problem with its location (`loc`)."
)]
pub struct InvalidInput(pub ValidationErrorBody);

/// 503 while the database cannot be reached.
#[derive(IntoResponses)]
#[response(
    status = SERVICE_UNAVAILABLE,
    description = "The database cannot be reached right now (down, restarting, every pooled connection busy past the checkout timeout, or a statement past its timeout); `Retry-After` gives the seconds to wait.",
    headers(("Retry-After" = u64, description = "Seconds to wait before trying again.")),
    example = json!({"detail": "Database unavailable, try again shortly"})
)]
pub struct DatabaseUnavailable(pub ErrorBody);

/// 503 from the routes that hash or verify a password, while the hashing pool is full.
#[derive(IntoResponses)]
#[response(
    status = SERVICE_UNAVAILABLE,
    description = "`Too many sign-ins in progress, try again shortly`: every password hashing worker is busy and the queue in front of them is full (`auth.hash_workers`, `auth.hash_queue`); `Retry-After` gives the seconds to wait. Or the database cannot be reached (`Database unavailable, try again shortly`, no `Retry-After`).",
    headers(("Retry-After" = u64, description = "Seconds after which a place should be free (only on the hashing answer).")),
    example = json!({"detail": "Too many sign-ins in progress, try again shortly"})
)]
pub struct PasswordHashingBusy(pub ErrorBody);

/// 429 under the general per-IP limit (`/api/*` and `/health`).
#[derive(IntoResponses)]
#[response(
    status = TOO_MANY_REQUESTS,
    description = "Over the per-IP limit of `/api/*` and `/health` (by default 10 per second); `Retry-After` gives the seconds to wait.",
    headers(("Retry-After" = u64, description = "Seconds until the next request would pass.")),
    example = json!({"detail": "Too many requests, retry in 1 s"})
)]
pub struct TooManyRequests(pub ErrorBody);

/// 429 under the per-IP limit of `/api/auth/*`.
#[derive(IntoResponses)]
#[response(
    status = TOO_MANY_REQUESTS,
    description = "Over the per-IP limit of `/api/auth/*` (by default 5 per minute, burst 20); `Retry-After` gives the seconds to wait.",
    headers(("Retry-After" = u64, description = "Seconds until the next request would pass.")),
    example = json!({"detail": "Too many requests, retry in 12 s"})
)]
pub struct TooManyAuthRequests(pub ErrorBody);

/// 429 under the per-IP limit of `/api/ingest/*`.
#[derive(IntoResponses)]
#[response(
    status = TOO_MANY_REQUESTS,
    description = "Over the per-IP limit of `/api/ingest/*` (by default 1 per second, burst 3); `Retry-After` gives the seconds to wait.",
    headers(("Retry-After" = u64, description = "Seconds until the next request would pass.")),
    example = json!({"detail": "Too many requests, retry in 1 s"})
)]
pub struct TooManyIngestRequests(pub ErrorBody);

/// 429 under the per-IP limit of `/api/public/*`.
#[derive(IntoResponses)]
#[response(
    status = TOO_MANY_REQUESTS,
    description = "Over the per-IP limit of `/api/public/*` (by default 8 per second, burst 10); `Retry-After` gives the seconds to wait.",
    headers(("Retry-After" = u64, description = "Seconds until the next request would pass.")),
    example = json!({"detail": "Too many requests, retry in 1 s"})
)]
pub struct TooManyPublicRequests(pub ErrorBody);

/// 404 `Menu not found` from the menu routes: the menu is missing or someone else's
/// (API.md §5.2: never a 403).
#[derive(IntoResponses)]
#[response(
    status = NOT_FOUND,
    description = "`Menu not found`: no such menu, or it is someone else's (the same answer, so nobody learns which private menus exist).",
    example = json!({"detail": "Menu not found"})
)]
pub struct MenuNotFound(pub ErrorBody);
