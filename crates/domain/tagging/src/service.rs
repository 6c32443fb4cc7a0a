//! The tagging use cases (API.md §2.8, §5.8). Every rule lives here:
//!
//! - **Visibility**: a user sees, attaches and detaches their own tags and the global
//!   ones ([`Tag::is_usable_by`]); someone else's private tag is answered exactly like a
//!   missing one (`Tag not available` on attach and detach, absent from lists).
//! - **Deletion**: only the owner deletes a tag ([`Tag::is_deletable_by`]); global tags
//!   cannot be deleted (nor created) through the API: `Tag not found`.
//! - **Order**: lists are sorted here ([`sort_by_name`]), so every store agrees whatever
//!   its collation.
//! - Attaching is idempotent (the store keeps one link per pair); detaching a link that
//!   does not exist is `Tag not assigned to media`.
//!
//! The store ([`TagRepository`]) is persistence only. Tags carry no timestamps, so the
//! service needs no clock.

use std::sync::Arc;

use tastebuds_kernel::{MediaItemId, TagId, UserId};

use crate::error::TaggingError;
use crate::models::{Tag, TagName, sort_by_name};
use crate::ports::TagRepository;

/// Creating, listing, deleting, attaching and detaching tags.
#[derive(Clone)]
pub struct TaggingService {
    tags: Arc<dyn TagRepository>,
}

impl std::fmt::Debug for TaggingService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TaggingService").finish_non_exhaustive()
    }
}

impl TaggingService {
    /// Wires the service to its store.
    #[must_use]
    pub fn new(tags: Arc<dyn TagRepository>) -> Self {
        Self { tags }
    }

    /// The caller's tags plus the global ones, in the API's order (`GET /api/tags`).
    ///
    /// # Errors
    /// [`TaggingError::Unavailable`] or [`TaggingError::Unexpected`] from the store.
    #[tracing::instrument(name = "tags.list", skip_all, fields(user.id = %user))]
    pub async fn list(&self, user: UserId) -> Result<Vec<Tag>, TaggingError> {
        let tags = self.tags.list_owned_or_global(user).await?;
        Ok(visible_sorted(tags, user))
    }

    /// Creates a private tag owned by the caller (`POST /api/tags`).
    ///
    /// # Errors
    /// [`TaggingError::DuplicateName`] when the caller already has a tag of that name.
    #[tracing::instrument(name = "tags.create", skip_all, fields(user.id = %owner))]
    pub async fn create(&self, owner: UserId, name: TagName) -> Result<Tag, TaggingError> {
        let tag = Tag {
            id: TagId::new(),
            owner: Some(owner),
            name,
        };
        self.tags.insert(&tag).await?;
        Ok(tag)
    }

    /// Creates a global tag (no owner: every user sees it and may attach it). Not an HTTP
    /// use case, since the API can neither create nor delete global tags (API.md §5.8):
    /// for operators' tools such as `tastebuds seed`. Global names are not unique in
    /// storage, so callers look for an existing one first ([`Self::list`] shows them).
    ///
    /// # Errors
    /// [`TaggingError::Unavailable`] or [`TaggingError::Unexpected`] from the store.
    #[tracing::instrument(name = "tags.create_global", skip_all)]
    pub async fn create_global(&self, name: TagName) -> Result<Tag, TaggingError> {
        let tag = Tag {
            id: TagId::new(),
            owner: None,
            name,
        };
        self.tags.insert(&tag).await?;
        Ok(tag)
    }

    /// Deletes one of the caller's own tags, with its links (`DELETE /api/tags/{id}`).
    ///
    /// # Errors
    /// [`TaggingError::TagNotFound`] when the tag is unknown, someone else's, or global.
    #[tracing::instrument(name = "tags.delete", skip_all, fields(user.id = %owner, tag.id = %tag_id))]
    pub async fn delete(&self, owner: UserId, tag_id: TagId) -> Result<(), TaggingError> {
        let deletable = self
            .tags
            .find(tag_id)
            .await?
            .is_some_and(|tag| tag.is_deletable_by(owner));
        if deletable && self.tags.delete(tag_id).await? {
            Ok(())
        } else {
            Err(TaggingError::TagNotFound)
        }
    }

    /// Puts a tag the caller may use on a media item and returns the tag; attaching it
    /// again changes nothing (`POST /api/tags/{id}/media`).
    ///
    /// # Errors
    /// - [`TaggingError::TagNotAvailable`]: the tag is unknown or someone else's.
    /// - [`TaggingError::UnknownMedia`]: the item is not in the catalog.
    #[tracing::instrument(name = "tags.attach", skip_all, fields(user.id = %user, tag.id = %tag_id))]
    pub async fn attach(
        &self,
        user: UserId,
        tag_id: TagId,
        media_item_id: MediaItemId,
    ) -> Result<Tag, TaggingError> {
        let tag = self.usable(user, tag_id).await?;
        self.tags.link(tag.id, media_item_id).await?;
        Ok(tag)
    }

    /// Takes a tag the caller may use off a media item
    /// (`DELETE /api/tags/{id}/media/{media_item_id}`).
    ///
    /// # Errors
    /// - [`TaggingError::TagNotAvailable`]: the tag is unknown or someone else's.
    /// - [`TaggingError::NotAssigned`]: the tag is not on the item.
    #[tracing::instrument(name = "tags.detach", skip_all, fields(user.id = %user, tag.id = %tag_id))]
    pub async fn detach(
        &self,
        user: UserId,
        tag_id: TagId,
        media_item_id: MediaItemId,
    ) -> Result<(), TaggingError> {
        let tag = self.usable(user, tag_id).await?;
        if self.tags.unlink(tag.id, media_item_id).await? {
            Ok(())
        } else {
            Err(TaggingError::NotAssigned)
        }
    }

    /// The tags on a media item that the caller may see, in the API's order; `[]` for an
    /// unknown item (`GET /api/tags/media/{media_item_id}`).
    ///
    /// # Errors
    /// [`TaggingError::Unavailable`] or [`TaggingError::Unexpected`] from the store.
    #[tracing::instrument(name = "tags.on_item", skip_all, fields(user.id = %user))]
    pub async fn tags_on_item(
        &self,
        user: UserId,
        media_item_id: MediaItemId,
    ) -> Result<Vec<Tag>, TaggingError> {
        let tags = self
            .tags
            .on_item_owned_or_global(media_item_id, user)
            .await?;
        Ok(visible_sorted(tags, user))
    }

    /// The tag, if `user` may use it.
    async fn usable(&self, user: UserId, tag_id: TagId) -> Result<Tag, TaggingError> {
        self.tags
            .find(tag_id)
            .await?
            .filter(|tag| tag.is_usable_by(user))
            .ok_or(TaggingError::TagNotAvailable)
    }
}

/// The tags `user` may see, in the API's order. The store's query already narrows to
/// them; filtering again keeps the visibility rule here, whatever a store returns.
fn visible_sorted(mut tags: Vec<Tag>, user: UserId) -> Vec<Tag> {
    tags.retain(|tag| tag.is_usable_by(user));
    sort_by_name(&mut tags);
    tags
}

#[cfg(test)]
mod tests;
