//! `POST /api/menus/{menu_id}/fork`.

use actix_web::http::header::LOCATION;
use actix_web::{HttpResponse, post, web};

use super::dto::{ForkBody, MenuPath, MenuResponse};
use crate::error::{ApiError, ErrorBody, responses};
use crate::extract::{AuthUser, Json, Path};
use crate::state::AppState;

/// Forks one of the caller's menus, or any public menu, into a new menu of the
/// caller's: deep copies of the courses, items and pairings, a fresh slug, and a lineage
/// row to the source.
///
/// # Errors
/// 404 `Menu not found` (missing, or private and someone else's); 422 for a title over
/// 255 characters.
#[utoipa::path(
    tag = "menus",
    params(MenuPath),
    security(("bearer" = []), ("cookie" = [])),
    request_body(content = Option<ForkBody>, example = json!({"note": "More rain.", "is_public": false})),
    responses(
        (status = CREATED, description = "The fork, owned by the caller; private unless `is_public` is true; titled `<source title> (Fork)` unless a title is given.", body = MenuResponse,
         headers(("Location" = String, description = "`/api/menus/{id}` of the fork."))),
        responses::InvalidToken,
        (status = NOT_FOUND, description = "`Menu not found`: no such menu, or it is private and someone else's.", body = ErrorBody,
         example = json!({"detail": "Menu not found"})),
        (status = CONFLICT, description = "Every slug tried was taken by concurrent creates of the same title; retry.", body = ErrorBody,
         example = json!({"detail": "Menu slug was taken concurrently, try again"})),
        responses::InvalidInput,
        responses::TooManyRequests,
        responses::DatabaseUnavailable,
    )
)]
#[post("/menus/{menu_id}/fork")]
#[tracing::instrument(name = "menus.fork", skip_all, fields(user.id = %user.0, menu.id = %path.menu_id))]
pub async fn fork_menu(
    user: AuthUser,
    state: web::Data<AppState>,
    path: Path<MenuPath>,
    body: Json<Option<ForkBody>>,
) -> Result<HttpResponse, ApiError> {
    let draft = body.into_inner().unwrap_or_default().try_into_domain()?;
    let fork = state.curation.fork_menu(user.0, path.menu(), draft).await?;
    Ok(HttpResponse::Created()
        .insert_header((LOCATION, format!("/api/menus/{}", fork.id)))
        .json(MenuResponse::from(&fork)))
}
