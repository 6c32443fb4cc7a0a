//! The tagging store: [`PgTagRepository`] implements `tastebuds_tagging::TagRepository`
//! over `tags` and `media_item_tags`.
//!
//! Design:
//! - Every port call is one statement in one [`PgPool::run`](crate::PgPool::run); the
//!   cascade from `tags` to `media_item_tags` (and from `users` to `tags`) is the
//!   database's.
//! - Errors are recognised by constraint name (`tags_owner_id_name_key`,
//!   `media_item_tags_media_item_id_fkey`, `media_item_tags_tag_id_fkey`); a failed
//!   checkout is `Unavailable`, anything else `Unexpected`.
//! - No rule: which tags a user may see or touch, and their order, are the service's.

mod repository;
mod rows;

pub use repository::PgTagRepository;
