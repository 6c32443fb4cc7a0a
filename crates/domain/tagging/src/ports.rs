//! The tagging domain's storage port: persistence only.
//!
//! Design rules:
//! - Ports are `Send + Sync` object-safe async traits, held as `Arc<dyn Port>` by
//!   the `TaggingService`; they speak domain types only.
//! - **No rule lives here.** Who may see, attach, detach or delete a tag, and the order
//!   tags are listed in, are decided by the service. The store inserts, deletes, links,
//!   unlinks and answers plain queries (reads come back in any order), and maps
//!   constraint violations to the variants each method names.
//! - Every method is one statement or one transaction; a store needs no lock beyond
//!   what its constraints give (`tags (owner_id, name)` unique, `media_item_tags
//!   (media_item_id, tag_id)` unique, foreign keys to `media_items` and `tags`, links
//!   deleted with their tag by `ON DELETE CASCADE`).
//! - Ids are chosen by the service and stored verbatim.
//! - Every method MAY return [`TaggingError::Unavailable`] when storage cannot be reached
//!   (a failed connection checkout, say), and [`TaggingError::Unexpected`] for any other
//!   failure; its `# Errors` section lists the variants it MUST return besides. Unique
//!   and foreign-key violations named there are recognised by constraint name, never
//!   surfaced as `Unexpected`. The contract suite in `crate::testing` (feature
//!   `testing`) checks these promises against every implementation.

use async_trait::async_trait;
use tastebuds_kernel::{MediaItemId, TagId, UserId};

use crate::error::TaggingError;
use crate::models::Tag;

/// Storage of tags and of their links to media items.
#[async_trait]
pub trait TagRepository: Send + Sync {
    /// Stores `tag` exactly as given; `owner: None` stores a global tag.
    ///
    /// # Errors
    /// MUST return [`TaggingError::DuplicateName`] when `tag.owner` already has a tag
    /// with this exact name (the `(owner_id, name)` unique constraint; global tags are
    /// never in conflict, with each other or with owned ones). Nothing is stored then.
    async fn insert(&self, tag: &Tag) -> Result<(), TaggingError>;

    /// The tag with this id, whoever owns it; `Ok(None)` when there is none.
    ///
    /// # Errors
    /// Only [`TaggingError::Unavailable`] or [`TaggingError::Unexpected`].
    async fn find(&self, id: TagId) -> Result<Option<Tag>, TaggingError>;

    /// Deletes the tag with this id together with its links (by cascade); `false` when
    /// there was no such tag.
    ///
    /// # Errors
    /// Only [`TaggingError::Unavailable`] or [`TaggingError::Unexpected`].
    async fn delete(&self, id: TagId) -> Result<bool, TaggingError>;

    /// Every tag owned by `owner` and every global tag (`owner_id = $1 OR owner_id IS
    /// NULL`), in any order.
    ///
    /// # Errors
    /// Only [`TaggingError::Unavailable`] or [`TaggingError::Unexpected`].
    async fn list_owned_or_global(&self, owner: UserId) -> Result<Vec<Tag>, TaggingError>;

    /// The tags linked to `media_item_id` that are owned by `owner` or global, in any
    /// order; `[]` for an unknown item.
    ///
    /// # Errors
    /// Only [`TaggingError::Unavailable`] or [`TaggingError::Unexpected`].
    async fn on_item_owned_or_global(
        &self,
        media_item_id: MediaItemId,
        owner: UserId,
    ) -> Result<Vec<Tag>, TaggingError>;

    /// Links the tag to the media item. An existing link is kept, not duplicated, and the
    /// call still succeeds (`INSERT … ON CONFLICT (media_item_id, tag_id) DO NOTHING`).
    ///
    /// # Errors
    /// - MUST return [`TaggingError::UnknownMedia`] when the item is not in the catalog
    ///   (the foreign key to `media_items`).
    /// - MUST return [`TaggingError::TagNotAvailable`] when the tag does not exist (the
    ///   foreign key to `tags`: it was deleted after the service looked it up).
    async fn link(&self, tag_id: TagId, media_item_id: MediaItemId) -> Result<(), TaggingError>;

    /// Removes the link between the tag and the media item; `false` when there was none
    /// (including an unknown tag or item).
    ///
    /// # Errors
    /// Only [`TaggingError::Unavailable`] or [`TaggingError::Unexpected`].
    async fn unlink(&self, tag_id: TagId, media_item_id: MediaItemId)
    -> Result<bool, TaggingError>;
}
