//! The ports the accounts use cases need, implemented by adapters (`tastebuds-postgres`
//! for the repositories, `tastebuds-auth` for the hasher and the token issuer).
//!
//! Design rules:
//! - Every port is `Send + Sync` and object safe; services hold them as `Arc<dyn Port>`.
//!   I/O ports are `#[async_trait]`; [`TokenIssuer`] is synchronous because signing with
//!   HMAC and hashing 64 bytes are microseconds of CPU with no I/O.
//! - Ports speak domain types only. Time always comes in as `now` from the service's
//!   [`Clock`](tastebuds_kernel::Clock); adapters never read the wall clock for a rule,
//!   so tests can pin time and every implementation agrees on expiry.
//! - Ids and timestamps of new rows are chosen by the service and stored verbatim.
//! - Refresh tokens are stored only as their SHA-256 hex digest; repositories never see
//!   a plain token.
//! - A write touching more than one row is one method and one transaction in the
//!   adapter ([`SessionRepository::create_with_user`], [`SessionRepository::rotate`],
//!   [`SessionRepository::revoke_with_descendants`]).
//! - The `# Errors` section of each method says which [`AccountsError`] it MUST return
//!   when; a repository that cannot reach its database MAY return
//!   [`AccountsError::Unavailable`], and any other failure is
//!   [`AccountsError::Unexpected`]. The contract suites in
//!   `crate::testing` (feature `testing`) check these promises against every
//!   implementation.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use tastebuds_kernel::{SessionId, UserId};

use crate::email::Email;
use crate::error::AccountsError;
use crate::password::{NewPassword, PasswordAttempt, PasswordHash};
use crate::session::{NewSession, RefreshSession, RevokeReason};
use crate::token::{AccessToken, IssuedRefreshToken, TokenError};
use crate::user::{NewUser, User};

/// Storage of user accounts. Emails arrive normalized (lowercased), so an exact match on
/// the stored value is a case-insensitive match on what users typed.
#[async_trait]
pub trait UserRepository: Send + Sync {
    /// Inserts `user` exactly as given and returns it as stored.
    ///
    /// # Errors
    /// MUST return [`AccountsError::EmailTaken`] when the email already belongs to a user
    /// (the unique email constraint), whatever case the caller first typed it in.
    /// [`AccountsError::Unexpected`] for anything else.
    async fn create(&self, user: NewUser) -> Result<User, AccountsError>;

    /// The user with this (normalized) email, if any.
    ///
    /// # Errors
    /// [`AccountsError::Unexpected`] when storage fails; a missing user is `Ok(None)`.
    async fn find_by_email(&self, email: &Email) -> Result<Option<User>, AccountsError>;

    /// The user with this id, if any.
    ///
    /// # Errors
    /// [`AccountsError::Unexpected`] when storage fails; a missing user is `Ok(None)`.
    async fn find_by_id(&self, id: UserId) -> Result<Option<User>, AccountsError>;
}

/// What [`SessionRepository::rotate`] found and did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RotateOutcome {
    /// The presented session was live: it is now revoked `rotated` with
    /// `replaced_by = successor.id`, and the successor is stored for the same user.
    Rotated {
        /// The presented session, as updated.
        previous: RefreshSession,
        /// The stored successor.
        successor: RefreshSession,
    },
    /// The presented session had already been rotated: every live descendant in its
    /// chain is now revoked `reused_token`. Nothing was inserted.
    Reused {
        /// The presented (already rotated, unchanged) session.
        presented: RefreshSession,
        /// The descendants revoked by this call, oldest first (empty if none was live).
        revoked: Vec<SessionId>,
    },
    /// The presented session was unrevoked but expired: it is now revoked `expired`.
    /// Nothing was inserted.
    Expired {
        /// The presented session, as updated.
        presented: RefreshSession,
    },
    /// No session has this hash, or it was revoked for a reason other than rotation
    /// (logout, expiry, user revocation, reuse, missing user). Nothing changed.
    Invalid,
}

/// Storage of refresh sessions.
#[async_trait]
pub trait SessionRepository: Send + Sync {
    /// Stores a new, unrevoked session owned by `user`.
    ///
    /// # Errors
    /// MUST return [`AccountsError::UserNotFound`] when `user` does not exist (the
    /// foreign key). [`AccountsError::Unexpected`] for anything else, including a
    /// duplicate token hash (a broken token generator).
    async fn create(
        &self,
        user: UserId,
        session: NewSession,
    ) -> Result<RefreshSession, AccountsError>;

    /// Stores a new user and its first session, owned by it, atomically: ONE transaction,
    /// so that a registration never half-succeeds (a user without the session its
    /// sign-up answered with a failure for).
    ///
    /// # Errors
    /// MUST return [`AccountsError::EmailTaken`] when the email already belongs to a user,
    /// as [`UserRepository::create`] does. [`AccountsError::Unexpected`] for anything
    /// else, including a duplicate token hash. On every error nothing is stored.
    async fn create_with_user(
        &self,
        user: NewUser,
        session: NewSession,
    ) -> Result<(User, RefreshSession), AccountsError>;

    /// The session whose token has this SHA-256 hex digest, whatever its state.
    ///
    /// # Errors
    /// [`AccountsError::Unexpected`] when storage fails; an unknown hash is `Ok(None)`.
    async fn find_by_token_hash(
        &self,
        token_hash: &str,
    ) -> Result<Option<RefreshSession>, AccountsError>;

    /// `user`'s sessions, newest first (`created_at` descending, then id descending).
    /// Unless `include_expired`, sessions with `expires_at <= now` are left out; unless
    /// `include_revoked`, revoked ones are left out. The two filters are independent.
    ///
    /// # Errors
    /// [`AccountsError::Unexpected`] when storage fails. An unknown user has no sessions.
    async fn list_for_user(
        &self,
        user: UserId,
        include_expired: bool,
        include_revoked: bool,
        now: DateTime<Utc>,
    ) -> Result<Vec<RefreshSession>, AccountsError>;

    /// Exchanges the session whose token hashes to `presented_hash` for `successor`,
    /// atomically: ONE transaction that first locks the presented row
    /// (`SELECT … FOR UPDATE`), then decides on the locked state:
    ///
    /// - unrevoked and `now < expires_at` → set `revoked_at = now`, reason `rotated`,
    ///   `replaced_by = successor.id`; insert `successor` owned by the same user;
    ///   [`RotateOutcome::Rotated`];
    /// - revoked with reason `rotated` → follow `replaced_by` from it and revoke every
    ///   descendant that is still live at `now` (`revoked_at = now`, reason
    ///   `reused_token`); [`RotateOutcome::Reused`];
    /// - unrevoked but `expires_at <= now` → revoke it with reason `expired`;
    ///   [`RotateOutcome::Expired`];
    /// - unknown, or revoked for any other reason → [`RotateOutcome::Invalid`].
    ///
    /// **Concurrent rotations of one token**: exactly one call wins and returns
    /// `Rotated`. Every other call waits for the winner's lock, then sees a token
    /// already revoked `rotated` and MUST treat it as reuse: it returns `Reused` and
    /// revokes the winner's successor too. This is the strict reading of the reuse rule
    /// (API.md §5.1): a client must never present the same refresh token twice, even in
    /// parallel, or it loses the whole chain.
    ///
    /// Descendant walks must stop at a session already visited, so corrupt data with a
    /// cycle cannot loop forever.
    ///
    /// # Errors
    /// [`AccountsError::Unexpected`] when storage fails; the transaction is then rolled
    /// back and nothing changed.
    async fn rotate(
        &self,
        presented_hash: &str,
        successor: NewSession,
        now: DateTime<Utc>,
    ) -> Result<RotateOutcome, AccountsError>;

    /// Revokes one session with `reason` at `now`, if it is not revoked yet. Returns
    /// whether it changed anything (`false` for unknown or already revoked sessions,
    /// whose original reason is kept).
    ///
    /// # Errors
    /// [`AccountsError::Unexpected`] when storage fails.
    async fn revoke(
        &self,
        session: SessionId,
        reason: RevokeReason,
        now: DateTime<Utc>,
    ) -> Result<bool, AccountsError>;

    /// Revokes `session` and every unrevoked descendant in its rotation chain with
    /// `reason` at `now`, in one transaction — only if the session belongs to `user` and
    /// is not revoked yet. Returns `false` (changing nothing) when the session is
    /// unknown, belongs to another user, or is already revoked, so the caller can answer
    /// 404 for all three alike.
    ///
    /// # Errors
    /// [`AccountsError::Unexpected`] when storage fails.
    async fn revoke_with_descendants(
        &self,
        user: UserId,
        session: SessionId,
        reason: RevokeReason,
        now: DateTime<Utc>,
    ) -> Result<bool, AccountsError>;

    /// Revokes the session whose token hashes to `token_hash` with `reason` at `now`, if
    /// it exists and is not revoked yet. Returns whether it changed anything.
    ///
    /// # Errors
    /// [`AccountsError::Unexpected`] when storage fails.
    async fn revoke_by_hash(
        &self,
        token_hash: &str,
        reason: RevokeReason,
        now: DateTime<Utc>,
    ) -> Result<bool, AccountsError>;
}

/// Password hashing. Implementations do the slow work off the async workers.
#[async_trait]
pub trait PasswordHasher: Send + Sync {
    /// Hashes a new password with a fresh salt.
    ///
    /// # Errors
    /// [`AccountsError::Unexpected`] when hashing fails (no randomness, task cancelled).
    async fn hash(&self, password: &NewPassword) -> Result<PasswordHash, AccountsError>;

    /// Whether `attempt` matches `hash`. A malformed or foreign stored hash is
    /// `Ok(false)`, never an error or a panic.
    ///
    /// # Errors
    /// [`AccountsError::Unexpected`] only when the work could not run (task cancelled).
    async fn verify(
        &self,
        attempt: &PasswordAttempt,
        hash: &PasswordHash,
    ) -> Result<bool, AccountsError>;

    /// Spends the time of one [`verify`](Self::verify) against a dummy hash of the
    /// configured cost, for logins with an unknown email, so response times do not
    /// reveal which emails have accounts. The outcome is meaningless and discarded.
    ///
    /// # Errors
    /// [`AccountsError::Unexpected`] only when the work could not run (task cancelled).
    async fn verify_dummy(&self, attempt: &PasswordAttempt) -> Result<(), AccountsError>;
}

/// Issues and checks tokens: signed access tokens and opaque refresh tokens.
pub trait TokenIssuer: Send + Sync {
    /// Signs an access token for `user`, issued at `issued_at` and valid until
    /// `expires_at`.
    ///
    /// # Errors
    /// [`TokenError::Issue`] when signing fails.
    fn issue_access(
        &self,
        user: UserId,
        issued_at: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<AccessToken, TokenError>;

    /// The user an access token was issued to, if the token is genuine, an access token,
    /// and not expired at `now` (it is dead from its expiry on).
    ///
    /// # Errors
    /// [`TokenError::Expired`] for a genuine but expired token; [`TokenError::Invalid`]
    /// for anything malformed, badly signed, signed with another algorithm (including
    /// `none`) or of another token type.
    fn verify_access(&self, token: &str, now: DateTime<Utc>) -> Result<UserId, TokenError>;

    /// A new opaque refresh token from a cryptographic RNG, with its SHA-256 hex digest.
    ///
    /// # Errors
    /// [`TokenError::Issue`] when the RNG is unavailable.
    fn new_refresh_token(&self) -> Result<IssuedRefreshToken, TokenError>;

    /// The SHA-256 hex digest (lowercase) of a presented refresh token, to look it up.
    fn hash_refresh_token(&self, token: &str) -> String;
}
