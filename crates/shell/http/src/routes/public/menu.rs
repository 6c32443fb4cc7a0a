//! `GET /api/public/menus/{slug}`.

use actix_web::http::header::ContentType;
use actix_web::{HttpResponse, get, web};

use super::paths::SlugPath;
use crate::error::{ApiError, responses};
use crate::extract::Path;
use crate::rendered_menus::{MenuView, json_body};
use crate::routes::menus::dto::PublicMenuResponse;
use crate::state::AppState;

/// A public menu by its slug, without anything that identifies its owner: the body
/// rendered earlier while the menu is unchanged (one indexed read), else a fresh one.
///
/// # Errors
/// 404 `Menu not found` when no menu has the slug or it is private.
#[utoipa::path(
    tag = "public",
    params(SlugPath),
    responses(
        (status = OK, description = "The menu (PublicMenu: no `owner_id`), while it is public.", body = PublicMenuResponse),
        responses::MenuNotFound,
        responses::TooManyPublicRequests,
        responses::DatabaseUnavailable,
    )
)]
#[get("/public/menus/{slug}")]
#[tracing::instrument(name = "public.menu", skip_all, fields(menu.slug = %path.slug))]
pub async fn public_menu(
    state: web::Data<AppState>,
    path: Path<SlugPath>,
) -> Result<HttpResponse, ApiError> {
    let slug = path.slug()?;
    let stamp = state.curation.public_menu_stamp(&slug).await?;
    let body = state
        .rendered_menus
        .body(&stamp, MenuView::Public, async || {
            let menu = state.curation.public_menu(&slug).await?;
            json_body(&PublicMenuResponse::from(&menu))
        })
        .await?;
    Ok(HttpResponse::Ok()
        .content_type(ContentType::json())
        .body(body))
}
