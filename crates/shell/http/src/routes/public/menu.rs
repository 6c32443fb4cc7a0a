//! `GET /api/public/menus/{slug}`.

use actix_web::{HttpRequest, HttpResponse, get, web};

use super::paths::SlugPath;
use crate::error::{ApiError, responses};
use crate::extract::Path;
use crate::rendered_menus::{MenuView, json_body};
use crate::routes::menus::dto::PublicMenuResponse;
use crate::state::AppState;

/// A public menu by its slug, without anything that identifies its owner: the body
/// rendered earlier while the menu is unchanged (one indexed read), else a fresh one;
/// `304` to an `If-None-Match` naming its current `ETag`.
///
/// # Errors
/// 404 `Menu not found` when no menu has the slug or it is private.
#[utoipa::path(
    tag = "public",
    params(SlugPath),
    responses(
        (status = OK, description = "The menu (PublicMenu: no `owner_id`), while it is public, with its `ETag`.", body = PublicMenuResponse),
        (status = NOT_MODIFIED, description = "`If-None-Match` names the menu's current `ETag`: unchanged since, no body."),
        responses::MenuNotFound,
        responses::TooManyPublicRequests,
        responses::DatabaseUnavailable,
    )
)]
#[get("/public/menus/{slug}")]
#[tracing::instrument(name = "public.menu", skip_all, fields(menu.slug = %path.slug))]
pub async fn public_menu(
    request: HttpRequest,
    state: web::Data<AppState>,
    path: Path<SlugPath>,
) -> Result<HttpResponse, ApiError> {
    let slug = path.slug()?;
    let stamp = state.curation.public_menu_stamp(&slug).await?;
    state
        .rendered_menus
        .respond(&request, &stamp, MenuView::Public, async || {
            let menu = state.curation.public_menu(&slug).await?;
            json_body(&PublicMenuResponse::from(&menu))
        })
        .await
}
