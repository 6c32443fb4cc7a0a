//! `PUT /api/me/states/{media_item_id}`.

use actix_web::{HttpResponse, put, web};
use tastebuds_kernel::MediaItemId;

use super::dto::{PutStateBody, StatePath, UserItemStateResponse};
use crate::error::{ApiError, ErrorBody, responses};
use crate::extract::{AuthUser, Json, Path};
use crate::state::AppState;

/// Creates the caller's state on an item, or replaces every field of it.
///
/// # Errors
/// 404 `Media item not found`; 422 for invalid fields (a rating outside 0–10).
#[utoipa::path(
    tag = "library",
    params(StatePath),
    request_body = PutStateBody,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = OK, description = "The state, created or fully replaced: fields the body omits are back at their defaults.", body = UserItemStateResponse),
        responses::InvalidToken,
        (status = NOT_FOUND, description = "`Media item not found`.", body = ErrorBody,
         example = json!({"detail": "Media item not found"})),
        responses::InvalidInput,
        responses::DatabaseUnavailable,
        responses::TooManyRequests,
    )
)]
#[put("/me/states/{media_item_id}")]
#[tracing::instrument(name = "api.states.put", skip_all, fields(user.id = %user.0))]
pub async fn put_state(
    user: AuthUser,
    state: web::Data<AppState>,
    path: Path<StatePath>,
    body: Json<PutStateBody>,
) -> Result<HttpResponse, ApiError> {
    let replacement = body.into_inner().try_into_domain()?;
    let item = MediaItemId::from_uuid(path.media_item_id);
    let saved = state
        .user_state
        .put_state(user.0, item, replacement)
        .await?;
    Ok(HttpResponse::Ok().json(UserItemStateResponse::from(&saved)))
}
