//! `GET /api/public/menus/{slug}`.

use actix_web::{HttpResponse, get, web};

use super::paths::SlugPath;
use crate::error::{ApiError, responses};
use crate::extract::Path;
use crate::routes::menus::dto::PublicMenuResponse;
use crate::state::AppState;

/// A public menu by its slug, without anything that identifies its owner.
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
    let menu = state.curation.public_menu(&path.slug()?).await?;
    Ok(HttpResponse::Ok().json(PublicMenuResponse::from(&menu)))
}
