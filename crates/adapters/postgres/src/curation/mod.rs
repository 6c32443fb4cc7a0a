//! The curation stores: [`PgMenuRepository`], [`PgShareTokenRepository`] and
//! [`PgMenuQueries`] implement the ports of `tastebuds-curation` over `menus`, `courses`,
//! `course_items`, `menu_item_pairings`, `menu_lineage` and `menu_share_tokens` (and read
//! media cards from `media_items`).
//!
//! Design:
//! - Storage only: every rule (ownership, slugs, positions, stale writes, lineage limits,
//!   share-link lifetimes) is the curation service's. The stores load, lock, write what
//!   they are given (timestamps included) and map constraint violations by name.
//! - Every port call is one [`PgPool::run`](crate::PgPool::run) on the blocking pool;
//!   multi-row writes are one transaction, multi-statement reads one read-only
//!   repeatable-read snapshot. Each call runs a fixed number of statements, however many
//!   courses, items and pairings a menu has (`load`, `apply`); a menu view (menus with
//!   every row under them and their items' cards) is one statement (`documents`).
//! - `change_menu` locks the menu row (`SELECT … FOR UPDATE`), then the rows under it,
//!   defers the position unique keys, runs the service's decision inside the transaction
//!   and applies the change set it returns (deletes, then updates, then inserts).
//! - Failures: a pool failure is [`CurationError::Unavailable`]; a violation of a
//!   constraint the ports name is its domain error (`violation`); anything else is
//!   [`CurationError::Unexpected`] with context.

mod apply;
mod documents;
mod load;
mod menus;
mod queries;
mod rows;
mod share_tokens;

use diesel::PgConnection;
use tastebuds_curation::{CurationError, Slug};

pub use menus::PgMenuRepository;
pub use queries::PgMenuQueries;
pub use share_tokens::PgShareTokenRepository;

use crate::error::StoreError;
use crate::pool::PgPool;

/// The unique key on `menus.slug`.
const SLUG_KEY: &str = "menus_slug_key";
/// The foreign key from `course_items.media_item_id` to the catalog.
const ITEM_MEDIA_FKEY: &str = "course_items_media_item_id_fkey";
/// The unique key on an ordered pair of items in a menu.
const PAIRING_KEY: &str = "menu_item_pairings_menu_id_primary_id_paired_id_key";
/// The foreign key from a lineage row to the menu it was forked from.
const LINEAGE_SOURCE_FKEY: &str = "menu_lineage_source_menu_id_fkey";
/// The foreign key from a share link to its menu.
const SHARE_TOKEN_MENU_FKEY: &str = "menu_share_tokens_menu_id_fkey";

/// The position unique keys, deferred inside `change_menu` so a change set may shift or
/// swap positions in any order (they are `DEFERRABLE INITIALLY IMMEDIATE`).
const DEFER_POSITION_KEYS: &str =
    "SET CONSTRAINTS courses_menu_id_position_key, course_items_course_id_position_key DEFERRED";

/// Why a store call failed: storage, or a domain error decided inside the transaction
/// (the service's change closure, a stored value the domain refuses).
#[derive(Debug)]
enum Failure {
    Store(StoreError),
    Domain(CurationError),
}

impl From<diesel::result::Error> for Failure {
    fn from(error: diesel::result::Error) -> Self {
        Self::Store(StoreError::Query(error))
    }
}

impl From<StoreError> for Failure {
    fn from(error: StoreError) -> Self {
        Self::Store(error)
    }
}

impl From<CurationError> for Failure {
    fn from(error: CurationError) -> Self {
        Self::Domain(error)
    }
}

/// A stored value the domain refuses, as `Unexpected` with `context`.
fn corrupt(error: anyhow::Error, context: &'static str) -> Failure {
    Failure::Domain(CurationError::Unexpected(error.context(context)))
}

/// A failed write as a [`Failure`]: a violation of the slug key is `SlugTaken` with the
/// slug the write set, anything else a storage failure.
fn write_failure(error: diesel::result::Error, slug: Option<&Slug>) -> Failure {
    let error = StoreError::Query(error);
    match slug {
        Some(slug) if error.unique_violation() == Some(SLUG_KEY) => {
            Failure::Domain(CurationError::SlugTaken(slug.clone()))
        }
        _ => Failure::Store(error),
    }
}

/// The domain error of a violated constraint the ports name, by constraint name. The
/// slug key is left to the caller, which knows the slug. Position keys are not here:
/// positions are computed in one locked transaction, so a violation is a bug
/// (`Unexpected`).
fn violation(error: &StoreError) -> Option<CurationError> {
    let name = error
        .unique_violation()
        .or_else(|| error.foreign_key_violation())?;
    match name {
        ITEM_MEDIA_FKEY => Some(CurationError::UnknownMedia),
        PAIRING_KEY => Some(CurationError::PairingExists),
        LINEAGE_SOURCE_FKEY | SHARE_TOKEN_MENU_FKEY => Some(CurationError::MenuNotFound),
        _ => None,
    }
}

/// A storage failure as a domain error: `Unavailable` when no connection could be had,
/// else `Unexpected` with `context`.
fn infrastructure(error: StoreError, context: &'static str) -> CurationError {
    error.into_domain(context)
}

/// A failure as a domain error: domain errors as they are, named constraint violations
/// as [`violation`] says, the rest through [`infrastructure`].
fn into_domain(failure: Failure, context: &'static str) -> CurationError {
    match failure {
        Failure::Domain(error) => error,
        Failure::Store(error) => {
            violation(&error).unwrap_or_else(|| infrastructure(error, context))
        }
    }
}

/// Runs `f` on the blocking pool, keeping domain errors apart from storage failures.
async fn run<T, F>(pool: &PgPool, f: F) -> Result<T, Failure>
where
    F: FnOnce(&mut PgConnection) -> Result<T, Failure> + Send + 'static,
    T: Send + 'static,
{
    match pool.run(move |conn| Ok(f(conn))).await {
        Ok(result) => result,
        Err(error) => Err(Failure::Store(error)),
    }
}
