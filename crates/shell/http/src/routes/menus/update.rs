//! `PATCH /api/menus/{menu_id}`.

use actix_web::{HttpResponse, patch, web};

use super::dto::{MenuPatchBody, MenuPath, MenuResponse};
use crate::error::{ApiError, responses};
use crate::extract::{AuthUser, Json, Path};
use crate::state::AppState;

/// Changes a menu's title, description or visibility; the slug never changes.
///
/// # Errors
/// 404 `Menu not found`; 422 for a title over 255 characters.
#[utoipa::path(
    tag = "menus",
    params(MenuPath),
    security(("bearer" = []), ("cookie" = [])),
    request_body(content = MenuPatchBody, example = json!({"title": "Neo Noir Nights", "is_public": true})),
    responses(
        (status = OK, description = "The menu as changed (same slug).", body = MenuResponse),
        responses::InvalidToken,
        responses::MenuNotFound,
        responses::InvalidInput,
        responses::TooManyRequests,
        responses::DatabaseUnavailable,
    )
)]
#[patch("/menus/{menu_id}")]
#[tracing::instrument(name = "menus.update", skip_all, fields(user.id = %user.0, menu.id = %path.menu_id))]
pub async fn update_menu(
    user: AuthUser,
    state: web::Data<AppState>,
    path: Path<MenuPath>,
    body: Json<MenuPatchBody>,
) -> Result<HttpResponse, ApiError> {
    let patch = body.into_inner().try_into_domain()?;
    let menu = state
        .curation
        .update_menu(user.0, path.menu(), patch)
        .await?;
    Ok(HttpResponse::Ok().json(MenuResponse::from(&menu)))
}
