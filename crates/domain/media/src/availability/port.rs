//! The [`AvailabilityStore`] port: persistence of `media_item_availability`, nothing
//! else. Which rows to write (defaults, staleness, what an upstream report changes) is
//! the service's business ([`crate::CatalogService`]).
//!
//! Every method MAY return [`MediaError::Unavailable`] when the storage cannot be
//! reached and [`MediaError::Unexpected`] for any other storage failure; each lists the
//! other variants it MUST return. `tastebuds_media::testing::availability_store_contract`
//! checks these rules against every implementation.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use tastebuds_kernel::MediaItemId;

use super::entry::{AvailabilityRecord, AvailabilityWrite};
use crate::error::MediaError;

/// Decides the writes of a change from the item's rows as they are stored (locked).
pub type AvailabilityPlan =
    Box<dyn FnOnce(&[AvailabilityRecord]) -> Vec<AvailabilityWrite> + Send + 'static>;

/// Storage of availability rows, keyed on (item, provider, region, format).
#[async_trait]
pub trait AvailabilityStore: Send + Sync {
    /// The item's rows, sorted by provider, region, format (as stored: no staleness).
    ///
    /// # Errors
    /// Only the storage failures of the module docs; an unknown item has no rows.
    async fn list(&self, item: MediaItemId) -> Result<Vec<AvailabilityRecord>, MediaError>;

    /// The rows of every item in `items`, in ONE query however many there are, sorted by
    /// item id, then provider, region, format. Unknown ids and repeated ids are fine.
    ///
    /// # Errors
    /// Only the storage failures of the module docs.
    async fn list_many(&self, items: &[MediaItemId])
    -> Result<Vec<AvailabilityRecord>, MediaError>;

    /// In ONE transaction: loads the item's rows with a lock that holds off other changes
    /// of them, hands them to `plan`, and writes what it returns: a key the item does
    /// not have yet is inserted (`created_at` = `updated_at` = `now`), a key it has is
    /// overwritten in place (status, link, last check and origin; same id, `updated_at` =
    /// `now`); rows of other keys are left as they are. Returns all the item's rows
    /// afterwards, sorted as [`AvailabilityStore::list`]. `plan` must not return one key
    /// twice.
    ///
    /// # Errors
    /// MUST return [`MediaError::NotFound`] when the item does not exist and `plan`
    /// wrote anything (nothing is written then).
    async fn change(
        &self,
        item: MediaItemId,
        plan: AvailabilityPlan,
        now: DateTime<Utc>,
    ) -> Result<Vec<AvailabilityRecord>, MediaError>;
}
