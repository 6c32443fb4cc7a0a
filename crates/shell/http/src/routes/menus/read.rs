//! `GET /api/menus/{menu_id}`.

use actix_web::{HttpRequest, HttpResponse, get, web};
use tastebuds_curation::CurationError;

use super::dto::{MenuPath, MenuResponse};
use crate::error::{ApiError, responses};
use crate::extract::{Path, TokenUser};
use crate::rendered_menus::{MenuView, json_body};
use crate::state::AppState;

/// One of the caller's menus, fully nested: the body rendered earlier while the menu is
/// unchanged (one indexed read), else a fresh one; `304` to an `If-None-Match` naming
/// its current `ETag`. The stamp of the caller's own menu proves the caller still exists,
/// so the user is looked up only when there is none (401 `User not found` for a deleted
/// user, as on every route).
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
#[tracing::instrument(name = "menus.get", skip_all, fields(user.id = %user.0, menu.id))]
pub async fn get_menu(
    user: TokenUser,
    request: HttpRequest,
    state: web::Data<AppState>,
    path: Result<Path<MenuPath>, ApiError>,
) -> Result<HttpResponse, ApiError> {
    // A deleted user's 401 comes before a malformed id's 422, as where the caller is
    // loaded first.
    let path = match path {
        Ok(path) => path,
        Err(malformed) => {
            user.confirm(&state).await?;
            return Err(malformed);
        }
    };
    tracing::Span::current().record("menu.id", tracing::field::display(path.menu_id));
    let stamp = match state.curation.menu_stamp(user.0, path.menu()).await {
        Err(CurationError::MenuNotFound) => {
            user.confirm(&state).await?;
            return Err(CurationError::MenuNotFound.into());
        }
        found => found?,
    };
    state
        .rendered_menus
        .respond(&request, &stamp, MenuView::Owner, async || {
            let menu = state.curation.get_menu(user.0, path.menu()).await?;
            json_body(&MenuResponse::from(&menu))
        })
        .await
}
