//! The body of the session chain changes
//! ([`SessionRepository::rotate`](tastebuds_accounts::SessionRepository::rotate) and
//! [`SessionRepository::revoke`](tastebuds_accounts::SessionRepository::revoke)), run
//! inside one transaction: lock and load the chain, run the service's decision, write
//! the change it returns. No rule: which sessions change, and how, is the decision's.
//!
//! The walk locks each successor (`SELECT … FOR UPDATE`) before reading where it points,
//! one statement per step, so under READ COMMITTED it sees a rotation that committed
//! while it waited for the lock and follows it to the newest successor: a concurrent
//! refresh cannot slip a live token past reuse detection.

use std::collections::HashSet;

use anyhow::anyhow;
use diesel::prelude::*;
use tastebuds_accounts::{
    AccountsError, ChainDecision, LockedChain, RefreshSession, SessionChange, SessionKey,
};
use uuid::Uuid;

use super::rows::{NewSessionRow, RevocationRow, SessionRow};
use crate::error::StoreError;
use crate::schema::refresh_tokens;

/// Why a chain transaction was rolled back.
enum Abort {
    /// The decision (or a stored row the domain refuses) said no: returned as is.
    Refused(AccountsError),
    /// The database failed; the repository maps it.
    Store(StoreError),
}

impl From<diesel::result::Error> for Abort {
    fn from(error: diesel::result::Error) -> Self {
        Self::Store(error.into())
    }
}

fn unexpected(error: anyhow::Error) -> Abort {
    Abort::Refused(AccountsError::Unexpected(error))
}

/// Runs the whole change on `conn`. The outer `Err` is a database failure for the
/// caller to map; the inner one is the decision's own error (or a refused stored row).
/// Either way nothing was written.
pub(super) fn change<O>(
    conn: &mut PgConnection,
    key: &SessionKey,
    decide: ChainDecision<O>,
) -> Result<Result<O, AccountsError>, StoreError> {
    let outcome = conn.transaction(|conn| {
        let chain = lock_chain(conn, key)?;
        let decided = decide(chain).map_err(Abort::Refused)?;
        apply(conn, decided.change)?;
        Ok(decided.outcome)
    });
    match outcome {
        Ok(outcome) => Ok(Ok(outcome)),
        Err(Abort::Refused(error)) => Ok(Err(error)),
        Err(Abort::Store(error)) => Err(error),
    }
}

/// Locks and reads the session `key` names, then follows `replaced_by_token_id`,
/// locking each successor before reading it, until an unknown id or one already loaded.
fn lock_chain(conn: &mut PgConnection, key: &SessionKey) -> Result<LockedChain, Abort> {
    let head = match key {
        SessionKey::TokenHash(hash) => refresh_tokens::table
            .filter(refresh_tokens::token_hash.eq(hash))
            .select(SessionRow::as_select())
            .for_update()
            .first(conn)
            .optional()?,
        SessionKey::Id(id) => lock_by_id(conn, id.as_uuid())?,
    };
    let Some(head) = head else {
        return Ok(LockedChain::default());
    };
    let mut loaded = HashSet::from([head.id]);
    let mut next = head.replaced_by_token_id;
    let mut descendants = Vec::new();
    while let Some(id) = next.filter(|id| loaded.insert(*id)) {
        let Some(row) = lock_by_id(conn, id)? else {
            break;
        };
        next = row.replaced_by_token_id;
        descendants.push(session(row)?);
    }
    Ok(LockedChain {
        head: Some(session(head)?),
        descendants,
    })
}

fn lock_by_id(conn: &mut PgConnection, id: Uuid) -> QueryResult<Option<SessionRow>> {
    refresh_tokens::table
        .find(id)
        .select(SessionRow::as_select())
        .for_update()
        .first(conn)
        .optional()
}

fn session(row: SessionRow) -> Result<RefreshSession, Abort> {
    RefreshSession::try_from(row).map_err(unexpected)
}

/// Writes the revocations, then the insert, as given.
fn apply(conn: &mut PgConnection, change: SessionChange) -> Result<(), Abort> {
    for revocation in &change.revocations {
        let updated = diesel::update(refresh_tokens::table.find(revocation.session.as_uuid()))
            .set(RevocationRow::from(revocation))
            .execute(conn)?;
        if updated == 0 {
            return Err(unexpected(anyhow!(
                "session {} to revoke does not exist",
                revocation.session
            )));
        }
    }
    if let Some(insert) = &change.insert {
        diesel::insert_into(refresh_tokens::table)
            .values(NewSessionRow::stored(insert))
            .execute(conn)?;
    }
    Ok(())
}
