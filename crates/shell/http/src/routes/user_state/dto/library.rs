//! `GET /api/me/library`: summary, items and `next_up`.

use chrono::{DateTime, Utc};
use serde::Serialize;
use tastebuds_user_state::{Library, LibraryItem, LibrarySummary};
use utoipa::ToSchema;

use super::log::UserItemLogResponse;
use super::state::UserItemStateResponse;
use crate::routes::media::dto::MediaItemResponse;
use crate::wire;

/// Status counts of the library.
#[derive(Debug, Serialize, ToSchema)]
pub struct LibrarySummaryResponse {
    /// Number of `items`.
    pub total: usize,
    /// States in `consumed`.
    pub consumed: usize,
    /// States in `currently_consuming`.
    pub currently_consuming: usize,
    /// States in `want_to_consume`.
    pub want_to_consume: usize,
    /// States in `paused`.
    pub paused: usize,
    /// States in `dropped`.
    pub dropped: usize,
}

impl From<LibrarySummary> for LibrarySummaryResponse {
    fn from(summary: LibrarySummary) -> Self {
        Self {
            total: summary.total,
            consumed: summary.consumed,
            currently_consuming: summary.currently_consuming,
            want_to_consume: summary.want_to_consume,
            paused: summary.paused,
            dropped: summary.dropped,
        }
    }
}

/// LibraryItem: one item with a state or at least one log.
#[derive(Debug, Serialize, ToSchema)]
pub struct LibraryItemResponse {
    /// The item.
    pub media_item: MediaItemResponse,
    /// The caller's state on it.
    #[schema(required = true)]
    pub state: Option<UserItemStateResponse>,
    /// The newest log (by `logged_at`, then `created_at`).
    #[schema(required = true)]
    pub last_log: Option<UserItemLogResponse>,
    /// How many logs the caller has on it.
    pub log_count: u32,
    /// The later of the state's last change and the newest `logged_at`.
    #[schema(required = true)]
    #[serde(serialize_with = "wire::optional_timestamp::serialize")]
    pub last_activity_at: Option<DateTime<Utc>>,
}

impl TryFrom<&LibraryItem> for LibraryItemResponse {
    type Error = anyhow::Error;

    fn try_from(item: &LibraryItem) -> Result<Self, Self::Error> {
        Ok(Self {
            media_item: MediaItemResponse::try_from(&item.media_item)?,
            state: item.state.as_ref().map(UserItemStateResponse::from),
            last_log: item
                .last_log
                .as_ref()
                .map(UserItemLogResponse::try_from)
                .transpose()?,
            log_count: item.log_count,
            last_activity_at: item.last_activity_at(),
        })
    }
}

/// The caller's library.
#[derive(Debug, Serialize, ToSchema)]
pub struct LibraryResponse {
    /// Counts by status (from states); `total` is the number of `items`.
    pub summary: LibrarySummaryResponse,
    /// Every item, by `last_activity_at` descending, items without activity last.
    pub items: Vec<LibraryItemResponse>,
    /// The first 6 `items` whose status is `want_to_consume`, `currently_consuming` or
    /// `paused`.
    pub next_up: Vec<LibraryItemResponse>,
}

impl TryFrom<&Library> for LibraryResponse {
    type Error = anyhow::Error;

    fn try_from(library: &Library) -> Result<Self, Self::Error> {
        let items = |items: &[LibraryItem]| -> anyhow::Result<Vec<LibraryItemResponse>> {
            items.iter().map(LibraryItemResponse::try_from).collect()
        };
        Ok(Self {
            summary: library.summary.into(),
            items: items(&library.items)?,
            next_up: items(&library.next_up)?,
        })
    }
}
