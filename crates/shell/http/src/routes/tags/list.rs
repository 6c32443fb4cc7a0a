//! `GET /api/tags`.

use actix_web::{HttpResponse, get, web};

use super::dto::{TagResponse, tag_list};
use crate::error::{ApiError, TagRoute, responses};
use crate::extract::AuthUser;
use crate::state::AppState;

/// The caller's tags and the global ones.
///
/// # Errors
/// 401 without a valid access token.
#[utoipa::path(
    tag = "tags",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = OK, description = "The caller's own tags and the global ones, sorted by the lower-cased name, then the name, in code-point order (whatever the database's collation). Other users' tags never appear.", body = Vec<TagResponse>,
         example = json!([{"id": "01936f0e-7a2b-7c3d-9e4f-5a6b7c8d9e0f", "name": "Cozy"}, {"id": "01936f0e-7a2b-7c3d-9e4f-5a6b7c8d9e10", "name": "neo-noir"}])),
        responses::InvalidToken,
        responses::DatabaseUnavailable,
        responses::TooManyRequests,
    )
)]
#[get("/tags")]
#[tracing::instrument(name = "api.tags.list", skip_all, fields(user.id = %user.0))]
pub async fn list_tags(
    user: AuthUser,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let tags = (state.tagging.list(user.0).await)
        .map_err(|error| ApiError::from_tagging(error, TagRoute::List))?;
    Ok(HttpResponse::Ok().json(tag_list(&tags)))
}
