//! `GET /api/menus`.

use actix_web::{HttpResponse, get, web};

use super::dto::MenuResponse;
use crate::error::{ApiError, responses};
use crate::extract::AuthUser;
use crate::state::AppState;

/// The caller's menus, fully nested, in unspecified order.
///
/// # Errors
/// 401 without a valid access token.
#[utoipa::path(
    tag = "menus",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = OK, description = "The caller's menus with their courses, items (media embedded) and pairings; courses and items by position.", body = Vec<MenuResponse>),
        responses::InvalidToken,
        responses::TooManyRequests,
        responses::DatabaseUnavailable,
    )
)]
#[get("/menus")]
#[tracing::instrument(name = "menus.list", skip_all, fields(user.id = %user.0))]
pub async fn list_menus(
    user: AuthUser,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let menus = state.curation.list_menus(user.0).await?;
    let body: Vec<MenuResponse> = menus.iter().map(MenuResponse::from).collect();
    Ok(HttpResponse::Ok().json(body))
}
