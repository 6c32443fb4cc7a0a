//! Test support (feature `testing`): an in-memory [`MediaCatalog`](crate::MediaCatalog),
//! a scripted [`MetadataSource`](crate::MetadataSource), in-memory search ports, record builders and the shared
//! port contract suite.
//!
//! Adapters run [`media_catalog_contract`] and [`availability_store_contract`] against
//! their own implementations so that every store, real or fake, honours the same rules.

mod availability;
mod availability_contract;
mod catalog;
mod contract;
mod records;
mod search;
mod source;

pub use availability_contract::availability_store_contract;
pub use catalog::InMemoryMediaCatalog;
pub use contract::media_catalog_contract;
pub use records::external_media;
pub use search::{InMemoryPreviews, InMemoryQuotas, ScriptedIndex};
pub use source::FakeSource;
