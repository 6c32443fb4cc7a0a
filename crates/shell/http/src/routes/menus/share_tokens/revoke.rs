//! `DELETE /api/menus/{menu_id}/share-tokens/{token_id}`.

use actix_web::{HttpResponse, delete, web};

use crate::error::{ApiError, ErrorBody, responses};
use crate::extract::{AuthUser, Path};
use crate::routes::menus::dto::ShareTokenPath;
use crate::state::AppState;

/// Revokes a share link (sets `revoked_at`); idempotent.
///
/// # Errors
/// 404 `Share token not found`; 422 for a malformed id.
#[utoipa::path(
    tag = "menus",
    params(ShareTokenPath),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = NO_CONTENT, description = "Revoked (also when it already was; the first `revoked_at` stays)."),
        responses::InvalidToken,
        (status = NOT_FOUND, description = "`Share token not found`: unknown, someone else's, or on another menu.", body = ErrorBody,
         example = json!({"detail": "Share token not found"})),
        responses::InvalidInput,
        responses::TooManyRequests,
        responses::DatabaseUnavailable,
    )
)]
#[delete("/menus/{menu_id}/share-tokens/{token_id}")]
#[tracing::instrument(name = "menus.share_tokens.revoke", skip_all, fields(user.id = %user.0, token.id = %path.token_id))]
pub async fn revoke_share_token(
    user: AuthUser,
    state: web::Data<AppState>,
    path: Path<ShareTokenPath>,
) -> Result<HttpResponse, ApiError> {
    let (menu_id, token_id) = path.ids();
    state
        .curation
        .revoke_share_token(user.0, menu_id, token_id)
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
