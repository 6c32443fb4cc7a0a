//! `psql` as a child process: one-off statements, and streamed scripts for bulk loads
//! (`COPY … FROM STDIN`; the workspace has no PostgreSQL driver that speaks COPY).

use std::process::{Command, Stdio};

use anyhow::{Context as _, bail};
use secrecy::{ExposeSecret as _, SecretString};

/// `psql` with no `.psqlrc`, quiet, stopping at the first error, against `url`.
#[must_use]
pub fn command(url: &SecretString) -> Command {
    let mut command = Command::new("psql");
    command
        .arg("-X")
        .arg("-q")
        .arg("-v")
        .arg("ON_ERROR_STOP=1")
        .arg("-d")
        .arg(url.expose_secret());
    command
}

/// Runs `sql` and returns its unaligned, tuples-only output (one row per line, columns
/// separated by `|`).
///
/// # Errors
/// Fails when psql is missing or the statement fails (with psql's message).
pub fn query(url: &SecretString, sql: &str) -> anyhow::Result<String> {
    let output = command(url)
        .arg("-At")
        .arg("-c")
        .arg(sql)
        .stdin(Stdio::null())
        .output()
        .context("running psql (install the PostgreSQL client)")?;
    if !output.status.success() {
        bail!(
            "psql failed on `{}`: {}",
            first_line(sql),
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// `url` with libpq's `sslmode` set to `mode`, unless it names one already.
///
/// # Errors
/// Fails when `url` is no URL.
pub fn with_sslmode(url: &SecretString, mode: &str) -> anyhow::Result<SecretString> {
    let mut parsed = url::Url::parse(url.expose_secret()).context("parsing a database URL")?;
    if !parsed.query_pairs().any(|(key, _)| key == "sslmode") {
        parsed.query_pairs_mut().append_pair("sslmode", mode);
    }
    Ok(SecretString::from(parsed.to_string()))
}

/// The first line of `sql`, for messages.
fn first_line(sql: &str) -> &str {
    sql.trim().lines().next().unwrap_or_default()
}

/// Single-quotes `text` as an SQL string literal.
#[must_use]
pub fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sslmode_is_added_unless_named() {
        let url = |text: &str| SecretString::from(text.to_owned());
        let set = with_sslmode(&url("postgres://postgres@127.0.0.1:5432/db"), "disable");
        assert_eq!(
            set.unwrap().expose_secret(),
            "postgres://postgres@127.0.0.1:5432/db?sslmode=disable"
        );
        let named = url("postgres://u@h/db?connect_timeout=2&sslmode=require");
        let kept = with_sslmode(&named, "disable").unwrap();
        assert_eq!(kept.expose_secret(), named.expose_secret());
    }

    #[test]
    fn literals_double_their_quotes() {
        assert_eq!(literal("O'Brien"), "'O''Brien'");
        assert_eq!(literal("$2b$12$x"), "'$2b$12$x'");
    }
}
