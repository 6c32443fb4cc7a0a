//! `tastebuds migrate status|run|revert`.

use std::process::ExitCode;

use tastebuds_http::{Settings, telemetry};
use tastebuds_postgres::migrations;

use super::database;
use crate::cli::MigrateAction;

/// Runs `action` on the database `serve` would use and prints the outcome.
///
/// # Errors
/// No database, or a failed migration (rolled back).
pub fn run(settings: Settings, action: MigrateAction) -> anyhow::Result<ExitCode> {
    telemetry::init(&settings.telemetry)?;
    settings.log_source();
    let provisioned = database::provision(&settings)?;
    let outcome = tastebuds_postgres::connect(&provisioned.url).and_then(|mut conn| {
        match action {
            MigrateAction::Status => {
                let all = migrations::status(&mut conn)?;
                let pending = all.iter().filter(|migration| !migration.applied).count();
                for migration in &all {
                    let mark = if migration.applied {
                        "applied"
                    } else {
                        "pending"
                    };
                    println!("{mark:>8}  {}", migration.name);
                }
                println!("{} migrations, {pending} pending", all.len());
            }
            MigrateAction::Run => {
                let applied = migrations::run_pending(&mut conn)?;
                if applied.is_empty() {
                    println!("nothing to apply: the schema is up to date");
                }
                for name in applied {
                    println!("applied   {name}");
                }
            }
            MigrateAction::Revert => match migrations::revert_last(&mut conn)? {
                Some(name) => println!("reverted  {name}"),
                None => println!("nothing to revert: no migration is applied"),
            },
        }
        Ok(())
    });
    let stopped = provisioned.shutdown();
    outcome?;
    stopped?;
    Ok(ExitCode::SUCCESS)
}
