//! `POST /api/menus/{menu_id}/share-tokens`.

use actix_web::{HttpResponse, post, web};

use crate::error::{ApiError, responses};
use crate::extract::{AuthUser, Json, Path};
use crate::routes::menus::dto::{MenuPath, ShareTokenBody, ShareTokenResponse};
use crate::state::AppState;

/// Creates a share link that opens the caller's menu, public or private, at
/// `/api/public/menus/draft/{token}` until it expires or is revoked.
///
/// # Errors
/// 404 `Menu not found`; 422 for a malformed `expires_at`.
#[utoipa::path(
    tag = "menus",
    params(MenuPath),
    security(("bearer" = []), ("cookie" = [])),
    request_body(content = Option<ShareTokenBody>, example = json!({"expires_at": null})),
    responses(
        (status = CREATED, description = "The link: a fresh 32-character secret; `expires_at` as given, or now + `DRAFT_SHARE_TOKEN_TTL_DAYS` (7) when null (never, when that is 0 or less).", body = ShareTokenResponse),
        responses::InvalidToken,
        responses::MenuNotFound,
        responses::InvalidInput,
        responses::TooManyRequests,
        responses::DatabaseUnavailable,
    )
)]
#[post("/menus/{menu_id}/share-tokens")]
#[tracing::instrument(name = "menus.share_tokens.create", skip_all, fields(user.id = %user.0, menu.id = %path.menu_id))]
pub async fn create_share_token(
    user: AuthUser,
    state: web::Data<AppState>,
    path: Path<MenuPath>,
    body: Json<Option<ShareTokenBody>>,
) -> Result<HttpResponse, ApiError> {
    let expires_at = body.into_inner().unwrap_or_default().expires_at;
    let token = state
        .curation
        .create_share_token(user.0, path.menu(), expires_at)
        .await?;
    Ok(HttpResponse::Created().json(ShareTokenResponse::from(&token)))
}
