//! The user-state store against a real database: the domain's port contract suite, the
//! pair lock (also before a state row exists), rollback of a half-persisted change, two
//! logs recorded at once through the service, the plan of the log list and the number of
//! queries a library read takes.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, TimeZone as _, Utc};
use diesel::sql_types::Uuid as SqlUuid;
use diesel::{PgConnection, RunQueryDsl as _};
use tastebuds_kernel::{MediaItemId, SystemClock, UserId, UserItemLogId, UserItemStateId};
use tastebuds_postgres::{PgConfig, PgPool, PgUserStateRepository};
use tastebuds_testkit::TestDb;
use tastebuds_user_state::testing::user_state_repository_contract;
use tastebuds_user_state::{
    Change, LogDraft, LogFilter, LogType, LogWrite, UserItemLog, UserItemState, UserItemStatus,
    UserStateError, UserStateRepository, UserStateService, WriteScope,
};
use tokio::sync::Barrier;
use uuid::Uuid;

use crate::statements::{record_statements, sent};
use crate::support::{PlanLine, Seeder, count, insert_media_item, insert_user, plan_text};

fn at(minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 20, 14, 0, 0).unwrap() + TimeDelta::minutes(minutes)
}

fn scope(user: UserId, item: MediaItemId) -> WriteScope {
    WriteScope {
        user_id: user,
        media_item_id: item,
        log_id: None,
        later_than: None,
    }
}

fn state(user: UserId, item: MediaItemId, notes: &str) -> UserItemState {
    UserItemState {
        id: UserItemStateId::new(),
        user_id: user,
        media_item_id: item,
        status: UserItemStatus::Paused,
        rating: None,
        favorite: false,
        notes: Some(notes.to_owned()),
        started_at: None,
        finished_at: None,
        created_at: at(0),
        updated_at: at(0),
    }
}

fn log(user: UserId, item: MediaItemId, minutes: i64) -> UserItemLog {
    UserItemLog {
        id: UserItemLogId::new(),
        user_id: user,
        media_item_id: item,
        log_type: LogType::Note,
        notes: None,
        minutes_spent: None,
        progress_percent: None,
        goal_target: None,
        goal_due_on: None,
        logged_at: at(minutes),
        created_at: at(minutes),
        updated_at: at(minutes),
        media_item: None,
    }
}

/// A user and an item, as domain ids.
fn pair(conn: &mut PgConnection) -> (UserId, MediaItemId) {
    (
        UserId::from_uuid(insert_user(conn)),
        MediaItemId::from_uuid(insert_media_item(conn, "book", "Dune")),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn pg_user_state_keeps_the_contract() {
    let db = TestDb::new();
    user_state_repository_contract(&PgUserStateRepository::new(db.pool()), &Seeder::new(&db)).await;
}

/// The advisory lock serializes writes on a pair that has no state row to lock yet: the
/// second write waits for the first to commit and decides from its state. A write on
/// another pair does not wait.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_second_write_on_a_fresh_pair_waits_and_sees_the_first() {
    let db = TestDb::new();
    let repo = Arc::new(PgUserStateRepository::new(db.pool()));
    let mut conn = db.connect();
    let (user, item) = pair(&mut conn);
    let other_item = MediaItemId::from_uuid(insert_media_item(&mut conn, "book", "Emma"));

    let (locked_tx, locked_rx) = tokio::sync::oneshot::channel();
    let first = tokio::spawn({
        let repo = repo.clone();
        async move {
            repo.write(
                scope(user, item),
                Box::new(move |snapshot| {
                    assert_eq!(snapshot.state, None);
                    locked_tx.send(()).unwrap();
                    // Hold the pair's lock (inside the transaction) for a while.
                    std::thread::sleep(Duration::from_millis(1500));
                    Ok(Change {
                        state: Some(state(user, item, "first")),
                        log: None,
                    })
                }),
            )
            .await
        }
    });
    locked_rx.await.unwrap();

    // Another pair of the same user is not blocked.
    repo.write(
        scope(user, other_item),
        Box::new(move |_| {
            Ok(Change {
                state: Some(state(user, other_item, "elsewhere")),
                log: None,
            })
        }),
    )
    .await
    .unwrap();
    assert!(!first.is_finished(), "a write on another pair waited");

    let (seen_tx, seen_rx) = std::sync::mpsc::channel();
    repo.write(
        scope(user, item),
        Box::new(move |snapshot| {
            seen_tx.send(snapshot.state.clone()).unwrap();
            let mut next = snapshot.state.unwrap_or_else(|| state(user, item, ""));
            next.notes = next.notes.map(|notes| format!("{notes}+second"));
            Ok(Change {
                state: Some(next),
                log: None,
            })
        }),
    )
    .await
    .unwrap();
    first.await.unwrap().unwrap();

    let seen = seen_rx.recv().unwrap().and_then(|state| state.notes);
    assert_eq!(
        seen.as_deref(),
        Some("first"),
        "the second write saw the first"
    );
    let states = repo.list_states(user).await.unwrap();
    let notes: Vec<_> = states
        .iter()
        .filter(|s| s.media_item_id == item)
        .map(|s| s.notes.clone())
        .collect();
    assert_eq!(notes, vec![Some("first+second".to_owned())]);
}

/// A change whose state is written but whose log then fails rolls the state back.
#[tokio::test]
async fn a_change_that_fails_halfway_writes_nothing() {
    let db = TestDb::new();
    let repo = PgUserStateRepository::new(db.pool());
    let mut conn = db.connect();
    let (user, item) = pair(&mut conn);

    let on_unknown = log(user, MediaItemId::new(), 1);
    let result = repo
        .write(
            scope(user, item),
            Box::new(move |_| {
                Ok(Change {
                    state: Some(state(user, item, "rolled back")),
                    log: Some(LogWrite::Insert(on_unknown)),
                })
            }),
        )
        .await;
    assert!(
        matches!(result, Err(UserStateError::UnknownMedia)),
        "{result:?}"
    );
    let missing = log(user, item, 2);
    let result = repo
        .write(
            scope(user, item),
            Box::new(move |_| {
                Ok(Change {
                    state: Some(state(user, item, "rolled back")),
                    log: Some(LogWrite::Update(missing)),
                })
            }),
        )
        .await;
    assert!(
        matches!(result, Err(UserStateError::Unexpected(_))),
        "{result:?}"
    );
    assert_eq!(count(&mut conn, "SELECT count(*) FROM user_item_states"), 0);
    assert_eq!(count(&mut conn, "SELECT count(*) FROM user_item_logs"), 0);
}

/// Two logs of one item recorded at once through the service: both are stored, neither
/// write fails on the pair's unique key, and the state is the one both logs imply.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_logs_recorded_at_once_both_move_the_state() {
    let db = TestDb::new();
    let repo = Arc::new(PgUserStateRepository::new(db.pool()));
    let service = Arc::new(UserStateService::new(repo, Arc::new(SystemClock)));
    let mut conn = db.connect();
    let user = UserId::from_uuid(insert_user(&mut conn));
    for round in 0..6 {
        let item = MediaItemId::from_uuid(insert_media_item(&mut conn, "book", "Race"));
        let draft = |log_type, minutes| LogDraft {
            media_item_id: item,
            log_type,
            notes: None,
            minutes_spent: None,
            progress_percent: None,
            goal_target: None,
            goal_due_on: None,
            logged_at: Some(at(minutes)),
        };
        // The finish happened first but may be recorded second.
        let drafts = if round % 2 == 0 {
            [draft(LogType::Started, 20), draft(LogType::Finished, 10)]
        } else {
            [draft(LogType::Finished, 10), draft(LogType::Started, 20)]
        };
        let barrier = Arc::new(Barrier::new(2));
        let racers: Vec<_> = drafts
            .into_iter()
            .map(|draft| {
                let (service, barrier) = (service.clone(), barrier.clone());
                tokio::spawn(async move {
                    barrier.wait().await;
                    service.record_log(user, draft).await
                })
            })
            .collect();
        for racer in racers {
            racer.await.unwrap().unwrap();
        }
        let states = service.list_states(user).await.unwrap();
        let state = states.iter().find(|s| s.media_item_id == item).unwrap();
        assert_eq!(state.status, UserItemStatus::Consumed, "round {round}");
        assert_eq!(state.finished_at, Some(at(10)), "round {round}");
        let filter = LogFilter {
            media_item_id: Some(item),
            ..LogFilter::default()
        };
        assert_eq!(service.list_logs(user, filter).await.unwrap().len(), 2);
    }
}

#[tokio::test]
async fn an_unreachable_database_is_unavailable() {
    let config = PgConfig {
        connect_timeout_ms: 200,
        ..PgConfig::default()
    };
    let pool = PgPool::build(&TestDb::unreachable_url(), &config).unwrap();
    let repo = PgUserStateRepository::new(pool);
    let (user, item) = (UserId::new(), MediaItemId::new());
    assert!(matches!(
        repo.list_states(user).await,
        Err(UserStateError::Unavailable(_))
    ));
    assert!(matches!(
        repo.write(scope(user, item), Box::new(|_| Ok(Change::default())))
            .await,
        Err(UserStateError::Unavailable(_))
    ));
}

/// The constraint names the stores map errors by exist.
#[test]
fn the_mapped_constraint_names_exist() {
    let db = TestDb::new();
    let mut conn = db.connect();
    for name in [
        "tags_owner_id_name_key",
        "media_item_tags_media_item_id_fkey",
        "media_item_tags_tag_id_fkey",
        "media_item_tags_media_item_id_tag_id_key",
        "user_item_states_user_id_media_item_id_key",
        "user_item_states_media_item_id_fkey",
        "user_item_logs_media_item_id_fkey",
    ] {
        let query = format!("SELECT count(*) FROM pg_constraint WHERE conname = '{name}'");
        assert_eq!(count(&mut conn, &query), 1, "{name}");
    }
}

// --- What the database does with the store's queries --------------------------------

/// Inserts `per_item` logs on each of `items` new items for `user`, a state on each, in
/// one statement per item.
fn seed_library(conn: &mut PgConnection, user: Uuid, items: usize, per_item: usize) {
    for _ in 0..items {
        let item = insert_media_item(conn, "book", "Library");
        diesel::sql_query(
            "INSERT INTO user_item_logs (id, user_id, media_item_id, log_type, logged_at)
             SELECT gen_random_uuid(), $1, $2, 'note',
                    now() - make_interval(mins => n)
             FROM generate_series(1, $3) AS n",
        )
        .bind::<SqlUuid, _>(user)
        .bind::<SqlUuid, _>(item)
        .bind::<diesel::sql_types::Integer, _>(i32::try_from(per_item).unwrap())
        .execute(conn)
        .unwrap();
        diesel::sql_query(
            "INSERT INTO user_item_states (id, user_id, media_item_id, status)
             VALUES (gen_random_uuid(), $1, $2, 'paused')",
        )
        .bind::<SqlUuid, _>(user)
        .bind::<SqlUuid, _>(item)
        .execute(conn)
        .unwrap();
    }
}

/// `library_items` sends as many statements for 40 items as for one.
#[tokio::test]
async fn the_library_takes_the_same_number_of_queries_however_big() {
    record_statements();
    let db = TestDb::new();
    let repo = PgUserStateRepository::new(db.pool());
    let mut conn = db.connect();
    let (small, big) = (insert_user(&mut conn), insert_user(&mut conn));
    seed_library(&mut conn, small, 1, 1);
    seed_library(&mut conn, big, 40, 3);
    // Connect first: establishing a connection sends set-up statements of its own.
    repo.library_items(UserId::new()).await.unwrap();

    let mut statements = Vec::new();
    for (user, items) in [(small, 1), (big, 40)] {
        let before = sent(&db).len();
        let library = repo.library_items(UserId::from_uuid(user)).await.unwrap();
        assert_eq!(library.len(), items);
        statements.push(sent(&db)[before..].to_vec());
    }
    assert_eq!(
        statements[0].len(),
        statements[1].len(),
        "{:#?}",
        statements
    );
    println!("{}", statements[1].join("\n"));
    let queries = statements[1]
        .iter()
        .filter(|sql| sql.trim_start().starts_with("SELECT"))
        .count();
    assert!(queries <= 4, "{:#?}", statements[1]);
}

/// `list_logs`' own SQL, planned for a user with many logs, reads the index in order:
/// no Sort node, and the page is cut by a Limit above the index scan.
#[tokio::test]
async fn the_log_list_is_served_in_order_by_its_index() {
    record_statements();
    let db = TestDb::new();
    let repo = PgUserStateRepository::new(db.pool());
    let mut conn = db.connect();
    let (user, other) = (insert_user(&mut conn), insert_user(&mut conn));
    seed_library(&mut conn, user, 40, 100);
    seed_library(&mut conn, other, 10, 100);
    diesel::sql_query("ANALYZE").execute(&mut conn).unwrap();

    let before = sent(&db).len();
    let page = repo
        .list_logs(UserId::from_uuid(user), LogFilter::default())
        .await
        .unwrap();
    assert_eq!(page.len(), 50);
    let sql = sent(&db)[before..]
        .iter()
        .find(|sql| sql.contains("ORDER BY"))
        .cloned()
        .unwrap();

    diesel::sql_query(format!("PREPARE list_logs AS {sql}"))
        .execute(&mut conn)
        .unwrap();
    let plan = plan_text(
        diesel::sql_query(format!("EXPLAIN EXECUTE list_logs('{user}', 50, 0)"))
            .load::<PlanLine>(&mut conn)
            .unwrap(),
    );
    println!("{sql}\n{plan}");
    assert!(!plan.contains("Sort"), "{plan}");
    assert!(
        plan.contains("ix_user_item_logs_user_id_logged_at"),
        "{plan}"
    );
}
