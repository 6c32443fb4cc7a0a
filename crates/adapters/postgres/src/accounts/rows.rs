//! Row structs of `users` and `refresh_tokens`, and their conversions to and from the
//! domain types. Insert forms borrow; read forms own.

use anyhow::{Context as _, anyhow};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use tastebuds_accounts::{
    DisplayName, Email, NewSession, NewUser, PasswordHash, RefreshSession, Revocation,
    RevokeReason, User,
};
use tastebuds_kernel::{SessionId, UserId};
use uuid::Uuid;

use crate::schema::{refresh_tokens, users};

/// A `users` row as read.
#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = users, check_for_backend(diesel::pg::Pg))]
pub(super) struct UserRow {
    id: Uuid,
    email: String,
    hashed_password: String,
    display_name: Option<String>,
    created_at: DateTime<Utc>,
}

impl TryFrom<UserRow> for User {
    type Error = anyhow::Error;

    fn try_from(row: UserRow) -> Result<Self, Self::Error> {
        let email = Email::parse(&row.email)
            .map_err(|error| anyhow!("{error}"))
            .with_context(|| format!("stored email of user {}", row.id))?;
        let display_name = row
            .display_name
            .as_deref()
            .map(DisplayName::parse)
            .transpose()
            .map_err(|error| anyhow!("{error}"))
            .with_context(|| format!("stored display name of user {}", row.id))?
            .flatten();
        Ok(Self {
            id: UserId::from_uuid(row.id),
            email,
            display_name,
            password_hash: PasswordHash::new(row.hashed_password),
            created_at: row.created_at,
        })
    }
}

/// A `users` row to insert (`updated_at` takes its default).
#[derive(Debug, Insertable)]
#[diesel(table_name = users, treat_none_as_default_value = false)]
pub(super) struct NewUserRow<'a> {
    id: Uuid,
    email: &'a str,
    hashed_password: &'a str,
    display_name: Option<&'a str>,
    created_at: DateTime<Utc>,
}

impl<'a> From<&'a NewUser> for NewUserRow<'a> {
    fn from(user: &'a NewUser) -> Self {
        Self {
            id: user.id.as_uuid(),
            email: user.email.as_str(),
            hashed_password: user.password_hash.as_str(),
            display_name: user.display_name.as_ref().map(DisplayName::as_str),
            created_at: user.created_at,
        }
    }
}

/// A `refresh_tokens` row as read.
#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = refresh_tokens, check_for_backend(diesel::pg::Pg))]
pub(super) struct SessionRow {
    pub(super) id: Uuid,
    pub(super) user_id: Uuid,
    pub(super) token_hash: String,
    pub(super) created_at: DateTime<Utc>,
    pub(super) expires_at: DateTime<Utc>,
    pub(super) revoked_at: Option<DateTime<Utc>>,
    pub(super) revoked_reason: Option<String>,
    pub(super) replaced_by_token_id: Option<Uuid>,
}

impl TryFrom<SessionRow> for RefreshSession {
    type Error = anyhow::Error;

    fn try_from(row: SessionRow) -> Result<Self, Self::Error> {
        let revoked_reason = row
            .revoked_reason
            .as_deref()
            .map(str::parse::<RevokeReason>)
            .transpose()
            .with_context(|| format!("stored revoke reason of session {}", row.id))?;
        Ok(Self {
            id: SessionId::from_uuid(row.id),
            user_id: UserId::from_uuid(row.user_id),
            token_hash: row.token_hash,
            created_at: row.created_at,
            expires_at: row.expires_at,
            revoked_at: row.revoked_at,
            revoked_reason,
            replaced_by: row.replaced_by_token_id.map(SessionId::from_uuid),
        })
    }
}

/// A `refresh_tokens` row to insert (a new one is unrevoked, with no successor).
#[derive(Debug, Insertable)]
#[diesel(table_name = refresh_tokens, treat_none_as_default_value = false)]
pub(super) struct NewSessionRow<'a> {
    id: Uuid,
    user_id: Uuid,
    token_hash: &'a str,
    created_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
    revoked_at: Option<DateTime<Utc>>,
    revoked_reason: Option<&'static str>,
    replaced_by_token_id: Option<Uuid>,
}

impl<'a> NewSessionRow<'a> {
    /// The row of `session` owned by `user`.
    pub(super) fn new(user: Uuid, session: &'a NewSession) -> Self {
        Self {
            id: session.id.as_uuid(),
            user_id: user,
            token_hash: &session.token_hash,
            created_at: session.created_at,
            expires_at: session.expires_at,
            revoked_at: None,
            revoked_reason: None,
            replaced_by_token_id: None,
        }
    }

    /// The row of `session`, every column as given.
    pub(super) fn stored(session: &'a RefreshSession) -> Self {
        Self {
            id: session.id.as_uuid(),
            user_id: session.user_id.as_uuid(),
            token_hash: &session.token_hash,
            created_at: session.created_at,
            expires_at: session.expires_at,
            revoked_at: session.revoked_at,
            revoked_reason: session.revoked_reason.map(RevokeReason::as_str),
            replaced_by_token_id: session.replaced_by.as_ref().map(SessionId::as_uuid),
        }
    }
}

/// The columns a [`Revocation`] sets; `replaced_by_token_id` only when given.
#[derive(Debug, AsChangeset)]
#[diesel(table_name = refresh_tokens)]
pub(super) struct RevocationRow {
    revoked_at: DateTime<Utc>,
    revoked_reason: &'static str,
    replaced_by_token_id: Option<Uuid>,
}

impl From<&Revocation> for RevocationRow {
    fn from(revocation: &Revocation) -> Self {
        Self {
            revoked_at: revocation.at,
            revoked_reason: revocation.reason.as_str(),
            replaced_by_token_id: revocation.replaced_by.as_ref().map(SessionId::as_uuid),
        }
    }
}

/// Converts rows read in one call, failing on the first the domain refuses.
pub(super) fn sessions(rows: Vec<SessionRow>) -> anyhow::Result<Vec<RefreshSession>> {
    rows.into_iter().map(RefreshSession::try_from).collect()
}
