//! `POST /api/menus/{menu_id}/courses/{course_id}/reorder-items`.

use actix_web::{HttpResponse, post, web};

use crate::error::{ApiError, ErrorBody, responses};
use crate::extract::{AuthUser, Json, Path};
use crate::routes::menus::dto::{CoursePath, CourseResponse, ReorderItemsBody};
use crate::state::AppState;

/// Puts the course's items in the given order: positions become 1..n, and every item's
/// `updated_at` becomes now. An empty list on an empty course is a no-op.
///
/// # Errors
/// 400 when the ids are not exactly the course's items; 404s.
#[utoipa::path(
    tag = "menus",
    params(CoursePath),
    security(("bearer" = []), ("cookie" = [])),
    request_body(content = ReorderItemsBody, example = json!({"item_ids": [
        "0195b2a4-8c1e-7d2a-9f1e-000000000012", "0195b2a4-8c1e-7d2a-9f1e-000000000011"
    ]})),
    responses(
        (status = OK, description = "The course, items in the new order.", body = CourseResponse),
        (status = BAD_REQUEST, description = "`Item IDs must match the existing course items.`: an id missing, extra or repeated.", body = ErrorBody,
         example = json!({"detail": "Item IDs must match the existing course items."})),
        responses::InvalidToken,
        (status = NOT_FOUND, description = "`Menu not found`, `Course not found` or `Course not found in menu`.", body = ErrorBody,
         example = json!({"detail": "Course not found"})),
        responses::InvalidInput,
        responses::TooManyRequests,
        responses::DatabaseUnavailable,
    )
)]
#[post("/menus/{menu_id}/courses/{course_id}/reorder-items")]
#[tracing::instrument(name = "menus.courses.reorder_items", skip_all, fields(user.id = %user.0, course.id = %path.course_id))]
pub async fn reorder_items(
    user: AuthUser,
    state: web::Data<AppState>,
    path: Path<CoursePath>,
    body: Json<ReorderItemsBody>,
) -> Result<HttpResponse, ApiError> {
    let (menu_id, course_id) = path.ids();
    let course = state
        .curation
        .reorder_items(user.0, menu_id, course_id, body.into_inner().into_domain())
        .await?;
    Ok(HttpResponse::Ok().json(CourseResponse::from(&course)))
}
