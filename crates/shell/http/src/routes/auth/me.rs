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
    )
)]
#[get("/me")]
#[tracing::instrument(name = "users.me", skip_all, fields(user.id = %user.0.id))]
pub async fn me(user: CurrentUser) -> HttpResponse {
    HttpResponse::Ok().json(UserResponse::from(&user.0))
}
