//! bcrypt password hashing on a bounded, first-come-first-served pool of its own.

use async_trait::async_trait;
use tastebuds_accounts::{
    AccountsError, NewPassword, PasswordAttempt, PasswordHash, PasswordHasher,
};

use crate::error::AuthSetupError;
use crate::pool::{PoolError, PoolSize, WorkPool};

/// The default bcrypt work factor.
pub const DEFAULT_BCRYPT_COST: u32 = 12;

/// Salt and digest of a real bcrypt hash (of a random string nobody knows), reused with
/// the configured cost as the dummy for unknown-email logins: bcrypt parses it and does
/// the full work of that cost, exactly like a real verification, and it costs nothing
/// to build.
const DUMMY_SALT_AND_DIGEST: &str = "Wyv./wwEBO.jYD9X6FhD8O/VYFO5wKWeD/QMvQcRHRDwYuh7cfXji";

/// Jobs that may wait for a hashing worker by default: with one worker at cost 12
/// (~0.3 s a verification) the last of them answers within about 2.5 s; beyond them,
/// callers are refused at once ([`AccountsError::Busy`]).
pub const DEFAULT_HASH_QUEUE: usize = 8;

/// Hashes with bcrypt (`$2b$`) at a configurable cost on a pool of its own threads
/// (first come, first served, bounded: see [`PoolSize`]), so that hashing never blocks
/// an async worker and, its threads (sized by [`PoolSize::one_per_core`]) narrowing to
/// one while other work needs the CPU, leaves most of the machine to requests.
/// Clones share the pool.
#[derive(Clone, Debug)]
pub struct BcryptHasher {
    cost: u32,
    dummy_hash: String,
    pool: WorkPool,
}

impl BcryptHasher {
    /// A hasher with work factor `cost`, one worker per core and a queue of
    /// [`DEFAULT_HASH_QUEUE`].
    ///
    /// # Errors
    /// As [`BcryptHasher::with_pool`].
    pub fn new(cost: u32) -> Result<Self, AuthSetupError> {
        Self::with_pool(cost, PoolSize::one_per_core(DEFAULT_HASH_QUEUE))
    }

    /// A hasher with work factor `cost` whose pool has `size.workers` threads (at least
    /// one) and lets `size.queue` jobs wait.
    ///
    /// # Errors
    /// [`AuthSetupError::InvalidCost`] unless `4 <= cost <= 31`;
    /// [`AuthSetupError::Threads`] when the threads cannot be started.
    pub fn with_pool(cost: u32, size: PoolSize) -> Result<Self, AuthSetupError> {
        if !(4..=31).contains(&cost) {
            return Err(AuthSetupError::InvalidCost(cost));
        }
        Ok(Self {
            cost,
            dummy_hash: format!("$2b${cost:02}${DUMMY_SALT_AND_DIGEST}"),
            pool: WorkPool::start("bcrypt", size).map_err(AuthSetupError::Threads)?,
        })
    }

    /// The work factor.
    #[must_use]
    pub fn cost(&self) -> u32 {
        self.cost
    }

    /// The pool's size (the worker count at least one).
    #[must_use]
    pub fn pool_size(&self) -> PoolSize {
        self.pool.size()
    }

    /// Runs `job` on the pool; a full pool is [`AccountsError::Busy`].
    async fn run<T, F>(&self, job: F) -> Result<T, AccountsError>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        self.pool.run(job).await.map_err(|error| match error {
            PoolError::Saturated { retry_after } => AccountsError::Busy { retry_after },
            PoolError::Lost => {
                AccountsError::Unexpected(anyhow::Error::new(error).context("password hashing job"))
            }
        })
    }
}

/// Verifies with bcrypt's own constant-time comparison. bcrypt reads at most 72 bytes,
/// which is fine for login (hashes from before the register limit were made that way).
/// A malformed stored hash is a mismatch, never an error.
fn verify_blocking(attempt: &str, hash: &str) -> bool {
    bcrypt::verify(attempt, hash).unwrap_or_else(|error| {
        tracing::warn!(%error, "stored password hash is not a valid bcrypt hash");
        false
    })
}

#[async_trait]
impl PasswordHasher for BcryptHasher {
    async fn hash(&self, password: &NewPassword) -> Result<PasswordHash, AccountsError> {
        let password = password.expose_secret().to_owned();
        let cost = self.cost;
        // bcrypt reads at most 72 bytes: the password and a terminating NUL. `NewPassword`
        // holds at most 72 bytes, so `hash` never drops a byte of the password itself; at
        // exactly 72 it drops only the NUL, as every bcrypt does (and `verify` does the
        // same). `non_truncating_hash` would refuse those 72-byte passwords, which the
        // policy accepts.
        let hashed = self
            .run(move || bcrypt::hash(password, cost))
            .await?
            .map_err(|error| anyhow::Error::new(error).context("bcrypt hashing failed"))?;
        Ok(PasswordHash::new(hashed))
    }

    async fn verify(
        &self,
        attempt: &PasswordAttempt,
        hash: &PasswordHash,
    ) -> Result<bool, AccountsError> {
        let attempt = attempt.expose_secret().to_owned();
        let hash = hash.as_str().to_owned();
        self.run(move || verify_blocking(&attempt, &hash)).await
    }

    async fn verify_dummy(&self, attempt: &PasswordAttempt) -> Result<(), AccountsError> {
        let attempt = attempt.expose_secret().to_owned();
        let dummy = self.dummy_hash.clone();
        self.run(move || verify_blocking(&attempt, &dummy)).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests;
