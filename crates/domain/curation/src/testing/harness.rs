//! [`InMemoryCuration`]: the service wired to the fakes.

use std::sync::Arc;

use serde_json::Value;
use tastebuds_kernel::{MediaCard, MediaItemId};

use crate::service::CurationService;
use crate::testing::{InMemoryMenuStore, ManualClock, SequentialShareTokens};

/// A plausible catalog card for `id`.
#[must_use]
pub fn media_card(id: MediaItemId) -> MediaCard {
    MediaCard {
        id,
        media_type: "movie".to_owned(),
        title: format!("Film {id}"),
        subtitle: None,
        description: None,
        release_date: None,
        cover_image_url: None,
        canonical_url: None,
        metadata: Value::Null,
    }
}

/// A [`CurationService`] over an [`InMemoryMenuStore`], a [`ManualClock`] and
/// [`SequentialShareTokens`], with handles on each to arrange and inspect.
#[derive(Debug, Clone)]
pub struct InMemoryCuration {
    /// The service under test.
    pub service: CurationService,
    /// Its storage.
    pub store: Arc<InMemoryMenuStore>,
    /// Its clock.
    pub clock: Arc<ManualClock>,
}

impl Default for InMemoryCuration {
    fn default() -> Self {
        let store = Arc::new(InMemoryMenuStore::new());
        let clock = Arc::new(ManualClock::default());
        let service = CurationService::new(
            store.clone(),
            store.clone(),
            store.clone(),
            Arc::new(SequentialShareTokens::default()),
            clock.clone(),
        );
        Self {
            service,
            store,
            clock,
        }
    }
}

impl InMemoryCuration {
    /// A fresh service with empty storage.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }
}
