//! `tastebuds serve`.

use std::process::ExitCode;

use tastebuds_http::{Application, Settings, telemetry};
use tastebuds_postgres::PgPool;

use super::runtime;

/// Validates the settings, provisions the database, migrates, serves until a signal,
/// then stops a private cluster this process started.
///
/// # Errors
/// Invalid settings (every problem listed), no database, a failed migration, or a port
/// that cannot be bound.
pub fn run(settings: Settings) -> anyhow::Result<ExitCode> {
    telemetry::init(&settings.telemetry)?;
    settings.log_source();
    let settings = settings.validate()?;
    runtime::with_migrated_pool(&settings, |pool| serve(&settings, pool))?;
    Ok(ExitCode::SUCCESS)
}

/// Serves until stopped.
async fn serve(settings: &Settings, pool: PgPool) -> anyhow::Result<()> {
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
