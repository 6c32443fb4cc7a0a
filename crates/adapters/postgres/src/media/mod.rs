//! The catalog store: [`PgMediaCatalog`] implements `tastebuds_media::MediaCatalog` over
//! `media_items`, the four extension tables (`book_items`, `movie_items`, `game_items`,
//! `music_items`) and `media_sources`.
//!
//! Design:
//! - Every port call is one [`PgPool::run`](crate::PgPool::run) on the blocking pool; an
//!   upsert is one transaction (item, extension row and source row commit together or not
//!   at all), a detail read is one read-only snapshot, and `upsert_detail` reads the
//!   item back inside its upsert's transaction.
//! - The catalog is keyed by `media_sources_source_name_external_id_key`; see `upsert`
//!   for how concurrent upserts of one reference settle on a single item.
//! - Row structs (`rows`) stay private to the adapter. A stored value the domain refuses
//!   (an unknown source name, an extension list that is not an array of strings) is
//!   `Unexpected`, never a panic.
//! - The `media_type` enum column maps through `MediaTypeSql`.

mod card;
mod catalog;
mod detail;
mod media_type;
mod rows;
mod upsert;

pub(crate) use card::CardRow;
pub use catalog::PgMediaCatalog;
pub(crate) use media_type::MediaTypeSql;
