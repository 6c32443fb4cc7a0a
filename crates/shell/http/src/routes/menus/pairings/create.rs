//! `POST /api/menus/{menu_id}/pairings`.

use actix_web::{HttpResponse, post, web};

use crate::error::{ApiError, ErrorBody, responses};
use crate::extract::{AuthUser, Json, Path};
use crate::routes::menus::dto::{MenuPath, PairingBody, PairingResponse};
use crate::state::AppState;

/// Pairs two items of the caller's menu (directed: the reverse pair is another one).
///
/// # Errors
/// 400 same item twice; 404s; 409 the pair exists; 422 for a relationship over 120
/// characters.
#[utoipa::path(
    tag = "menus",
    params(MenuPath),
    security(("bearer" = []), ("cookie" = [])),
    request_body(content = PairingBody, example = json!({
        "primary_course_item_id": "0195b2a4-8c1e-7d2a-9f1e-000000000011",
        "paired_course_item_id": "0195b2a4-8c1e-7d2a-9f1e-000000000012",
        "relationship": "echoes", "note": "Same city, forty years apart."
    })),
    responses(
        (status = CREATED, description = "The pairing, both items embedded.", body = PairingResponse),
        (status = BAD_REQUEST, description = "`Pairing must reference two items.`: both ids are the same.", body = ErrorBody,
         example = json!({"detail": "Pairing must reference two items."})),
        responses::InvalidToken,
        (status = NOT_FOUND, description = "`Menu not found`, or `Course item not found in menu` when either item is not in this menu.", body = ErrorBody,
         example = json!({"detail": "Course item not found in menu"})),
        (status = CONFLICT, description = "`Pairing already exists`: the same ordered pair.", body = ErrorBody,
         example = json!({"detail": "Pairing already exists"})),
        responses::InvalidInput,
        responses::TooManyRequests,
        responses::DatabaseUnavailable,
    )
)]
#[post("/menus/{menu_id}/pairings")]
#[tracing::instrument(name = "menus.pairings.create", skip_all, fields(user.id = %user.0, menu.id = %path.menu_id))]
pub async fn create_pairing(
    user: AuthUser,
    state: web::Data<AppState>,
    path: Path<MenuPath>,
    body: Json<PairingBody>,
) -> Result<HttpResponse, ApiError> {
    let draft = body.into_inner().try_into_domain()?;
    let pairing = state
        .curation
        .create_pairing(user.0, path.menu(), draft)
        .await?;
    Ok(HttpResponse::Created().json(PairingResponse::from(&pairing)))
}
