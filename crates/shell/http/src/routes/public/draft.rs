//! `GET /api/public/menus/draft/{token}`.

use actix_web::{HttpResponse, get, web};

use super::paths::DraftPath;
use crate::error::{ApiError, ErrorBody, responses};
use crate::extract::Path;
use crate::routes::menus::dto::DraftMenuResponse;
use crate::state::AppState;

/// Any menu, public or private, through a share link; each success counts one access
/// (`access_count`, `last_accessed_at`).
///
/// # Errors
/// 404 `Share link not found` (unknown or revoked) or `Share link expired`.
#[utoipa::path(
    tag = "public",
    params(DraftPath),
    responses(
        (status = OK, description = "The menu in its public shape (no `owner_id`) and the link that opened it.", body = DraftMenuResponse),
        (status = NOT_FOUND, description = "`Share link not found` (unknown or revoked) or `Share link expired`.", body = ErrorBody,
         example = json!({"detail": "Share link expired"})),
        responses::TooManyPublicRequests,
        responses::DatabaseUnavailable,
    )
)]
#[get("/public/menus/draft/{token}")]
#[tracing::instrument(name = "public.draft", skip_all)]
pub async fn draft_menu(
    state: web::Data<AppState>,
    path: Path<DraftPath>,
) -> Result<HttpResponse, ApiError> {
    let shared = state.curation.open_share_link(&path.token).await?;
    Ok(HttpResponse::Ok().json(DraftMenuResponse::from(&shared)))
}
