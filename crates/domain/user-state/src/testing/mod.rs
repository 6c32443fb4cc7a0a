//! Test support (feature `testing`): [`InMemoryUserStateRepository`], plain in-memory
//! storage, and the shared port contract suite.
//!
//! Adapters run [`user_state_repository_contract`] against their own implementation,
//! with [`UserStateFixtures`] that create the users and catalog items the checks need:
//!
//! ```ignore
//! #[tokio::test(flavor = "multi_thread")]
//! async fn pg_user_state_keeps_the_contract() {
//!     let db = TestDb::new().await;
//!     user_state_repository_contract(&PgUserStateRepository::new(db.pool()), &db).await;
//! }
//! ```

mod contract;
mod repository;

pub use contract::{UserStateFixtures, user_state_repository_contract};
pub use repository::InMemoryUserStateRepository;

use tastebuds_kernel::MediaItemId;

use crate::models::MediaCard;

/// A plausible catalog card for `id`.
#[must_use]
pub fn media_card(id: MediaItemId) -> MediaCard {
    MediaCard {
        id,
        media_type: "book".to_owned(),
        title: format!("Book {id}"),
        subtitle: None,
        description: None,
        release_date: None,
        cover_image_url: None,
        canonical_url: None,
        metadata: serde_json::Value::Null,
    }
}
