//! `DELETE /api/menus/{menu_id}/pairings/{pairing_id}`.

use actix_web::{HttpResponse, delete, web};

use crate::error::{ApiError, ErrorBody, responses};
use crate::extract::{AuthUser, Path};
use crate::routes::menus::dto::PairingPath;
use crate::state::AppState;

/// Deletes a pairing of the caller's menu.
///
/// # Errors
/// 404 `Pairing not found`; 422 for a malformed id.
#[utoipa::path(
    tag = "menus",
    params(PairingPath),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = NO_CONTENT, description = "Deleted."),
        responses::InvalidToken,
        (status = NOT_FOUND, description = "`Pairing not found`: unknown, someone else's, or on another menu.", body = ErrorBody,
         example = json!({"detail": "Pairing not found"})),
        responses::InvalidInput,
        responses::TooManyRequests,
        responses::DatabaseUnavailable,
    )
)]
#[delete("/menus/{menu_id}/pairings/{pairing_id}")]
#[tracing::instrument(name = "menus.pairings.delete", skip_all, fields(user.id = %user.0, pairing.id = %path.pairing_id))]
pub async fn delete_pairing(
    user: AuthUser,
    state: web::Data<AppState>,
    path: Path<PairingPath>,
) -> Result<HttpResponse, ApiError> {
    let (menu_id, pairing_id) = path.ids();
    state
        .curation
        .delete_pairing(user.0, menu_id, pairing_id)
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
