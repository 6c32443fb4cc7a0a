//! The session rules of API.md §5.1 as pure decisions on a [`LockedChain`]: rotation,
//! reuse detection, expiry, logout and revocation with descendants. The service hands
//! them to [`SessionRepository::rotate`](crate::ports::SessionRepository::rotate) and
//! [`SessionRepository::revoke`](crate::ports::SessionRepository::revoke), which run them
//! inside their transaction, while holding the chain's locks, and apply the
//! [`SessionChange`] they return. No store repeats any of this.

use chrono::{DateTime, Utc};
use tastebuds_kernel::{SessionId, UserId};

use crate::chain::{Decided, LockedChain, Revocation, SessionChange};
use crate::session::{NewSession, RefreshSession, RevokeReason};

/// What a refresh found and did (the outcome of [`rotate`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RotateOutcome {
    /// The presented session was live: it is now revoked `rotated` with
    /// `replaced_by = successor.id`, and the successor is stored for the same user.
    Rotated {
        /// The presented session, as updated.
        previous: RefreshSession,
        /// The stored successor.
        successor: RefreshSession,
    },
    /// The presented session had already been rotated: every live descendant in its
    /// chain is now revoked `reused_token`. Nothing was inserted.
    Reused {
        /// The presented (already rotated, unchanged) session.
        presented: RefreshSession,
        /// The descendants revoked by this call, oldest first (empty if none was live).
        revoked: Vec<SessionId>,
    },
    /// The presented session was unrevoked but expired: it is now revoked `expired`.
    /// Nothing was inserted.
    Expired {
        /// The presented session, as updated.
        presented: RefreshSession,
    },
    /// No session has this hash, or it was revoked for a reason other than rotation
    /// (logout, expiry, user revocation, reuse, missing user). Nothing changed.
    Invalid,
}

/// A refresh presenting `chain.head`, at `now`:
///
/// - unrevoked and `now < expires_at` → revoke it `rotated`, linked to `successor`,
///   and insert `successor` for the same user: [`RotateOutcome::Rotated`];
/// - revoked `rotated` (reuse) → revoke every descendant still active at `now`
///   `reused_token` (an expired one is left for `expired`): [`RotateOutcome::Reused`];
/// - unrevoked but expired (from `expires_at` on) → revoke it `expired`:
///   [`RotateOutcome::Expired`];
/// - unknown, or revoked for any other reason → nothing: [`RotateOutcome::Invalid`].
#[must_use]
pub fn rotate(
    chain: LockedChain,
    successor: NewSession,
    now: DateTime<Utc>,
) -> Decided<RotateOutcome> {
    let Some(presented) = chain.head else {
        return unchanged(RotateOutcome::Invalid);
    };
    match presented.revoked_reason {
        None if presented.is_active(now) => {
            let successor = successor.into_session(presented.user_id);
            let revocation = Revocation {
                session: presented.id,
                reason: RevokeReason::Rotated,
                at: now,
                replaced_by: Some(successor.id),
            };
            let previous = applied(presented, &revocation);
            Decided {
                change: SessionChange {
                    revocations: vec![revocation],
                    insert: Some(successor.clone()),
                },
                outcome: RotateOutcome::Rotated {
                    previous,
                    successor,
                },
            }
        }
        None => {
            let revocation = Revocation {
                session: presented.id,
                reason: RevokeReason::Expired,
                at: now,
                replaced_by: None,
            };
            let presented = applied(presented, &revocation);
            Decided {
                change: SessionChange {
                    revocations: vec![revocation],
                    insert: None,
                },
                outcome: RotateOutcome::Expired { presented },
            }
        }
        Some(RevokeReason::Rotated) => {
            let revocations: Vec<Revocation> = chain
                .descendants
                .iter()
                .filter(|descendant| descendant.is_active(now))
                .map(|descendant| Revocation {
                    session: descendant.id,
                    reason: RevokeReason::ReusedToken,
                    at: now,
                    replaced_by: None,
                })
                .collect();
            let revoked = revocations.iter().map(|r| r.session).collect();
            Decided {
                change: SessionChange {
                    revocations,
                    insert: None,
                },
                outcome: RotateOutcome::Reused { presented, revoked },
            }
        }
        Some(_) => unchanged(RotateOutcome::Invalid),
    }
}

/// Revocation of `chain.head` and every unrevoked descendant with `reason` at `now`
/// (API.md §5.1 "revoke by id also revokes the session's descendants") — only when the
/// head belongs to `owner` and is not revoked yet. `false`, changing nothing, when the
/// head is unknown, another user's, or already revoked: the caller answers 404 for all
/// three alike.
#[must_use]
pub fn revoke_with_descendants(
    chain: LockedChain,
    owner: UserId,
    reason: RevokeReason,
    now: DateTime<Utc>,
) -> Decided<bool> {
    let Some(head) = chain.head else {
        return unchanged(false);
    };
    if head.user_id != owner || head.revoked_at.is_some() {
        return unchanged(false);
    }
    let revocations = std::iter::once(&head)
        .chain(&chain.descendants)
        .filter(|session| session.revoked_at.is_none())
        .map(|session| Revocation {
            session: session.id,
            reason,
            at: now,
            replaced_by: None,
        })
        .collect();
    Decided {
        change: SessionChange {
            revocations,
            insert: None,
        },
        outcome: true,
    }
}

/// Revocation of `chain.head` alone with `reason` at `now` (logout, `user_missing`), if
/// it exists and is not revoked yet; whether it changed anything. A revoked session keeps
/// its first reason.
#[must_use]
pub fn revoke_one(chain: LockedChain, reason: RevokeReason, now: DateTime<Utc>) -> Decided<bool> {
    match chain.head {
        Some(head) if head.revoked_at.is_none() => Decided {
            change: SessionChange {
                revocations: vec![Revocation {
                    session: head.id,
                    reason,
                    at: now,
                    replaced_by: None,
                }],
                insert: None,
            },
            outcome: true,
        },
        _ => unchanged(false),
    }
}

fn unchanged<O>(outcome: O) -> Decided<O> {
    Decided {
        change: SessionChange::default(),
        outcome,
    }
}

/// `session` as it reads once `revocation` is applied to it (what the store writes).
fn applied(session: RefreshSession, revocation: &Revocation) -> RefreshSession {
    RefreshSession {
        revoked_at: Some(revocation.at),
        revoked_reason: Some(revocation.reason),
        replaced_by: revocation.replaced_by.or(session.replaced_by),
        ..session
    }
}

#[cfg(test)]
mod tests;
