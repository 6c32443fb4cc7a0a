//! The §5.1 session rules as pure decisions, without a store.

use chrono::{DateTime, TimeDelta, Utc};
use tastebuds_kernel::{SessionId, UserId};

use super::*;
use crate::testing::contract::{base_time, unique_token_hash};

const WEEK: TimeDelta = TimeDelta::days(7);

fn draft(created_at: DateTime<Utc>, lifetime: TimeDelta) -> NewSession {
    NewSession {
        id: SessionId::new(),
        token_hash: unique_token_hash(),
        created_at,
        expires_at: created_at + lifetime,
    }
}

fn session(user: UserId, created_at: DateTime<Utc>, lifetime: TimeDelta) -> RefreshSession {
    draft(created_at, lifetime).into_session(user)
}

fn revoked_as(
    session: &RefreshSession,
    reason: RevokeReason,
    at: DateTime<Utc>,
    replaced_by: Option<SessionId>,
) -> RefreshSession {
    RefreshSession {
        revoked_at: Some(at),
        revoked_reason: Some(reason),
        replaced_by: replaced_by.or(session.replaced_by),
        ..session.clone()
    }
}

fn chain(head: &RefreshSession, descendants: &[&RefreshSession]) -> LockedChain {
    LockedChain {
        head: Some(head.clone()),
        descendants: descendants.iter().map(|s| (*s).clone()).collect(),
    }
}

fn revocation(
    session: &RefreshSession,
    reason: RevokeReason,
    at: DateTime<Utc>,
    replaced_by: Option<SessionId>,
) -> Revocation {
    Revocation {
        session: session.id,
        reason,
        at,
        replaced_by,
    }
}

#[test]
fn a_live_session_is_rotated_and_linked_to_its_successor() {
    let user = UserId::new();
    let presented = session(user, base_time(), WEEK);
    let now = base_time() + TimeDelta::hours(1);
    let successor = draft(now, WEEK);

    let decided = rotate(chain(&presented, &[]), successor.clone(), now);

    let previous = revoked_as(&presented, RevokeReason::Rotated, now, Some(successor.id));
    let stored_successor = successor.clone().into_session(user);
    assert_eq!(
        decided.outcome,
        RotateOutcome::Rotated {
            previous,
            successor: stored_successor.clone(),
        },
        "the presented session is revoked `rotated` and linked; the successor belongs \
         to the same user"
    );
    assert_eq!(
        decided.change,
        SessionChange {
            revocations: vec![revocation(
                &presented,
                RevokeReason::Rotated,
                now,
                Some(successor.id)
            )],
            insert: Some(stored_successor),
        }
    );
}

#[test]
fn reuse_revokes_only_the_live_descendants_and_inserts_nothing() {
    let user = UserId::new();
    let t0 = base_time();
    let now = t0 + TimeDelta::hours(3);
    let third = session(user, t0 + TimeDelta::hours(2), WEEK);
    let second = RefreshSession {
        replaced_by: Some(third.id),
        ..revoked_as(
            &session(user, t0 + TimeDelta::hours(1), WEEK),
            RevokeReason::Rotated,
            t0 + TimeDelta::hours(2),
            None,
        )
    };
    let first = revoked_as(
        &session(user, t0, WEEK),
        RevokeReason::Rotated,
        t0 + TimeDelta::hours(1),
        Some(second.id),
    );

    let decided = rotate(chain(&first, &[&second, &third]), draft(now, WEEK), now);

    assert_eq!(
        decided.outcome,
        RotateOutcome::Reused {
            presented: first.clone(),
            revoked: vec![third.id],
        },
        "presenting a rotated token reports reuse and revokes the live descendants; the \
         reused token keeps its reason"
    );
    assert_eq!(
        decided.change,
        SessionChange {
            revocations: vec![revocation(&third, RevokeReason::ReusedToken, now, None)],
            insert: None,
        },
        "revoked ones keep their reason and reuse inserts no successor"
    );

    // Reusing again: nothing left to revoke, still reuse.
    let third_now = revoked_as(&third, RevokeReason::ReusedToken, now, None);
    let again = rotate(chain(&second, &[&third_now]), draft(now, WEEK), now);
    assert!(
        matches!(&again.outcome, RotateOutcome::Reused { revoked, .. } if revoked.is_empty()),
        "{again:?}"
    );
    assert!(again.change.is_empty());
    // The newest token is dead too.
    let newest = rotate(chain(&third_now, &[]), draft(now, WEEK), now);
    assert_eq!(newest.outcome, RotateOutcome::Invalid);
    assert!(newest.change.is_empty());

    // Only *live* descendants: an expired one is left for `expired`.
    let short_lived = session(user, t0, TimeDelta::hours(1));
    let head = revoked_as(
        &session(user, t0, WEEK),
        RevokeReason::Rotated,
        t0,
        Some(short_lived.id),
    );
    let later = t0 + TimeDelta::hours(2);
    let expired_descendant = rotate(chain(&head, &[&short_lived]), draft(later, WEEK), later);
    assert!(
        matches!(&expired_descendant.outcome, RotateOutcome::Reused { revoked, .. } if revoked.is_empty()),
        "an expired descendant is not revoked by reuse detection"
    );
    assert!(expired_descendant.change.is_empty());
}

#[test]
fn an_expired_session_is_marked_expired_from_its_expiry_on() {
    let user = UserId::new();
    let t0 = base_time();
    let expiring = session(user, t0, TimeDelta::hours(1));
    let at_expiry = expiring.expires_at;

    let decided = rotate(chain(&expiring, &[]), draft(at_expiry, WEEK), at_expiry);

    assert_eq!(
        decided.outcome,
        RotateOutcome::Expired {
            presented: revoked_as(&expiring, RevokeReason::Expired, at_expiry, None),
        },
        "a token presented at its expiry is marked `expired`"
    );
    assert_eq!(
        decided.change,
        SessionChange {
            revocations: vec![revocation(
                &expiring,
                RevokeReason::Expired,
                at_expiry,
                None
            )],
            insert: None,
        },
        "no successor"
    );
    let just_before = rotate(
        chain(&expiring, &[]),
        draft(t0, WEEK),
        at_expiry - TimeDelta::microseconds(1),
    );
    assert!(matches!(just_before.outcome, RotateOutcome::Rotated { .. }));
}

#[test]
fn unknown_and_otherwise_revoked_tokens_are_invalid_and_change_nothing() {
    let user = UserId::new();
    let t0 = base_time();
    let unknown = rotate(LockedChain::default(), draft(t0, WEEK), t0);
    assert_eq!(
        unknown.outcome,
        RotateOutcome::Invalid,
        "unknown is invalid"
    );
    assert!(unknown.change.is_empty());

    for reason in RevokeReason::ALL
        .into_iter()
        .filter(|r| *r != RevokeReason::Rotated)
    {
        let dead = revoked_as(&session(user, t0, WEEK), reason, t0, None);
        let decided = rotate(chain(&dead, &[]), draft(t0, WEEK), t0);
        assert_eq!(decided.outcome, RotateOutcome::Invalid, "{reason}");
        assert!(decided.change.is_empty(), "{reason}: unchanged");
    }
}

#[test]
fn revoke_with_descendants_takes_only_own_unrevoked_sessions() {
    let owner = UserId::new();
    let stranger = UserId::new();
    let t0 = base_time();
    let now = t0 + TimeDelta::hours(1);
    let reason = RevokeReason::UserRevoked;
    let live = session(owner, t0, WEEK);

    let foreign = revoke_with_descendants(chain(&live, &[]), stranger, reason, now);
    assert!(
        !foreign.outcome && foreign.change.is_empty(),
        "another user's session: false, untouched"
    );
    let unknown = revoke_with_descendants(LockedChain::default(), owner, reason, now);
    assert!(
        !unknown.outcome && unknown.change.is_empty(),
        "unknown: false"
    );
    let own = revoke_with_descendants(chain(&live, &[]), owner, reason, now);
    assert!(own.outcome, "own live session: true");
    assert_eq!(
        own.change.revocations,
        [revocation(&live, reason, now, None)]
    );
    let already = revoked_as(&live, reason, now, None);
    let again = revoke_with_descendants(chain(&already, &[]), owner, reason, now);
    assert!(
        !again.outcome && again.change.is_empty(),
        "already revoked: false"
    );

    // A rotated session is already revoked, so its successor is untouched.
    let successor = session(owner, t0, WEEK);
    let rotated_away = revoked_as(&live, RevokeReason::Rotated, t0, Some(successor.id));
    let rotated = revoke_with_descendants(chain(&rotated_away, &[&successor]), owner, reason, now);
    assert!(!rotated.outcome && rotated.change.is_empty());

    // An unrevoked expired session can be revoked, and with it every unrevoked
    // descendant, expired or not; revoked descendants keep their reason.
    let expired = session(owner, t0, TimeDelta::minutes(1));
    let logged_out = revoked_as(&session(owner, t0, WEEK), RevokeReason::Logout, t0, None);
    let expired_child = session(owner, t0, TimeDelta::minutes(1));
    let live_child = session(owner, t0, WEEK);
    let whole = revoke_with_descendants(
        chain(&expired, &[&logged_out, &expired_child, &live_child]),
        owner,
        reason,
        now,
    );
    assert!(whole.outcome);
    assert_eq!(
        whole.change,
        SessionChange {
            revocations: vec![
                revocation(&expired, reason, now, None),
                revocation(&expired_child, reason, now, None),
                revocation(&live_child, reason, now, None),
            ],
            insert: None,
        }
    );
}

#[test]
fn revoke_one_revokes_once_and_keeps_the_first_reason() {
    let user = UserId::new();
    let t0 = base_time();
    let now = t0 + TimeDelta::minutes(5);
    let live = session(user, t0, WEEK);

    let first = revoke_one(chain(&live, &[]), RevokeReason::UserMissing, now);
    assert!(first.outcome, "first revoke changes");
    assert_eq!(
        first.change.revocations,
        [revocation(&live, RevokeReason::UserMissing, now, None)]
    );

    let revoked = revoked_as(&live, RevokeReason::UserMissing, now, None);
    let second = revoke_one(
        chain(&revoked, &[]),
        RevokeReason::Logout,
        now + TimeDelta::minutes(5),
    );
    assert!(
        !second.outcome && second.change.is_empty(),
        "second does not: the first reason stays"
    );
    let unknown = revoke_one(LockedChain::default(), RevokeReason::Logout, now);
    assert!(
        !unknown.outcome && unknown.change.is_empty(),
        "unknown: false"
    );

    // Only the head: its descendants are not touched (logout revokes only that token).
    let child = session(user, t0, WEEK);
    let only_head = revoke_one(chain(&live, &[&child]), RevokeReason::Logout, now);
    assert_eq!(
        only_head.change.revocations,
        [revocation(&live, RevokeReason::Logout, now, None)]
    );
}
