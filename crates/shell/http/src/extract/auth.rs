//! Who is calling (API.md §1.3): the access token of the `Authorization: Bearer` header,
//! else of the `access_token` cookie. An empty header credential or cookie counts as
//! absent.
//!
//! - [`AuthUser`] and [`CurrentUser`] require a genuine, unexpired access token whose user
//!   still exists: otherwise 401 `Invalid token` (no `WWW-Authenticate` header), or 401
//!   `User not found` for a deleted user.
//! - [`TokenUser`] checks the token only; the route confirms the user when its own read
//!   cannot (see [`TokenUser::confirm`]).
//! - [`MaybeAuthUser`] serves optional-auth routes: a missing *or invalid* credential is
//!   an anonymous caller, never a 401 (§6.5). It checks the token only, without a
//!   database round trip, so it works while the database is down (readiness).

use std::future::{Future, Ready, ready};
use std::pin::Pin;
use std::sync::Arc;

use actix_web::dev::Payload;
use actix_web::http::header::AUTHORIZATION;
use actix_web::{FromRequest, HttpRequest, web};
use anyhow::anyhow;
use tastebuds_accounts::{AccountsService, User};
use tastebuds_kernel::UserId;

use crate::cookies::{ACCESS_TOKEN_COOKIE, presented};
use crate::error::ApiError;
use crate::state::AppState;

/// An authenticated caller, by id (see the [module docs](self)).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AuthUser(pub UserId);

/// An authenticated caller, loaded (see the [module docs](self)).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CurrentUser(pub User);

/// A caller whose access token verified, before the user is looked up.
///
/// For routes whose own read of the caller's rows proves the user exists, since a user's
/// rows are deleted with it: the route calls [`confirm`](Self::confirm) only when that
/// read finds nothing, which saves the lookup's round trip on every hit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TokenUser(pub UserId);

impl TokenUser {
    /// The caller, once the user is known to still exist.
    ///
    /// # Errors
    /// 401 `User not found` for a deleted user; 503 without the database.
    pub async fn confirm(self, state: &AppState) -> Result<AuthUser, ApiError> {
        let user = state.accounts.current_user(self.0).await?;
        Ok(AuthUser(user.id))
    }
}

/// The caller of an optional-auth route: `None` when anonymous or when the credential is
/// not a valid access token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MaybeAuthUser(pub Option<UserId>);

/// The presented access token, if any: a non-empty Bearer credential wins over a
/// non-empty `access_token` cookie.
///
/// Several `Authorization` headers are ambiguous (a proxy and this server could each act
/// on a different one), so they present an empty credential, which never verifies: a
/// 401 where authentication is required, an anonymous caller where it is optional.
#[must_use]
pub fn access_token(req: &HttpRequest) -> Option<String> {
    if req.headers().get_all(AUTHORIZATION).nth(1).is_some() {
        return Some(String::new());
    }
    bearer(req).or_else(|| presented(req, ACCESS_TOKEN_COOKIE))
}

/// The caller's user id when it presents a valid access token (the token alone is
/// checked; see [`MaybeAuthUser`]).
#[must_use]
pub fn authenticated(req: &HttpRequest) -> Option<UserId> {
    let accounts = accounts(req).ok()?;
    let token = access_token(req)?;
    accounts.authenticate_access(&token).ok()
}

/// The credential of an `Authorization: Bearer <token>` header (scheme in any case).
fn bearer(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then(|| token.to_owned())
}

/// The accounts service of the app serving `req`.
fn accounts(req: &HttpRequest) -> Result<Arc<AccountsService>, ApiError> {
    req.app_data::<web::Data<AppState>>()
        .map(|state| Arc::clone(&state.accounts))
        .ok_or_else(|| ApiError::internal(anyhow!("the app state is not registered")))
}

/// The token's user id, before the user is looked up.
fn verified(req: &HttpRequest) -> Result<(Arc<AccountsService>, UserId), ApiError> {
    let accounts = accounts(req)?;
    let token = access_token(req).ok_or_else(ApiError::invalid_token)?;
    let user = accounts.authenticate_access(&token)?;
    Ok((accounts, user))
}

impl FromRequest for CurrentUser {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let verified = verified(req);
        Box::pin(async move {
            let (accounts, user) = verified?;
            Ok(Self(accounts.current_user(user).await?))
        })
    }
}

impl FromRequest for AuthUser {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let current = CurrentUser::from_request(req, payload);
        Box::pin(async move { Ok(Self(current.await?.0.id)) })
    }
}

impl FromRequest for TokenUser {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(verified(req).map(|(_, user)| Self(user)))
    }
}

impl FromRequest for MaybeAuthUser {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(Self(authenticated(req))))
    }
}
