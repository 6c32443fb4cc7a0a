//! `UserStateRepository::write`: one transaction that locks a (user, item) pair, loads
//! the snapshot, runs the service's decision and persists it.
//!
//! Isolation is PostgreSQL's default READ COMMITTED on purpose: every statement after the
//! advisory lock sees what the writer before us committed. (Under REPEATABLE READ the
//! snapshot would be taken by the lock statement itself, before the wait, and a second
//! writer would decide from stale rows.)

use diesel::prelude::*;
use diesel::sql_types::Integer;
use diesel::upsert::{excluded, on_constraint};
use tastebuds_kernel::{MediaItemId, UserId};
use tastebuds_user_state::{
    Change, ChangeFn, LogEvent, LogWrite, Saved, Snapshot, UserItemLog, UserItemState,
    UserStateError, WriteScope,
};
use uuid::Uuid;

use super::rows::{LogChangeset, LogEventRow, LogRow, StateRow};
use crate::error::StoreError;
use crate::media::CardRow;
use crate::schema::{media_items, user_item_logs, user_item_states};

/// One state per (user, item) pair: the upsert's arbiter.
const PAIR_KEY: &str = "user_item_states_user_id_media_item_id_key";

/// Why a write transaction was rolled back.
enum Abort {
    /// The decision (or a stored row the domain refuses) said no: returned as is.
    Refused(UserStateError),
    /// The database failed; the repository maps it (constraint names, unavailability).
    Store(StoreError),
}

impl From<diesel::result::Error> for Abort {
    fn from(error: diesel::result::Error) -> Self {
        Self::Store(error.into())
    }
}

fn unexpected(error: anyhow::Error) -> Abort {
    Abort::Refused(UserStateError::Unexpected(error))
}

/// Runs the whole write on `conn`. The outer `Err` is a database failure for the caller
/// to map; the inner one is the decision's own error (or a refused stored row). Either
/// way nothing was written.
pub(super) fn write(
    conn: &mut PgConnection,
    scope: WriteScope,
    change: ChangeFn,
) -> Result<Result<Saved, UserStateError>, StoreError> {
    let outcome = conn.transaction(|conn| {
        lock_pair(conn, scope.user_id, scope.media_item_id)?;
        let snapshot = load(conn, &scope)?;
        let change = change(snapshot).map_err(Abort::Refused)?;
        persist(conn, change)
    });
    match outcome {
        Ok(saved) => Ok(Ok(saved)),
        Err(Abort::Refused(error)) => Ok(Err(error)),
        Err(Abort::Store(error)) => Err(error),
    }
}

/// An advisory-lock key for `id`: its 128 bits folded to 32 by XOR. Stable across
/// processes and releases (unlike `std`'s hashers), so every instance of the service
/// agrees on a pair's lock; a collision only serializes two unrelated pairs.
fn lock_key(id: Uuid) -> i32 {
    let folded = (id.as_bytes().chunks_exact(4))
        .map(|chunk| {
            chunk
                .iter()
                .fold(0_u32, |word, byte| word << 8 | u32::from(*byte))
        })
        .fold(0_u32, |key, word| key ^ word);
    i32::from_be_bytes(folded.to_be_bytes())
}

/// Takes the pair's transaction-scoped advisory lock (the two-`int4` form, a key space
/// of its own in `pg_locks`), waiting for any other write on the pair to commit. It also
/// holds while the pair has no row to lock yet.
fn lock_pair(conn: &mut PgConnection, user: UserId, item: MediaItemId) -> QueryResult<()> {
    diesel::sql_query("SELECT pg_advisory_xact_lock($1, $2)")
        .bind::<Integer, _>(lock_key(user.as_uuid()))
        .bind::<Integer, _>(lock_key(item.as_uuid()))
        .execute(conn)
        .map(drop)
}

/// The snapshot `scope` asks for, its rows locked (`FOR UPDATE`) against writers that do
/// not take the pair's lock (a log deleted meanwhile, say).
fn load(conn: &mut PgConnection, scope: &WriteScope) -> Result<Snapshot, Abort> {
    let (user, item) = (scope.user_id.as_uuid(), scope.media_item_id.as_uuid());
    let state = user_item_states::table
        .filter(user_item_states::user_id.eq(user))
        .filter(user_item_states::media_item_id.eq(item))
        .select(StateRow::as_select())
        .for_update()
        .first(conn)
        .optional()?
        .map(UserItemState::try_from)
        .transpose()
        .map_err(unexpected)?;
    let log = match scope.log_id {
        Some(id) => user_item_logs::table
            .find(id.as_uuid())
            .select(LogRow::as_select())
            .for_update()
            .first(conn)
            .optional()?
            .map(|row| row.into_log(None))
            .transpose()
            .map_err(unexpected)?,
        None => None,
    };
    let later_logs = match scope.later_than {
        Some(after) => user_item_logs::table
            .filter(user_item_logs::user_id.eq(user))
            .filter(user_item_logs::media_item_id.eq(item))
            .filter(user_item_logs::logged_at.gt(after))
            .select(LogEventRow::as_select())
            .load(conn)?
            .into_iter()
            .map(LogEvent::from)
            .collect(),
        None => Vec::new(),
    };
    Ok(Snapshot {
        state,
        log,
        later_logs,
    })
}

/// Writes the state (upsert on the pair), then the log, then reads the log back with its
/// card.
fn persist(conn: &mut PgConnection, change: Change) -> Result<Saved, Abort> {
    if let Some(state) = &change.state {
        use crate::schema::user_item_states::dsl as s;
        diesel::insert_into(s::user_item_states)
            .values(StateRow::from(state))
            .on_conflict(on_constraint(PAIR_KEY))
            .do_update()
            .set((
                s::id.eq(excluded(s::id)),
                s::status.eq(excluded(s::status)),
                s::rating.eq(excluded(s::rating)),
                s::favorite.eq(excluded(s::favorite)),
                s::notes.eq(excluded(s::notes)),
                s::started_at.eq(excluded(s::started_at)),
                s::finished_at.eq(excluded(s::finished_at)),
                s::created_at.eq(excluded(s::created_at)),
                s::updated_at.eq(excluded(s::updated_at)),
            ))
            .execute(conn)?;
    }
    let log = match change.log {
        Some(LogWrite::Insert(log)) => {
            diesel::insert_into(user_item_logs::table)
                .values(LogRow::from(&log))
                .execute(conn)?;
            Some(read_back(conn, &log)?)
        }
        Some(LogWrite::Update(log)) => {
            let updated = diesel::update(user_item_logs::table.find(log.id.as_uuid()))
                .set(LogChangeset::from(LogRow::from(&log)))
                .execute(conn)?;
            if updated == 0 {
                return Err(unexpected(anyhow::anyhow!(
                    "log {} to overwrite does not exist",
                    log.id
                )));
            }
            Some(read_back(conn, &log)?)
        }
        None => None,
    };
    Ok(Saved {
        state: change.state,
        log,
    })
}

/// The log just written, as stored, with its media card.
fn read_back(conn: &mut PgConnection, log: &UserItemLog) -> Result<UserItemLog, Abort> {
    let (row, card) = user_item_logs::table
        .inner_join(media_items::table)
        .filter(user_item_logs::id.eq(log.id.as_uuid()))
        .select((LogRow::as_select(), CardRow::as_select()))
        .first::<(LogRow, CardRow)>(conn)?;
    row.into_log(Some(card.into())).map_err(unexpected)
}

#[cfg(test)]
mod tests {
    use super::lock_key;
    use uuid::Uuid;

    #[test]
    fn lock_keys_fold_the_whole_uuid() {
        assert_eq!(lock_key(Uuid::nil()), 0);
        assert_eq!(lock_key(Uuid::from_u128(0x0000_0001_0000_0000)), 1);
        assert_eq!(lock_key(Uuid::from_u128(1 << 127)), i32::MIN);
        let id = Uuid::now_v7();
        assert_eq!(lock_key(id), lock_key(id));
    }
}
