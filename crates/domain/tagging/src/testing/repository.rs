//! [`InMemoryTagRepository`]: plain storage behind a mutex. It emulates the constraints
//! (`(owner_id, name)` unique, foreign keys, cascade) and holds no rule.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::{Mutex, MutexGuard, PoisonError};

use async_trait::async_trait;
use tastebuds_kernel::{MediaItemId, TagId, UserId};

use crate::error::TaggingError;
use crate::models::Tag;
use crate::ports::TagRepository;
use crate::testing::TaggingFixtures;

#[derive(Debug, Default)]
struct Tables {
    tags: HashMap<TagId, Tag>,
    links: BTreeSet<(MediaItemId, TagId)>,
    media: HashSet<MediaItemId>,
}

impl Tables {
    fn owned_or_global(&self, owner: UserId) -> impl Iterator<Item = &Tag> {
        self.tags
            .values()
            .filter(move |tag| tag.owner.is_none_or(|o| o == owner))
    }
}

/// A [`TagRepository`] held in memory. Media items must be registered
/// ([`InMemoryTagRepository::add_media`]) before they can be linked, as the catalog's
/// foreign key requires.
#[derive(Debug, Default)]
pub struct InMemoryTagRepository {
    tables: Mutex<Tables>,
}

impl InMemoryTagRepository {
    /// An empty store.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers a catalog item.
    pub fn add_media(&self, id: MediaItemId) {
        self.lock().media.insert(id);
    }

    fn lock(&self) -> MutexGuard<'_, Tables> {
        // A panicking test must not poison every later assertion.
        self.tables.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[async_trait]
impl TagRepository for InMemoryTagRepository {
    async fn insert(&self, tag: &Tag) -> Result<(), TaggingError> {
        let mut tables = self.lock();
        let taken = tag.owner.is_some()
            && (tables.tags.values()).any(|t| t.owner == tag.owner && t.name == tag.name);
        if taken {
            return Err(TaggingError::DuplicateName(tag.name.clone()));
        }
        tables.tags.insert(tag.id, tag.clone());
        Ok(())
    }

    async fn find(&self, id: TagId) -> Result<Option<Tag>, TaggingError> {
        Ok(self.lock().tags.get(&id).cloned())
    }

    async fn delete(&self, id: TagId) -> Result<bool, TaggingError> {
        let mut tables = self.lock();
        tables.links.retain(|(_, tag)| *tag != id);
        Ok(tables.tags.remove(&id).is_some())
    }

    async fn list_owned_or_global(&self, owner: UserId) -> Result<Vec<Tag>, TaggingError> {
        Ok(self.lock().owned_or_global(owner).cloned().collect())
    }

    async fn on_item_owned_or_global(
        &self,
        media_item_id: MediaItemId,
        owner: UserId,
    ) -> Result<Vec<Tag>, TaggingError> {
        let tables = self.lock();
        Ok((tables.owned_or_global(owner))
            .filter(|tag| tables.links.contains(&(media_item_id, tag.id)))
            .cloned()
            .collect())
    }

    async fn link(&self, tag_id: TagId, media_item_id: MediaItemId) -> Result<(), TaggingError> {
        let mut tables = self.lock();
        if !tables.media.contains(&media_item_id) {
            return Err(TaggingError::UnknownMedia);
        }
        if !tables.tags.contains_key(&tag_id) {
            return Err(TaggingError::TagNotAvailable);
        }
        tables.links.insert((media_item_id, tag_id));
        Ok(())
    }

    async fn unlink(
        &self,
        tag_id: TagId,
        media_item_id: MediaItemId,
    ) -> Result<bool, TaggingError> {
        Ok(self.lock().links.remove(&(media_item_id, tag_id)))
    }
}

#[async_trait]
impl TaggingFixtures for InMemoryTagRepository {
    async fn user(&self) -> UserId {
        UserId::new()
    }

    async fn media_item(&self) -> MediaItemId {
        let id = MediaItemId::new();
        self.add_media(id);
        id
    }
}
