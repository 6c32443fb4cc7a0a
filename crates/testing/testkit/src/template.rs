//! The migrated template every test database is cloned from.

use anyhow::Context as _;
use diesel::dsl::sql;
use diesel::sql_types::{Nullable, Text};
use diesel::{PgConnection, RunQueryDsl as _};
use tastebuds_postgres::migrations::{self, FINGERPRINT};

use crate::server::Server;

/// Prefix of the template databases' names.
pub const TEMPLATE_PREFIX: &str = "tastebuds_template_";

/// Name of this build's template database: [`TEMPLATE_PREFIX`] and the start of the
/// migrations' fingerprint, so test runs built from different migrations (two checkouts
/// or branches on one server) each keep their own template instead of rebuilding a
/// shared one under each other's clones.
#[must_use]
pub fn template_database() -> String {
    format!(
        "{TEMPLATE_PREFIX}{}",
        FINGERPRINT.get(..16).unwrap_or(FINGERPRINT)
    )
}
/// Prefix of every per-test database.
pub const TEST_DATABASE_PREFIX: &str = "tastebuds_test_";
/// `pg_advisory_lock` key guarding template (re)builds: "tastebud" in ASCII.
const TEMPLATE_LOCK_KEY: i64 = 0x7461_7374_6562_7564;

/// Makes sure the template exists and matches this build's migrations, rebuilding it
/// (under an advisory lock) when it is missing or stale.
///
/// # Errors
/// Fails when the server does not answer or a migration fails.
pub(crate) fn ensure(server: &Server) -> anyhow::Result<()> {
    let mut conn = server.maintenance()?;
    if is_current(&mut conn)? {
        return Ok(());
    }
    with_lock(&mut conn, |conn| {
        if is_current(conn)? {
            return Ok(()); // Another process rebuilt it while we waited.
        }
        rebuild(server, conn)
    })
}

/// Rebuilds the template unconditionally (under the advisory lock).
///
/// # Errors
/// Fails when the server does not answer or a migration fails.
pub(crate) fn force_rebuild(server: &Server) -> anyhow::Result<()> {
    let mut conn = server.maintenance()?;
    with_lock(&mut conn, |conn| rebuild(server, conn))
}

/// True when the template exists and its comment holds this build's fingerprint. Reads
/// `pg_database` only: it never connects to the template.
fn is_current(conn: &mut PgConnection) -> anyhow::Result<bool> {
    let comment: Option<String> = diesel::select(
        sql::<Nullable<Text>>(
            "(SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = ",
        )
        .bind::<Text, _>(template_database())
        .sql(")"),
    )
    .get_result(conn)
    .context("reading the template's fingerprint")?;
    Ok(comment.as_deref() == Some(FINGERPRINT))
}

fn rebuild(server: &Server, conn: &mut PgConnection) -> anyhow::Result<()> {
    let name = template_database();
    tracing::info!(template = name, "building the test template database");
    diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .execute(conn)
        .context("dropping the stale template")?;
    diesel::sql_query(format!("CREATE DATABASE {name}"))
        .execute(conn)
        .context("creating the template")?;
    {
        let mut template = tastebuds_postgres::connect(&server.url_for(&name))?;
        migrations::run_pending(&mut template).context("migrating the template")?;
    } // Disconnected: CREATE DATABASE … TEMPLATE needs the template idle.
    // Written last, so a build that died half-way is seen as stale.
    diesel::sql_query(format!("COMMENT ON DATABASE {name} IS '{FINGERPRINT}'"))
        .execute(conn)
        .context("recording the template's fingerprint")?;
    Ok(())
}

/// Runs `f` holding the session-level advisory lock, releasing it even when `f` fails.
fn with_lock(
    conn: &mut PgConnection,
    f: impl FnOnce(&mut PgConnection) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    diesel::sql_query(format!("SELECT pg_advisory_lock({TEMPLATE_LOCK_KEY})"))
        .execute(conn)
        .context("taking the template lock")?;
    let result = f(conn);
    let unlocked = diesel::sql_query(format!("SELECT pg_advisory_unlock({TEMPLATE_LOCK_KEY})"))
        .execute(conn)
        .context("releasing the template lock");
    result.and(unlocked.map(|_| ()))
}
