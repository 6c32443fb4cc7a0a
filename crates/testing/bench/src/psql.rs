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
    fn literals_double_their_quotes() {
        assert_eq!(literal("O'Brien"), "'O''Brien'");
        assert_eq!(literal("$2b$12$x"), "'$2b$12$x'");
    }
}
