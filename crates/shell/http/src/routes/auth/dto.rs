//! Request and response bodies of the auth and user routes (API.md §1.8, §2.2, §2.3).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tastebuds_accounts::{Credentials, Registration, SessionView, TokenPair, User};
use tastebuds_kernel::FieldErrors;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::extract::Validate;
use crate::wire;

/// `POST /api/auth/register`.
#[derive(Deserialize, ToSchema)]
#[schema(example = json!({"email": "ada@example.com", "password": "correct horse battery", "display_name": "Ada"}))]
pub struct RegisterBody {
    /// Stored lowercased; must be unused.
    #[schema(example = "ada@example.com", format = Email, max_length = 254)]
    pub email: String,
    /// At least 8 characters and at most 72 bytes (what bcrypt reads).
    #[schema(example = "correct horse battery", min_length = 8, max_length = 72)]
    pub password: String,
    /// Shown instead of the email; blank means none.
    #[schema(max_length = 255)]
    pub display_name: Option<String>,
}

impl RegisterBody {
    /// The validated registration.
    ///
    /// # Errors
    /// Every invalid field at once.
    pub fn try_into_domain(self) -> Result<Registration, FieldErrors> {
        Registration::parse(&self.email, &self.password, self.display_name.as_deref())
    }
}

impl Validate for RegisterBody {}

/// `POST /api/auth/login`.
#[derive(Deserialize, ToSchema)]
#[schema(example = json!({"email": "ada@example.com", "password": "correct horse battery"}))]
pub struct LoginBody {
    /// Matched case-insensitively.
    #[schema(example = "ada@example.com", format = Email, max_length = 254)]
    pub email: String,
    /// The account's password.
    #[schema(example = "correct horse battery", min_length = 1)]
    pub password: String,
}

impl LoginBody {
    /// The validated credentials.
    ///
    /// # Errors
    /// Every invalid field at once.
    pub fn try_into_domain(self) -> Result<Credentials, FieldErrors> {
        Credentials::parse(&self.email, &self.password)
    }
}

impl Validate for LoginBody {}

/// `POST /api/auth/refresh` (optional: the `refresh_token` cookie is used without it).
#[derive(Deserialize, ToSchema)]
#[schema(example = json!({"refresh_token": "sRz0dV1iK8bq3Xw9yE2nP5mT7uA4cF6h"}))]
pub struct RefreshBody {
    /// The refresh token; wins over the cookie when non-empty.
    pub refresh_token: Option<String>,
}

impl Validate for RefreshBody {}

/// The User object. Every field is always present (`display_name` may be `null`).
#[derive(Serialize, ToSchema)]
pub struct UserResponse {
    /// The user's id.
    pub id: Uuid,
    /// The login address, lowercased.
    pub email: String,
    /// The display name, if any.
    #[schema(required = true)]
    pub display_name: Option<String>,
    /// When the account was created.
    #[serde(serialize_with = "wire::timestamp::serialize")]
    pub created_at: DateTime<Utc>,
}

impl From<&User> for UserResponse {
    fn from(user: &User) -> Self {
        Self {
            id: user.id.as_uuid(),
            email: user.email.as_str().to_owned(),
            display_name: user.display_name.as_ref().map(ToString::to_string),
            created_at: user.created_at,
        }
    }
}

/// The TokenPair object.
#[derive(Serialize, ToSchema)]
pub struct TokenPairResponse {
    /// The access JWT (also set as the `access_token` cookie).
    pub access_token: String,
    /// The opaque refresh token (also set as the `refresh_token` cookie).
    pub refresh_token: String,
    /// Always `bearer`.
    #[schema(example = "bearer")]
    pub token_type: &'static str,
    /// The signed-in user.
    pub user: UserResponse,
}

impl From<&TokenPair> for TokenPairResponse {
    fn from(pair: &TokenPair) -> Self {
        Self {
            access_token: pair.access_token.clone(),
            refresh_token: pair.refresh_token.clone(),
            token_type: "bearer",
            user: UserResponse::from(&pair.user),
        }
    }
}

/// `GET /api/auth/sessions` filters.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SessionsQuery {
    /// Also list expired sessions (`true/false`, `1/0`, `yes/no`, `on/off`).
    #[serde(default, deserialize_with = "wire::flag")]
    pub include_expired: bool,
    /// Also list revoked sessions.
    #[serde(default, deserialize_with = "wire::flag")]
    pub include_revoked: bool,
}

impl Validate for SessionsQuery {}

/// The `{token_id}` of `POST /api/auth/sessions/{token_id}/revoke`.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct SessionPath {
    /// The session's id.
    pub token_id: Uuid,
}

/// The Session object. Every field is always present (the optional ones as `null`).
#[derive(Serialize, ToSchema)]
pub struct SessionResponse {
    /// The session's id.
    pub id: Uuid,
    /// When its refresh token was issued.
    #[serde(serialize_with = "wire::timestamp::serialize")]
    pub created_at: DateTime<Utc>,
    /// When it expires.
    #[serde(serialize_with = "wire::timestamp::serialize")]
    pub expires_at: DateTime<Utc>,
    /// When it was revoked.
    #[schema(required = true)]
    #[serde(serialize_with = "wire::optional_timestamp::serialize")]
    pub revoked_at: Option<DateTime<Utc>>,
    /// `rotated`, `expired`, `logout`, `user_revoked`, `reused_token` or `user_missing`.
    #[schema(required = true)]
    pub revoked_reason: Option<String>,
    /// The session it was rotated into.
    #[schema(required = true)]
    pub replaced_by_token_id: Option<Uuid>,
    /// Not revoked and not expired.
    pub is_active: bool,
    /// The session of the caller's `refresh_token` cookie.
    pub is_current: bool,
}

impl From<SessionView> for SessionResponse {
    fn from(view: SessionView) -> Self {
        Self {
            id: view.id.as_uuid(),
            created_at: view.created_at,
            expires_at: view.expires_at,
            revoked_at: view.revoked_at,
            revoked_reason: view.revoked_reason.map(|reason| reason.as_str().to_owned()),
            replaced_by_token_id: view.replaced_by.map(|id| id.as_uuid()),
            is_active: view.is_active,
            is_current: view.is_current,
        }
    }
}
