//! [`PgSessionRepository`]: the `refresh_tokens` table.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use tastebuds_accounts::{
    AccountsError, ChainDecision, NewSession, NewUser, RefreshSession, RotateOutcome, SessionKey,
    SessionRepository, User,
};
use tastebuds_kernel::UserId;

use super::chain;
use super::rows::{self, NewSessionRow, NewUserRow, SessionRow, UserRow};
use super::users::EMAIL_KEY;
use crate::error::StoreError;
use crate::pool::PgPool;
use crate::schema::{refresh_tokens, users};

/// The foreign key from `refresh_tokens.user_id` to `users`.
const USER_FKEY: &str = "refresh_tokens_user_id_fkey";

/// [`SessionRepository`] on PostgreSQL.
#[derive(Clone, Debug)]
pub struct PgSessionRepository {
    pool: PgPool,
}

impl PgSessionRepository {
    /// A repository using `pool`.
    #[must_use]
    pub fn new(pool: PgPool) -> Self {
        Self { pool }
    }

    /// Runs `f` on the pool, a failure becoming `Unavailable` or `Unexpected` with
    /// `context`.
    async fn run<T, F>(&self, context: &'static str, f: F) -> Result<T, AccountsError>
    where
        F: FnOnce(&mut PgConnection) -> Result<T, StoreError> + Send + 'static,
        T: Send + 'static,
    {
        self.pool
            .run(f)
            .await
            .map_err(|error| error.into_domain(context))
    }

    /// One chain change ([`chain::change`]) on the pool.
    async fn change<O: Send + 'static>(
        &self,
        context: &'static str,
        key: SessionKey,
        decide: ChainDecision<O>,
    ) -> Result<O, AccountsError> {
        self.run(context, move |conn| chain::change(conn, &key, decide))
            .await?
    }
}

#[async_trait]
impl SessionRepository for PgSessionRepository {
    async fn create(
        &self,
        user: UserId,
        session: NewSession,
    ) -> Result<RefreshSession, AccountsError> {
        let row = self
            .pool
            .run(move |conn| {
                diesel::insert_into(refresh_tokens::table)
                    .values(NewSessionRow::new(user.as_uuid(), &session))
                    .returning(SessionRow::as_returning())
                    .get_result(conn)
                    .map_err(StoreError::from)
            })
            .await
            .map_err(|error| {
                if error.foreign_key_violation() == Some(USER_FKEY) {
                    AccountsError::UserNotFound
                } else {
                    error.into_domain("inserting a session")
                }
            })?;
        Ok(RefreshSession::try_from(row)?)
    }

    async fn create_with_user(
        &self,
        user: NewUser,
        session: NewSession,
    ) -> Result<(User, RefreshSession), AccountsError> {
        let (user_row, session_row) = self
            .pool
            .run(move |conn| {
                conn.transaction::<_, diesel::result::Error, _>(|conn| {
                    let user_row = diesel::insert_into(users::table)
                        .values(NewUserRow::from(&user))
                        .returning(UserRow::as_returning())
                        .get_result(conn)?;
                    let session_row = diesel::insert_into(refresh_tokens::table)
                        .values(NewSessionRow::new(user.id.as_uuid(), &session))
                        .returning(SessionRow::as_returning())
                        .get_result(conn)?;
                    Ok((user_row, session_row))
                })
                .map_err(StoreError::from)
            })
            .await
            .map_err(|error| match error.unique_violation() {
                Some(EMAIL_KEY) => AccountsError::EmailTaken,
                _ => error.into_domain("inserting a user and its first session"),
            })?;
        Ok((
            User::try_from(user_row)?,
            RefreshSession::try_from(session_row)?,
        ))
    }

    async fn find_by_token_hash(
        &self,
        token_hash: &str,
    ) -> Result<Option<RefreshSession>, AccountsError> {
        let token_hash = token_hash.to_owned();
        let row = self
            .run("finding a session by token hash", move |conn| {
                refresh_tokens::table
                    .filter(refresh_tokens::token_hash.eq(token_hash))
                    .select(SessionRow::as_select())
                    .first(conn)
                    .optional()
                    .map_err(StoreError::from)
            })
            .await?;
        Ok(row.map(RefreshSession::try_from).transpose()?)
    }

    async fn list_for_user(
        &self,
        user: UserId,
        include_expired: bool,
        include_revoked: bool,
        now: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<RefreshSession>, AccountsError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let found = self
            .run("listing sessions", move |conn| {
                let mut query = refresh_tokens::table
                    .filter(refresh_tokens::user_id.eq(user.as_uuid()))
                    .select(SessionRow::as_select())
                    .order((refresh_tokens::created_at.desc(), refresh_tokens::id.desc()))
                    .limit(limit)
                    .into_boxed();
                if !include_expired {
                    query = query.filter(refresh_tokens::expires_at.gt(now));
                }
                if !include_revoked {
                    query = query.filter(refresh_tokens::revoked_at.is_null());
                }
                query.load(conn).map_err(StoreError::from)
            })
            .await?;
        Ok(rows::sessions(found)?)
    }

    async fn purge_expired_before(
        &self,
        expired_before: DateTime<Utc>,
    ) -> Result<u64, AccountsError> {
        let deleted = self
            .run("purging expired sessions", move |conn| {
                diesel::delete(
                    refresh_tokens::table.filter(refresh_tokens::expires_at.lt(expired_before)),
                )
                .execute(conn)
                .map_err(StoreError::from)
            })
            .await?;
        Ok(u64::try_from(deleted).unwrap_or(u64::MAX))
    }

    async fn rotate(
        &self,
        presented_hash: &str,
        decide: ChainDecision<RotateOutcome>,
    ) -> Result<RotateOutcome, AccountsError> {
        let key = SessionKey::TokenHash(presented_hash.to_owned());
        self.change("rotating a session", key, decide).await
    }

    async fn revoke(
        &self,
        key: SessionKey,
        decide: ChainDecision<bool>,
    ) -> Result<bool, AccountsError> {
        self.change("revoking sessions", key, decide).await
    }
}
