//! The storage ports of search.
//!
//! Design rules:
//! - Ports query and persist; every rule (when the similar-title search runs, the
//!   threshold, the quota decision, preview expiry and ownership) is the service's.
//! - Every method MAY return [`SearchError::Unavailable`] when storage cannot be
//!   reached and [`SearchError::Unexpected`] for any other storage failure; no method
//!   returns another variant.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use tastebuds_kernel::{PreviewId, UserId};

use super::error::SearchError;
use super::preview::Preview;
use crate::kind::MediaType;
use crate::models::MediaItem;
use crate::source::ExternalMedia;

/// One page of a catalog query.
#[derive(Clone, Debug, PartialEq)]
pub struct IndexQuery {
    /// The query text (already cut to the internal limit).
    pub text: String,
    /// Only these kinds (empty: all).
    pub types: Vec<MediaType>,
    /// Matches skipped.
    pub offset: u64,
    /// Matches returned at most.
    pub limit: u32,
    /// The caller, whose states and logs decide `in_collection` (`None`: anonymous,
    /// always false).
    pub viewer: Option<UserId>,
    /// The least word similarity a similar-title match needs (0–1).
    pub min_similarity: f32,
}

/// A catalog item found by a search.
#[derive(Clone, Debug, PartialEq)]
pub struct InternalHit {
    /// The item.
    pub item: MediaItem,
    /// Whether the viewer has a state or any log for it.
    pub in_collection: bool,
}

/// A page of catalog matches and the number of all matches.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct IndexPage {
    /// This page's hits, in rank order.
    pub hits: Vec<InternalHit>,
    /// Every match, all pages together.
    pub total: u64,
}

/// The catalog's search queries.
#[async_trait]
pub trait SearchIndex: Send + Sync {
    /// Full-text matches: `websearch_to_tsquery` under `english_unaccent` (re-run as a
    /// plain word query when it will not parse) against the weighted `search_vector`,
    /// ranked by cover density descending, then lower-cased title, then id; `in_collection`
    /// filled in the same round trip (or one batched query for the page, never one per
    /// hit).
    ///
    /// # Errors
    /// Only the storage failures of the [module docs](self).
    async fn full_text(&self, query: &IndexQuery) -> Result<IndexPage, SearchError>;

    /// Titles similar to the query: word similarity of the unaccented, lower-cased query
    /// to the unaccented, lower-cased title at least `min_similarity`, by similarity
    /// descending, then lower-cased title, then id.
    ///
    /// # Errors
    /// Only the storage failures of the [module docs](self).
    async fn similar_titles(&self, query: &IndexQuery) -> Result<IndexPage, SearchError>;
}

/// Storage of per-user previews (`external_search_previews`).
#[async_trait]
pub trait PreviewStore: Send + Sync {
    /// Deletes every preview that expired at `now` (`expires_at` ≤ `now`); returns how many.
    ///
    /// # Errors
    /// Only the storage failures of the [module docs](self).
    async fn purge_expired(&self, now: DateTime<Utc>) -> Result<u64, SearchError>;

    /// Upserts `records` as `owner`'s previews expiring at `expires_at`, in ONE
    /// transaction, keyed on (owner, source, external id): a known key keeps its id and
    /// `created_at` and gets the new fields and expiry. Returns the previews in the order
    /// of `records`.
    ///
    /// # Errors
    /// - MUST return [`SearchError::UserNotFound`] when `owner` does not exist (the
    ///   `external_search_previews_user_id_fkey` foreign key); nothing is written.
    /// - The storage failures of the [module docs](self).
    async fn save(
        &self,
        owner: UserId,
        records: Vec<ExternalMedia>,
        expires_at: DateTime<Utc>,
    ) -> Result<Vec<Preview>, SearchError>;

    /// The preview with this id, whoever owns it and expired or not.
    ///
    /// # Errors
    /// Only the storage failures of the [module docs](self); an unknown id is `Ok(None)`.
    async fn get(&self, id: PreviewId) -> Result<Option<Preview>, SearchError>;

    /// Deletes the preview (a no-op when it is gone already).
    ///
    /// # Errors
    /// Only the storage failures of the [module docs](self).
    async fn delete(&self, id: PreviewId) -> Result<(), SearchError>;
}

/// The per-user external-search counter (`user_external_search_quotas`).
#[async_trait]
pub trait QuotaCounter: Send + Sync {
    /// Counts one search of `user` in the window starting at `window_start` and returns
    /// the window's count including it, ATOMICALLY (concurrent calls get distinct counts):
    /// a stored count of an older window restarts at 1.
    ///
    /// # Errors
    /// - MUST return [`SearchError::UserNotFound`] when `user` does not exist (the
    ///   `user_external_search_quotas_user_id_fkey` foreign key).
    /// - The storage failures of the [module docs](self).
    async fn increment(
        &self,
        user: UserId,
        window_start: DateTime<Utc>,
    ) -> Result<u32, SearchError>;
}
