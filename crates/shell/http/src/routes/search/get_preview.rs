//! `GET /api/previews/{preview_id}`.

use actix_web::{HttpResponse, get, web};
use tastebuds_kernel::PreviewId;
use uuid::Uuid;

use super::preview::PreviewResponse;
use crate::error::{ApiError, ErrorBody, responses};
use crate::extract::{AuthUser, Path};
use crate::state::AppState;

/// The caller's own external-search preview, until it expires (300 s after the search
/// that last returned it).
///
/// # Errors
/// 404 `Preview not found` (unknown, or someone else's) or `Preview expired`; 422 for a
/// malformed UUID.
#[utoipa::path(
    tag = "search",
    params(("preview_id" = Uuid, Path, description = "The `preview_id` of an external search hit.")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = OK, description = "The preview.", body = PreviewResponse),
        responses::InvalidToken,
        (status = NOT_FOUND, description = "`Preview not found` (no such preview, or someone else's: the same answer) or `Preview expired`.", body = ErrorBody,
         example = json!({"detail": "Preview not found"})),
        responses::InvalidInput,
        responses::TooManyRequests,
        responses::DatabaseUnavailable,
    )
)]
#[get("/previews/{preview_id}")]
#[tracing::instrument(name = "previews.get", skip_all, fields(user.id = %user.0))]
pub async fn get_preview(
    user: AuthUser,
    state: web::Data<AppState>,
    id: Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let preview = state
        .search
        .preview(user.0, PreviewId::from_uuid(id.into_inner()))
        .await?;
    Ok(HttpResponse::Ok().json(PreviewResponse::from(&preview)))
}
