//! The chain part of the [`SessionRepository`](crate::ports::SessionRepository)
//! contract: what [`rotate`](crate::ports::SessionRepository::rotate) and
//! [`revoke`](crate::ports::SessionRepository::revoke) lock and load, that they apply the
//! decision's change as given and return its outcome untouched, that a failing decision
//! or change writes nothing, and that concurrent changes of one chain are serialized.
//! The rules themselves (which sessions a refresh revokes, and how) are unit-tested in
//! `crate::rotation`.
#![expect(
    clippy::expect_used,
    reason = "a contract suite is a test: it fails loudly on the first broken promise"
)]

use chrono::TimeDelta;
use tastebuds_kernel::SessionId;

use super::{LockedChainSeen, Suite, WEEK, draft};
use crate::chain::{Decided, LockedChain, Revocation, SessionChange, SessionKey};
use crate::error::AccountsError;
use crate::rotation::{self, RotateOutcome};
use crate::session::{RefreshSession, RevokeReason};
use crate::testing::contract::{base_time, unique_token_hash};

fn no_change() -> SessionChange {
    SessionChange::default()
}

impl Suite<'_> {
    pub(super) async fn locks_and_loads_a_chain_by_hash_or_id(&self) {
        let user = self.user().await;
        let t0 = base_time();
        let first = self.session(user, t0, WEEK).await;
        let second = self.session(user, t0, WEEK).await;
        let third = self.session(user, t0, TimeDelta::minutes(1)).await;
        let unrelated = self.session(user, t0, WEEK).await;
        self.mark_revoked(&first, RevokeReason::Rotated, t0, Some(second.id))
            .await;
        self.mark_revoked(&second, RevokeReason::Rotated, t0, Some(third.id))
            .await;
        let (first, second, third) = (
            self.stored(&first).await,
            self.stored(&second).await,
            self.stored(&third).await,
        );

        let by_hash = self
            .change(SessionKey::TokenHash(first.token_hash.clone()), no_change())
            .await
            .get();
        assert_eq!(
            by_hash,
            LockedChain {
                head: Some(first.clone()),
                descendants: vec![second.clone(), third.clone()],
            },
            "the head by token hash, then every descendant through replaced_by, oldest \
             first and whatever its state (revoked, expired)"
        );
        let by_id = self
            .change(SessionKey::Id(second.id), no_change())
            .await
            .get();
        assert_eq!(
            by_id,
            LockedChain {
                head: Some(second.clone()),
                descendants: vec![third.clone()],
            },
            "the head by id, then its descendants only"
        );
        for unknown in [
            SessionKey::Id(SessionId::new()),
            SessionKey::TokenHash(unique_token_hash()),
        ] {
            assert_eq!(
                self.change(unknown.clone(), no_change()).await.get(),
                LockedChain::default(),
                "{unknown:?}: no head, no descendants"
            );
        }
        assert_eq!(
            (
                self.stored(&first).await,
                self.stored(&second).await,
                self.stored(&third).await,
                self.stored(&unrelated).await.revoked_at,
            ),
            (first, second, third, None),
            "an empty change writes nothing"
        );
    }

    pub(super) async fn stops_a_chain_at_a_cycle_or_an_unknown_id(&self) {
        let user = self.user().await;
        let t0 = base_time();
        let a = self.session(user, t0, WEEK).await;
        let b = self.session(user, t0, WEEK).await;
        let dangling = self.session(user, t0, WEEK).await;
        let looped = self.session(user, t0, WEEK).await;
        // Corrupt data: a → b → a, dangling → (nothing), looped → looped.
        self.mark_revoked(&a, RevokeReason::Rotated, t0, Some(b.id))
            .await;
        self.mark_revoked(&b, RevokeReason::Rotated, t0, Some(a.id))
            .await;
        self.mark_revoked(&dangling, RevokeReason::Rotated, t0, Some(SessionId::new()))
            .await;
        self.mark_revoked(&looped, RevokeReason::Rotated, t0, Some(looped.id))
            .await;

        let cycle = self.change(SessionKey::Id(a.id), no_change()).await.get();
        assert_eq!(
            (cycle.head.map(|s| s.id), ids(&cycle.descendants)),
            (Some(a.id), vec![b.id]),
            "a walk MUST stop at a session already loaded"
        );
        let cut = self
            .change(SessionKey::Id(dangling.id), no_change())
            .await
            .get();
        assert_eq!(ids(&cut.descendants), [], "and at an unknown id");
        let own = self
            .change(SessionKey::Id(looped.id), no_change())
            .await
            .get();
        assert_eq!(
            ids(&own.descendants),
            [],
            "the head is never its own descendant"
        );
    }

    pub(super) async fn applies_a_change_and_returns_its_outcome(&self) {
        let user = self.user().await;
        let t0 = base_time();
        let now = t0 + TimeDelta::hours(1);
        let presented = self.session(user, t0, WEEK).await;
        let successor = draft(now, WEEK).into_session(user);
        let change = SessionChange {
            revocations: vec![Revocation {
                session: presented.id,
                reason: RevokeReason::Rotated,
                at: now,
                replaced_by: Some(successor.id),
            }],
            insert: Some(successor.clone()),
        };
        let seen = LockedChainSeen::default();
        let record = seen.clone();
        let outcome = self
            .repo
            .rotate(
                &presented.token_hash,
                Box::new(move |chain| {
                    record.set(chain);
                    Ok(Decided {
                        change,
                        outcome: RotateOutcome::Invalid,
                    })
                }),
            )
            .await
            .expect("rotate");
        assert_eq!(
            outcome,
            RotateOutcome::Invalid,
            "the store returns the decision's outcome untouched, whatever it wrote"
        );
        assert_eq!(seen.get().head, Some(presented.clone()));
        let expected = RefreshSession {
            revoked_at: Some(now),
            revoked_reason: Some(RevokeReason::Rotated),
            replaced_by: Some(successor.id),
            ..presented.clone()
        };
        assert_eq!(
            self.stored(&presented).await,
            expected,
            "a revocation is stored as given"
        );
        assert_eq!(
            self.stored(&successor).await,
            successor,
            "the insert is stored verbatim"
        );

        let later = now + TimeDelta::minutes(1);
        self.mark_revoked(&presented, RevokeReason::ReusedToken, later, None)
            .await;
        assert_eq!(
            self.stored(&presented).await,
            RefreshSession {
                revoked_at: Some(later),
                revoked_reason: Some(RevokeReason::ReusedToken),
                ..expected
            },
            "the store writes what it is given (no rule of its own) and a revocation \
             without `replaced_by` keeps the stored link"
        );
    }

    pub(super) async fn writes_nothing_when_the_decision_fails(&self) {
        let user = self.user().await;
        let t0 = base_time();
        let session = self.session(user, t0, WEEK).await;
        let refused = self
            .repo
            .revoke(
                SessionKey::Id(session.id),
                Box::new(|_| Err(AccountsError::SessionNotFound)),
            )
            .await;
        assert!(
            matches!(refused, Err(AccountsError::SessionNotFound)),
            "the decision's error MUST come back as is, got {refused:?}"
        );
        let refused = self
            .repo
            .rotate(
                &session.token_hash,
                Box::new(|_| Err(AccountsError::InvalidRefreshToken)),
            )
            .await;
        assert!(
            matches!(refused, Err(AccountsError::InvalidRefreshToken)),
            "from rotate too, got {refused:?}"
        );
        assert_eq!(self.stored(&session).await, session, "nothing changed");
    }

    pub(super) async fn writes_nothing_when_the_change_fails(&self) {
        let user = self.user().await;
        let t0 = base_time();
        let presented = self.session(user, t0, WEEK).await;
        let taken = self.session(user, t0, WEEK).await;
        let duplicate = RefreshSession {
            token_hash: taken.token_hash.clone(),
            ..draft(t0, WEEK).into_session(user)
        };
        let change = SessionChange {
            revocations: vec![Revocation {
                session: presented.id,
                reason: RevokeReason::Rotated,
                at: t0,
                replaced_by: Some(duplicate.id),
            }],
            insert: Some(duplicate.clone()),
        };
        let result = self
            .repo
            .rotate(
                &presented.token_hash,
                Box::new(move |_| {
                    Ok(Decided {
                        change,
                        outcome: RotateOutcome::Invalid,
                    })
                }),
            )
            .await;
        assert!(
            matches!(result, Err(AccountsError::Unexpected(_))),
            "a duplicate token hash MUST give Unexpected, got {result:?}"
        );
        assert_eq!(
            self.stored(&presented).await,
            presented,
            "the revocation before the failed insert MUST be rolled back"
        );
        let all = self
            .repo
            .list_for_user(user, true, true, t0, usize::MAX)
            .await
            .expect("list");
        assert_eq!(all.len(), 2, "nothing inserted");
    }

    pub(super) async fn serializes_concurrent_changes_of_one_chain(&self) {
        let user = self.user().await;
        let t0 = base_time();
        let presented = self.session(user, t0, WEEK).await;
        let now = t0 + TimeDelta::minutes(1);
        // Two refreshes of one token at once, each deciding with the service's rule: the
        // second MUST load the first's writes (the head rotated, its successor as a
        // descendant), so it sees reuse instead of rotating again.
        let refresh = || {
            let successor = draft(now, WEEK);
            self.repo.rotate(
                &presented.token_hash,
                Box::new(move |chain| Ok(rotation::rotate(chain, successor, now))),
            )
        };
        let (a, b) = futures_util::future::join(refresh(), refresh()).await;
        let (winner, loser) = match (a.expect("rotate"), b.expect("rotate")) {
            (RotateOutcome::Rotated { successor, .. }, other)
            | (other, RotateOutcome::Rotated { successor, .. }) => (successor, other),
            outcomes => panic!("exactly one concurrent rotation MUST win, got {outcomes:?}"),
        };
        assert!(
            matches!(&loser, RotateOutcome::Reused { revoked, .. } if revoked == &[winner.id]),
            "the loser MUST see reuse and revoke the winner's successor, got {loser:?}"
        );
        assert_eq!(
            self.stored(&winner).await.revoked_reason,
            Some(RevokeReason::ReusedToken)
        );
        let sessions = self
            .repo
            .list_for_user(user, true, true, now, usize::MAX)
            .await
            .expect("list");
        assert_eq!(sessions.len(), 2, "exactly one successor was inserted");
    }
}

fn ids(sessions: &[RefreshSession]) -> Vec<SessionId> {
    sessions.iter().map(|s| s.id).collect()
}
