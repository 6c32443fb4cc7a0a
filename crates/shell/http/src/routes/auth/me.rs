//! `GET /api/me`.

use actix_web::{HttpResponse, get};

use super::dto::UserResponse;
use crate::error::responses;
use crate::extract::CurrentUser;

/// The caller's account.
#[utoipa::path(
    tag = "users",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = OK, description = "The caller.", body = UserResponse),
        responses::InvalidToken,
        responses::DatabaseUnavailable,
        responses::TooManyRequests,
    )
)]
#[get("/me")]
#[tracing::instrument(name = "users.me", skip_all, fields(user.id = %user.0.id))]
pub async fn me(user: CurrentUser) -> HttpResponse {
    HttpResponse::Ok().json(UserResponse::from(&user.0))
}
