//! `MediaCatalog::upsert` in one transaction.
//!
//! How concurrent upserts of one `(source_name, external_id)` settle on a single item:
//! 1. Look the reference up, locking its `media_sources` row (`FOR UPDATE`): a known
//!    reference is kept or overwritten under that lock, so concurrent overwrites queue.
//! 2. Unknown: insert a new extension row and its `media_items` row, then the source row
//!    with `INSERT … ON CONFLICT ON CONSTRAINT media_sources_source_name_external_id_key
//!    DO NOTHING`. A transaction that inserted the same reference first (and had not
//!    committed at step 1) makes this insert wait for it; once it commits, nothing is
//!    inserted here.
//! 3. Nothing inserted means the race was lost: the new item is deleted again (cascading
//!    to its extension row, all inside this uncommitted transaction, so nobody ever sees
//!    it) and the upsert starts over at step 1, where it now finds the winner's row. Each
//!    round either finishes or has seen another transaction commit the reference, so a
//!    few rounds always suffice; [`MAX_ROUNDS`] bounds them anyway.

use diesel::prelude::*;
use tastebuds_kernel::MediaItemId;
use tastebuds_media::{ExternalMedia, UpsertMode, UpsertOutcome, UpsertStatus};
use uuid::Uuid;

use super::rows::{ExtensionRow, MediaItemFields, NewMediaItemRow, NewMediaSourceRow};
use crate::error::StoreError;
use crate::schema::{book_items, game_items, media_items, media_sources, movie_items, music_items};

/// Rounds of look-up-then-insert before giving up on a reference that keeps being
/// inserted and deleted by others.
const MAX_ROUNDS: usize = 5;

/// Why an upsert failed.
#[derive(Debug, thiserror::Error)]
pub(super) enum UpsertError {
    /// A query failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Every round lost a race on the reference (it was inserted, then deleted again).
    #[error("the reference {source_name}/{external_id} kept changing during the upsert")]
    Contended {
        /// The source.
        source_name: &'static str,
        /// The external id.
        external_id: String,
    },
}

impl From<diesel::result::Error> for UpsertError {
    fn from(error: diesel::result::Error) -> Self {
        Self::Store(error.into())
    }
}

/// Stores `record` as the port describes, in one transaction on `conn`.
///
/// # Errors
/// [`UpsertError::Store`] when a query fails (the transaction is rolled back: no partial
/// rows), [`UpsertError::Contended`] as explained in the module docs.
pub(super) fn upsert(
    conn: &mut PgConnection,
    record: &ExternalMedia,
    mode: UpsertMode,
) -> Result<UpsertOutcome, UpsertError> {
    conn.transaction(|conn| within_transaction(conn, record, mode))
}

/// [`upsert`]'s work inside a transaction the caller opened (and commits or rolls back
/// as a whole).
///
/// # Errors
/// As [`upsert`]; the caller's transaction must then be rolled back.
pub(super) fn within_transaction(
    conn: &mut PgConnection,
    record: &ExternalMedia,
    mode: UpsertMode,
) -> Result<UpsertOutcome, UpsertError> {
    for _ in 0..MAX_ROUNDS {
        if let Some(existing) = lock_existing(conn, record)? {
            return settle_existing(conn, existing, record, mode);
        }
        let id = MediaItemId::new();
        if insert_new(conn, id, record)? {
            return Ok(UpsertOutcome {
                id,
                status: UpsertStatus::Created,
            });
        }
        tracing::debug!(
            source = %record.source,
            external_id = %record.external_id,
            "lost an upsert race; settling on the committed item"
        );
        diesel::delete(media_items::table.find(id.as_uuid())).execute(conn)?;
    }
    Err(UpsertError::Contended {
        source_name: record.source.as_str(),
        external_id: record.external_id.clone(),
    })
}

/// The item stored for the record's reference, its source row locked until commit.
fn lock_existing(
    conn: &mut PgConnection,
    record: &ExternalMedia,
) -> QueryResult<Option<MediaItemId>> {
    media_sources::table
        .filter(media_sources::source_name.eq(record.source.as_str()))
        .filter(media_sources::external_id.eq(&record.external_id))
        .select(media_sources::media_item_id)
        .for_update()
        .first::<Uuid>(conn)
        .optional()
        .map(|id| id.map(MediaItemId::from_uuid))
}

/// Inserts a new item, its extension and its source row; `false` when another
/// transaction holds the reference (nothing of the source row was written then).
///
/// The extension row goes in first (its reference to the item is checked at commit), so
/// that the item's insert trigger computes the whole `search_vector` once: inserted
/// after the item, the extension's trigger would rewrite the item straight away, a
/// second row version and a second entry per word in the full-text index.
fn insert_new(
    conn: &mut PgConnection,
    id: MediaItemId,
    record: &ExternalMedia,
) -> QueryResult<bool> {
    ExtensionRow::new(id, &record.details).insert(conn)?;
    diesel::insert_into(media_items::table)
        .values(NewMediaItemRow::new(id, record))
        .execute(conn)?;
    let inserted = diesel::insert_into(media_sources::table)
        .values(NewMediaSourceRow::new(id, record))
        // The unique key `(source_name, external_id)`, named by its columns: a target
        // named by its constraint makes Diesel re-send the statement to be planned.
        .on_conflict((media_sources::source_name, media_sources::external_id))
        .do_nothing()
        .execute(conn)?;
    Ok(inserted == 1)
}

/// Keeps or overwrites the item already stored for the reference.
fn settle_existing(
    conn: &mut PgConnection,
    id: MediaItemId,
    record: &ExternalMedia,
    mode: UpsertMode,
) -> Result<UpsertOutcome, UpsertError> {
    let status = match mode {
        UpsertMode::InsertOrKeep => UpsertStatus::Unchanged,
        UpsertMode::InsertOrOverwrite => {
            overwrite(conn, id, record)?;
            UpsertStatus::Updated
        }
    };
    Ok(UpsertOutcome { id, status })
}

/// Replaces the item's fields, its extension and its source row's URL, payload and
/// `fetched_at`, keeping every id.
fn overwrite(conn: &mut PgConnection, id: MediaItemId, record: &ExternalMedia) -> QueryResult<()> {
    let item = id.as_uuid();
    diesel::update(media_items::table.find(item))
        .set((
            MediaItemFields::from(record),
            media_items::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)?;
    diesel::delete(book_items::table.find(item)).execute(conn)?;
    diesel::delete(movie_items::table.find(item)).execute(conn)?;
    diesel::delete(game_items::table.find(item)).execute(conn)?;
    diesel::delete(music_items::table.find(item)).execute(conn)?;
    ExtensionRow::new(id, &record.details).insert(conn)?;
    diesel::update(
        media_sources::table
            .filter(media_sources::source_name.eq(record.source.as_str()))
            .filter(media_sources::external_id.eq(&record.external_id)),
    )
    .set((
        media_sources::canonical_url.eq(record.source_url.as_deref()),
        media_sources::raw_payload.eq(&record.raw_payload),
        media_sources::fetched_at.eq(diesel::dsl::now),
    ))
    .execute(conn)?;
    Ok(())
}
