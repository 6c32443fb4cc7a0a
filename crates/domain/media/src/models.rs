//! The catalog's records: an item, the upstream records it came from, and the two joined
//! with the item's per-kind extension (API.md §1.8, §4 "Catalog").

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::Value;
use tastebuds_kernel::{MediaItemId, MediaSourceId};

use crate::kind::{MediaType, SourceName};
use crate::source::MediaDetails;

/// A catalog item (`media_items`). The catalog is global: no owner.
#[derive(Clone, Debug, PartialEq)]
pub struct MediaItem {
    /// The item's id.
    pub id: MediaItemId,
    /// Its kind.
    pub media_type: MediaType,
    /// Title (at most 500 characters).
    pub title: String,
    /// Subtitle; never set by ingestion.
    pub subtitle: Option<String>,
    /// Plain-text description.
    pub description: Option<String>,
    /// Release date.
    pub release_date: Option<NaiveDate>,
    /// Cover image URL.
    pub cover_image_url: Option<String>,
    /// The item's own canonical URL (not the upstream record's, see [`MediaSourceRecord`]).
    pub canonical_url: Option<String>,
    /// Source-specific metadata object (capped, see [`crate::payload`]); `Null` when absent.
    pub metadata: Value,
    /// When the item was first stored.
    pub created_at: DateTime<Utc>,
    /// When the item was last changed.
    pub updated_at: DateTime<Utc>,
}

/// One upstream record of an item (`media_sources`), without its raw payload, which is
/// stored but never exposed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MediaSourceRecord {
    /// The row's id.
    pub id: MediaSourceId,
    /// The upstream it came from.
    pub source_name: SourceName,
    /// The stored external id, unique per source (`movie:603`, an MBID, …).
    pub external_id: String,
    /// URL of the upstream record.
    pub canonical_url: Option<String>,
    /// When the record was last fetched.
    pub fetched_at: DateTime<Utc>,
}

/// An item with its sources and its per-kind extension (API.md §1.8 `MediaItemDetail`).
#[derive(Clone, Debug, PartialEq)]
pub struct MediaItemDetail {
    /// The item.
    pub item: MediaItem,
    /// Its upstream records.
    pub sources: Vec<MediaSourceRecord>,
    /// The extension matching the item's kind (TV uses [`MediaDetails::Movie`]); `None`
    /// when the item has no extension row.
    pub details: Option<MediaDetails>,
}
