//! Talking to a server before any pool exists: does it answer, and does it hold the
//! database we want (create it when not).

use anyhow::Context as _;
use diesel::dsl::sql;
use diesel::sql_types::{Bool, Text};
use diesel::{Connection as _, PgConnection, RunQueryDsl as _};
use url::Url;

/// How long a probe waits for a server, in seconds.
const PROBE_TIMEOUT_SECS: u32 = 3;

/// Connects to `url` with a short connect timeout.
///
/// # Errors
/// The connection error when the server does not answer or refuses.
pub(crate) fn probe(url: &Url) -> anyhow::Result<PgConnection> {
    let mut url = url.clone();
    if !url.query_pairs().any(|(key, _)| key == "connect_timeout") {
        url.query_pairs_mut()
            .append_pair("connect_timeout", &PROBE_TIMEOUT_SECS.to_string());
    }
    PgConnection::establish(url.as_str()).context("connecting to PostgreSQL")
}

/// The database named by `url`'s path, if any.
pub(crate) fn database_name(url: &Url) -> Option<String> {
    let name = url.path().trim_start_matches('/');
    if name.is_empty() {
        return None;
    }
    let decoded = percent_encoding::percent_decode_str(name)
        .decode_utf8()
        .ok()?
        .into_owned();
    Some(decoded)
}

/// `url` pointing at `database` instead.
pub(crate) fn with_database(url: &Url, database: &str) -> Url {
    let mut url = url.clone();
    url.set_path(database);
    url
}

/// Creates `database` over the maintenance connection `conn` unless it exists.
///
/// Returns true when it was created. A concurrent creation by someone else counts as
/// existing.
///
/// # Errors
/// The query error when the check or the creation fails for another reason.
pub(crate) fn ensure_database(conn: &mut PgConnection, database: &str) -> anyhow::Result<bool> {
    if exists(conn, database)? {
        return Ok(false);
    }
    match diesel::sql_query(format!("CREATE DATABASE {}", quote_ident(database))).execute(conn) {
        Ok(_) => Ok(true),
        // Lost a race with a concurrent creator (SQLSTATE 42P04, which diesel does not
        // classify): the database is there, which is all we wanted.
        Err(_) if exists(conn, database)? => Ok(false),
        Err(error) => Err(error).with_context(|| format!("creating database {database}")),
    }
}

/// Drops `database` if it exists, ending every session connected to it.
///
/// # Errors
/// The query error.
pub(crate) fn drop_database(conn: &mut PgConnection, database: &str) -> anyhow::Result<()> {
    diesel::sql_query(format!(
        "DROP DATABASE IF EXISTS {} WITH (FORCE)",
        quote_ident(database)
    ))
    .execute(conn)
    .with_context(|| format!("dropping database {database}"))?;
    Ok(())
}

fn exists(conn: &mut PgConnection, database: &str) -> anyhow::Result<bool> {
    diesel::select(
        sql::<Bool>("EXISTS (SELECT 1 FROM pg_database WHERE datname = ")
            .bind::<Text, _>(database)
            .sql(")"),
    )
    .get_result(conn)
    .context("looking up the database")
}

/// Quotes an SQL identifier (doubling embedded quotes).
pub(crate) fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_replaces_the_database_of_a_url() {
        let url = Url::parse("postgres://u:p@h:5432/my%20db?sslmode=disable").unwrap();
        assert_eq!(database_name(&url).as_deref(), Some("my db"));
        let other = with_database(&url, "postgres");
        assert_eq!(
            other.as_str(),
            "postgres://u:p@h:5432/postgres?sslmode=disable"
        );
        assert_eq!(database_name(&Url::parse("postgres://h").unwrap()), None);
    }

    #[test]
    fn quotes_identifiers() {
        assert_eq!(quote_ident("a\"b"), "\"a\"\"b\"");
    }
}
