//! The accounts use cases (API.md §2.2, §2.3, §5.1).
//!
//! Design rules:
//! - The service owns every rule and every timestamp: it reads `now` once per use case
//!   from its [`Clock`] and hands it to the ports, and it chooses new ids.
//! - Refresh tokens are hashed here (through the [`TokenIssuer`]) before any repository
//!   sees them; plain tokens only leave in a [`TokenPair`].
//! - Unknown email and wrong password are the same [`AccountsError::InvalidCredentials`],
//!   and an unknown email still costs one password verification, so neither the answer
//!   nor its timing tells whether an email has an account.
//! - The session rules (rotation, reuse detection, expiry, logout, revocation with
//!   descendants; API.md §5.1) are the pure decisions of [`crate::rotation`]. The
//!   service hands one to [`SessionRepository::rotate`] or [`SessionRepository::revoke`],
//!   which runs it while holding the locks of the session chain and applies what it
//!   returns, all in one transaction; the stores hold no rule.
//! - An empty refresh token is an absent one (API.md §1.3: an empty cookie is no cookie).
//! - Nothing secret is logged: events carry ids only.

use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};
use tastebuds_kernel::{Clock, SessionId, UserId};

use crate::chain::SessionKey;
use crate::commands::{Credentials, Registration};
use crate::email::Email;
use crate::error::AccountsError;
use crate::ports::{PasswordHasher, SessionRepository, TokenIssuer, UserRepository};
use crate::rotation::{self, RotateOutcome};
use crate::session::{NewSession, RevokeReason, SessionView};
use crate::token::{AccessToken, IssuedRefreshToken, TokenError, TokenLifetimes, TokenPair};
use crate::user::{NewUser, User};

/// The most sessions one listing returns (the newest): the list is a bare array without
/// paging (API.md §1.5), so it is capped instead; a user with more live sessions than
/// this signs in from more places than a person can tell apart.
pub const MAX_LISTED_SESSIONS: usize = 100;

/// How long an expired session is kept before [`AccountsService::purge_sessions`]
/// deletes it, unless configured otherwise.
pub const DEFAULT_SESSION_RETENTION_DAYS: i64 = 30;

/// Registration, login, token refresh and session management.
#[derive(Clone)]
pub struct AccountsService {
    users: Arc<dyn UserRepository>,
    sessions: Arc<dyn SessionRepository>,
    hasher: Arc<dyn PasswordHasher>,
    tokens: Arc<dyn TokenIssuer>,
    clock: Arc<dyn Clock>,
    lifetimes: TokenLifetimes,
    retention: TimeDelta,
}

impl std::fmt::Debug for AccountsService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccountsService")
            .field("lifetimes", &self.lifetimes)
            .field("retention", &self.retention)
            .finish_non_exhaustive()
    }
}

impl AccountsService {
    /// Wires the service to its ports.
    #[must_use]
    pub fn new(
        users: Arc<dyn UserRepository>,
        sessions: Arc<dyn SessionRepository>,
        hasher: Arc<dyn PasswordHasher>,
        tokens: Arc<dyn TokenIssuer>,
        clock: Arc<dyn Clock>,
        lifetimes: TokenLifetimes,
    ) -> Self {
        Self {
            users,
            sessions,
            hasher,
            tokens,
            clock,
            lifetimes,
            retention: TimeDelta::days(DEFAULT_SESSION_RETENTION_DAYS),
        }
    }

    /// The same service, keeping expired sessions for `retention` before
    /// [`purge_sessions`](Self::purge_sessions) deletes them.
    #[must_use]
    pub fn with_session_retention(mut self, retention: TimeDelta) -> Self {
        self.retention = retention;
        self
    }

    /// Deletes every session that expired more than the retention ago and returns how
    /// many. Such a session can no longer be refreshed, and reuse detection no longer
    /// needs it: its token would be answered as expired anyway, and every successor it
    /// had expires later, so a chain is purged from its oldest end.
    ///
    /// # Errors
    /// [`AccountsError::Unavailable`] or `Unexpected` on infrastructure failures.
    #[tracing::instrument(name = "accounts.purge_sessions", skip_all)]
    pub async fn purge_sessions(&self) -> Result<u64, AccountsError> {
        let cutoff = self.clock.now() - self.retention;
        let purged = self.sessions.purge_expired_before(cutoff).await?;
        tracing::info!(purged, %cutoff, "expired sessions purged");
        Ok(purged)
    }

    /// The configured token lifetimes (the shell uses them as cookie `Max-Age`).
    #[must_use]
    pub fn lifetimes(&self) -> TokenLifetimes {
        self.lifetimes
    }

    /// Creates an account and signs it in (a first refresh session). The account and its
    /// session are stored in one port call, after every token is issued, so a failure
    /// leaves nothing behind and the email can simply be registered again.
    ///
    /// # Errors
    /// [`AccountsError::EmailTaken`] when the email is registered already;
    /// [`AccountsError::Unavailable`] or `Unexpected` on infrastructure failures.
    #[tracing::instrument(name = "accounts.register", skip_all)]
    pub async fn register(&self, registration: Registration) -> Result<TokenPair, AccountsError> {
        let password_hash = self.hasher.hash(&registration.password).await?;
        let now = self.clock.now();
        let new_user = NewUser {
            id: UserId::new(),
            email: registration.email,
            display_name: registration.display_name,
            password_hash,
            created_at: now,
        };
        let refresh = self.tokens.new_refresh_token().map_err(issue_failure)?;
        let access = self.issue_access(new_user.id, now)?;
        let (user, session) = self
            .sessions
            .create_with_user(new_user, self.new_session(&refresh, now))
            .await?;
        tracing::info!(user.id = %user.id, "user registered");
        Ok(TokenPair {
            access_token: access.token,
            refresh_token: refresh.token,
            access_expires_at: access.expires_at,
            refresh_expires_at: session.expires_at,
            user,
        })
    }

    /// Signs in with email and password, starting a new refresh session.
    ///
    /// # Errors
    /// [`AccountsError::InvalidCredentials`] for an unknown email or a wrong password
    /// alike; [`AccountsError::Unavailable`] or `Unexpected` on infrastructure failures.
    #[tracing::instrument(name = "accounts.login", skip_all)]
    pub async fn login(&self, credentials: Credentials) -> Result<TokenPair, AccountsError> {
        let user = self.check_credentials(&credentials).await?;
        let now = self.clock.now();
        self.start_session(user, now).await
    }

    /// The user these credentials belong to, without signing in: no session is started
    /// and nothing is written (operators' tools use it, such as `tastebuds seed` to tell
    /// whether the demo user still has the documented password).
    ///
    /// # Errors
    /// [`AccountsError::InvalidCredentials`] for an unknown email or a wrong password
    /// alike (an unknown email still costs one verification); [`AccountsError::Unavailable`]
    /// or `Unexpected` on infrastructure failures.
    pub async fn check_credentials(
        &self,
        credentials: &Credentials,
    ) -> Result<User, AccountsError> {
        let Some(user) = self.users.find_by_email(&credentials.email).await? else {
            self.hasher.verify_dummy(&credentials.password).await?;
            return Err(AccountsError::InvalidCredentials);
        };
        if !self
            .hasher
            .verify(&credentials.password, &user.password_hash)
            .await?
        {
            return Err(AccountsError::InvalidCredentials);
        }
        Ok(user)
    }

    /// The user registered with `email`, if any. Not an HTTP use case (it would tell
    /// who has an account): for operators' tools such as `tastebuds seed`.
    ///
    /// # Errors
    /// [`AccountsError::Unavailable`] or `Unexpected` on infrastructure failures.
    pub async fn find_by_email(&self, email: &Email) -> Result<Option<User>, AccountsError> {
        self.users.find_by_email(email).await
    }

    /// Exchanges a refresh token for a new token pair, revoking the presented token
    /// (`rotated`). Presenting an already-rotated token revokes its live descendants.
    ///
    /// # Errors
    /// - [`AccountsError::MissingRefreshToken`] when `refresh_token` is absent or empty;
    /// - [`AccountsError::InvalidRefreshToken`] when it is unknown, revoked or expired
    ///   (an expired one is marked `expired`);
    /// - [`AccountsError::RefreshTokenReused`] when it had been rotated already;
    /// - [`AccountsError::UserNotFound`] when its user no longer exists (the new session
    ///   is revoked `user_missing`);
    /// - [`AccountsError::Unavailable`] or `Unexpected` on infrastructure failures.
    #[tracing::instrument(name = "accounts.refresh", skip_all)]
    pub async fn refresh(&self, refresh_token: Option<&str>) -> Result<TokenPair, AccountsError> {
        let presented = present(refresh_token).ok_or(AccountsError::MissingRefreshToken)?;
        let presented_hash = self.tokens.hash_refresh_token(presented);
        let successor_token = self.tokens.new_refresh_token().map_err(issue_failure)?;
        let now = self.clock.now();
        let successor = self.new_session(&successor_token, now);
        let decide = Box::new(move |chain| Ok(rotation::rotate(chain, successor, now)));
        match self.sessions.rotate(&presented_hash, decide).await? {
            RotateOutcome::Rotated { successor, .. } => {
                let Some(user) = self.users.find_by_id(successor.user_id).await? else {
                    self.revoke_one(SessionKey::Id(successor.id), RevokeReason::UserMissing, now)
                        .await?;
                    tracing::info!(session.id = %successor.id, "refresh for a deleted user");
                    return Err(AccountsError::UserNotFound);
                };
                self.token_pair(user, successor_token.token, successor.expires_at, now)
            }
            RotateOutcome::Reused { presented, revoked } => {
                tracing::warn!(
                    user.id = %presented.user_id,
                    session.id = %presented.id,
                    revoked = revoked.len(),
                    "rotated refresh token presented again; chain revoked"
                );
                Err(AccountsError::RefreshTokenReused)
            }
            RotateOutcome::Expired { .. } | RotateOutcome::Invalid => {
                Err(AccountsError::InvalidRefreshToken)
            }
        }
    }

    /// Ends the session of `refresh_token` (reason `logout`). Absent, empty, unknown or
    /// already revoked tokens are silently ignored.
    ///
    /// # Errors
    /// [`AccountsError::Unavailable`] or `Unexpected` on infrastructure failures only.
    #[tracing::instrument(name = "accounts.logout", skip_all)]
    pub async fn logout(&self, refresh_token: Option<&str>) -> Result<(), AccountsError> {
        if let Some(token) = present(refresh_token) {
            let hash = self.tokens.hash_refresh_token(token);
            let now = self.clock.now();
            self.revoke_one(SessionKey::TokenHash(hash), RevokeReason::Logout, now)
                .await?;
        }
        Ok(())
    }

    /// `user`'s sessions, newest first and at most [`MAX_LISTED_SESSIONS`] of them,
    /// marking the one whose refresh token the caller presented
    /// (`current_refresh_token`, the plain cookie value) as current.
    ///
    /// # Errors
    /// [`AccountsError::Unavailable`] or `Unexpected` on infrastructure failures.
    #[tracing::instrument(name = "accounts.list_sessions", skip_all, fields(user.id = %user))]
    pub async fn list_sessions(
        &self,
        user: UserId,
        include_expired: bool,
        include_revoked: bool,
        current_refresh_token: Option<&str>,
    ) -> Result<Vec<SessionView>, AccountsError> {
        let current_hash =
            present(current_refresh_token).map(|t| self.tokens.hash_refresh_token(t));
        let now = self.clock.now();
        let sessions = self
            .sessions
            .list_for_user(
                user,
                include_expired,
                include_revoked,
                now,
                MAX_LISTED_SESSIONS,
            )
            .await?;
        Ok(sessions
            .into_iter()
            .map(|session| SessionView::new(session, now, current_hash.as_deref()))
            .collect())
    }

    /// Revokes one of `user`'s sessions and its rotation descendants (`user_revoked`).
    ///
    /// # Errors
    /// [`AccountsError::SessionNotFound`] when the session is unknown, belongs to
    /// another user, or is already revoked; [`AccountsError::Unexpected`] on
    /// infrastructure failures.
    #[tracing::instrument(
        name = "accounts.revoke_session",
        skip_all,
        fields(user.id = %user, session.id = %session)
    )]
    pub async fn revoke_session(
        &self,
        user: UserId,
        session: SessionId,
    ) -> Result<(), AccountsError> {
        let now = self.clock.now();
        let decide = Box::new(move |chain| {
            Ok(rotation::revoke_with_descendants(
                chain,
                user,
                RevokeReason::UserRevoked,
                now,
            ))
        });
        if self
            .sessions
            .revoke(SessionKey::Id(session), decide)
            .await?
        {
            Ok(())
        } else {
            Err(AccountsError::SessionNotFound)
        }
    }

    /// The user with this id (the `/api/me` use case).
    ///
    /// # Errors
    /// [`AccountsError::UserNotFound`] when it no longer exists;
    /// [`AccountsError::Unavailable`] or `Unexpected` on infrastructure failures.
    pub async fn current_user(&self, id: UserId) -> Result<User, AccountsError> {
        self.users
            .find_by_id(id)
            .await?
            .ok_or(AccountsError::UserNotFound)
    }

    /// The user an access token stands for. Does not check that the user still exists
    /// (see [`current_user`](Self::current_user)).
    ///
    /// # Errors
    /// [`AccountsError::InvalidToken`] for an empty, malformed, badly signed, expired or
    /// non-access token.
    pub fn authenticate_access(&self, token: &str) -> Result<UserId, AccountsError> {
        if token.is_empty() {
            return Err(AccountsError::InvalidToken);
        }
        self.tokens
            .verify_access(token, self.clock.now())
            .map_err(|error| {
                tracing::debug!(%error, "access token rejected");
                AccountsError::InvalidToken
            })
    }

    /// Revokes the session `key` names, alone, if it is not revoked yet.
    async fn revoke_one(
        &self,
        key: SessionKey,
        reason: RevokeReason,
        now: DateTime<Utc>,
    ) -> Result<bool, AccountsError> {
        let decide = Box::new(move |chain| Ok(rotation::revoke_one(chain, reason, now)));
        self.sessions.revoke(key, decide).await
    }

    async fn start_session(
        &self,
        user: User,
        now: DateTime<Utc>,
    ) -> Result<TokenPair, AccountsError> {
        let refresh = self.tokens.new_refresh_token().map_err(issue_failure)?;
        let session = self
            .sessions
            .create(user.id, self.new_session(&refresh, now))
            .await?;
        self.token_pair(user, refresh.token, session.expires_at, now)
    }

    fn new_session(&self, refresh: &IssuedRefreshToken, now: DateTime<Utc>) -> NewSession {
        NewSession {
            id: SessionId::new(),
            token_hash: refresh.hash.clone(),
            created_at: now,
            expires_at: now + self.lifetimes.refresh,
        }
    }

    fn token_pair(
        &self,
        user: User,
        refresh_token: String,
        refresh_expires_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<TokenPair, AccountsError> {
        let access = self.issue_access(user.id, now)?;
        Ok(TokenPair {
            access_token: access.token,
            refresh_token,
            access_expires_at: access.expires_at,
            refresh_expires_at,
            user,
        })
    }

    fn issue_access(&self, user: UserId, now: DateTime<Utc>) -> Result<AccessToken, AccountsError> {
        self.tokens
            .issue_access(user, now, now + self.lifetimes.access)
            .map_err(issue_failure)
    }
}

/// The token, unless it is absent or empty.
fn present(token: Option<&str>) -> Option<&str> {
    token.filter(|token| !token.is_empty())
}

fn issue_failure(error: TokenError) -> AccountsError {
    AccountsError::Unexpected(anyhow::Error::new(error).context("issuing a token"))
}

#[cfg(test)]
mod tests;
