//! `GET /api/menus`.

use actix_web::http::header::ContentType;
use actix_web::{HttpResponse, get, web};

use super::dto::MenuResponse;
use crate::error::{ApiError, responses};
use crate::extract::AuthUser;
use crate::rendered_menus::json_body;
use crate::state::AppState;

/// The caller's menus, fully nested, in unspecified order: the bodies rendered earlier
/// while every menu is unchanged (one indexed read of their stamps), else a fresh read
/// of them all.
///
/// # Errors
/// 401 without a valid access token.
#[utoipa::path(
    tag = "menus",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = OK, description = "The caller's menus with their courses, items (media embedded) and pairings; courses and items by position.", body = Vec<MenuResponse>),
        responses::InvalidToken,
        responses::TooManyRequests,
        responses::DatabaseUnavailable,
    )
)]
#[get("/menus")]
#[tracing::instrument(name = "menus.list", skip_all, fields(user.id = %user.0))]
pub async fn list_menus(
    user: AuthUser,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let stamps = state.curation.menu_stamps_of(user.0).await?;
    let body = state
        .rendered_menus
        .owner_list(&stamps, async || {
            let menus = state.curation.list_menus(user.0).await?;
            menus
                .iter()
                .map(|menu| Ok((menu.id, json_body(&MenuResponse::from(menu))?)))
                .collect::<Result<Vec<_>, ApiError>>()
        })
        .await?;
    Ok(HttpResponse::Ok()
        .content_type(ContentType::json())
        .body(body))
}
