//! Contract suite of [`SessionRepository`].
#![expect(
    clippy::expect_used,
    reason = "a contract suite is a test: it fails loudly on the first broken promise"
)]

use chrono::{DateTime, TimeDelta, Utc};
use tastebuds_kernel::{SessionId, UserId};

use super::{base_time, new_user, unique_token_hash};
use crate::error::AccountsError;
use crate::ports::{RotateOutcome, SessionRepository, UserRepository};
use crate::session::{NewSession, RefreshSession, RevokeReason};
use crate::user::{NewUser, User};

const WEEK: TimeDelta = TimeDelta::days(7);

/// Checks every promise of [`SessionRepository`] against `repo`, creating the owners it
/// needs through `users` (which must share storage with `repo`).
///
/// # Panics
/// On the first broken promise, naming it.
pub async fn session_repository_contract(repo: &dyn SessionRepository, users: &dyn UserRepository) {
    let s = Suite { repo, users };
    s.creates_and_finds().await;
    s.creates_a_user_with_its_first_session_atomically().await;
    s.lists_newest_first_with_independent_filters().await;
    s.rotates_a_live_session().await;
    s.detects_reuse_and_revokes_live_descendants().await;
    s.marks_expired_and_refuses_dead_tokens().await;
    s.lets_exactly_one_concurrent_rotation_win().await;
    s.revokes_once().await;
    s.revokes_with_descendants_only_own_unrevoked_sessions()
        .await;
}

struct Suite<'a> {
    repo: &'a dyn SessionRepository,
    users: &'a dyn UserRepository,
}

fn draft(created_at: DateTime<Utc>, lifetime: TimeDelta) -> NewSession {
    NewSession {
        id: SessionId::new(),
        token_hash: unique_token_hash(),
        created_at,
        expires_at: created_at + lifetime,
    }
}

mod rotation;

impl Suite<'_> {
    async fn user(&self) -> UserId {
        self.users
            .create(new_user(None))
            .await
            .expect("create an owner")
            .id
    }

    async fn session(
        &self,
        user: UserId,
        created_at: DateTime<Utc>,
        lifetime: TimeDelta,
    ) -> RefreshSession {
        self.repo
            .create(user, draft(created_at, lifetime))
            .await
            .expect("create a session")
    }

    async fn stored(&self, session: &RefreshSession) -> RefreshSession {
        self.repo
            .find_by_token_hash(&session.token_hash)
            .await
            .expect("find_by_token_hash")
            .expect("the session is stored")
    }

    async fn rotate(
        &self,
        presented: &RefreshSession,
        successor: NewSession,
        now: DateTime<Utc>,
    ) -> RotateOutcome {
        self.repo
            .rotate(&presented.token_hash, successor, now)
            .await
            .expect("rotate")
    }

    /// Rotates a live session and returns the successor.
    async fn rotated(&self, presented: &RefreshSession, now: DateTime<Utc>) -> RefreshSession {
        match self.rotate(presented, draft(now, WEEK), now).await {
            RotateOutcome::Rotated { successor, .. } => successor,
            other => panic!("a live session MUST rotate, got {other:?}"),
        }
    }

    async fn creates_and_finds(&self) {
        let user = self.user().await;
        let new = draft(base_time(), WEEK);
        let created = self.repo.create(user, new.clone()).await.expect("create");
        assert_eq!(
            created,
            new.into_session(user),
            "create stores the session verbatim, unrevoked"
        );
        assert_eq!(
            self.stored(&created).await,
            created,
            "find_by_token_hash finds it"
        );
        assert_eq!(
            self.repo
                .find_by_token_hash(&unique_token_hash())
                .await
                .expect("find_by_token_hash"),
            None,
            "an unknown hash is None"
        );
        let orphan = self
            .repo
            .create(UserId::new(), draft(base_time(), WEEK))
            .await;
        assert!(
            matches!(orphan, Err(AccountsError::UserNotFound)),
            "create for an unknown user MUST give UserNotFound, got {orphan:?}"
        );
    }

    async fn creates_a_user_with_its_first_session_atomically(&self) {
        let user = new_user(Some("Ada"));
        let session = draft(base_time(), WEEK);
        let (created, first) = self
            .repo
            .create_with_user(user.clone(), session.clone())
            .await
            .expect("create_with_user");
        assert_eq!(
            created,
            User::from(user.clone()),
            "the user is stored verbatim"
        );
        assert_eq!(
            first,
            session.into_session(user.id),
            "owned by the new user"
        );
        assert_eq!(
            self.users.find_by_id(user.id).await.expect("find_by_id"),
            Some(created),
            "the user is findable"
        );
        assert_eq!(self.stored(&first).await, first, "the session is findable");

        let taken = NewUser {
            email: user.email.clone(),
            ..new_user(None)
        };
        let refused = draft(base_time(), WEEK);
        let result = self.repo.create_with_user(taken, refused.clone()).await;
        assert!(
            matches!(result, Err(AccountsError::EmailTaken)),
            "a taken email MUST give EmailTaken, got {result:?}"
        );
        assert_eq!(
            self.repo
                .find_by_token_hash(&refused.token_hash)
                .await
                .expect("find_by_token_hash"),
            None,
            "a refused registration stores no session"
        );

        let orphan = new_user(None);
        let duplicate = NewSession {
            token_hash: first.token_hash.clone(),
            ..draft(base_time(), WEEK)
        };
        let result = self.repo.create_with_user(orphan.clone(), duplicate).await;
        assert!(
            matches!(result, Err(AccountsError::Unexpected(_))),
            "a duplicate token hash MUST give Unexpected, got {result:?}"
        );
        assert_eq!(
            self.users.find_by_id(orphan.id).await.expect("find_by_id"),
            None,
            "a failed session insert MUST NOT leave its user behind"
        );
    }

    async fn lists_newest_first_with_independent_filters(&self) {
        let user = self.user().await;
        let t0 = base_time();
        let now = t0 + TimeDelta::hours(10);
        let oldest_live = self.session(user, t0, WEEK).await;
        let revoked = self.session(user, t0 + TimeDelta::hours(1), WEEK).await;
        let expired = self
            .session(user, t0 + TimeDelta::hours(2), TimeDelta::hours(1))
            .await;
        let expires_now = self
            .session(user, t0 + TimeDelta::hours(3), TimeDelta::hours(7))
            .await;
        let revoked_expired = self
            .session(user, t0 + TimeDelta::hours(4), TimeDelta::hours(1))
            .await;
        let newest_live = self.session(user, t0 + TimeDelta::hours(5), WEEK).await;
        let other_user = self.user().await;
        self.session(other_user, t0, WEEK).await;
        for session in [&revoked, &revoked_expired] {
            assert!(
                self.repo
                    .revoke(session.id, RevokeReason::Logout, now)
                    .await
                    .expect("revoke")
            );
        }

        let ids =
            |sessions: Vec<RefreshSession>| sessions.into_iter().map(|s| s.id).collect::<Vec<_>>();
        let list = |expired, revoked| self.repo.list_for_user(user, expired, revoked, now);
        assert_eq!(
            ids(list(false, false).await.expect("list")),
            [newest_live.id, oldest_live.id],
            "by default only active sessions, newest first (expires_at == now is expired)"
        );
        assert_eq!(
            ids(list(true, false).await.expect("list")),
            [newest_live.id, expires_now.id, expired.id, oldest_live.id],
            "include_expired adds unrevoked expired sessions"
        );
        assert_eq!(
            ids(list(false, true).await.expect("list")),
            [newest_live.id, revoked.id, oldest_live.id],
            "include_revoked adds unexpired revoked sessions"
        );
        assert_eq!(
            ids(list(true, true).await.expect("list")),
            [
                newest_live.id,
                revoked_expired.id,
                expires_now.id,
                expired.id,
                revoked.id,
                oldest_live.id
            ],
            "both flags list every session of the user and no one else's"
        );
        assert_eq!(
            self.repo
                .list_for_user(UserId::new(), true, true, now)
                .await
                .expect("list"),
            [],
            "an unknown user has no sessions"
        );
    }

    async fn revokes_once(&self) {
        let user = self.user().await;
        let t0 = base_time();
        let now = t0 + TimeDelta::minutes(5);
        let session = self.session(user, t0, WEEK).await;
        assert!(
            self.repo
                .revoke(session.id, RevokeReason::UserMissing, now)
                .await
                .expect("revoke"),
            "first revoke changes"
        );
        let later = now + TimeDelta::minutes(5);
        assert!(
            !self
                .repo
                .revoke(session.id, RevokeReason::Logout, later)
                .await
                .expect("revoke"),
            "second does not"
        );
        let stored = self.stored(&session).await;
        assert_eq!(
            (stored.revoked_at, stored.revoked_reason),
            (Some(now), Some(RevokeReason::UserMissing)),
            "the first reason stays"
        );
        assert!(
            !self
                .repo
                .revoke(SessionId::new(), RevokeReason::Logout, now)
                .await
                .expect("revoke"),
            "unknown: false"
        );

        let by_hash = self.session(user, t0, WEEK).await;
        assert!(
            self.repo
                .revoke_by_hash(&by_hash.token_hash, RevokeReason::Logout, now)
                .await
                .expect("revoke_by_hash")
        );
        assert!(
            !self
                .repo
                .revoke_by_hash(&by_hash.token_hash, RevokeReason::UserRevoked, later)
                .await
                .expect("revoke_by_hash")
        );
        let stored = self.stored(&by_hash).await;
        assert_eq!(
            (stored.revoked_at, stored.revoked_reason),
            (Some(now), Some(RevokeReason::Logout))
        );
        assert!(
            !self
                .repo
                .revoke_by_hash(&unique_token_hash(), RevokeReason::Logout, now)
                .await
                .expect("revoke_by_hash")
        );
    }

    async fn revokes_with_descendants_only_own_unrevoked_sessions(&self) {
        let owner = self.user().await;
        let stranger = self.user().await;
        let t0 = base_time();
        let now = t0 + TimeDelta::hours(1);
        let session = self.session(owner, t0, WEEK).await;
        let revoke = |user, id| {
            self.repo
                .revoke_with_descendants(user, id, RevokeReason::UserRevoked, now)
        };

        assert!(
            !revoke(stranger, session.id).await.expect("revoke"),
            "another user's session: false"
        );
        assert_eq!(
            self.stored(&session).await.revoked_at,
            None,
            "and untouched"
        );
        assert!(
            !revoke(owner, SessionId::new()).await.expect("revoke"),
            "unknown session: false"
        );
        assert!(
            revoke(owner, session.id).await.expect("revoke"),
            "own live session: true"
        );
        let stored = self.stored(&session).await;
        assert_eq!(
            (stored.revoked_at, stored.revoked_reason),
            (Some(now), Some(RevokeReason::UserRevoked))
        );
        assert!(
            !revoke(owner, session.id).await.expect("revoke"),
            "already revoked: false"
        );

        let rotated_away = self.session(owner, t0, WEEK).await;
        let successor = self.rotated(&rotated_away, t0).await;
        assert!(
            !revoke(owner, rotated_away.id).await.expect("revoke"),
            "a rotated session is already revoked"
        );
        assert_eq!(
            self.stored(&successor).await.revoked_at,
            None,
            "so its successor is untouched"
        );
        let expired = self.session(owner, t0, TimeDelta::minutes(1)).await;
        assert!(
            revoke(owner, expired.id).await.expect("revoke"),
            "an unrevoked expired session can be revoked"
        );
    }
}
