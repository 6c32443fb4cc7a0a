//! Availability: where an item can be watched, read, played or listened to, per
//! (provider, region, format) (API.md §3 "Availability", §1.8 AvailabilitySummary, §4
//! `media_item_availability`).
//!
//! - [`values`] and [`region`]: the validated parts of an entry, each within its column.
//! - [`entry`]: keys, what callers send ([`AvailabilityUpdate`]), what the store writes
//!   and returns.
//! - [`staleness`]: an entry not checked for `availability.stale_days` reads `unknown`,
//!   computed at read time.
//! - [`summary`]: [`AvailabilitySummary`], a pure fold of one item's rows.
//! - [`upstream`]: what a connector reports and [`reconcile`], the rule that turns a
//!   report into writes.
//! - [`port`]: the [`AvailabilityStore`] port (persistence only).
//!
//! The use cases are methods of [`crate::CatalogService`].

pub mod entry;
pub mod port;
pub mod region;
pub mod staleness;
pub mod status;
pub mod summary;
pub mod upstream;
pub mod values;

#[cfg(test)]
mod testing_support;

pub use entry::{
    AvailabilityEntry, AvailabilityKey, AvailabilityRecord, AvailabilityUpdate, AvailabilityWrite,
    MAX_ENTRIES_PER_UPDATE,
};
pub use port::{AvailabilityPlan, AvailabilityStore};
pub use region::Region;
pub use staleness::{DEFAULT_STALE_DAYS, Staleness};
pub use status::AvailabilityStatus;
pub use summary::{AvailabilitySummary, StatusCounts};
pub use upstream::{UpstreamAvailability, UpstreamOffer, reconcile};
pub use values::{DeepLink, Format, Provider};

/// The most item ids one summary request may name (API.md §3).
pub const MAX_SUMMARY_IDS: usize = 500;
