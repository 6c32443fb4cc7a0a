//! `PATCH /api/menus/{menu_id}/course-items/{item_id}`.

use actix_web::{HttpResponse, patch, web};

use crate::error::{ApiError, ErrorBody, StaleWriteBody, responses};
use crate::extract::{AuthUser, Json, Path};
use crate::routes::menus::dto::{CourseItemResponse, ItemPatchBody, ItemPath};
use crate::state::AppState;

/// Changes a course item's notes. With `expected_updated_at`, refuses to overwrite a
/// change the client has not seen.
///
/// # Errors
/// 404s; 409 stale write; 422 for invalid fields.
#[utoipa::path(
    tag = "menus",
    params(ItemPath),
    security(("bearer" = []), ("cookie" = [])),
    request_body(content = ItemPatchBody, example = json!({
        "notes": null, "expected_updated_at": "2025-03-20T14:05:09.123456Z"
    })),
    responses(
        (status = OK, description = "The item as changed, with a new `updated_at`.", body = CourseItemResponse),
        responses::InvalidToken,
        (status = NOT_FOUND, description = "`Menu not found`, `Course item not found` (missing or someone else's) or `Item not found in menu` (the caller's, under another menu).", body = ErrorBody,
         example = json!({"detail": "Course item not found"})),
        (status = CONFLICT, description = "Stale write: `expected_updated_at` differs from the stored `updated_at`. `detail` is an object.",
         body = StaleWriteBody, example = json!({"detail": {"message": "Course item was updated by another session.", "current_updated_at": "2025-03-20T14:05:09.123456Z"}})),
        responses::InvalidInput,
        responses::TooManyRequests,
        responses::DatabaseUnavailable,
    )
)]
#[patch("/menus/{menu_id}/course-items/{item_id}")]
#[tracing::instrument(name = "menus.items.update", skip_all, fields(user.id = %user.0, item.id = %path.item_id))]
pub async fn update_item(
    user: AuthUser,
    state: web::Data<AppState>,
    path: Path<ItemPath>,
    body: Json<ItemPatchBody>,
) -> Result<HttpResponse, ApiError> {
    let (menu_id, item_id) = path.ids();
    let item = state
        .curation
        .update_item(user.0, menu_id, item_id, body.into_inner().into_domain())
        .await?;
    Ok(HttpResponse::Ok().json(CourseItemResponse::from(&item)))
}
