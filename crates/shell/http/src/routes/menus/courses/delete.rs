//! `DELETE /api/menus/{menu_id}/courses/{course_id}`.

use actix_web::{HttpResponse, delete, web};

use crate::error::{ApiError, ErrorBody, responses};
use crate::extract::{AuthUser, Path};
use crate::routes::menus::dto::CoursePath;
use crate::state::AppState;

/// Deletes a course, its items and their pairings; the courses after it move up by one
/// (their `updated_at` unchanged).
///
/// # Errors
/// 404s; 422 for a malformed id.
#[utoipa::path(
    tag = "menus",
    params(CoursePath),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = NO_CONTENT, description = "Deleted."),
        responses::InvalidToken,
        (status = NOT_FOUND, description = "`Menu not found`, `Course not found` or `Course not found in menu`.", body = ErrorBody,
         example = json!({"detail": "Course not found"})),
        responses::InvalidInput,
        responses::TooManyRequests,
        responses::DatabaseUnavailable,
    )
)]
#[delete("/menus/{menu_id}/courses/{course_id}")]
#[tracing::instrument(name = "menus.courses.delete", skip_all, fields(user.id = %user.0, course.id = %path.course_id))]
pub async fn delete_course(
    user: AuthUser,
    state: web::Data<AppState>,
    path: Path<CoursePath>,
) -> Result<HttpResponse, ApiError> {
    let (menu_id, course_id) = path.ids();
    state
        .curation
        .delete_course(user.0, menu_id, course_id)
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
