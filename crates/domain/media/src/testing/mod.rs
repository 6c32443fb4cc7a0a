//! Test support (feature `testing`): an in-memory [`MediaCatalog`](crate::MediaCatalog),
//! a scripted [`MetadataSource`](crate::MetadataSource), in-memory search ports, record builders and the shared
//! port contract suite.
//!
//! Adapters run [`media_catalog_contract`] against their own implementation so that
//! every catalog, real or fake, honours the same rules.

mod catalog;
mod contract;
mod records;
mod search;
mod source;

pub use catalog::InMemoryMediaCatalog;
pub use contract::media_catalog_contract;
pub use records::external_media;
pub use search::{InMemoryPreviews, InMemoryQuotas, ScriptedIndex};
pub use source::FakeSource;
