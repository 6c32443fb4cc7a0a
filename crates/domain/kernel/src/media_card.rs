//! The catalog item as other areas embed it (API.md §1.8 `MediaItem`).
//!
//! Curation (course items), user state (logs, library) and search all show the same
//! summary of a media item. Domain crates cannot depend on `media`, so this read model
//! lives here, filled by the storage adapter's join. It carries data only.

use chrono::NaiveDate;
use serde_json::Value;

use crate::MediaItemId;

/// A catalog item's summary, as embedded in menus, logs and library entries.
#[derive(Clone, Debug, PartialEq)]
pub struct MediaCard {
    /// The item's id.
    pub id: MediaItemId,
    /// Its kind, as the catalog names it (`book`, `movie`, `tv`, `game`, `music`).
    pub media_type: String,
    /// Title.
    pub title: String,
    /// Subtitle.
    pub subtitle: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Release date.
    pub release_date: Option<NaiveDate>,
    /// Cover image URL.
    pub cover_image_url: Option<String>,
    /// Canonical URL.
    pub canonical_url: Option<String>,
    /// Source-specific metadata object; `Null` when absent.
    pub metadata: Value,
}
