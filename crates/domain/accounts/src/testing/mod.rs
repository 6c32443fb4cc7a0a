//! Test support for this crate and its adapters (feature `testing`):
//!
//! - in-memory fakes of every port ([`InMemoryUsers`], [`InMemorySessions`],
//!   [`FakeHasher`], [`FakeTokenIssuer`]) and a settable [`ManualClock`];
//! - [`InMemoryAccounts`], an [`AccountsService`](crate::AccountsService) wired to them;
//! - the port contract suites in [`contract`], which the fakes here and the real
//!   adapters (Diesel stores, bcrypt, JWT) all run, so every implementation keeps the
//!   promises written in the ports' `# Errors` sections.

mod clock;
pub mod contract;
mod harness;
mod hasher;
mod sessions;
mod tokens;
mod users;

pub use clock::ManualClock;
pub use contract::{
    password_hasher_contract, session_repository_contract, token_issuer_contract,
    user_repository_contract,
};
pub use harness::InMemoryAccounts;
pub use hasher::FakeHasher;
pub use sessions::InMemorySessions;
pub use tokens::FakeTokenIssuer;
pub use users::InMemoryUsers;

use std::sync::{Mutex, MutexGuard, PoisonError};

/// Locks `mutex`, ignoring poisoning: a panicking test must not cascade into others.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
