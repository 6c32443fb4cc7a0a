//! A database that cannot be reached surfaces as the domain's `Unavailable` from every
//! store, and the readiness probe reports it.

use tastebuds_accounts::testing::contract::new_user;
use tastebuds_accounts::{AccountsError, SessionRepository, UserRepository};
use tastebuds_kernel::{MediaItemId, ReadinessProbe, UserId};
use tastebuds_media::{MediaCatalog, MediaError, SourceName};
use tastebuds_postgres::{
    PgConfig, PgMediaCatalog, PgPool, PgReadinessProbe, PgSessionRepository, PgUserRepository,
};
use tastebuds_testkit::TestDb;

fn unreachable_pool() -> PgPool {
    let config = PgConfig {
        connect_timeout_ms: 300,
        ..PgConfig::default()
    };
    PgPool::build(&TestDb::unreachable_url(), &config).unwrap()
}

#[tokio::test]
async fn the_media_catalog_answers_unavailable() {
    let catalog = PgMediaCatalog::new(unreachable_pool());

    let read = catalog.get_detail(MediaItemId::new()).await.unwrap_err();
    let find = catalog
        .find_by_external_ref(SourceName::Tmdb, "movie:603")
        .await
        .unwrap_err();

    for error in [read, find] {
        assert!(matches!(error, MediaError::Unavailable(_)), "{error:?}");
    }
}

#[tokio::test]
async fn the_accounts_stores_answer_unavailable() {
    let pool = unreachable_pool();
    let users = PgUserRepository::new(pool.clone());
    let sessions = PgSessionRepository::new(pool);

    let errors = [
        users.find_by_id(UserId::new()).await.unwrap_err(),
        users.create(new_user(None)).await.unwrap_err(),
        sessions.find_by_token_hash("hash").await.unwrap_err(),
    ];

    for error in errors {
        assert!(matches!(error, AccountsError::Unavailable(_)), "{error:?}");
    }
}

#[tokio::test]
async fn the_readiness_probe_reports_the_database() {
    let down = PgReadinessProbe::new(unreachable_pool()).check().await;
    let db = TestDb::new();
    let up = PgReadinessProbe::new(db.pool()).check().await;

    assert_eq!(down.map_err(|error| error.what()), Err("database"));
    assert!(up.is_ok(), "{up:?}");
}
