//! `GET /api/menus/{menu_id}`.

use actix_web::{HttpRequest, HttpResponse, get, web};

use super::dto::{MenuPath, MenuResponse};
use crate::error::{ApiError, responses};
use crate::extract::{AuthUser, Path};
use crate::rendered_menus::{MenuView, json_body};
use crate::state::AppState;

/// One of the caller's menus, fully nested: the body rendered earlier while the menu is
/// unchanged (one indexed read), else a fresh one; `304` to an `If-None-Match` naming
/// its current `ETag`.
///
/// # Errors
/// 404 `Menu not found` (missing or someone else's); 422 for a malformed id.
#[utoipa::path(
    tag = "menus",
    params(MenuPath),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = OK, description = "The menu; courses and items by position, pairings by creation time; with its `ETag`.", body = MenuResponse),
        (status = NOT_MODIFIED, description = "`If-None-Match` names the menu's current `ETag`: unchanged since, no body."),
        responses::InvalidToken,
        responses::MenuNotFound,
        responses::InvalidInput,
        responses::TooManyRequests,
        responses::DatabaseUnavailable,
    )
)]
#[get("/menus/{menu_id}")]
#[tracing::instrument(name = "menus.get", skip_all, fields(user.id = %user.0, menu.id = %path.menu_id))]
pub async fn get_menu(
    user: AuthUser,
    request: HttpRequest,
    state: web::Data<AppState>,
    path: Path<MenuPath>,
) -> Result<HttpResponse, ApiError> {
    let stamp = state.curation.menu_stamp(user.0, path.menu()).await?;
    state
        .rendered_menus
        .respond(&request, &stamp, MenuView::Owner, async || {
            let menu = state.curation.get_menu(user.0, path.menu()).await?;
            json_body(&MenuResponse::from(&menu))
        })
        .await
}
