//! Row-level steps of the session transactions: locking a row, revoking it, and walking
//! a rotation chain through `replaced_by_token_id`.
//!
//! The walk locks each successor (`SELECT … FOR UPDATE`) before reading where it points,
//! one statement per step, so under READ COMMITTED it sees a rotation that committed
//! while it waited for the lock and follows it to the newest successor: a concurrent
//! refresh cannot slip a live token past reuse detection.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use diesel::dsl::Eq;
use diesel::prelude::*;
use tastebuds_accounts::RevokeReason;
use uuid::Uuid;

use super::rows::SessionRow;
use crate::schema::refresh_tokens;

/// Which descendants a walk revokes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Revoke {
    /// Only those still active at `now` (reuse detection leaves expired ones alone).
    Active,
    /// Every one not revoked yet.
    Unrevoked,
}

/// Locks and reads the session with this id.
pub(super) fn lock_by_id(conn: &mut PgConnection, id: Uuid) -> QueryResult<Option<SessionRow>> {
    refresh_tokens::table
        .find(id)
        .select(SessionRow::as_select())
        .for_update()
        .first(conn)
        .optional()
}

/// Locks and reads the session whose token has this digest.
pub(super) fn lock_by_hash(
    conn: &mut PgConnection,
    token_hash: &str,
) -> QueryResult<Option<SessionRow>> {
    refresh_tokens::table
        .filter(refresh_tokens::token_hash.eq(token_hash))
        .select(SessionRow::as_select())
        .for_update()
        .first(conn)
        .optional()
}

/// The changeset marking a session revoked with `reason` at `now`.
pub(super) fn revocation(
    reason: RevokeReason,
    now: DateTime<Utc>,
) -> (
    Eq<refresh_tokens::revoked_at, DateTime<Utc>>,
    Eq<refresh_tokens::revoked_reason, &'static str>,
) {
    (
        refresh_tokens::revoked_at.eq(now),
        refresh_tokens::revoked_reason.eq(reason.as_str()),
    )
}

/// Revokes the session `id` with `reason` at `now` (and links its successor when given),
/// returning the updated row. The caller holds its lock and knows it is unrevoked.
pub(super) fn revoke(
    conn: &mut PgConnection,
    id: Uuid,
    reason: RevokeReason,
    now: DateTime<Utc>,
    successor: Option<Uuid>,
) -> QueryResult<SessionRow> {
    let target = refresh_tokens::table.find(id);
    match successor {
        Some(successor) => diesel::update(target)
            .set((
                revocation(reason, now),
                refresh_tokens::replaced_by_token_id.eq(successor),
            ))
            .returning(SessionRow::as_returning())
            .get_result(conn),
        None => diesel::update(target)
            .set(revocation(reason, now))
            .returning(SessionRow::as_returning())
            .get_result(conn),
    }
}

/// Follows `replaced_by_token_id` from `first`, locking each session, and revokes those
/// `which` selects with `reason` at `now`. Returns the revoked ids, oldest first. Stops
/// at an unknown id or one already visited (corrupt data with a cycle).
pub(super) fn revoke_descendants(
    conn: &mut PgConnection,
    first: Option<Uuid>,
    which: Revoke,
    reason: RevokeReason,
    now: DateTime<Utc>,
) -> QueryResult<Vec<Uuid>> {
    let mut visited = HashSet::new();
    let mut revoked = Vec::new();
    let mut next = first;
    while let Some(id) = next {
        if !visited.insert(id) {
            break;
        }
        let Some(session) = lock_by_id(conn, id)? else {
            break;
        };
        let selected = match which {
            Revoke::Active => session.is_active(now),
            Revoke::Unrevoked => session.revoked_at.is_none(),
        };
        if selected {
            revoke(conn, id, reason, now, None)?;
            revoked.push(id);
        }
        next = session.replaced_by_token_id;
    }
    Ok(revoked)
}
