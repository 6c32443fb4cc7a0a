//! The `AvailabilityStore` port on [`InMemoryMediaCatalog`]: plain storage, following
//! the port's contract (sorting, keyed upserts, the unknown-item rule).

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use tastebuds_kernel::{AvailabilityId, MediaItemId};

use super::catalog::InMemoryMediaCatalog;
use crate::availability::{AvailabilityPlan, AvailabilityRecord, AvailabilityStore};
use crate::error::MediaError;

fn sorted(mut rows: Vec<AvailabilityRecord>) -> Vec<AvailabilityRecord> {
    rows.sort_by(|a, b| (a.media_item_id, &a.key).cmp(&(b.media_item_id, &b.key)));
    rows
}

#[async_trait]
impl AvailabilityStore for InMemoryMediaCatalog {
    async fn list(&self, item: MediaItemId) -> Result<Vec<AvailabilityRecord>, MediaError> {
        self.list_many(&[item]).await
    }

    async fn list_many(
        &self,
        items: &[MediaItemId],
    ) -> Result<Vec<AvailabilityRecord>, MediaError> {
        let state = self.lock();
        Ok(sorted(
            state
                .availability
                .iter()
                .filter(|row| items.contains(&row.media_item_id))
                .cloned()
                .collect(),
        ))
    }

    async fn change(
        &self,
        item: MediaItemId,
        plan: AvailabilityPlan,
        now: DateTime<Utc>,
    ) -> Result<Vec<AvailabilityRecord>, MediaError> {
        let mut state = self.lock();
        let current: Vec<AvailabilityRecord> = sorted(
            state
                .availability
                .iter()
                .filter(|row| row.media_item_id == item)
                .cloned()
                .collect(),
        );
        let writes = plan(&current);
        if !writes.is_empty() && !state.items.contains_key(&item) {
            return Err(MediaError::NotFound(item));
        }
        for write in writes {
            let stored = state
                .availability
                .iter_mut()
                .find(|row| row.media_item_id == item && row.key == write.key);
            if let Some(row) = stored {
                row.status = write.status;
                row.deeplink_url = write.deeplink_url;
                row.last_checked_at = write.last_checked_at;
                row.origin = write.origin;
                row.updated_at = now;
            } else {
                state.availability.push(AvailabilityRecord {
                    id: AvailabilityId::new(),
                    media_item_id: item,
                    key: write.key,
                    status: write.status,
                    deeplink_url: write.deeplink_url,
                    last_checked_at: write.last_checked_at,
                    origin: write.origin,
                    created_at: now,
                    updated_at: now,
                });
            }
        }
        Ok(sorted(
            state
                .availability
                .iter()
                .filter(|row| row.media_item_id == item)
                .cloned()
                .collect(),
        ))
    }
}
