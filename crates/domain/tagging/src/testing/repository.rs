//! An in-memory [`TagRepository`] that follows the port's contract.

use std::collections::{BTreeSet, HashSet};
use std::sync::{Mutex, MutexGuard, PoisonError};

use async_trait::async_trait;
use tastebuds_kernel::{MediaItemId, TagId, UserId};

use crate::error::TaggingError;
use crate::models::{Tag, TagName};
use crate::ports::TagRepository;
use crate::testing::TaggingFixtures;

#[derive(Default)]
struct State {
    tags: Vec<Tag>,
    links: BTreeSet<(MediaItemId, TagId)>,
    media: HashSet<MediaItemId>,
}

impl State {
    fn usable_tag(&self, user: UserId, tag_id: TagId) -> Result<Tag, TaggingError> {
        self.tags
            .iter()
            .find(|tag| tag.id == tag_id && tag.is_usable_by(user))
            .cloned()
            .ok_or(TaggingError::TagNotAvailable)
    }
}

fn by_name(mut tags: Vec<Tag>) -> Vec<Tag> {
    tags.sort_by(|a, b| a.name.cmp(&b.name));
    tags
}

/// A [`TagRepository`] held in memory. Media items must be registered
/// ([`InMemoryTagRepository::add_media`]) before they can be tagged, as the catalog's
/// foreign key requires.
#[derive(Default)]
pub struct InMemoryTagRepository {
    state: Mutex<State>,
}

impl std::fmt::Debug for InMemoryTagRepository {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InMemoryTagRepository")
            .field("tags", &self.lock().tags.len())
            .finish_non_exhaustive()
    }
}

impl InMemoryTagRepository {
    /// An empty repository.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers a catalog item.
    pub fn add_media(&self, id: MediaItemId) {
        self.lock().media.insert(id);
    }

    /// Stores a global tag (no owner), as an operator would.
    pub fn add_global_tag(&self, name: TagName) -> Tag {
        let tag = Tag {
            id: TagId::new(),
            owner: None,
            name,
        };
        self.lock().tags.push(tag.clone());
        tag
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panicking test must not poison every later assertion.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[async_trait]
impl TagRepository for InMemoryTagRepository {
    async fn list_visible(&self, user: UserId) -> Result<Vec<Tag>, TaggingError> {
        let state = self.lock();
        Ok(by_name(
            state
                .tags
                .iter()
                .filter(|tag| tag.is_usable_by(user))
                .cloned()
                .collect(),
        ))
    }

    async fn create(&self, owner: UserId, name: TagName) -> Result<Tag, TaggingError> {
        let mut state = self.lock();
        if state
            .tags
            .iter()
            .any(|tag| tag.owner == Some(owner) && tag.name == name)
        {
            return Err(TaggingError::DuplicateName(name));
        }
        let tag = Tag {
            id: TagId::new(),
            owner: Some(owner),
            name,
        };
        state.tags.push(tag.clone());
        Ok(tag)
    }

    async fn delete_own(&self, owner: UserId, tag_id: TagId) -> Result<(), TaggingError> {
        let mut state = self.lock();
        let before = state.tags.len();
        state
            .tags
            .retain(|tag| !(tag.id == tag_id && tag.is_deletable_by(owner)));
        if state.tags.len() == before {
            return Err(TaggingError::TagNotFound);
        }
        state.links.retain(|(_, linked)| *linked != tag_id);
        Ok(())
    }

    async fn attach(
        &self,
        user: UserId,
        tag_id: TagId,
        media_item_id: MediaItemId,
    ) -> Result<Tag, TaggingError> {
        let mut state = self.lock();
        let tag = state.usable_tag(user, tag_id)?;
        if !state.media.contains(&media_item_id) {
            return Err(TaggingError::UnknownMedia);
        }
        state.links.insert((media_item_id, tag_id));
        Ok(tag)
    }

    async fn detach(
        &self,
        user: UserId,
        tag_id: TagId,
        media_item_id: MediaItemId,
    ) -> Result<(), TaggingError> {
        let mut state = self.lock();
        state.usable_tag(user, tag_id)?;
        if state.links.remove(&(media_item_id, tag_id)) {
            Ok(())
        } else {
            Err(TaggingError::NotAssigned)
        }
    }

    async fn tags_on_item(
        &self,
        user: UserId,
        media_item_id: MediaItemId,
    ) -> Result<Vec<Tag>, TaggingError> {
        let state = self.lock();
        Ok(by_name(
            state
                .tags
                .iter()
                .filter(|tag| tag.is_usable_by(user))
                .filter(|tag| state.links.contains(&(media_item_id, tag.id)))
                .cloned()
                .collect(),
        ))
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

    async fn global_tag(&self, name: TagName) -> Tag {
        self.add_global_tag(name)
    }
}
