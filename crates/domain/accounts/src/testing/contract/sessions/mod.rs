//! Contract suite of [`SessionRepository`].
#![expect(
    clippy::expect_used,
    reason = "a contract suite is a test: it fails loudly on the first broken promise"
)]

use chrono::{DateTime, TimeDelta, Utc};
use tastebuds_kernel::{SessionId, UserId};

use super::{base_time, new_user, unique_token_hash};
use crate::chain::{Decided, Revocation, SessionChange, SessionKey};
use crate::error::AccountsError;
use crate::ports::{SessionRepository, UserRepository};
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
    s.purges_only_sessions_expired_before_the_cutoff().await;
    s.locks_and_loads_a_chain_by_hash_or_id().await;
    s.stops_a_chain_at_a_cycle_or_an_unknown_id().await;
    s.applies_a_change_and_returns_its_outcome().await;
    s.writes_nothing_when_the_decision_fails().await;
    s.writes_nothing_when_the_change_fails().await;
    s.serializes_concurrent_changes_of_one_chain().await;
}

/// What a decision was handed, kept for assertions after the port call.
#[derive(Clone, Default)]
struct LockedChainSeen(std::sync::Arc<std::sync::Mutex<Option<crate::chain::LockedChain>>>);

impl LockedChainSeen {
    fn set(&self, chain: crate::chain::LockedChain) {
        *self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(chain);
    }

    fn get(&self) -> crate::chain::LockedChain {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
            .expect("the decision MUST be called exactly once")
    }
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

mod chain;

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

    /// Applies `change` through [`SessionRepository::revoke`] on `key`, returning what
    /// the decision was handed.
    async fn change(&self, key: SessionKey, change: SessionChange) -> LockedChainSeen {
        let seen = LockedChainSeen::default();
        let record = seen.clone();
        let applied = self
            .repo
            .revoke(
                key,
                Box::new(move |chain| {
                    record.set(chain);
                    Ok(Decided {
                        change,
                        outcome: true,
                    })
                }),
            )
            .await
            .expect("apply a change");
        assert!(applied, "the outcome comes back untouched");
        seen
    }

    /// Marks `session` revoked with `reason` at `at` (and linked to `replaced_by`).
    async fn mark_revoked(
        &self,
        session: &RefreshSession,
        reason: RevokeReason,
        at: DateTime<Utc>,
        replaced_by: Option<SessionId>,
    ) {
        let revocation = Revocation {
            session: session.id,
            reason,
            at,
            replaced_by,
        };
        self.change(
            SessionKey::Id(session.id),
            SessionChange {
                revocations: vec![revocation],
                insert: None,
            },
        )
        .await;
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
            self.mark_revoked(session, RevokeReason::Logout, now, None)
                .await;
        }

        let ids =
            |sessions: Vec<RefreshSession>| sessions.into_iter().map(|s| s.id).collect::<Vec<_>>();
        let list = |expired, revoked| {
            self.repo
                .list_for_user(user, expired, revoked, now, usize::MAX)
        };
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
                .list_for_user(UserId::new(), true, true, now, usize::MAX)
                .await
                .expect("list"),
            [],
            "an unknown user has no sessions"
        );
        assert_eq!(
            ids(self
                .repo
                .list_for_user(user, true, true, now, 2)
                .await
                .expect("list")),
            [newest_live.id, revoked_expired.id],
            "a limit keeps the newest"
        );
        assert_eq!(
            self.repo
                .list_for_user(user, true, true, now, 0)
                .await
                .expect("list"),
            [],
            "a limit of 0 lists nothing"
        );
    }

    async fn purges_only_sessions_expired_before_the_cutoff(&self) {
        let user = self.user().await;
        let t0 = base_time();
        let cutoff = t0 + TimeDelta::days(30);
        let long_gone = self.session(user, t0, TimeDelta::days(1)).await;
        let revoked_gone = self.session(user, t0, TimeDelta::days(2)).await;
        self.mark_revoked(&revoked_gone, RevokeReason::Logout, t0, None)
            .await;
        let expires_at_cutoff = self.session(user, t0, TimeDelta::days(30)).await;
        let live = self.session(user, t0, TimeDelta::days(40)).await;
        let other_user = self.user().await;
        let others_gone = self.session(other_user, t0, TimeDelta::days(1)).await;

        let purged = self.repo.purge_expired_before(cutoff).await.expect("purge");

        assert!(
            purged >= 3,
            "the three sessions expired before the cutoff are counted ({purged})"
        );
        for gone in [&long_gone, &revoked_gone, &others_gone] {
            assert_eq!(
                self.repo
                    .find_by_token_hash(&gone.token_hash)
                    .await
                    .expect("find"),
                None,
                "a session expired before the cutoff is deleted, revoked or not, of any user"
            );
        }
        for kept in [&expires_at_cutoff, &live] {
            assert!(
                self.repo
                    .find_by_token_hash(&kept.token_hash)
                    .await
                    .expect("find")
                    .is_some(),
                "a session expiring at or after the cutoff is kept"
            );
        }
        assert_eq!(
            self.repo
                .purge_expired_before(cutoff)
                .await
                .expect("purge again"),
            0,
            "a second purge finds nothing"
        );
    }
}
