//! `GET /api/menus/{menu_id}/pairings`.

use actix_web::{HttpResponse, get, web};

use crate::error::{ApiError, responses};
use crate::extract::{AuthUser, Path};
use crate::routes::menus::dto::{MenuPath, PairingResponse};
use crate::state::AppState;

/// The pairings of the caller's menu, by creation time, both items embedded.
///
/// # Errors
/// 404 `Menu not found` for a missing or someone else's menu (API.md §6.7: not `[]`).
#[utoipa::path(
    tag = "menus",
    params(MenuPath),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = OK, description = "The pairings, oldest first.", body = Vec<PairingResponse>),
        responses::InvalidToken,
        responses::MenuNotFound,
        responses::InvalidInput,
        responses::TooManyRequests,
        responses::DatabaseUnavailable,
    )
)]
#[get("/menus/{menu_id}/pairings")]
#[tracing::instrument(name = "menus.pairings.list", skip_all, fields(user.id = %user.0, menu.id = %path.menu_id))]
pub async fn list_pairings(
    user: AuthUser,
    state: web::Data<AppState>,
    path: Path<MenuPath>,
) -> Result<HttpResponse, ApiError> {
    let pairings = state.curation.list_pairings(user.0, path.menu()).await?;
    let body: Vec<PairingResponse> = pairings.iter().map(PairingResponse::from).collect();
    Ok(HttpResponse::Ok().json(body))
}
