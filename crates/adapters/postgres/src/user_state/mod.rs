//! The user-state store: [`PgUserStateRepository`] implements
//! `tastebuds_user_state::UserStateRepository` over `user_item_states` and
//! `user_item_logs`, with media cards joined from `media_items`.
//!
//! Design:
//! - A `write` is one transaction (`write`): `pg_advisory_xact_lock` on the (user, item)
//!   pair, `SELECT … FOR UPDATE` of the state and the scope's log, the later logs, the
//!   service's decision (run on the blocking thread, inside the transaction), then the
//!   state upsert and the log insert or overwrite. Writes on one pair never interleave,
//!   even before the pair has a state row.
//! - Every other call is one statement, except the library (`library`): three queries in
//!   one read-only snapshot, whatever its size.
//! - Foreign keys to `media_items` become `UnknownMedia` by constraint name; a failed
//!   checkout is `Unavailable`, anything else `Unexpected`.
//! - No rule: the log → state derivation, ownership and timestamps are the service's;
//!   times and ids are stored verbatim.

mod library;
mod repository;
mod rows;
mod vocab;
mod write;

pub use repository::PgUserStateRepository;
