//! `POST /api/menus`.

use actix_web::http::header::LOCATION;
use actix_web::{HttpResponse, post, web};

use super::dto::{MenuCreateBody, MenuResponse};
use crate::error::{ApiError, ErrorBody, responses};
use crate::extract::{AuthUser, Json};
use crate::state::AppState;

/// Creates a menu with its courses and items; the slug is generated from the title. An
/// item's id may be the `preview_id` of one of the caller's unexpired external search
/// hits, which is ingested and its catalog id stored (API.md §5.5).
///
/// # Errors
/// 404 `Media item not found` for a nested item; 422 for invalid fields (all reported).
#[utoipa::path(
    tag = "menus",
    security(("bearer" = []), ("cookie" = [])),
    request_body(content = MenuCreateBody, example = json!({
        "title": "Neo Noir Night",
        "description": "Rain, neon and moral ambiguity.",
        "is_public": false,
        "courses": [{"title": "Starters", "position": 1, "items": [
            {"media_item_id": "0195b2a4-8c1e-7d2a-9f1e-3c4d5e6f7a8b", "position": 1, "notes": null}
        ]}]
    })),
    responses(
        (status = CREATED, description = "The menu. Its slug is the title's (`neo-noir-night`), or `-2`, `-3`, … when taken; courses and items are in the order of their given positions, renumbered 1..n.", body = MenuResponse,
         headers(("Location" = String, description = "`/api/menus/{id}`."))),
        responses::InvalidToken,
        (status = NOT_FOUND, description = "`Media item not found`: a nested item names no catalog item and none of the caller's unexpired previews.", body = ErrorBody,
         example = json!({"detail": "Media item not found"})),
        (status = CONFLICT, description = "Every slug tried was taken by concurrent creates of the same title; retry.", body = ErrorBody,
         example = json!({"detail": "Menu slug was taken concurrently, try again"})),
        responses::InvalidInput,
        responses::TooManyRequests,
        responses::DatabaseUnavailable,
    )
)]
#[post("/menus")]
#[tracing::instrument(name = "menus.create", skip_all, fields(user.id = %user.0))]
pub async fn create_menu(
    user: AuthUser,
    state: web::Data<AppState>,
    body: Json<MenuCreateBody>,
) -> Result<HttpResponse, ApiError> {
    let mut draft = body.into_inner().try_into_domain()?;
    let items = draft
        .courses
        .iter_mut()
        .flat_map(|course| &mut course.items);
    let previews = super::previews::claim(&state.search, user.0, items).await?;
    let menu = state.curation.create_menu(user.0, draft).await?;
    previews.discard(&state.search).await;
    tracing::info!(menu.id = %menu.id, menu.slug = %menu.slug.as_str(), "menu created");
    Ok(HttpResponse::Created()
        .insert_header((LOCATION, format!("/api/menus/{}", menu.id)))
        .json(MenuResponse::from(&menu)))
}
