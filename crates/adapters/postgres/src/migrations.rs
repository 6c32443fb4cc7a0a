//! The embedded Diesel migrations and the operations the `migrate` command and start-up
//! need: run what is pending, revert the newest, list what is applied.
//!
//! The SQL lives in the repository's top-level `migrations/` directory and is compiled
//! into the binary, so production needs no diesel CLI and no migration files on disk.

use std::collections::HashSet;

use anyhow::Context as _;
use diesel::PgConnection;
use diesel::migration::{Migration, MigrationSource};
use diesel::pg::Pg;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

/// Every migration of the repository, embedded at compile time.
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../../migrations");

/// One embedded migration and whether the database has applied it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MigrationStatus {
    /// Directory name, e.g. `2026-11-25-000001_extensions`.
    pub name: String,
    /// True when the database records it as applied.
    pub applied: bool,
}

/// Applies every pending migration, each in its own transaction.
///
/// Returns the names of the migrations applied, oldest first (empty when up to date).
///
/// # Errors
/// Fails when a migration's SQL fails (that migration is rolled back) or the migration
/// bookkeeping table cannot be read.
pub fn run_pending(conn: &mut PgConnection) -> anyhow::Result<Vec<String>> {
    let pending = conn
        .pending_migrations(MIGRATIONS)
        .map_err(anyhow::Error::from_boxed)
        .context("listing pending migrations")?;
    let mut applied = Vec::with_capacity(pending.len());
    for migration in pending {
        let name = migration.name().to_string();
        conn.run_migration(&migration)
            .map_err(anyhow::Error::from_boxed)
            .with_context(|| format!("applying migration {name}"))?;
        applied.push(name);
    }
    Ok(applied)
}

/// Reverts the most recently applied migration.
///
/// Returns its name, or `None` when nothing is applied.
///
/// # Errors
/// Fails when its `down.sql` fails (the revert is rolled back) or when the database
/// records a migration this binary does not embed.
pub fn revert_last(conn: &mut PgConnection) -> anyhow::Result<Option<String>> {
    let applied = conn
        .applied_migrations()
        .map_err(anyhow::Error::from_boxed)
        .context("reading applied migrations")?;
    if applied.is_empty() {
        return Ok(None);
    }
    let version = conn
        .revert_last_migration(MIGRATIONS)
        .map_err(anyhow::Error::from_boxed)
        .context("reverting the last migration")?
        .as_owned();
    let name = embedded()?
        .into_iter()
        .find(|migration| migration.name().version() == version)
        .map_or_else(
            || version.to_string(),
            |migration| migration.name().to_string(),
        );
    Ok(Some(name))
}

/// Lists every embedded migration, oldest first, with whether it is applied.
///
/// # Errors
/// Fails when the migration bookkeeping table cannot be read.
pub fn status(conn: &mut PgConnection) -> anyhow::Result<Vec<MigrationStatus>> {
    let applied: HashSet<String> = conn
        .applied_migrations()
        .map_err(anyhow::Error::from_boxed)
        .context("reading applied migrations")?
        .into_iter()
        .map(|version| version.to_string())
        .collect();
    Ok(embedded()?
        .into_iter()
        .map(|migration| MigrationStatus {
            name: migration.name().to_string(),
            applied: applied.contains(&migration.name().version().to_string()),
        })
        .collect())
}

/// The embedded migrations, sorted oldest first.
fn embedded() -> anyhow::Result<Vec<Box<dyn Migration<Pg>>>> {
    let mut migrations = MigrationSource::<Pg>::migrations(&MIGRATIONS)
        .map_err(anyhow::Error::from_boxed)
        .context("reading embedded migrations")?;
    migrations.sort_by(|a, b| a.name().version().cmp(&b.name().version()));
    Ok(migrations)
}

/// A SHA-256 fingerprint (hex) of every embedded migration's name, `up.sql` and
/// `down.sql`, computed by the build script. A database built from the migrations can
/// store it to tell later whether it is still current.
pub const FINGERPRINT: &str = env!("TASTEBUDS_MIGRATIONS_FINGERPRINT");
