//! Row builders for this module's unit tests.

use chrono::Utc;
use tastebuds_kernel::{AvailabilityId, MediaItemId};

use super::entry::{AvailabilityKey, AvailabilityRecord};
use super::region::Region;
use super::status::AvailabilityStatus;
use super::values::{Format, Provider};

/// A valid key; panics on a bad literal.
pub(crate) fn key(provider: &str, region: &str, format: &str) -> AvailabilityKey {
    AvailabilityKey {
        provider: Provider::parse(provider).unwrap_or_else(|e| panic!("{e}")),
        region: Region::parse(region).unwrap_or_else(|e| panic!("{e}")),
        format: Format::parse(format).unwrap_or_else(|e| panic!("{e}")),
    }
}

/// A hand-entered row checked just now.
pub(crate) fn record(
    provider: &str,
    region: &str,
    format: &str,
    status: AvailabilityStatus,
) -> AvailabilityRecord {
    let now = Utc::now();
    AvailabilityRecord {
        id: AvailabilityId::new(),
        media_item_id: MediaItemId::new(),
        key: key(provider, region, format),
        status,
        deeplink_url: None,
        last_checked_at: Some(now),
        origin: None,
        created_at: now,
        updated_at: now,
    }
}
