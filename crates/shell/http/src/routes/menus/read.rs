//! `GET /api/menus/{menu_id}`.

use actix_web::{HttpResponse, get, web};

use super::dto::{MenuPath, MenuResponse};
use crate::error::{ApiError, responses};
use crate::extract::{AuthUser, Path};
use crate::state::AppState;

/// One of the caller's menus, fully nested.
///
/// # Errors
/// 404 `Menu not found` (missing or someone else's); 422 for a malformed id.
#[utoipa::path(
    tag = "menus",
    params(MenuPath),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = OK, description = "The menu; courses and items by position, pairings by creation time.", body = MenuResponse),
        responses::InvalidToken,
        responses::MenuNotFound,
        responses::InvalidInput,
        responses::TooManyRequests,
        responses::DatabaseUnavailable,
    )
)]
#[get("/menus/{menu_id}")]
#[tracing::instrument(name = "menus.get", skip_all, fields(user.id = %user.0, menu.id = %path.menu_id))]
pub async fn get_menu(
    user: AuthUser,
    state: web::Data<AppState>,
    path: Path<MenuPath>,
) -> Result<HttpResponse, ApiError> {
    let menu = state.curation.get_menu(user.0, path.menu()).await?;
    Ok(HttpResponse::Ok().json(MenuResponse::from(&menu)))
}
