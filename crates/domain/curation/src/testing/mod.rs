//! Test support (feature `testing`):
//!
//! - [`InMemoryMenuStore`]: plain in-memory storage implementing [`MenuRepository`],
//!   [`ShareTokenRepository`] and [`MenuQueries`]; it emulates the database's keys and
//!   foreign keys (unique slug, unique pairing, media foreign key, cascades) and nothing
//!   else;
//! - [`ManualClock`] and [`SequentialShareTokens`], deterministic time and secrets;
//! - [`InMemoryCuration`], a [`CurationService`](crate::CurationService) wired to them;
//! - the port contract suite, [`curation_store_contract`], which the fake here and the
//!   Diesel store both run.
//!
//! [`MenuRepository`]: crate::MenuRepository
//! [`ShareTokenRepository`]: crate::ShareTokenRepository
//! [`MenuQueries`]: crate::MenuQueries

mod clock;
mod constraints;
pub mod contract;
mod harness;
mod queries;
mod repository;
mod secrets;
mod store;
mod tokens;

pub use clock::ManualClock;
pub use contract::{CurationFixtures, CurationStores, curation_store_contract};
pub use harness::{InMemoryCuration, media_card};
pub use secrets::SequentialShareTokens;
pub use store::InMemoryMenuStore;

use std::sync::{Mutex, MutexGuard, PoisonError};

/// Locks `mutex`, ignoring poisoning: a panicking test must not cascade into others.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_in_memory_store_keeps_the_port_contract() {
        let store = InMemoryMenuStore::new();
        curation_store_contract(CurationStores {
            menus: &store,
            share_tokens: &store,
            queries: &store,
            fixtures: &store,
        })
        .await;
    }
}
