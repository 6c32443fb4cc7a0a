//! Test support (feature `testing`): [`InMemoryTagRepository`], plain in-memory storage,
//! and the shared port contract suite.
//!
//! Adapters run [`tag_repository_contract`] against their own implementation, with
//! [`TaggingFixtures`] that create the users and catalog items the checks need (the port
//! cannot create them):
//!
//! ```ignore
//! #[tokio::test]
//! async fn pg_tags_keep_the_contract() {
//!     let db = TestDb::new().await;
//!     tag_repository_contract(&PgTagRepository::new(db.pool()), &db).await;
//! }
//! ```

mod contract;
mod repository;

pub use contract::{TaggingFixtures, tag_repository_contract};
pub use repository::InMemoryTagRepository;
