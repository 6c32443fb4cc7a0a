//! Step 2: the demo catalog, ingested through the catalog's ingest use case (one item per
//! source and external id: a second run finds them all stored).

use std::collections::HashMap;

use anyhow::Context as _;
use tastebuds_kernel::MediaItemId;
use tastebuds_media::{CatalogService, UpsertStatus};

use super::payloads::{Demo, Recorded};
use super::tally::Tally;

/// The catalog ids of the demo items.
#[derive(Clone, Debug, Default)]
pub struct DemoItems(HashMap<Demo, MediaItemId>);

impl DemoItems {
    /// The catalog id of `demo`.
    ///
    /// # Errors
    /// When the media step did not store it (a plan naming an item not recorded).
    pub fn id(&self, demo: Demo) -> anyhow::Result<MediaItemId> {
        self.0
            .get(&demo)
            .copied()
            .with_context(|| format!("the demo item {demo:?} is not in the catalog"))
    }
}

/// Ingests every recorded item.
///
/// # Errors
/// The first ingest that fails (storage).
pub async fn ingest(
    catalog: &CatalogService,
    recorded: &[Recorded],
) -> anyhow::Result<(DemoItems, Tally)> {
    let mut items = DemoItems::default();
    let mut tally = Tally::default();
    for entry in recorded {
        let record = &entry.record;
        let outcome = catalog
            .ingest(record.source, &record.external_id, false)
            .await
            .with_context(|| format!("ingesting {} {}", record.source, record.external_id))?;
        tally.add(outcome.status == UpsertStatus::Created);
        items.0.insert(entry.demo, outcome.detail.item.id);
    }
    Ok((items, tally))
}
