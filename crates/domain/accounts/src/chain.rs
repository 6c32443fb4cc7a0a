//! What a session chain change locks and loads ([`LockedChain`]), and what a decision on
//! it asks to write ([`SessionChange`]): the vocabulary shared by the
//! [`SessionRepository`](crate::ports::SessionRepository) chain calls and the pure rules
//! in [`crate::rotation`].

use chrono::{DateTime, Utc};
use tastebuds_kernel::SessionId;

use crate::session::{RefreshSession, RevokeReason};

/// Which session a chain change ([`SessionRepository::rotate`](crate::ports::SessionRepository::rotate),
/// [`SessionRepository::revoke`](crate::ports::SessionRepository::revoke)) locks first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SessionKey {
    /// The session whose token has this SHA-256 hex digest.
    TokenHash(String),
    /// The session with this id.
    Id(SessionId),
}

/// What a chain change loaded. Every session in it stays locked until the change is
/// applied, so the decision it is handed is the state the change is written over.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LockedChain {
    /// The session the [`SessionKey`] names, whatever its state; `None` when there is
    /// none.
    pub head: Option<RefreshSession>,
    /// The sessions reached from `head` through `replaced_by`, oldest first, whatever
    /// their state: each at most once, never the head again. Empty without a head.
    pub descendants: Vec<RefreshSession>,
}

/// One session to mark revoked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Revocation {
    /// The session; one the change loaded.
    pub session: SessionId,
    /// Stored as `revoked_reason`.
    pub reason: RevokeReason,
    /// Stored as `revoked_at`.
    pub at: DateTime<Utc>,
    /// Stored as `replaced_by` when given; `None` leaves the stored value alone.
    pub replaced_by: Option<SessionId>,
}

/// The writes a decision asks a chain change to apply, as given: no store checks them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SessionChange {
    /// Sessions to mark revoked, in order.
    pub revocations: Vec<Revocation>,
    /// A session to insert, stored verbatim (applied after the revocations).
    pub insert: Option<RefreshSession>,
}

impl SessionChange {
    /// Whether nothing is written.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.revocations.is_empty() && self.insert.is_none()
    }
}

/// A decision on a [`LockedChain`]: the writes, and what they mean to the service (the
/// store hands `outcome` back untouched and never reads it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decided<O> {
    /// What to write.
    pub change: SessionChange,
    /// What the port call returns.
    pub outcome: O,
}
