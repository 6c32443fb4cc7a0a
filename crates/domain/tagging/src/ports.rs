//! The tagging domain's storage port.
//!
//! Design rules:
//! - Ports are `Send + Sync` object-safe async traits, held as `Arc<dyn Port>`; they
//!   speak domain types only.
//! - **Visibility is part of every call.** Each method takes the caller's [`UserId`]; a
//!   caller sees and uses their own tags plus the global ones ([`Tag::is_usable_by`]),
//!   and deletes only their own ([`Tag::is_deletable_by`]). Someone else's private tag is
//!   answered exactly like a missing one.
//! - Links between items and tags are shared by everyone and exist at most once per
//!   pair (the `(media_item_id, tag_id)` unique): attaching is idempotent.
//! - Lists are sorted by name ascending.
//! - Storage failures are [`TaggingError::Unexpected`]; each method lists the other
//!   variants it MUST return. Unique and foreign-key violations are mapped by constraint
//!   name, never surfaced as `Unexpected`.

use async_trait::async_trait;
use tastebuds_kernel::{MediaItemId, TagId, UserId};

use crate::error::TaggingError;
use crate::models::{Tag, TagName};

/// Storage of tags and their links to media items.
#[async_trait]
pub trait TagRepository: Send + Sync {
    /// The caller's tags plus the global ones, by name.
    ///
    /// # Errors
    /// Only [`TaggingError::Unexpected`].
    async fn list_visible(&self, user: UserId) -> Result<Vec<Tag>, TaggingError>;

    /// Creates a tag owned by `owner`.
    ///
    /// # Errors
    /// [`TaggingError::DuplicateName`] when `owner` already has a tag named `name`
    /// (a global tag of that name does not conflict).
    async fn create(&self, owner: UserId, name: TagName) -> Result<Tag, TaggingError>;

    /// Deletes one of the caller's own tags together with its links.
    ///
    /// # Errors
    /// [`TaggingError::TagNotFound`] when the tag is unknown, someone else's, or global.
    async fn delete_own(&self, owner: UserId, tag_id: TagId) -> Result<(), TaggingError>;

    /// Links a tag usable by `user` to a media item and returns the tag; an existing
    /// link is kept, not duplicated, and is still `Ok`.
    ///
    /// # Errors
    /// - [`TaggingError::TagNotAvailable`]: the tag is unknown or someone else's.
    /// - [`TaggingError::UnknownMedia`]: the media item is not in the catalog.
    async fn attach(
        &self,
        user: UserId,
        tag_id: TagId,
        media_item_id: MediaItemId,
    ) -> Result<Tag, TaggingError>;

    /// Removes the link between a tag usable by `user` and a media item.
    ///
    /// # Errors
    /// - [`TaggingError::TagNotAvailable`]: the tag is unknown or someone else's.
    /// - [`TaggingError::NotAssigned`]: the tag is not on the item (including an unknown
    ///   item).
    async fn detach(
        &self,
        user: UserId,
        tag_id: TagId,
        media_item_id: MediaItemId,
    ) -> Result<(), TaggingError>;

    /// The tags visible to `user` that are on the item, by name; `[]` for an unknown
    /// item.
    ///
    /// # Errors
    /// Only [`TaggingError::Unexpected`].
    async fn tags_on_item(
        &self,
        user: UserId,
        media_item_id: MediaItemId,
    ) -> Result<Vec<Tag>, TaggingError>;
}
