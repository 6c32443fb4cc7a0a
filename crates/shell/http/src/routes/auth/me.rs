//! `GET /api/me`.

use actix_web::{HttpResponse, get};

use super::dto::UserResponse;
use crate::error::ErrorBody;
use crate::extract::CurrentUser;

/// The caller's account.
#[utoipa::path(
    tag = "users",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = OK, description = "The caller.", body = UserResponse),
        (status = UNAUTHORIZED, description = "`Invalid token` (missing, malformed, expired or not an access token) or `User not found`.", body = ErrorBody,
         example = json!({"detail": "Invalid token"})),
        (status = TOO_MANY_REQUESTS, description = "Over the per-IP limit of `/api/*` (by default 10 requests per second); `Retry-After` gives the seconds to wait.", body = ErrorBody,
         headers(("Retry-After" = u64, description = "Seconds until the next request would pass.")),
         example = json!({"detail": "Too many requests, retry in 1 s"})),
    )
)]
#[get("/me")]
#[tracing::instrument(name = "users.me", skip_all, fields(user.id = %user.0.id))]
pub async fn me(user: CurrentUser) -> HttpResponse {
    HttpResponse::Ok().json(UserResponse::from(&user.0))
}
