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
//!   [`SessionRepository::revoke`]).
//! - Ports persist; the rules are the service's. A change to existing sessions is one
//!   call that locks and loads what the decision needs ([`LockedChain`]), runs the
//!   service's pure [`ChainDecision`] inside the transaction and applies the
//!   [`SessionChange`](crate::SessionChange) it returns.
//! - The `# Errors` section of each method says which [`AccountsError`] it MUST return
//!   when; a repository that cannot reach its database MAY return
//!   [`AccountsError::Unavailable`], and any other failure is
//!   [`AccountsError::Unexpected`]. The contract suites in
//!   `crate::testing` (feature `testing`) check these promises against every
//!   implementation.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use tastebuds_kernel::UserId;

use crate::chain::{Decided, LockedChain, SessionKey};
use crate::email::Email;
use crate::error::AccountsError;
use crate::password::{NewPassword, PasswordAttempt, PasswordHash};
use crate::rotation::RotateOutcome;
use crate::session::{NewSession, RefreshSession};
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

/// The service's pure decision on a locked chain. Run exactly once, synchronously, while
/// the store holds the chain's locks; an `Err` is returned as is, with nothing written.
pub type ChainDecision<O> =
    Box<dyn FnOnce(LockedChain) -> Result<Decided<O>, AccountsError> + Send + 'static>;

/// Storage of refresh sessions. No rule lives here: which sessions a refresh, a logout
/// or a revocation changes, and how, is decided by the service (`crate::rotation`) on
/// what [`rotate`](Self::rotate) and [`revoke`](Self::revoke) lock and load.
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

    /// `user`'s sessions, newest first (`created_at` descending, then id descending), at
    /// most `limit` of them (the newest).
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
        limit: usize,
    ) -> Result<Vec<RefreshSession>, AccountsError>;

    /// Deletes every session, of any user and in any state, whose `expires_at` is
    /// strictly before `expired_before`, and returns how many it deleted. Nothing else is
    /// touched: a newer session whose `replaced_by` chain passed through a deleted one
    /// keeps its own row (the chain walk stops at the unknown id).
    ///
    /// # Errors
    /// [`AccountsError::Unexpected`] when storage fails (nothing is deleted then).
    async fn purge_expired_before(
        &self,
        expired_before: DateTime<Utc>,
    ) -> Result<u64, AccountsError>;

    /// In ONE transaction: locks the session whose token hashes to `presented_hash` and
    /// its rotation descendants into a [`LockedChain`] (see [`revoke`](Self::revoke) for
    /// how), calls `decide` with it exactly once, synchronously, applies the
    /// [`SessionChange`](crate::SessionChange) it returns and returns its outcome untouched. The service's
    /// decision (`crate::rotation::rotate`) is what makes this a refresh: rotated /
    /// reused / expired / invalid (API.md §5.1).
    ///
    /// **Concurrent calls on one token are serialized by the head's lock**: a call that
    /// waits for it loads the head as the winner committed it (under PostgreSQL's READ
    /// COMMITTED, `SELECT … FOR UPDATE` re-reads the updated row) and then the winner's
    /// successor as a descendant, so its decision sees the first rotation: exactly one
    /// call returns `Rotated`, the others see a token already revoked `rotated`, treat
    /// it as reuse and revoke the winner's successor too.
    ///
    /// # Errors
    /// The error `decide` returns, as is. [`AccountsError::Unexpected`] when storage
    /// fails (including a duplicate successor token hash). On every error the
    /// transaction is rolled back and nothing changed.
    async fn rotate(
        &self,
        presented_hash: &str,
        decide: ChainDecision<RotateOutcome>,
    ) -> Result<RotateOutcome, AccountsError>;

    /// In ONE transaction: locks and loads the session `key` names and its rotation
    /// descendants, calls `decide` with them exactly once, synchronously, applies the
    /// [`SessionChange`](crate::SessionChange) it returns and returns its outcome untouched (the service uses
    /// it for logout, revocation by id with descendants, and `user_missing`).
    ///
    /// Loading locks the head (`SELECT … FOR UPDATE`), then follows `replaced_by` one
    /// session at a time, locking each before reading where it points, so that a
    /// rotation that commits while the walk waits for a lock is followed to its
    /// successor. The walk stops at an unknown id or at a session already loaded (corrupt
    /// data with a cycle cannot loop forever). It only ever locks forward along a chain,
    /// so two calls cannot deadlock on an acyclic chain.
    ///
    /// # Errors
    /// The error `decide` returns, as is. [`AccountsError::Unexpected`] when storage
    /// fails. On every error the transaction is rolled back and nothing changed.
    async fn revoke(
        &self,
        key: SessionKey,
        decide: ChainDecision<bool>,
    ) -> Result<bool, AccountsError>;
}

/// Password hashing. Implementations do the slow work off the async workers.
#[async_trait]
pub trait PasswordHasher: Send + Sync {
    /// Hashes a new password with a fresh salt.
    ///
    /// # Errors
    /// [`AccountsError::Busy`] when the hasher is saturated and refuses to queue more
    /// work; [`AccountsError::Unexpected`] when hashing fails (no randomness, task
    /// cancelled).
    async fn hash(&self, password: &NewPassword) -> Result<PasswordHash, AccountsError>;

    /// Whether `attempt` matches `hash`. A malformed or foreign stored hash is
    /// `Ok(false)`, never an error or a panic.
    ///
    /// # Errors
    /// [`AccountsError::Busy`] when the hasher is saturated and refuses to queue more
    /// work; [`AccountsError::Unexpected`] only when the work could not run (task
    /// cancelled).
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
    /// [`AccountsError::Busy`] when the hasher is saturated and refuses to queue more
    /// work; [`AccountsError::Unexpected`] only when the work could not run (task
    /// cancelled).
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
