//! The search stores: [`PgSearchIndex`] (full-text and similar-title queries over
//! `media_items`), [`PgPreviewStore`] (`external_search_previews`) and
//! [`PgQuotaCounter`] (`user_external_search_quotas`).
//!
//! Design:
//! - Raw SQL (`diesel::sql_query`) where Diesel's DSL has no words for it (`@@`,
//!   `websearch_to_tsquery`, `ts_rank_cd`, the pg_trgm operators); every value is a bind
//!   parameter.
//! - No rule lives here: the service decides when the similar-title query runs, with
//!   which threshold, and what a quota count means.

mod details_json;
mod index;
mod previews;
mod quotas;

pub use index::PgSearchIndex;
pub use previews::PgPreviewStore;
pub use quotas::PgQuotaCounter;
