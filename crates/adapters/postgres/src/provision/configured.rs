//! A configured database URL, checked before any pool exists: a server that refuses or
//! does not answer is waited for (it may be starting), a missing database is created,
//! and every other failure (an unknown role, a wrong password, a refused database) is
//! final at once, instead of a pool retrying it and logging each attempt.

use std::time::{Duration, Instant};

use secrecy::{ExposeSecret as _, SecretString};
use url::Url;

use super::{MAINTENANCE_DB, ProvisionError, one_line, server, without_password};

/// The form a database URL takes, for messages.
pub const URL_FORM: &str = "postgres://USER:PASSWORD@HOST:PORT/DATABASE";

/// Pause between two attempts on a server that refuses or times out.
const RETRY_PAUSE: Duration = Duration::from_millis(500);

/// What a failed connection attempt means for the next one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Failure {
    /// Refused, timed out, or the server is starting up: worth another try.
    Transient,
    /// The server answers but has no database by that name: create it.
    MissingDatabase,
    /// Anything else (unknown role, wrong password, no `pg_hba.conf` entry, bad host
    /// name, an option libpq rejects): retrying changes nothing.
    Permanent,
}

/// Reads libpq's message (PostgreSQL's own wording, which does not depend on the
/// client's locale for these connection-level messages).
fn classify(message: &str) -> Failure {
    const TRANSIENT: [&str; 5] = [
        "Connection refused",
        "timeout expired",
        "Connection timed out",
        "the database system is starting up",
        "the database system is in recovery mode",
    ];
    if TRANSIENT.iter().any(|needle| message.contains(needle)) {
        Failure::Transient
    } else if message.contains("database \"") && message.contains("\" does not exist") {
        Failure::MissingDatabase
    } else {
        Failure::Permanent
    }
}

/// The error for the configured `url` failing with `cause`.
fn refused(url: &SecretString, cause: &str) -> ProvisionError {
    ProvisionError::Configured {
        url: without_password(url.expose_secret()),
        cause: one_line(cause),
    }
}

/// Connects to the configured `url` (blocking): retries refusals and timeouts for up to
/// `wait`, creates the database named in it when the server answers without it, and
/// fails at once on anything else, a malformed or non-PostgreSQL URL included. A libpq
/// keyword/value string (`host=… dbname=…`) is not checked here: it is used as given.
///
/// # Errors
/// [`ProvisionError::Configured`], whose one line names the URL (password masked), the
/// cause, and the expected form.
pub(super) fn check(url: &SecretString, wait: Duration) -> Result<(), ProvisionError> {
    let parsed = match Url::parse(url.expose_secret()) {
        Ok(parsed) if matches!(parsed.scheme(), "postgres" | "postgresql") => parsed,
        Ok(parsed) => {
            let cause = format!("a {}:// URL is not a PostgreSQL one", parsed.scheme());
            return Err(refused(url, &cause));
        }
        Err(_) if url.expose_secret().contains('=') => return Ok(()),
        Err(error) => return Err(refused(url, &format!("not a connection URL ({error})"))),
    };
    let deadline = Instant::now() + wait;
    let mut waiting_logged = false;
    loop {
        let error = match server::probe(&parsed) {
            Ok(_) => return Ok(()),
            Err(error) => one_line(&format!("{:#}", error.root_cause())),
        };
        match classify(&error) {
            Failure::Transient if Instant::now() + RETRY_PAUSE < deadline => {
                if !waiting_logged {
                    tracing::info!(
                        url = without_password(url.expose_secret()),
                        cause = one_line(&error),
                        "waiting for the configured database server"
                    );
                    waiting_logged = true;
                }
                std::thread::sleep(RETRY_PAUSE);
            }
            Failure::Transient => {
                return Err(refused(
                    url,
                    &format!(
                        "no answer within {:.1} s (last attempt: {error})",
                        wait.as_secs_f64()
                    ),
                ));
            }
            Failure::MissingDatabase => return create(url, &parsed, &error),
            Failure::Permanent => return Err(refused(url, &error)),
        }
    }
}

/// Creates the database `parsed` names, through the server's maintenance database.
fn create(url: &SecretString, parsed: &Url, missing: &str) -> Result<(), ProvisionError> {
    let Some(database) = server::database_name(parsed) else {
        return Err(refused(url, missing));
    };
    let maintenance = server::with_database(parsed, MAINTENANCE_DB);
    let created = server::probe(&maintenance)
        .and_then(|mut conn| server::ensure_database(&mut conn, &database));
    match created {
        Ok(_) => {
            tracing::info!(database, "created the configured database");
            Ok(())
        }
        Err(error) => Err(refused(
            url,
            &format!(
                "database \"{database}\" does not exist and could not be created: {:#}",
                error.root_cause()
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_timeouts_and_starting_servers_are_retried() {
        for message in [
            "connection to server at \"127.0.0.1\", port 1 failed: Connection refused\n\tIs the \
             server running on that host and accepting TCP/IP connections?",
            "connection to server at \"10.0.0.1\", port 5432 failed: timeout expired",
            "connection to server at \"db\" (172.18.0.2), port 5432 failed: FATAL:  the \
             database system is starting up",
        ] {
            assert_eq!(classify(message), Failure::Transient, "{message}");
        }
    }

    #[test]
    fn a_missing_database_is_created_and_the_rest_is_final() {
        assert_eq!(
            classify(
                "connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  database \
                 \"tb\" does not exist"
            ),
            Failure::MissingDatabase
        );
        for message in [
            "connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  role \"bob\" \
             does not exist",
            "connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  password \
             authentication failed for user \"bob\"",
            "could not translate host name \"dbb\" to address: Name or service not known",
            "invalid sslmode value: \"sometimes\"",
        ] {
            assert_eq!(classify(message), Failure::Permanent, "{message}");
        }
    }

    #[test]
    fn a_malformed_or_foreign_url_is_final_without_a_connection() {
        for (url, cause) in [
            ("postgres//me@db/app", "not a connection URL"),
            (
                "mysql://root:pw@db:3306/app",
                "a mysql:// URL is not a PostgreSQL one",
            ),
        ] {
            let error = check(&SecretString::from(url), Duration::from_secs(600)).unwrap_err();
            let ProvisionError::Configured { cause: found, .. } = &error else {
                panic!("expected Configured, got {error:?}");
            };
            assert!(found.starts_with(cause), "{url}: {found}");
            assert!(!error.to_string().contains("pw@"), "{error}");
        }
        assert!(
            check(
                &SecretString::from("host=/nowhere dbname=x"),
                Duration::ZERO
            )
            .is_ok()
        );
    }

    #[test]
    fn the_error_is_one_line_with_the_password_masked_and_the_expected_form() {
        let url = SecretString::from("postgres://bob:hunter2@127.0.0.1:5432/tb");
        let error = refused(
            &url,
            "connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  role \"bob\"\n\
             does not exist",
        )
        .to_string();

        assert!(!error.contains('\n'), "{error}");
        assert!(!error.contains("hunter2"), "{error}");
        assert!(
            error.contains("postgres://bob:***@127.0.0.1:5432/tb"),
            "{error}"
        );
        assert!(error.contains("role \"bob\" does not exist"), "{error}");
        assert!(error.contains(URL_FORM), "{error}");
    }
}
