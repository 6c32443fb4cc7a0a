//! Test support (feature `testing`): an in-memory
//! [`UserStateRepository`](crate::UserStateRepository) and the shared port contract suite.
//!
//! Adapters run [`user_state_repository_contract`] against their own implementation, with
//! [`UserStateFixtures`] that create the users and catalog items the checks need.

mod contract;
mod repository;

pub use contract::{UserStateFixtures, user_state_repository_contract};
pub use repository::{InMemoryUserStateRepository, media_card};
