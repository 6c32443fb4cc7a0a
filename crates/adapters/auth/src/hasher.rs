//! bcrypt password hashing on the blocking pool.

use async_trait::async_trait;
use tastebuds_accounts::{
    AccountsError, NewPassword, PasswordAttempt, PasswordHash, PasswordHasher,
};

use crate::blocking::run_blocking;
use crate::error::AuthSetupError;

/// The default bcrypt work factor.
pub const DEFAULT_BCRYPT_COST: u32 = 12;

/// Salt and digest of a real bcrypt hash (of a random string nobody knows), reused with
/// the configured cost as the dummy for unknown-email logins: bcrypt parses it and does
/// the full work of that cost, exactly like a real verification, and it costs nothing
/// to build.
const DUMMY_SALT_AND_DIGEST: &str = "Wyv./wwEBO.jYD9X6FhD8O/VYFO5wKWeD/QMvQcRHRDwYuh7cfXji";

/// Hashes with bcrypt (`$2b$`) at a configurable cost, on tokio's blocking pool.
#[derive(Clone, Debug)]
pub struct BcryptHasher {
    cost: u32,
    dummy_hash: String,
}

impl BcryptHasher {
    /// A hasher with work factor `cost`.
    ///
    /// # Errors
    /// [`AuthSetupError::InvalidCost`] unless `4 <= cost <= 31`.
    pub fn new(cost: u32) -> Result<Self, AuthSetupError> {
        if !(4..=31).contains(&cost) {
            return Err(AuthSetupError::InvalidCost(cost));
        }
        Ok(Self {
            cost,
            dummy_hash: format!("$2b${cost:02}${DUMMY_SALT_AND_DIGEST}"),
        })
    }

    /// The work factor.
    #[must_use]
    pub fn cost(&self) -> u32 {
        self.cost
    }
}

impl Default for BcryptHasher {
    fn default() -> Self {
        Self {
            cost: DEFAULT_BCRYPT_COST,
            dummy_hash: format!("$2b${DEFAULT_BCRYPT_COST:02}${DUMMY_SALT_AND_DIGEST}"),
        }
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
        let hashed = run_blocking(move || bcrypt::hash(password, cost))
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
        Ok(run_blocking(move || verify_blocking(&attempt, &hash)).await?)
    }

    async fn verify_dummy(&self, attempt: &PasswordAttempt) -> Result<(), AccountsError> {
        let attempt = attempt.expose_secret().to_owned();
        let dummy = self.dummy_hash.clone();
        run_blocking(move || verify_blocking(&attempt, &dummy)).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests;
