//! One module per subcommand.

mod database;
mod healthcheck;
mod ingest;
mod migrate;
mod openapi;
mod runtime;
mod seed;
mod serve;

use std::process::ExitCode;
use std::time::Duration;

use tastebuds_http::Settings;

use crate::cli::Command;

/// Runs `command`.
///
/// # Errors
/// The command's failure, for `main` to print.
pub fn run(command: Command, settings: Settings) -> anyhow::Result<ExitCode> {
    match command {
        Command::Serve => serve::run(settings),
        Command::Migrate { action } => migrate::run(settings, action),
        Command::Ingest(args) => ingest::run(settings, &args),
        Command::Seed => seed::run(settings),
        Command::ResetDb { yes } => seed::reset(settings, yes),
        Command::Openapi { output } => openapi::run(output.as_deref()),
        Command::Healthcheck { timeout_secs } => Ok(healthcheck::run(
            settings.server.port,
            Duration::from_secs(timeout_secs),
        )),
    }
}
