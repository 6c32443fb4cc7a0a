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
