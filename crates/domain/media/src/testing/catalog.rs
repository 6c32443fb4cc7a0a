//! An in-memory [`MediaCatalog`] that follows the port's contract.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

use async_trait::async_trait;
use chrono::Utc;
use serde_json::Value;
use tastebuds_kernel::{MediaItemId, MediaSourceId};

use crate::availability::AvailabilityRecord;
use crate::error::MediaError;
use crate::kind::SourceName;
use crate::models::{MediaItem, MediaItemDetail, MediaSourceRecord};
use crate::ports::{MediaCatalog, UpsertMode, UpsertOutcome, UpsertStatus};
use crate::source::ExternalMedia;

type ExternalRef = (SourceName, String);

#[derive(Default)]
pub(super) struct State {
    pub(super) items: HashMap<MediaItemId, MediaItemDetail>,
    refs: HashMap<ExternalRef, MediaItemId>,
    raw_payloads: HashMap<ExternalRef, Value>,
    /// `media_item_availability`, in insertion order.
    pub(super) availability: Vec<AvailabilityRecord>,
}

/// A [`MediaCatalog`] held in memory, for unit tests of services and handlers. It also
/// holds the items' availability rows (the `AvailabilityStore` port), so that a removed
/// item loses them as a cascading delete would.
#[derive(Default)]
pub struct InMemoryMediaCatalog {
    state: Mutex<State>,
}

impl std::fmt::Debug for InMemoryMediaCatalog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InMemoryMediaCatalog")
            .field("items", &self.len())
            .finish()
    }
}

impl InMemoryMediaCatalog {
    /// An empty catalog.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// How many items are stored.
    #[must_use]
    pub fn len(&self) -> usize {
        self.lock().items.len()
    }

    /// True when no item is stored.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The stored raw payload of an upstream record (never exposed by the port itself).
    #[must_use]
    pub fn raw_payload(&self, source: SourceName, external_id: &str) -> Option<Value> {
        self.lock()
            .raw_payloads
            .get(&(source, external_id.to_owned()))
            .cloned()
    }

    /// Removes an item and its source rows, as a cascading delete would.
    pub fn remove(&self, id: MediaItemId) {
        let mut state = self.lock();
        state.items.remove(&id);
        let gone: Vec<ExternalRef> = state
            .refs
            .iter()
            .filter(|(_, item)| **item == id)
            .map(|(key, _)| key.clone())
            .collect();
        for key in gone {
            state.refs.remove(&key);
            state.raw_payloads.remove(&key);
        }
        state.availability.retain(|row| row.media_item_id != id);
    }

    pub(super) fn lock(&self) -> MutexGuard<'_, State> {
        // A panicking test must not poison every later assertion.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

fn new_detail(record: &ExternalMedia) -> MediaItemDetail {
    let now = Utc::now();
    MediaItemDetail {
        item: MediaItem {
            id: MediaItemId::new(),
            media_type: record.media_type,
            title: record.title.clone(),
            subtitle: None,
            description: record.description.clone(),
            release_date: record.release_date,
            cover_image_url: record.cover_image_url.clone(),
            canonical_url: record.canonical_url.clone(),
            metadata: record.metadata.clone(),
            created_at: now,
            updated_at: now,
        },
        sources: vec![MediaSourceRecord {
            id: MediaSourceId::new(),
            source_name: record.source,
            external_id: record.external_id.clone(),
            canonical_url: record.source_url.clone(),
            fetched_at: now,
        }],
        details: Some(record.details.clone()),
    }
}

fn overwrite(detail: &mut MediaItemDetail, record: &ExternalMedia) {
    let now = Utc::now();
    let item = &mut detail.item;
    item.media_type = record.media_type;
    item.title.clone_from(&record.title);
    item.description.clone_from(&record.description);
    item.release_date = record.release_date;
    item.cover_image_url.clone_from(&record.cover_image_url);
    item.canonical_url.clone_from(&record.canonical_url);
    item.metadata.clone_from(&record.metadata);
    item.updated_at = now;
    detail.details = Some(record.details.clone());
    if let Some(source) = detail
        .sources
        .iter_mut()
        .find(|s| s.source_name == record.source && s.external_id == record.external_id)
    {
        source.canonical_url.clone_from(&record.source_url);
        source.fetched_at = now;
    }
}

#[async_trait]
impl MediaCatalog for InMemoryMediaCatalog {
    async fn find_by_external_ref(
        &self,
        source: SourceName,
        external_id: &str,
    ) -> Result<Option<MediaItemId>, MediaError> {
        Ok(self
            .lock()
            .refs
            .get(&(source, external_id.to_owned()))
            .copied())
    }

    async fn upsert(
        &self,
        record: &ExternalMedia,
        mode: UpsertMode,
    ) -> Result<UpsertOutcome, MediaError> {
        let key = (record.source, record.external_id.clone());
        let mut state = self.lock();
        let existing = state.refs.get(&key).copied();
        let outcome = match (existing, mode) {
            (Some(id), UpsertMode::InsertOrKeep) => UpsertOutcome {
                id,
                status: UpsertStatus::Unchanged,
            },
            (Some(id), UpsertMode::InsertOrOverwrite) => {
                let detail = state.items.get_mut(&id).ok_or_else(|| {
                    MediaError::Unexpected(anyhow::anyhow!("dangling reference to {id}"))
                })?;
                overwrite(detail, record);
                state.raw_payloads.insert(key, record.raw_payload.clone());
                UpsertOutcome {
                    id,
                    status: UpsertStatus::Updated,
                }
            }
            (None, _) => {
                let detail = new_detail(record);
                let id = detail.item.id;
                state.items.insert(id, detail);
                state.refs.insert(key.clone(), id);
                state.raw_payloads.insert(key, record.raw_payload.clone());
                UpsertOutcome {
                    id,
                    status: UpsertStatus::Created,
                }
            }
        };
        Ok(outcome)
    }

    async fn get_detail(&self, id: MediaItemId) -> Result<Option<MediaItemDetail>, MediaError> {
        Ok(self.lock().items.get(&id).cloned())
    }

    async fn exists(&self, id: MediaItemId) -> Result<bool, MediaError> {
        Ok(self.lock().items.contains_key(&id))
    }
}
