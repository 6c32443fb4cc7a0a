//! The command line.

use clap::{Args, Parser, Subcommand};
use tastebuds_media::SourceName;

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
    /// Ingest upstream records into the catalog, on the database `serve` would use.
    ///
    /// Give identifiers as `POST /api/ingest/{source}` accepts them (a Google volume id,
    /// `movie:603`, `tv:126308`, an IGDB number, `Artist::Track`, a URL), or `--search` a
    /// query and ingest its hits. Prints one line per item and
    /// `created N, updated N, unchanged N, failed N`; exits 1 when any failed.
    Ingest(IngestArgs),
    /// Load demo data, offline, into the database `serve` would use (migrated first).
    ///
    /// A demo user; books, films, a TV show, games and music tracks from every source
    /// (recorded payloads mapped by the real connectors); states and logs in every
    /// status; tags; a public and a private menu with courses, notes and a pairing;
    /// availability; and a share link of the private menu.
    ///
    /// Idempotent: a second run changes nothing and says so. Prints a line per step and
    /// the demo user's credentials, the public menu's URL and the share link's URL.
    /// Refuses to run with ENVIRONMENT=production.
    Seed,
    /// DROP the database `serve` would use, create it again, migrate and seed it.
    ///
    /// Asks for the database's name on a terminal; without a terminal it refuses unless
    /// `--yes` is given. Refuses to run with ENVIRONMENT=production.
    ResetDb {
        /// Drop without asking.
        #[arg(long)]
        yes: bool,
    },
    /// Write the OpenAPI document (the one the server serves at `/openapi.json`) to FILE,
    /// or to standard output without `--output`. Needs no database.
    Openapi {
        /// Where to write the document.
        #[arg(long, short, value_name = "FILE")]
        output: Option<std::path::PathBuf>,
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

/// What `ingest` ingests.
#[derive(Debug, Args)]
pub struct IngestArgs {
    /// The source: `google_books`, `tmdb`, `igdb` or `lastfm` (any case).
    #[arg(value_parser = parse_source)]
    pub source: SourceName,
    /// The records to ingest.
    #[arg(required_unless_present = "search", conflicts_with = "search")]
    pub identifiers: Vec<String>,
    /// Search the source for QUERY and ingest each hit.
    #[arg(long, value_name = "QUERY")]
    pub search: Option<String>,
    /// How many search hits to ingest.
    // `requires` alone lets `--max-results` through next to identifiers (clap drops a
    // requirement that conflicts with a present argument), so it also conflicts with them.
    #[arg(long, value_name = "N", default_value_t = 10, requires = "search",
          conflicts_with = "identifiers",
          value_parser = clap::value_parser!(u32).range(1..=40))]
    pub max_results: u32,
    /// Fetch again and overwrite stored items in place (their ids stay).
    #[arg(long)]
    pub force_refresh: bool,
    /// How many ingests run at once.
    #[arg(long, value_name = "N", default_value_t = 4,
          value_parser = clap::value_parser!(u8).range(1..=16))]
    pub concurrency: u8,
}

/// A source name, case-insensitively.
fn parse_source(value: &str) -> Result<SourceName, String> {
    value.parse().map_err(|_| {
        let known: Vec<&str> = SourceName::ALL.iter().map(|name| name.as_str()).collect();
        format!(
            "unknown source `{value}` (expected one of {})",
            known.join(", ")
        )
    })
}
