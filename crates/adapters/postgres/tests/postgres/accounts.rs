//! The accounts stores against a real database: the domain's port contract suites, the
//! concurrent double rotation, and the adapter-specific failure mappings.

use std::time::{Duration, Instant};

use chrono::{TimeDelta, Utc};
use diesel::RunQueryDsl as _;
use diesel::sql_types::{Text, Timestamptz, Uuid as SqlUuid};
use tastebuds_accounts::testing::contract::{base_time, new_user, unique_token_hash};
use tastebuds_accounts::testing::{session_repository_contract, user_repository_contract};
use tastebuds_accounts::{
    AccountsError, ChainDecision, NewSession, RevokeReason, RotateOutcome, SessionRepository,
    UserRepository, rotation,
};
use tastebuds_kernel::{SessionId, UserId};
use tastebuds_postgres::{PgSessionRepository, PgUserRepository};
use tastebuds_testkit::TestDb;
use uuid::Uuid;

use crate::support::count;

const WEEK: TimeDelta = TimeDelta::days(7);

fn draft(created_at: chrono::DateTime<Utc>) -> NewSession {
    NewSession {
        id: SessionId::new(),
        token_hash: unique_token_hash(),
        created_at,
        expires_at: created_at + WEEK,
    }
}

/// The service's refresh decision (API.md §5.1), exchanging the presented token for
/// `successor` at `now`.
fn refresh(successor: NewSession, now: chrono::DateTime<Utc>) -> ChainDecision<RotateOutcome> {
    Box::new(move |chain| Ok(rotation::rotate(chain, successor, now)))
}

/// A user stored through `users`.
async fn owner(users: &PgUserRepository) -> UserId {
    users.create(new_user(None)).await.unwrap().id
}

#[tokio::test]
async fn pg_users_keep_the_contract() {
    let db = TestDb::new();
    user_repository_contract(&PgUserRepository::new(db.pool())).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pg_sessions_keep_the_contract() {
    let db = TestDb::new();
    let pool = db.pool();
    let sessions = PgSessionRepository::new(pool.clone());
    let users = PgUserRepository::new(pool);
    session_repository_contract(&sessions, &users).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_rotations_of_one_token_have_exactly_one_winner() {
    let db = TestDb::new();
    let pool = db.pool();
    let users = PgUserRepository::new(pool.clone());
    let sessions = PgSessionRepository::new(pool);
    let user = owner(&users).await;
    // Several rounds, each racing two tasks on the blocking pool.
    for _ in 0..5 {
        let presented = sessions.create(user, draft(base_time())).await.unwrap();
        let now = base_time() + TimeDelta::minutes(1);
        let race = |repo: PgSessionRepository, hash: String| {
            tokio::spawn(async move { repo.rotate(&hash, refresh(draft(now), now)).await })
        };
        let first = race(sessions.clone(), presented.token_hash.clone());
        let second = race(sessions.clone(), presented.token_hash.clone());
        let outcomes = (
            first.await.unwrap().unwrap(),
            second.await.unwrap().unwrap(),
        );

        let (winner, loser) = match outcomes {
            (RotateOutcome::Rotated { successor, .. }, other)
            | (other, RotateOutcome::Rotated { successor, .. }) => (successor, other),
            outcomes => panic!("exactly one rotation must win, got {outcomes:?}"),
        };
        assert!(
            matches!(&loser, RotateOutcome::Reused { revoked, .. } if revoked == &[winner.id]),
            "the loser sees reuse and revokes the winner's successor: {loser:?}"
        );
        let winner_now = sessions
            .find_by_token_hash(&winner.token_hash)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(winner_now.revoked_reason, Some(RevokeReason::ReusedToken));
    }
    let all = sessions
        .list_for_user(user, true, true, base_time(), 100)
        .await;
    assert_eq!(all.unwrap().len(), 10, "one successor per round, no more");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reuse_detection_follows_a_rotation_that_commits_while_it_waits() {
    let db = TestDb::new();
    let pool = db.pool();
    let users = PgUserRepository::new(pool.clone());
    let sessions = PgSessionRepository::new(pool);
    let user = owner(&users).await;
    let t0 = base_time();
    let first = sessions.create(user, draft(t0)).await.unwrap();
    let RotateOutcome::Rotated {
        successor: second, ..
    } = sessions
        .rotate(&first.token_hash, refresh(draft(t0), t0))
        .await
        .unwrap()
    else {
        panic!("a live session rotates");
    };

    // Arrange: another connection is rotating `second`, holding its row lock.
    let mut rotating = db.connect();
    let third = Uuid::now_v7();
    diesel::sql_query("BEGIN").execute(&mut rotating).unwrap();
    diesel::sql_query(
        "UPDATE refresh_tokens SET revoked_at = $2, revoked_reason = 'rotated',
         replaced_by_token_id = $3 WHERE id = $1",
    )
    .bind::<SqlUuid, _>(second.id.as_uuid())
    .bind::<Timestamptz, _>(t0)
    .bind::<SqlUuid, _>(third)
    .execute(&mut rotating)
    .unwrap();
    diesel::sql_query(
        "INSERT INTO refresh_tokens (id, user_id, token_hash, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind::<SqlUuid, _>(third)
    .bind::<SqlUuid, _>(user.as_uuid())
    .bind::<Text, _>(unique_token_hash())
    .bind::<Timestamptz, _>(t0)
    .bind::<Timestamptz, _>(t0 + WEEK)
    .execute(&mut rotating)
    .unwrap();

    // Act: present the first (rotated) token again. Its walk reaches `second` and must
    // wait for the lock; then the other rotation commits.
    let now = t0 + TimeDelta::minutes(5);
    let reuse = {
        let sessions = sessions.clone();
        let hash = first.token_hash.clone();
        tokio::spawn(async move { sessions.rotate(&hash, refresh(draft(now), now)).await })
    };
    wait_for_a_lock_wait(&db).await;
    diesel::sql_query("COMMIT").execute(&mut rotating).unwrap();
    let outcome = reuse.await.unwrap().unwrap();

    // Assert: the walk followed `second` to the successor committed meanwhile.
    assert!(
        matches!(&outcome, RotateOutcome::Reused { revoked, .. }
            if revoked == &[SessionId::from_uuid(third)]),
        "{outcome:?}"
    );
}

/// Waits until a backend on this test's database waits for a lock.
async fn wait_for_a_lock_wait(db: &TestDb) {
    let mut conn = db.connect();
    let query = format!(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = '{}' AND wait_event_type = 'Lock'",
        db.name()
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    while count(&mut conn, &query) == 0 {
        assert!(Instant::now() < deadline, "the reuse walk never waited");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_duplicate_token_hash_is_unexpected_not_a_domain_error() {
    let db = TestDb::new();
    let pool = db.pool();
    let users = PgUserRepository::new(pool.clone());
    let sessions = PgSessionRepository::new(pool);
    let user = owner(&users).await;
    let stored = sessions.create(user, draft(base_time())).await.unwrap();

    let duplicate = NewSession {
        token_hash: stored.token_hash,
        ..draft(base_time())
    };
    let result = sessions.create(user, duplicate).await;

    assert!(
        matches!(result, Err(AccountsError::Unexpected(_))),
        "{result:?}"
    );
}

#[tokio::test]
async fn an_unknown_stored_revoke_reason_is_unexpected_not_a_panic() {
    let db = TestDb::new();
    let pool = db.pool();
    let users = PgUserRepository::new(pool.clone());
    let sessions = PgSessionRepository::new(pool);
    let user = owner(&users).await;
    let stored = sessions.create(user, draft(base_time())).await.unwrap();
    diesel::sql_query(
        "UPDATE refresh_tokens SET revoked_at = now(), revoked_reason = 'stolen' WHERE id = $1",
    )
    .bind::<SqlUuid, _>(stored.id.as_uuid())
    .execute(&mut db.connect())
    .unwrap();

    let result = sessions.find_by_token_hash(&stored.token_hash).await;

    assert!(
        matches!(result, Err(AccountsError::Unexpected(_))),
        "{result:?}"
    );
}

#[tokio::test]
async fn emails_are_stored_as_normalized() {
    let db = TestDb::new();
    let users = PgUserRepository::new(db.pool());
    let user = new_user(Some("Ada"));

    users.create(user.clone()).await.unwrap();

    let stored = count(
        &mut db.connect(),
        &format!(
            "SELECT count(*) FROM users WHERE email = '{}' AND display_name = 'Ada'",
            user.email.as_str()
        ),
    );
    assert_eq!(stored, 1);
}
