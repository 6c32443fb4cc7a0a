//! The rotation part of the [`SessionRepository`](crate::ports::SessionRepository)
//! contract: rotation, reuse detection, expiry and the concurrent-rotation race.
#![expect(
    clippy::expect_used,
    reason = "a contract suite is a test: it fails loudly on the first broken promise"
)]

use chrono::TimeDelta;

use super::{Suite, WEEK, draft};
use crate::ports::RotateOutcome;
use crate::session::{RefreshSession, RevokeReason};
use crate::testing::contract::{base_time, unique_token_hash};

impl Suite<'_> {
    pub(super) async fn rotates_a_live_session(&self) {
        let user = self.user().await;
        let presented = self.session(user, base_time(), WEEK).await;
        let now = base_time() + TimeDelta::hours(1);
        let successor = draft(now, WEEK);
        let RotateOutcome::Rotated {
            previous,
            successor: stored_successor,
        } = self.rotate(&presented, successor.clone(), now).await
        else {
            panic!("a live session MUST rotate");
        };
        let expected_previous = RefreshSession {
            revoked_at: Some(now),
            revoked_reason: Some(RevokeReason::Rotated),
            replaced_by: Some(successor.id),
            ..presented.clone()
        };
        assert_eq!(
            previous, expected_previous,
            "the presented session is revoked `rotated` and linked"
        );
        assert_eq!(
            self.stored(&presented).await,
            expected_previous,
            "and stored so"
        );
        assert_eq!(
            stored_successor,
            successor.into_session(user),
            "the successor belongs to the same user"
        );
        assert_eq!(
            self.stored(&stored_successor).await,
            stored_successor,
            "and is stored"
        );
    }

    pub(super) async fn detects_reuse_and_revokes_live_descendants(&self) {
        let user = self.user().await;
        let t0 = base_time();
        let first = self.session(user, t0, WEEK).await;
        let second = self.rotated(&first, t0 + TimeDelta::hours(1)).await;
        let third = self.rotated(&second, t0 + TimeDelta::hours(2)).await;

        let now = t0 + TimeDelta::hours(3);
        let unused = draft(now, WEEK);
        let outcome = self.rotate(&first, unused.clone(), now).await;
        let expected_first = self.stored(&first).await;
        assert_eq!(
            outcome,
            RotateOutcome::Reused {
                presented: expected_first.clone(),
                revoked: vec![third.id]
            },
            "presenting a rotated token MUST report reuse and revoke the live descendants"
        );
        assert_eq!(
            expected_first.revoked_reason,
            Some(RevokeReason::Rotated),
            "the reused token keeps its reason"
        );
        let third_now = self.stored(&third).await;
        assert_eq!(third_now.revoked_reason, Some(RevokeReason::ReusedToken));
        assert_eq!(third_now.revoked_at, Some(now));
        assert_eq!(
            self.stored(&second).await.revoked_reason,
            Some(RevokeReason::Rotated),
            "revoked ones keep their reason"
        );
        assert_eq!(
            self.repo
                .find_by_token_hash(&unused.token_hash)
                .await
                .expect("find"),
            None,
            "reuse inserts no successor"
        );
        assert_eq!(
            self.rotate(&third, draft(now, WEEK), now).await,
            RotateOutcome::Invalid,
            "the newest token is dead too"
        );
        assert!(
            matches!(self.rotate(&second, draft(now, WEEK), now).await, RotateOutcome::Reused { revoked, .. } if revoked.is_empty()),
            "reusing again still reports reuse, with nothing left to revoke"
        );

        // Only *live* descendants are revoked: an expired one is left for `expired`.
        let head = self.session(user, t0, WEEK).await;
        let short_lived = match self.rotate(&head, draft(t0, TimeDelta::hours(1)), t0).await {
            RotateOutcome::Rotated { successor, .. } => successor,
            other => panic!("a live session MUST rotate, got {other:?}"),
        };
        let later = t0 + TimeDelta::hours(2);
        assert!(
            matches!(self.rotate(&head, draft(later, WEEK), later).await, RotateOutcome::Reused { revoked, .. } if revoked.is_empty()),
            "an expired descendant is not revoked by reuse detection"
        );
        assert_eq!(self.stored(&short_lived).await.revoked_at, None);
    }

    pub(super) async fn marks_expired_and_refuses_dead_tokens(&self) {
        let user = self.user().await;
        let t0 = base_time();
        let expiring = self.session(user, t0, TimeDelta::hours(1)).await;
        let at_expiry = expiring.expires_at;
        let successor = draft(at_expiry, WEEK);
        let outcome = self.rotate(&expiring, successor.clone(), at_expiry).await;
        let expected = RefreshSession {
            revoked_at: Some(at_expiry),
            revoked_reason: Some(RevokeReason::Expired),
            ..expiring.clone()
        };
        assert_eq!(
            outcome,
            RotateOutcome::Expired {
                presented: expected.clone()
            },
            "a token presented at its expiry MUST be marked `expired`"
        );
        assert_eq!(self.stored(&expiring).await, expected);
        assert_eq!(
            self.repo
                .find_by_token_hash(&successor.token_hash)
                .await
                .expect("find"),
            None,
            "no successor"
        );
        assert_eq!(
            self.rotate(&expiring, draft(at_expiry, WEEK), at_expiry)
                .await,
            RotateOutcome::Invalid,
            "then it is invalid"
        );

        let unknown = RefreshSession {
            token_hash: unique_token_hash(),
            ..expiring.clone()
        };
        assert_eq!(
            self.rotate(&unknown, draft(t0, WEEK), t0).await,
            RotateOutcome::Invalid,
            "unknown is invalid"
        );

        let logged_out = self.session(user, t0, WEEK).await;
        assert!(
            self.repo
                .revoke(logged_out.id, RevokeReason::Logout, t0)
                .await
                .expect("revoke")
        );
        let before = self.stored(&logged_out).await;
        assert_eq!(
            self.rotate(&logged_out, draft(t0, WEEK), t0).await,
            RotateOutcome::Invalid,
            "a logged-out token is invalid"
        );
        assert_eq!(self.stored(&logged_out).await, before, "and unchanged");
    }

    pub(super) async fn lets_exactly_one_concurrent_rotation_win(&self) {
        let user = self.user().await;
        let t0 = base_time();
        let presented = self.session(user, t0, WEEK).await;
        let now = t0 + TimeDelta::minutes(1);
        let (a, b) = futures_util::future::join(
            self.repo
                .rotate(&presented.token_hash, draft(now, WEEK), now),
            self.repo
                .rotate(&presented.token_hash, draft(now, WEEK), now),
        )
        .await;
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
            .list_for_user(user, true, true, now)
            .await
            .expect("list");
        assert_eq!(sessions.len(), 2, "exactly one successor was inserted");
    }
}
