//! `PgPool`: errors propagate, unreachable databases fail cleanly, migrations run, bad
//! settings are clamped.

use diesel::RunQueryDsl as _;
use tastebuds_postgres::{PgConfig, PgPool, StoreError, migrations};
use tastebuds_testkit::TestDb;

#[tokio::test]
async fn run_returns_the_closure_result_and_propagates_its_errors() {
    let db = TestDb::new();
    let pool = db.pool();
    assert_eq!(pool.run(|_| Ok(42)).await.unwrap(), 42);

    let error = pool
        .run(|conn| {
            diesel::sql_query("SELECT * FROM no_such_table")
                .execute(conn)
                .map_err(StoreError::from)
        })
        .await
        .unwrap_err();
    assert!(matches!(error, StoreError::Query(_)), "{error:?}");

    let error = pool
        .run(|_| Err::<(), _>(StoreError::Query(diesel::result::Error::NotFound)))
        .await
        .unwrap_err();
    assert!(error.is_not_found());
    pool.ping().await.unwrap();
}

#[tokio::test]
#[should_panic(expected = "boom")]
async fn run_reraises_panics() {
    let db = TestDb::new();
    let _: Result<(), _> = db.pool().run(|_| panic!("boom")).await;
}

#[tokio::test]
async fn ping_fails_without_panicking_when_nothing_listens() {
    let config = PgConfig {
        connect_timeout_ms: 500,
        ..PgConfig::default()
    };
    let pool = PgPool::build(&TestDb::unreachable_url(), &config).unwrap();
    let error = pool.ping().await.unwrap_err();
    assert!(matches!(error, StoreError::Pool(_)), "{error:?}");
}

#[tokio::test]
async fn run_migrations_applies_everything_once() {
    let db = TestDb::empty();
    let pool = db.pool();
    let applied = pool.run_migrations().await.unwrap();
    let mut conn = db.connect();
    let all: Vec<String> = migrations::status(&mut conn)
        .unwrap()
        .into_iter()
        .map(|status| status.name)
        .collect();
    assert_eq!(applied, all);
    assert_eq!(pool.run_migrations().await.unwrap(), Vec::<String>::new());
}

#[tokio::test]
async fn run_migrations_reports_an_unreachable_database() {
    let config = PgConfig {
        connect_timeout_ms: 500,
        ..PgConfig::default()
    };
    let pool = PgPool::build(&TestDb::unreachable_url(), &config).unwrap();
    assert!(matches!(
        pool.run_migrations().await,
        Err(StoreError::Pool(_))
    ));
}

#[tokio::test]
async fn out_of_range_settings_are_clamped_instead_of_panicking() {
    let db = TestDb::new();
    let config = PgConfig {
        max_connections: 0,
        min_idle: 5,
        ..PgConfig::default()
    };
    let pool = PgPool::build(&db.url(), &config).unwrap();
    pool.ping().await.unwrap();
}

/// A pool of one connection on `db` with the given statement timeout.
fn one_connection(db: &TestDb, statement_timeout_ms: u64) -> PgPool {
    let config = PgConfig {
        max_connections: 1,
        statement_timeout_ms,
        idle_in_transaction_timeout_ms: 1_500,
        ..PgConfig::default()
    };
    PgPool::build(&db.url(), &config).unwrap()
}

/// The session's value of `name`, through the pool.
async fn setting(pool: &PgPool, name: &'static str) -> String {
    #[derive(diesel::QueryableByName)]
    struct Setting {
        #[diesel(sql_type = diesel::sql_types::Text)]
        value: String,
    }
    pool.run(move |conn| {
        diesel::sql_query(format!("SELECT current_setting('{name}') AS value"))
            .get_result::<Setting>(conn)
            .map(|row| row.value)
            .map_err(StoreError::from)
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn every_pooled_session_gets_the_configured_timeouts_and_keeps_them_after_migrations() {
    let db = TestDb::empty();
    let pool = one_connection(&db, 2_500);

    let before = (
        setting(&pool, "statement_timeout").await,
        setting(&pool, "idle_in_transaction_session_timeout").await,
    );
    pool.run_migrations().await.unwrap();
    let after = setting(&pool, "statement_timeout").await;

    assert_eq!(before, ("2500ms".to_owned(), "1500ms".to_owned()));
    assert_eq!(after, "2500ms");
}

#[tokio::test]
async fn a_statement_past_the_timeout_is_unavailable_and_the_connection_serves_again() {
    let db = TestDb::new();
    let pool = one_connection(&db, 200);

    let error = pool
        .run(|conn| {
            diesel::sql_query("SELECT pg_sleep(5)")
                .execute(conn)
                .map_err(StoreError::from)
        })
        .await
        .unwrap_err();

    assert!(error.is_statement_timeout(), "{error:?}");
    assert!(error.is_unavailable(), "{error:?}");
    pool.ping().await.unwrap();
}

#[tokio::test]
async fn a_connection_lost_mid_call_is_unavailable_and_is_replaced() {
    use diesel::Connection as _;
    let db = TestDb::new();
    let pool = one_connection(&db, 5_000);
    let terminate = "SELECT pg_terminate_backend(pg_backend_pid())";

    let plain = pool
        .run(move |conn| {
            diesel::sql_query(terminate)
                .execute(conn)
                .map_err(StoreError::from)
        })
        .await
        .unwrap_err();
    let in_transaction = pool
        .run(move |conn| {
            conn.transaction(|conn| diesel::sql_query(terminate).execute(conn))
                .map_err(StoreError::from)
        })
        .await
        .unwrap_err();

    for error in [plain, in_transaction] {
        assert!(error.is_unavailable(), "{error:?}");
        assert!(!error.is_statement_timeout(), "{error:?}");
    }
    pool.ping().await.unwrap();
}

#[tokio::test]
async fn a_wrong_query_is_not_unavailable() {
    let db = TestDb::new();
    let error = db
        .pool()
        .run(|conn| {
            diesel::sql_query("SELECT * FROM no_such_table")
                .execute(conn)
                .map_err(StoreError::from)
        })
        .await
        .unwrap_err();
    assert!(!error.is_unavailable(), "{error:?}");
}

/// A connection that came back less than half a second ago is handed out again without
/// a `SELECT 1` round trip; one idle for longer is checked first.
#[tokio::test]
async fn only_a_connection_idle_past_half_a_second_is_checked_at_checkout() {
    crate::statements::record_statements();
    let db = TestDb::new();
    let pool = one_connection(&db, 5_000);
    let query = |pool: PgPool| async move {
        pool.run(|conn| {
            diesel::sql_query("SELECT 2")
                .execute(conn)
                .map_err(StoreError::from)
        })
        .await
        .unwrap()
    };
    let (_, first) = crate::statements::during(&db, query(pool.clone())).await;
    assert!(first.contains(&"SELECT 2".to_owned()), "{first:?}");

    let (_, at_once) = crate::statements::during(&db, query(pool.clone())).await;
    assert_eq!(at_once, ["SELECT 2"]);

    tokio::time::sleep(std::time::Duration::from_millis(700)).await;
    let (_, after_idling) = crate::statements::during(&db, query(pool.clone())).await;
    assert_eq!(after_idling, ["SELECT 1", "SELECT 2"]);
}

/// A pool of `connections` on `db` whose checkouts wait at most `timeout_ms`.
fn small_pool(db: &TestDb, connections: u32, timeout_ms: u64) -> PgPool {
    let config = PgConfig {
        max_connections: connections,
        connect_timeout_ms: timeout_ms,
        ..PgConfig::default()
    };
    PgPool::build(&db.url(), &config).unwrap()
}

/// Holds one of the pool's connections for `held` (a `pg_sleep`).
async fn hold(pool: PgPool, held: std::time::Duration) {
    let seconds = held.as_secs_f64();
    pool.run(move |conn| {
        diesel::sql_query(format!("SELECT pg_sleep({seconds})"))
            .execute(conn)
            .map_err(StoreError::from)
    })
    .await
    .unwrap();
}

/// Calls that find every connection busy take their turns in the order they came.
#[tokio::test]
async fn waiting_calls_get_their_turns_first_come_first_served() {
    let db = TestDb::new();
    let pool = small_pool(&db, 1, 5_000);
    pool.ping().await.unwrap();
    let order = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let holder = tokio::spawn(hold(pool.clone(), std::time::Duration::from_millis(300)));
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    let mut waiting = Vec::new();
    for call in 0..6 {
        let (pool, order) = (pool.clone(), std::sync::Arc::clone(&order));
        waiting.push(tokio::spawn(async move {
            pool.run(move |_| {
                order.lock().unwrap().push(call);
                Ok(())
            })
            .await
            .unwrap();
        }));
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    holder.await.unwrap();
    for call in waiting {
        call.await.unwrap();
    }
    assert_eq!(*order.lock().unwrap(), [0, 1, 2, 3, 4, 5]);
}

/// A call that waits the whole checkout timeout for a busy pool fails as unavailable
/// (the API's 503 with `Retry-After`), and the pool serves again once a connection is
/// back.
#[tokio::test]
async fn a_call_waiting_past_the_checkout_timeout_is_busy_and_unavailable() {
    let db = TestDb::new();
    let pool = small_pool(&db, 1, 300);
    pool.ping().await.unwrap();
    let holder = tokio::spawn(hold(pool.clone(), std::time::Duration::from_millis(1_000)));
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let error = pool.ping().await.unwrap_err();
    assert!(
        matches!(error, StoreError::Busy { waited_ms } if waited_ms >= 300),
        "{error:?}"
    );
    assert!(error.is_unavailable());
    assert!(error.to_string().contains("busy for"), "{error}");
    holder.await.unwrap();
    pool.ping().await.unwrap();
}
