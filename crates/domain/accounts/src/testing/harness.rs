//! An [`AccountsService`] wired to in-memory fakes.

use std::sync::Arc;

use super::{FakeHasher, FakeTokenIssuer, InMemorySessions, InMemoryUsers, ManualClock};
use crate::service::AccountsService;
use crate::token::TokenLifetimes;

/// The fakes behind an accounts service, kept reachable for assertions.
#[derive(Debug)]
pub struct InMemoryAccounts {
    /// The user store.
    pub users: Arc<InMemoryUsers>,
    /// The session store (its foreign key points at `users`).
    pub sessions: Arc<InMemorySessions>,
    /// The counting hasher.
    pub hasher: Arc<FakeHasher>,
    /// The readable token issuer.
    pub tokens: Arc<FakeTokenIssuer>,
    /// The clock the service reads.
    pub clock: Arc<ManualClock>,
}

impl InMemoryAccounts {
    /// Fresh, empty fakes with the clock at [`ManualClock::default`].
    #[must_use]
    pub fn new() -> Self {
        let users = Arc::new(InMemoryUsers::new());
        Self {
            sessions: Arc::new(InMemorySessions::new(Arc::clone(&users))),
            users,
            hasher: Arc::new(FakeHasher::new()),
            tokens: Arc::new(FakeTokenIssuer::new()),
            clock: Arc::new(ManualClock::default()),
        }
    }

    /// A service over these fakes with the given lifetimes.
    #[must_use]
    pub fn service_with(&self, lifetimes: TokenLifetimes) -> AccountsService {
        AccountsService::new(
            Arc::clone(&self.users) as _,
            Arc::clone(&self.sessions) as _,
            Arc::clone(&self.hasher) as _,
            Arc::clone(&self.tokens) as _,
            Arc::clone(&self.clock) as _,
            lifetimes,
        )
    }

    /// A service over these fakes with the default lifetimes (30 min / 7 days).
    #[must_use]
    pub fn service(&self) -> AccountsService {
        self.service_with(TokenLifetimes::default())
    }
}

impl Default for InMemoryAccounts {
    fn default() -> Self {
        Self::new()
    }
}
