//! In-memory search ports: a scripted [`SearchIndex`], a [`PreviewStore`] and a
//! [`QuotaCounter`] that follow their contracts.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use tastebuds_kernel::{PreviewId, UserId};

use crate::search::{
    IndexPage, IndexQuery, InternalHit, Preview, PreviewStore, QuotaCounter, SearchError,
    SearchIndex,
};
use crate::source::ExternalMedia;

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A [`SearchIndex`] answering from two scripted hit lists (paged by the query), and
/// recording the queries it got.
#[derive(Debug, Default)]
pub struct ScriptedIndex {
    full_text: Mutex<Vec<InternalHit>>,
    similar: Mutex<Vec<InternalHit>>,
    queries: Mutex<Vec<(&'static str, IndexQuery)>>,
}

impl ScriptedIndex {
    /// Sets the full-text matches.
    pub fn set_full_text(&self, hits: Vec<InternalHit>) {
        *lock(&self.full_text) = hits;
    }

    /// Sets the similar-title matches.
    pub fn set_similar(&self, hits: Vec<InternalHit>) {
        *lock(&self.similar) = hits;
    }

    /// The queries so far, with the method (`full_text` or `similar_titles`).
    #[must_use]
    pub fn queries(&self) -> Vec<(&'static str, IndexQuery)> {
        lock(&self.queries).clone()
    }

    fn page(&self, method: &'static str, hits: &[InternalHit], query: &IndexQuery) -> IndexPage {
        lock(&self.queries).push((method, query.clone()));
        let offset = usize::try_from(query.offset).unwrap_or(usize::MAX);
        let limit = usize::try_from(query.limit).unwrap_or(usize::MAX);
        IndexPage {
            hits: hits.iter().skip(offset).take(limit).cloned().collect(),
            total: hits.len() as u64,
        }
    }
}

#[async_trait]
impl SearchIndex for ScriptedIndex {
    async fn full_text(&self, query: &IndexQuery) -> Result<IndexPage, SearchError> {
        let hits = lock(&self.full_text).clone();
        Ok(self.page("full_text", &hits, query))
    }

    async fn similar_titles(&self, query: &IndexQuery) -> Result<IndexPage, SearchError> {
        let hits = lock(&self.similar).clone();
        Ok(self.page("similar_titles", &hits, query))
    }
}

/// A [`PreviewStore`] held in memory.
#[derive(Debug, Default)]
pub struct InMemoryPreviews {
    previews: Mutex<HashMap<PreviewId, Preview>>,
}

impl InMemoryPreviews {
    /// How many previews are stored.
    #[must_use]
    pub fn len(&self) -> usize {
        lock(&self.previews).len()
    }

    /// Whether none is stored.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[async_trait]
impl PreviewStore for InMemoryPreviews {
    async fn purge_expired(&self, now: DateTime<Utc>) -> Result<u64, SearchError> {
        let mut previews = lock(&self.previews);
        let before = previews.len();
        previews.retain(|_, preview| preview.expires_at > now);
        Ok((before - previews.len()) as u64)
    }

    async fn save(
        &self,
        owner: UserId,
        records: Vec<ExternalMedia>,
        expires_at: DateTime<Utc>,
    ) -> Result<Vec<Preview>, SearchError> {
        let mut previews = lock(&self.previews);
        Ok(records
            .into_iter()
            .map(|record| {
                let existing = previews.values().find(|p| {
                    p.owner == owner
                        && p.record.source == record.source
                        && p.record.external_id == record.external_id
                });
                let (id, created_at) =
                    existing.map_or((PreviewId::new(), Utc::now()), |p| (p.id, p.created_at));
                let preview = Preview {
                    id,
                    owner,
                    record,
                    expires_at,
                    created_at,
                };
                previews.insert(id, preview.clone());
                preview
            })
            .collect())
    }

    async fn get(&self, id: PreviewId) -> Result<Option<Preview>, SearchError> {
        Ok(lock(&self.previews).get(&id).cloned())
    }

    async fn delete(&self, id: PreviewId) -> Result<(), SearchError> {
        lock(&self.previews).remove(&id);
        Ok(())
    }
}

/// A [`QuotaCounter`] held in memory.
#[derive(Debug, Default)]
pub struct InMemoryQuotas {
    counts: Mutex<HashMap<UserId, (DateTime<Utc>, u32)>>,
}

#[async_trait]
impl QuotaCounter for InMemoryQuotas {
    async fn increment(
        &self,
        user: UserId,
        window_start: DateTime<Utc>,
    ) -> Result<u32, SearchError> {
        let mut counts = lock(&self.counts);
        let entry = counts.entry(user).or_insert((window_start, 0));
        if entry.0 != window_start {
            *entry = (window_start, 0);
        }
        entry.1 += 1;
        Ok(entry.1)
    }
}
