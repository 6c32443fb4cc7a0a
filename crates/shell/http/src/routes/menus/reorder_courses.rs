//! `POST /api/menus/{menu_id}/reorder-courses`.

use actix_web::{HttpResponse, post, web};

use super::dto::{MenuPath, MenuResponse, ReorderCoursesBody};
use crate::error::{ApiError, ErrorBody, responses};
use crate::extract::{AuthUser, Json, Path};
use crate::state::AppState;

/// Puts the menu's courses in the given order: positions become 1..n, and every
/// course's `updated_at` becomes now.
///
/// # Errors
/// 400 when the ids are not exactly the menu's courses; 404 `Menu not found`.
#[utoipa::path(
    tag = "menus",
    params(MenuPath),
    security(("bearer" = []), ("cookie" = [])),
    request_body(content = ReorderCoursesBody, example = json!({"course_ids": [
        "0195b2a4-8c1e-7d2a-9f1e-000000000002", "0195b2a4-8c1e-7d2a-9f1e-000000000001"
    ]})),
    responses(
        (status = OK, description = "The menu, courses in the new order.", body = MenuResponse),
        (status = BAD_REQUEST, description = "`Course IDs must match the existing menu courses.`: an id missing, extra or repeated.", body = ErrorBody,
         example = json!({"detail": "Course IDs must match the existing menu courses."})),
        responses::InvalidToken,
        responses::MenuNotFound,
        responses::InvalidInput,
        responses::TooManyRequests,
        responses::DatabaseUnavailable,
    )
)]
#[post("/menus/{menu_id}/reorder-courses")]
#[tracing::instrument(name = "menus.reorder_courses", skip_all, fields(user.id = %user.0, menu.id = %path.menu_id))]
pub async fn reorder_courses(
    user: AuthUser,
    state: web::Data<AppState>,
    path: Path<MenuPath>,
    body: Json<ReorderCoursesBody>,
) -> Result<HttpResponse, ApiError> {
    let menu = state
        .curation
        .reorder_courses(user.0, path.menu(), body.into_inner().into_domain())
        .await?;
    Ok(HttpResponse::Ok().json(MenuResponse::from(&menu)))
}
