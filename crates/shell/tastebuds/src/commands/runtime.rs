//! What `serve`, `ingest`, `seed` and `reset-db` share: the database `serve` would use, migrated, on an
//! async runtime.

use std::future::Future;

use anyhow::Context as _;
use tastebuds_http::Settings;
use tastebuds_postgres::PgPool;
use tastebuds_postgres::provision::Provisioned;

use super::database;

/// Provisions the database (blocking), starts a multi-threaded runtime, builds the pool,
/// applies pending migrations, then runs `work` on the pool. A private cluster this
/// process started is stopped afterwards, whether `work` succeeded or not.
///
/// # Errors
/// No database, a pool that cannot be built, a failed migration, or `work`'s error.
pub fn with_migrated_pool<T, F, Fut>(settings: &Settings, work: F) -> anyhow::Result<T>
where
    F: FnOnce(PgPool) -> Fut,
    Fut: Future<Output = anyhow::Result<T>>,
{
    with_prepared_pool(settings, |_| Ok(()), work)
}

/// [`with_migrated_pool`], with `prepare` run on the provisioned database (blocking)
/// before any pool exists: `reset-db` drops and re-creates it there.
///
/// # Errors
/// As [`with_migrated_pool`], and `prepare`'s error (nothing else runs then).
pub fn with_prepared_pool<T, P, F, Fut>(
    settings: &Settings,
    prepare: P,
    work: F,
) -> anyhow::Result<T>
where
    P: FnOnce(&Provisioned) -> anyhow::Result<()>,
    F: FnOnce(PgPool) -> Fut,
    Fut: Future<Output = anyhow::Result<T>>,
{
    let provisioned = database::provision(settings)?;
    let outcome = prepare(&provisioned).and_then(|()| {
        tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .context("starting the async runtime")
    });
    let outcome = outcome.and_then(|runtime| {
        runtime.block_on(async {
            let pool = PgPool::build(&provisioned.url, &settings.database)
                .context("building the connection pool")?;
            migrate(&pool).await?;
            work(pool).await
        })
    });
    let stopped = provisioned.shutdown();
    let value = outcome?;
    stopped?;
    Ok(value)
}

/// Applies pending migrations, logging each.
async fn migrate(pool: &PgPool) -> anyhow::Result<()> {
    let applied = pool
        .run_migrations()
        .await
        .context("applying pending migrations")?;
    if applied.is_empty() {
        tracing::info!("database schema is up to date");
    }
    for name in &applied {
        tracing::info!(migration = %name, "applied migration");
    }
    Ok(())
}
