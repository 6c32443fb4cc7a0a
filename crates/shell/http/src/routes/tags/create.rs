//! `POST /api/tags`.

use actix_web::{HttpResponse, post, web};

use super::dto::{CreateTagBody, TagResponse};
use crate::error::{ApiError, ErrorBody, TagRoute, responses};
use crate::extract::{AuthUser, Json};
use crate::state::AppState;

/// Creates a tag owned by the caller.
///
/// # Errors
/// 400 `Tag name cannot be blank`; 409 `Tag already exists`; 422 for an empty or
/// over-long name.
#[utoipa::path(
    tag = "tags",
    request_body = CreateTagBody,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = CREATED, description = "The new tag, owned by the caller; its name is trimmed.", body = TagResponse),
        (status = BAD_REQUEST, description = "`Tag name cannot be blank`: the name is whitespace only.", body = ErrorBody,
         example = json!({"detail": "Tag name cannot be blank"})),
        responses::InvalidToken,
        (status = CONFLICT, description = "`Tag already exists`: the caller already has a tag with this (trimmed) name. Global tags and other users' tags never conflict.", body = ErrorBody,
         example = json!({"detail": "Tag already exists"})),
        responses::InvalidInput,
        responses::DatabaseUnavailable,
        responses::TooManyRequests,
    )
)]
#[post("/tags")]
#[tracing::instrument(name = "api.tags.create", skip_all, fields(user.id = %user.0))]
pub async fn create_tag(
    user: AuthUser,
    state: web::Data<AppState>,
    body: Json<CreateTagBody>,
) -> Result<HttpResponse, ApiError> {
    let failed = |error| ApiError::from_tagging(error, TagRoute::Create);
    let name = body.into_inner().try_into_domain().map_err(failed)?;
    let tag = state.tagging.create(user.0, name).await.map_err(failed)?;
    Ok(HttpResponse::Created().json(TagResponse::from(&tag)))
}
