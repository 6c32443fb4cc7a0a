//! `POST /api/menus/{menu_id}/courses/{course_id}/items`.

use actix_web::{HttpResponse, post, web};

use crate::error::{ApiError, ErrorBody, responses};
use crate::extract::{AuthUser, Json, Path};
use crate::routes::menus::dto::{CourseItemResponse, CoursePath, ItemCreateBody};
use crate::routes::menus::previews::claim;
use crate::state::AppState;

/// Adds a catalog item to a course; the id may be the `preview_id` of one of the
/// caller's unexpired external search hits, which is ingested first and its catalog id
/// stored. A position inside 1..n inserts it there and moves
/// the items at and after it down (their `updated_at` unchanged); past the end appends
/// it, so "add at count + 1" always appends.
///
/// # Errors
/// 404s, including `Media item not found`; 422 for invalid fields.
#[utoipa::path(
    tag = "menus",
    params(CoursePath),
    security(("bearer" = []), ("cookie" = [])),
    request_body(content = ItemCreateBody, example = json!({
        "media_item_id": "0195b2a4-8c1e-7d2a-9f1e-3c4d5e6f7a8b", "position": 1, "notes": "Start here."
    })),
    responses(
        (status = CREATED, description = "The item at its final position, its catalog item embedded.", body = CourseItemResponse),
        responses::InvalidToken,
        (status = NOT_FOUND, description = "`Menu not found`, `Course not found`, `Course not found in menu`, or `Media item not found` (no catalog item has this id, and it is not one of the caller's unexpired previews).", body = ErrorBody,
         example = json!({"detail": "Media item not found"})),
        responses::InvalidInput,
        responses::TooManyRequests,
        responses::DatabaseUnavailable,
    )
)]
#[post("/menus/{menu_id}/courses/{course_id}/items")]
#[tracing::instrument(name = "menus.items.create", skip_all, fields(user.id = %user.0, course.id = %path.course_id))]
pub async fn create_item(
    user: AuthUser,
    state: web::Data<AppState>,
    path: Path<CoursePath>,
    body: Json<ItemCreateBody>,
) -> Result<HttpResponse, ApiError> {
    let mut draft = body.into_inner().try_into_domain()?;
    // A preview id becomes the catalog id of its ingested record (API.md §5.5).
    let previews = claim(&state.search, user.0, [&mut draft]).await?;
    let (menu_id, course_id) = path.ids();
    let item = state
        .curation
        .add_item(user.0, menu_id, course_id, draft)
        .await?;
    previews.discard(&state.search).await;
    Ok(HttpResponse::Created().json(CourseItemResponse::from(&item)))
}
