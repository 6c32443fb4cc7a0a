//! `tastebuds serve`.

use std::process::ExitCode;

use anyhow::Context as _;
use secrecy::SecretString;
use tastebuds_http::{Application, Settings, telemetry};
use tastebuds_postgres::PgPool;

use super::database;

/// Validates the settings, provisions the database, migrates, serves until a signal,
/// then stops a private cluster this process started.
///
/// # Errors
/// Invalid settings (every problem listed), no database, a failed migration, or a port
/// that cannot be bound.
pub fn run(settings: Settings) -> anyhow::Result<ExitCode> {
    telemetry::init(&settings.telemetry)?;
    let settings = settings.validate()?;
    let provisioned = database::provision(&settings)?;
    let served = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")
        .and_then(|runtime| runtime.block_on(serve(&settings, &provisioned.url)));
    let stopped = provisioned.shutdown();
    served?;
    stopped?;
    Ok(ExitCode::SUCCESS)
}

/// Migrates, then serves until stopped.
async fn serve(settings: &Settings, url: &SecretString) -> anyhow::Result<()> {
    let pool = PgPool::build(url, &settings.database).context("building the connection pool")?;
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
    let application = Application::build(settings, pool).await?;
    tracing::info!(
        host = %settings.server.host,
        port = application.port(),
        environment = %settings.environment,
        "tastebuds is listening"
    );
    application.run_until_stopped().await?;
    tracing::info!("tastebuds stopped");
    Ok(())
}
