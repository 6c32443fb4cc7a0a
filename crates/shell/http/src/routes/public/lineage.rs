//! `GET /api/public/menus/{slug}/lineage`.

use actix_web::{HttpResponse, get, web};

use super::paths::SlugPath;
use crate::error::{ApiError, responses};
use crate::extract::Path;
use crate::routes::menus::dto::MenuLineageResponse;
use crate::state::AppState;

/// The lineage of a public menu, restricted to public menus.
///
/// # Errors
/// 404 `Menu not found` when no menu has the slug or it is private.
#[utoipa::path(
    tag = "public",
    params(SlugPath),
    responses(
        (status = OK, description = "`source_menu` only when the source is public; `forked_menus`: the public forks, newest first.", body = MenuLineageResponse),
        responses::MenuNotFound,
        responses::TooManyPublicRequests,
        responses::DatabaseUnavailable,
    )
)]
#[get("/public/menus/{slug}/lineage")]
#[tracing::instrument(name = "public.lineage", skip_all, fields(menu.slug = %path.slug))]
pub async fn public_lineage(
    state: web::Data<AppState>,
    path: Path<SlugPath>,
) -> Result<HttpResponse, ApiError> {
    let lineage = state.curation.public_lineage(&path.slug()?).await?;
    Ok(HttpResponse::Ok().json(MenuLineageResponse::from(&lineage)))
}
