//! The availability use cases of [`CatalogService`] (API.md §3): list an item's rows,
//! upsert a caller's list, summarize many items at once, and reconcile an upstream's
//! report after an ingest.

use std::collections::HashMap;

use tastebuds_kernel::MediaItemId;
use tracing::instrument;

use super::CatalogService;
use crate::availability::{
    AvailabilityRecord, AvailabilitySummary, AvailabilityUpdate, AvailabilityWrite,
    UpstreamAvailability, reconcile,
};
use crate::error::MediaError;
use crate::kind::SourceName;
use crate::ports::AvailabilityChange;

impl CatalogService {
    /// The item's rows, sorted by provider, region, format, each reading `unknown` once
    /// its last check is stale. An unknown item has none.
    ///
    /// # Errors
    /// [`MediaError::Unavailable`] or [`MediaError::Unexpected`] when storage fails.
    pub async fn availability(
        &self,
        item: MediaItemId,
    ) -> Result<Vec<AvailabilityRecord>, MediaError> {
        let rows = self.availability.list(item).await?;
        Ok(self.staleness.apply(rows, self.clock.now()))
    }

    /// Upserts `update` on the item in one transaction, keyed on (provider, region,
    /// format): keys it lists are inserted or overwritten (as entered by hand; an entry
    /// without `last_checked_at` is checked now), the item's other keys are left alone.
    /// Returns all the item's rows, as [`CatalogService::availability`] reads them.
    ///
    /// # Errors
    /// [`MediaError::NotFound`] for an unknown item; storage failures as above.
    #[instrument(skip_all, fields(media.id = %item, availability.entries = update.entries().len()))]
    pub async fn put_availability(
        &self,
        item: MediaItemId,
        update: AvailabilityUpdate,
    ) -> Result<Vec<AvailabilityRecord>, MediaError> {
        if update.entries().is_empty() {
            // Nothing to write, so the store cannot tell whether the item exists.
            if !self.catalog.exists(item).await? {
                return Err(MediaError::NotFound(item));
            }
            return self.availability(item).await;
        }
        let now = self.clock.now();
        let writes: Vec<AvailabilityWrite> = update
            .entries()
            .iter()
            .map(|entry| AvailabilityWrite {
                key: entry.key.clone(),
                status: entry.status,
                deeplink_url: entry.deeplink_url.clone(),
                last_checked_at: Some(entry.last_checked_at.unwrap_or(now)),
                origin: None,
            })
            .collect();
        let rows = self
            .availability
            .change(item, Box::new(move |_| writes), now)
            .await?;
        Ok(self.staleness.apply(rows, now))
    }

    /// The [`AvailabilitySummary`] of every item in `items` that has rows, from ONE store
    /// query however many ids there are (none for an empty list). Items without rows, and
    /// unknown ids, are absent from the map.
    ///
    /// # Errors
    /// Storage failures as above.
    pub async fn availability_summaries(
        &self,
        items: &[MediaItemId],
    ) -> Result<HashMap<MediaItemId, AvailabilitySummary>, MediaError> {
        if items.is_empty() {
            return Ok(HashMap::new());
        }
        let rows = self.availability.list_many(items).await?;
        let now = self.clock.now();
        let mut per_item: HashMap<MediaItemId, Vec<AvailabilityRecord>> = HashMap::new();
        for row in rows {
            per_item.entry(row.media_item_id).or_default().push(row);
        }
        Ok(per_item
            .into_iter()
            .filter_map(|(id, rows)| {
                Some((id, AvailabilitySummary::of(&rows, self.staleness, now)?))
            })
            .collect())
    }

    /// The change that brings an item's rows in line with `report` from `source`
    /// ([`reconcile`]) at the service clock's "now", for the ingest's upsert to apply
    /// (one transaction that locks the rows it reads). Idempotent: the same report twice
    /// leaves the same rows (with a later check time).
    pub(super) fn availability_change(
        &self,
        source: SourceName,
        report: UpstreamAvailability,
    ) -> AvailabilityChange<'_> {
        let now = self.clock.now();
        AvailabilityChange {
            store: self.availability.as_ref(),
            plan: Box::new(move |existing| reconcile(existing, source, &report, now)),
            now,
        }
    }
}
