//! One throwaway database per test, cloned from the migrated template.

use std::net::TcpListener;
use std::sync::OnceLock;

use anyhow::Context as _;
use diesel::{PgConnection, RunQueryDsl as _};
use rand::Rng as _;
use secrecy::SecretString;
use tastebuds_postgres::{PgConfig, PgPool};

use crate::server::Server;
use crate::template::{self, TEST_DATABASE_PREFIX, template_database};

/// Length of the random part of a test database's name.
const RANDOM_NAME_LEN: usize = 16;

/// A migrated database of its own for one test; dropped (`WITH (FORCE)`) on drop.
///
/// In a struct that also holds pools on it, declare the `TestDb` field last so the
/// pools close first.
#[derive(Debug)]
pub struct TestDb {
    name: String,
    url: SecretString,
    server: &'static Server,
}

impl TestDb {
    /// Creates a fresh database from the template (building the template first when
    /// this process has not checked it yet).
    ///
    /// # Panics
    /// When no server is available or the database cannot be created; the message says
    /// why.
    #[must_use]
    pub fn new() -> Self {
        Self::try_new().unwrap_or_else(|error| panic!("cannot create a test database: {error:#}"))
    }

    /// [`TestDb::new`] without the panic.
    ///
    /// # Errors
    /// Fails when no server is available, the template cannot be built, or the
    /// database cannot be created.
    pub fn try_new() -> anyhow::Result<Self> {
        Self::create(Some(&template_database()))
    }

    fn create(template: Option<&str>) -> anyhow::Result<Self> {
        let server = Server::get()?;
        let name = random_name();
        let statement = match template {
            Some(template) => {
                ensure_template(server)?;
                format!("CREATE DATABASE {name} TEMPLATE {template} STRATEGY = FILE_COPY")
            }
            None => format!("CREATE DATABASE {name}"),
        };
        let mut conn = server.maintenance()?;
        diesel::sql_query(statement)
            .execute(&mut conn)
            .with_context(|| format!("creating test database {name}"))?;
        Ok(Self {
            url: server.url_for(&name),
            name,
            server,
        })
    }

    /// Creates a fresh database with no migrations applied (cloned from `template1`),
    /// for migration tests.
    ///
    /// # Panics
    /// When no server is available or the database cannot be created.
    #[must_use]
    pub fn empty() -> Self {
        Self::create(None)
            .unwrap_or_else(|error| panic!("cannot create a test database: {error:#}"))
    }

    /// The database's name (`tastebuds_test_<16 lowercase letters>`).
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Its connection URL.
    #[must_use]
    pub fn url(&self) -> SecretString {
        self.url.clone()
    }

    /// A small pool on it: at most 4 connections, none kept idle, 2 s checkout timeout.
    ///
    /// # Panics
    /// When the pool settings are rejected (they are constants, so never in practice).
    #[must_use]
    pub fn pool(&self) -> PgPool {
        let config = PgConfig {
            url: None,
            max_connections: 4,
            min_idle: 0,
            connect_timeout_ms: 2_000,
            ..PgConfig::default()
        };
        PgPool::build(&self.url, &config)
            .unwrap_or_else(|error| panic!("cannot build a pool for {}: {error}", self.name))
    }

    /// A single connection to it, for raw Diesel in tests.
    ///
    /// # Panics
    /// When the database does not answer.
    #[must_use]
    pub fn connect(&self) -> PgConnection {
        tastebuds_postgres::connect(&self.url)
            .unwrap_or_else(|error| panic!("cannot connect to {}: {error:#}", self.name))
    }

    /// A PostgreSQL URL on which nothing listens (a port that was free a moment ago),
    /// for "database down" tests.
    ///
    /// # Panics
    /// When no local port can be bound at all.
    #[must_use]
    pub fn unreachable_url() -> SecretString {
        let port = TcpListener::bind(("127.0.0.1", 0))
            .and_then(|listener| listener.local_addr())
            .map(|address| address.port())
            .unwrap_or_else(|error| panic!("cannot find a free port: {error}"));
        SecretString::from(format!(
            "postgres://postgres@127.0.0.1:{port}/unreachable?connect_timeout=1"
        ))
    }
}

impl Default for TestDb {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let dropped = self.server.maintenance().and_then(|mut conn| {
            diesel::sql_query(format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ))
            .execute(&mut conn)
            .map(|_| ())
            .map_err(anyhow::Error::from)
        });
        if let Err(error) = dropped {
            // Never panic in drop (it may run during a panic); the sweeper removes it.
            eprintln!("could not drop test database {}: {error:#}", self.name);
        }
    }
}

/// Checks (and if needed builds) the template once per process.
fn ensure_template(server: &Server) -> anyhow::Result<()> {
    static READY: OnceLock<Result<(), String>> = OnceLock::new();
    READY
        .get_or_init(|| template::ensure(server).map_err(|error| format!("{error:#}")))
        .clone()
        .map_err(|message| anyhow::anyhow!("preparing the template database: {message}"))
}

fn random_name() -> String {
    let mut rng = rand::rng();
    let suffix: String = (0..RANDOM_NAME_LEN)
        .map(|_| char::from(rng.random_range(b'a'..=b'z')))
        .collect();
    format!("{TEST_DATABASE_PREFIX}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_names_are_lowercase_and_distinct() {
        let a = random_name();
        let b = random_name();
        assert_ne!(a, b);
        let suffix = a.strip_prefix(TEST_DATABASE_PREFIX).unwrap();
        assert_eq!(suffix.len(), RANDOM_NAME_LEN);
        assert!(suffix.chars().all(|c| c.is_ascii_lowercase()));
    }
}
