//! Test support (feature `testing`): an in-memory store implementing both
//! [`MenuRepository`](crate::MenuRepository) and [`MenuQueries`](crate::MenuQueries),
//! and the shared port contract suite.
//!
//! Adapters run [`menu_store_contract`] against their own implementation, with
//! [`CurationFixtures`] that create the users and catalog items the checks need.

mod contract;
mod queries;
mod repository;
mod store;

pub use contract::{CurationFixtures, menu_store_contract};
pub use store::{InMemoryMenuStore, media_card};
