//! Test support (feature `testing`): an in-memory [`TagRepository`](crate::TagRepository)
//! and the shared port contract suite.
//!
//! Adapters run [`tag_repository_contract`] against their own implementation, with
//! [`TaggingFixtures`] that create the users, catalog items and global tags the checks
//! need (the port itself cannot create the last two).

mod contract;
mod repository;

pub use contract::{TaggingFixtures, tag_repository_contract};
pub use repository::InMemoryTagRepository;
