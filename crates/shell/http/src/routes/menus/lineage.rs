//! `GET /api/menus/{menu_id}/lineage`.

use actix_web::{HttpResponse, get, web};

use super::dto::{MenuLineageResponse, MenuPath};
use crate::error::{ApiError, responses};
use crate::extract::{AuthUser, Path};
use crate::state::AppState;

/// Where the caller's menu came from and its forks, limited to menus the caller owns or
/// that are public (API.md §6.8).
///
/// # Errors
/// 404 `Menu not found`; 422 for a malformed id.
#[utoipa::path(
    tag = "menus",
    params(MenuPath),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = OK, description = "The lineage: `source_menu` (with the fork's note) unless it is someone else's private menu; the forks that are the caller's or public, newest first.", body = MenuLineageResponse),
        responses::InvalidToken,
        responses::MenuNotFound,
        responses::InvalidInput,
        responses::TooManyRequests,
        responses::DatabaseUnavailable,
    )
)]
#[get("/menus/{menu_id}/lineage")]
#[tracing::instrument(name = "menus.lineage", skip_all, fields(user.id = %user.0, menu.id = %path.menu_id))]
pub async fn menu_lineage(
    user: AuthUser,
    state: web::Data<AppState>,
    path: Path<MenuPath>,
) -> Result<HttpResponse, ApiError> {
    let lineage = state.curation.owner_lineage(user.0, path.menu()).await?;
    Ok(HttpResponse::Ok().json(MenuLineageResponse::from(&lineage)))
}
