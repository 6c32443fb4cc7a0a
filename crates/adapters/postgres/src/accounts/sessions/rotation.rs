//! The body of [`SessionRepository::rotate`](tastebuds_accounts::SessionRepository::rotate),
//! run inside one transaction: lock the presented row, then decide on its locked state.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use tastebuds_accounts::{NewSession, RefreshSession, RevokeReason, RotateOutcome};
use tastebuds_kernel::SessionId;
use uuid::Uuid;

use crate::accounts::chain::{self, Revoke};
use crate::accounts::rows::{NewSessionRow, SessionRow};
use crate::error::StoreError;
use crate::schema::refresh_tokens;

/// What the transaction did, as rows (converted once it has committed).
pub(super) enum Rotation {
    Rotated {
        previous: SessionRow,
        successor: SessionRow,
    },
    Reused {
        presented: SessionRow,
        revoked: Vec<Uuid>,
    },
    Expired {
        presented: SessionRow,
    },
    Invalid,
}

impl Rotation {
    /// The port's outcome.
    pub(super) fn into_outcome(self) -> anyhow::Result<RotateOutcome> {
        Ok(match self {
            Self::Rotated {
                previous,
                successor,
            } => RotateOutcome::Rotated {
                previous: RefreshSession::try_from(previous)?,
                successor: RefreshSession::try_from(successor)?,
            },
            Self::Reused { presented, revoked } => RotateOutcome::Reused {
                presented: RefreshSession::try_from(presented)?,
                revoked: revoked.into_iter().map(SessionId::from_uuid).collect(),
            },
            Self::Expired { presented } => RotateOutcome::Expired {
                presented: RefreshSession::try_from(presented)?,
            },
            Self::Invalid => RotateOutcome::Invalid,
        })
    }
}

/// Locks the session of `presented_hash` (`SELECT … FOR UPDATE`) and acts on it. A
/// concurrent rotation of the same token waits here for the winner to commit, then sees
/// it revoked `rotated` and takes the reuse path.
pub(super) fn rotate(
    conn: &mut PgConnection,
    presented_hash: &str,
    successor: &NewSession,
    now: DateTime<Utc>,
) -> Result<Rotation, StoreError> {
    let Some(presented) = chain::lock_by_hash(conn, presented_hash)? else {
        return Ok(Rotation::Invalid);
    };
    if presented.is_active(now) {
        let previous = chain::revoke(
            conn,
            presented.id,
            RevokeReason::Rotated,
            now,
            Some(successor.id.as_uuid()),
        )?;
        let successor = diesel::insert_into(refresh_tokens::table)
            .values(NewSessionRow::new(presented.user_id, successor))
            .returning(SessionRow::as_returning())
            .get_result(conn)?;
        return Ok(Rotation::Rotated {
            previous,
            successor,
        });
    }
    if presented.was_rotated() {
        let revoked = chain::revoke_descendants(
            conn,
            presented.replaced_by_token_id,
            Revoke::Active,
            RevokeReason::ReusedToken,
            now,
        )?;
        return Ok(Rotation::Reused { presented, revoked });
    }
    if presented.revoked_at.is_none() {
        let presented = chain::revoke(conn, presented.id, RevokeReason::Expired, now, None)?;
        return Ok(Rotation::Expired { presented });
    }
    Ok(Rotation::Invalid)
}
