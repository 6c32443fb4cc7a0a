//! `POST /api/menus/{menu_id}/courses`.

use actix_web::{HttpResponse, post, web};

use crate::error::{ApiError, ErrorBody, responses};
use crate::extract::{AuthUser, Json, Path};
use crate::routes::menus::dto::{CourseCreateBody, CourseResponse, MenuPath};
use crate::state::AppState;

/// Adds a course (with nested items) to the caller's menu; an item's id may be the
/// `preview_id` of one of the caller's unexpired external search hits, which is ingested
/// and its catalog id stored (API.md §5.5). A position inside 1..n
/// inserts it there and moves the courses at and after it down (their `updated_at`
/// unchanged); past the end appends it.
///
/// # Errors
/// 404 `Menu not found` or `Media item not found`; 422 for invalid fields.
#[utoipa::path(
    tag = "menus",
    params(MenuPath),
    security(("bearer" = []), ("cookie" = [])),
    request_body(content = CourseCreateBody, example = json!({
        "title": "Mains", "description": null, "intent": "The heart of it", "position": 2, "items": []
    })),
    responses(
        (status = CREATED, description = "The course, at its final position, items renumbered 1..n.", body = CourseResponse),
        responses::InvalidToken,
        (status = NOT_FOUND, description = "`Menu not found`, or `Media item not found` for a nested item.", body = ErrorBody,
         example = json!({"detail": "Menu not found"})),
        responses::InvalidInput,
        responses::TooManyRequests,
        responses::DatabaseUnavailable,
    )
)]
#[post("/menus/{menu_id}/courses")]
#[tracing::instrument(name = "menus.courses.create", skip_all, fields(user.id = %user.0, menu.id = %path.menu_id))]
pub async fn create_course(
    user: AuthUser,
    state: web::Data<AppState>,
    path: Path<MenuPath>,
    body: Json<CourseCreateBody>,
) -> Result<HttpResponse, ApiError> {
    let mut draft = body.into_inner().try_into_domain()?;
    let previews =
        crate::routes::menus::previews::claim(&state.search, user.0, &mut draft.items).await?;
    let course = state
        .curation
        .add_course(user.0, path.menu(), draft)
        .await?;
    previews.discard(&state.search).await;
    Ok(HttpResponse::Created().json(CourseResponse::from(&course)))
}
