//! `DELETE /api/menus/{menu_id}`.

use actix_web::{HttpResponse, delete, web};

use super::dto::MenuPath;
use crate::error::{ApiError, responses};
use crate::extract::{AuthUser, Path};
use crate::state::AppState;

/// Deletes a menu with its courses, items, pairings, share links and lineage rows; its
/// slug becomes free.
///
/// # Errors
/// 404 `Menu not found`; 422 for a malformed id.
#[utoipa::path(
    tag = "menus",
    params(MenuPath),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = NO_CONTENT, description = "Deleted, with everything under it."),
        responses::InvalidToken,
        responses::MenuNotFound,
        responses::InvalidInput,
        responses::TooManyRequests,
        responses::DatabaseUnavailable,
    )
)]
#[delete("/menus/{menu_id}")]
#[tracing::instrument(name = "menus.delete", skip_all, fields(user.id = %user.0, menu.id = %path.menu_id))]
pub async fn delete_menu(
    user: AuthUser,
    state: web::Data<AppState>,
    path: Path<MenuPath>,
) -> Result<HttpResponse, ApiError> {
    state.curation.delete_menu(user.0, path.menu()).await?;
    Ok(HttpResponse::NoContent().finish())
}
