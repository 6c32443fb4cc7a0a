//! `GET /api/menus/{menu_id}/share-tokens`.

use actix_web::{HttpResponse, get, web};

use crate::error::{ApiError, responses};
use crate::extract::{AuthUser, Path};
use crate::routes::menus::dto::{MenuPath, ShareTokenResponse};
use crate::state::AppState;

/// The share links of the caller's menu, newest first, revoked and expired included.
///
/// # Errors
/// 404 `Menu not found` for a missing or someone else's menu (API.md §6.7: not `[]`).
#[utoipa::path(
    tag = "menus",
    params(MenuPath),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = OK, description = "The links, newest first.", body = Vec<ShareTokenResponse>),
        responses::InvalidToken,
        responses::MenuNotFound,
        responses::InvalidInput,
        responses::TooManyRequests,
        responses::DatabaseUnavailable,
    )
)]
#[get("/menus/{menu_id}/share-tokens")]
#[tracing::instrument(name = "menus.share_tokens.list", skip_all, fields(user.id = %user.0, menu.id = %path.menu_id))]
pub async fn list_share_tokens(
    user: AuthUser,
    state: web::Data<AppState>,
    path: Path<MenuPath>,
) -> Result<HttpResponse, ApiError> {
    let tokens = state
        .curation
        .list_share_tokens(user.0, path.menu())
        .await?;
    let body: Vec<ShareTokenResponse> = tokens.iter().map(ShareTokenResponse::from).collect();
    Ok(HttpResponse::Ok().json(body))
}
