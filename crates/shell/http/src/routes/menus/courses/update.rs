//! `PATCH /api/menus/{menu_id}/courses/{course_id}`.

use actix_web::{HttpResponse, patch, web};

use crate::error::{ApiError, ErrorBody, StaleWriteBody, responses};
use crate::extract::{AuthUser, Json, Path};
use crate::routes::menus::dto::{CoursePatchBody, CoursePath, CourseResponse};
use crate::state::AppState;

/// Changes a course's title, description or intent (never its position). With
/// `expected_updated_at`, refuses to overwrite a change the client has not seen.
///
/// # Errors
/// 404s; 409 stale write; 422 for invalid fields.
#[utoipa::path(
    tag = "menus",
    params(CoursePath),
    security(("bearer" = []), ("cookie" = [])),
    request_body(content = CoursePatchBody, example = json!({
        "title": "Mains", "intent": null, "expected_updated_at": "2025-03-20T14:05:09.123456Z"
    })),
    responses(
        (status = OK, description = "The course as changed, with a new `updated_at`.", body = CourseResponse),
        responses::InvalidToken,
        (status = NOT_FOUND, description = "`Menu not found`, `Course not found` (missing or someone else's) or `Course not found in menu` (the caller's, under another menu).", body = ErrorBody,
         example = json!({"detail": "Course not found"})),
        (status = CONFLICT, description = "Stale write: `expected_updated_at` differs from the stored `updated_at`. `detail` is an object.",
         body = StaleWriteBody, example = json!({"detail": {"message": "Course was updated by another session.", "current_updated_at": "2025-03-20T14:05:09.123456Z"}})),
        responses::InvalidInput,
        responses::TooManyRequests,
        responses::DatabaseUnavailable,
    )
)]
#[patch("/menus/{menu_id}/courses/{course_id}")]
#[tracing::instrument(name = "menus.courses.update", skip_all, fields(user.id = %user.0, course.id = %path.course_id))]
pub async fn update_course(
    user: AuthUser,
    state: web::Data<AppState>,
    path: Path<CoursePath>,
    body: Json<CoursePatchBody>,
) -> Result<HttpResponse, ApiError> {
    let patch = body.into_inner().try_into_domain()?;
    let (menu_id, course_id) = path.ids();
    let course = state
        .curation
        .update_course(user.0, menu_id, course_id, patch)
        .await?;
    Ok(HttpResponse::Ok().json(CourseResponse::from(&course)))
}
