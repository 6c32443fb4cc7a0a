//! A fast, transparent [`PasswordHasher`] that counts its verifications.

use std::sync::atomic::{AtomicUsize, Ordering};

use async_trait::async_trait;

use crate::error::AccountsError;
use crate::password::{NewPassword, PasswordAttempt, PasswordHash};
use crate::ports::PasswordHasher;

const PREFIX: &str = "fake-hash$";

/// "Hashes" by prefixing: instant and deterministic, for tests only. Counts every
/// verification, real or dummy, so tests can check the login timing rule.
#[derive(Debug, Default)]
pub struct FakeHasher {
    verifications: AtomicUsize,
    dummy_verifications: AtomicUsize,
}

impl FakeHasher {
    /// A hasher with zeroed counters.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Verifications against a stored hash so far.
    #[must_use]
    pub fn verifications(&self) -> usize {
        self.verifications.load(Ordering::SeqCst)
    }

    /// Dummy verifications (unknown-email logins) so far.
    #[must_use]
    pub fn dummy_verifications(&self) -> usize {
        self.dummy_verifications.load(Ordering::SeqCst)
    }

    /// The hash this fake stores for `password`.
    #[must_use]
    pub fn hash_of(password: &str) -> PasswordHash {
        PasswordHash::new(format!("{PREFIX}{password}"))
    }
}

#[async_trait]
impl PasswordHasher for FakeHasher {
    async fn hash(&self, password: &NewPassword) -> Result<PasswordHash, AccountsError> {
        Ok(Self::hash_of(password.expose_secret()))
    }

    async fn verify(
        &self,
        attempt: &PasswordAttempt,
        hash: &PasswordHash,
    ) -> Result<bool, AccountsError> {
        self.verifications.fetch_add(1, Ordering::SeqCst);
        Ok(hash
            .as_str()
            .strip_prefix(PREFIX)
            .is_some_and(|stored| stored == attempt.expose_secret()))
    }

    async fn verify_dummy(&self, _attempt: &PasswordAttempt) -> Result<(), AccountsError> {
        self.dummy_verifications.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }
}
