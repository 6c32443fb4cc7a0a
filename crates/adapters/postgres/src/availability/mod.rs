//! The availability store: [`PgAvailabilityStore`] implements
//! `tastebuds_media::AvailabilityStore` over `media_item_availability`.
//!
//! Design:
//! - `change` is one transaction of two statements: the item's rows `FOR UPDATE` (the
//!   plan decides on a view no other change can alter meanwhile), then one bulk
//!   `INSERT … ON CONFLICT ON CONSTRAINT media_item_availability_item_provider_region_format_key
//!   DO UPDATE … RETURNING` (in chunks past `store::CHUNK_ROWS` rows). The rows it
//!   returns replace the locked ones they overwrote; the result is sorted in Rust.
//! - A write for an unknown item fails on `media_item_availability_media_item_id_fkey`:
//!   that constraint, and only that one, becomes `MediaError::NotFound`.
//! - `apply` is `change`'s work inside a transaction someone else opened: the catalog's
//!   `upsert_detail` applies an ingest's reconciled availability in its upsert's
//!   transaction with it; for an item that transaction has just inserted it skips the
//!   locking read (`Existing::NoneForANewItem`: nothing can exist yet).
//! - `list_many` is one `WHERE media_item_id = ANY($1)` query for any number of ids.
//! - Sorting (item, provider, region, format) is byte-wise, done in Rust, so it does not
//!   depend on the database's collation and matches the in-memory fake.
//! - The `availability_status` enum column maps through `AvailabilityStatusSql`.

mod rows;
mod status;
mod store;

pub use store::PgAvailabilityStore;
pub(crate) use store::{ChangeError, Existing, apply};
