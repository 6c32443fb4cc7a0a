//! The command line.

use clap::{Parser, Subcommand};

/// Tastebuds: a self-hostable API for curating books, films, games and music.
///
/// Settings come from `tastebuds.toml` in the working directory, `TASTEBUDS__SECTION__KEY`
/// variables, `DATABASE_URL` and `PORT`.
#[derive(Debug, Parser)]
#[command(name = "tastebuds", version, about, long_about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Find or start the database, apply pending migrations, and serve the API until
    /// SIGINT/SIGTERM.
    ///
    /// The database is `DATABASE_URL` when set, else the PostgreSQL server on
    /// 127.0.0.1:5432, else a private cluster under `./.tastebuds/` started from the
    /// local PostgreSQL binaries (stopped again on exit).
    Serve,
    /// List, apply or revert database migrations (on the database `serve` would use).
    Migrate {
        /// The migration action.
        #[command(subcommand)]
        action: MigrateAction,
    },
    /// Exit 0 when the local server answers `GET /health` with 200, else 1 (for the
    /// container HEALTHCHECK; uses `PORT`).
    Healthcheck {
        /// Seconds to wait for the connection and for the answer.
        #[arg(long, default_value_t = 3)]
        timeout_secs: u64,
    },
}

/// What `migrate` does.
#[derive(Clone, Copy, Debug, Subcommand)]
pub enum MigrateAction {
    /// List every migration and whether it is applied.
    Status,
    /// Apply every pending migration.
    Run,
    /// Revert the most recently applied migration (one).
    Revert,
}
