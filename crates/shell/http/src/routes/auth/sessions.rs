//! `GET /api/auth/sessions` and `POST /api/auth/sessions/{token_id}/revoke`.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use tastebuds_kernel::SessionId;

use super::dto::{SessionPath, SessionResponse, SessionsQuery};
use crate::cookies::{self, REFRESH_TOKEN_COOKIE};
use crate::error::{ApiError, ErrorBody, responses};
use crate::extract::{AuthUser, Path, Query};
use crate::state::AppState;

/// The caller's refresh sessions, newest first: at most the newest 100
/// ([`tastebuds_accounts::MAX_LISTED_SESSIONS`]); sessions that expired more than
/// `auth.session_retention_days` ago are purged and no longer listed.
///
/// # Errors
/// 401 without a valid access token; 422 for a query flag that is not a boolean.
#[utoipa::path(
    tag = "auth",
    params(SessionsQuery),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = OK, description = "The sessions, newest first, at most the newest 100; `is_current` marks the one of the caller's `refresh_token` cookie. Sessions expired longer than the retention (30 days by default) are purged.", body = Vec<SessionResponse>),
        responses::InvalidToken,
        responses::InvalidInput,
        responses::DatabaseUnavailable,
        responses::TooManyAuthRequests,
    )
)]
#[get("/auth/sessions")]
#[tracing::instrument(name = "auth.sessions", skip_all, fields(user.id = %user.0))]
pub async fn list_sessions(
    user: AuthUser,
    req: HttpRequest,
    state: web::Data<AppState>,
    query: Query<SessionsQuery>,
) -> Result<HttpResponse, ApiError> {
    let current = cookies::presented(&req, REFRESH_TOKEN_COOKIE);
    let sessions = state
        .accounts
        .list_sessions(
            user.0,
            query.include_expired,
            query.include_revoked,
            current.as_deref(),
        )
        .await?;
    let body: Vec<SessionResponse> = sessions.into_iter().map(SessionResponse::from).collect();
    Ok(HttpResponse::Ok().json(body))
}

/// Revokes one of the caller's sessions and its rotation descendants (`user_revoked`).
///
/// # Errors
/// 401 without a valid access token; 404 `Session not found` for an unknown, foreign or
/// already revoked session; 422 for a malformed id.
#[utoipa::path(
    tag = "auth",
    params(SessionPath),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = NO_CONTENT, description = "Revoked."),
        responses::InvalidToken,
        (status = NOT_FOUND, description = "`Session not found`: unknown, another user's, or already revoked.", body = ErrorBody,
         example = json!({"detail": "Session not found"})),
        responses::InvalidInput,
        responses::DatabaseUnavailable,
        responses::TooManyAuthRequests,
    )
)]
#[post("/auth/sessions/{token_id}/revoke")]
#[tracing::instrument(name = "auth.revoke_session", skip_all, fields(user.id = %user.0))]
pub async fn revoke_session(
    user: AuthUser,
    state: web::Data<AppState>,
    path: Path<SessionPath>,
) -> Result<HttpResponse, ApiError> {
    let session = SessionId::from_uuid(path.token_id);
    state.accounts.revoke_session(user.0, session).await?;
    Ok(HttpResponse::NoContent().finish())
}
