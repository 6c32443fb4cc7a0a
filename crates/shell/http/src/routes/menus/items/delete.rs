//! `DELETE /api/menus/{menu_id}/course-items/{item_id}`.

use actix_web::{HttpResponse, delete, web};

use crate::error::{ApiError, ErrorBody, responses};
use crate::extract::{AuthUser, Path};
use crate::routes::menus::dto::ItemPath;
use crate::state::AppState;

/// Deletes a course item and the pairings that name it; the items after it move up by
/// one (their `updated_at` unchanged).
///
/// # Errors
/// 404s; 422 for a malformed id.
#[utoipa::path(
    tag = "menus",
    params(ItemPath),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = NO_CONTENT, description = "Deleted."),
        responses::InvalidToken,
        (status = NOT_FOUND, description = "`Menu not found`, `Course item not found` or `Item not found in menu`.", body = ErrorBody,
         example = json!({"detail": "Course item not found"})),
        responses::InvalidInput,
        responses::TooManyRequests,
        responses::DatabaseUnavailable,
    )
)]
#[delete("/menus/{menu_id}/course-items/{item_id}")]
#[tracing::instrument(name = "menus.items.delete", skip_all, fields(user.id = %user.0, item.id = %path.item_id))]
pub async fn delete_item(
    user: AuthUser,
    state: web::Data<AppState>,
    path: Path<ItemPath>,
) -> Result<HttpResponse, ApiError> {
    let (menu_id, item_id) = path.ids();
    state.curation.delete_item(user.0, menu_id, item_id).await?;
    Ok(HttpResponse::NoContent().finish())
}
