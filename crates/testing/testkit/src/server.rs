//! The PostgreSQL server the tests use, resolved once per process.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use anyhow::Context as _;
use diesel::PgConnection;
use secrecy::{ExposeSecret as _, SecretString};
use tastebuds_postgres::provision::{ClusterOptions, PrivateCluster};
use url::Url;

/// Environment variable naming a maintenance database URL on the test server.
pub const TEST_DATABASE_URL: &str = "TEST_DATABASE_URL";
/// The server tried when `TEST_DATABASE_URL` is not set.
const LOCAL_SERVER: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// A PostgreSQL server on which test databases are created.
#[derive(Debug)]
pub struct Server {
    maintenance_url: Url,
}

impl Server {
    /// The server for this process: `TEST_DATABASE_URL`, else the local server on port
    /// 5432, else the shared private cluster (started on first use).
    ///
    /// # Errors
    /// Fails when none of them is available; the message says what was tried.
    pub fn get() -> anyhow::Result<&'static Self> {
        static SERVER: OnceLock<Result<Server, String>> = OnceLock::new();
        SERVER
            .get_or_init(|| Self::resolve().map_err(|error| format!("{error:#}")))
            .as_ref()
            .map_err(|message| anyhow::anyhow!("no PostgreSQL server for tests: {message}"))
    }

    fn resolve() -> anyhow::Result<Self> {
        Self::resolve_with(
            std::env::var(TEST_DATABASE_URL).ok(),
            LOCAL_SERVER,
            &private_cluster_dir(),
        )
    }

    fn resolve_with(
        configured: Option<String>,
        local_server: &str,
        cluster_dir: &Path,
    ) -> anyhow::Result<Self> {
        if let Some(url) = configured {
            let maintenance_url =
                Url::parse(&url).with_context(|| format!("parsing {TEST_DATABASE_URL}"))?;
            return Ok(Self { maintenance_url });
        }
        let local = Self {
            maintenance_url: Url::parse(local_server)?,
        };
        if local.answers() {
            return Ok(local);
        }
        let cluster = PrivateCluster::start(cluster_dir, &cluster_options())
            .context("starting a private PostgreSQL cluster (no TEST_DATABASE_URL, nothing on 127.0.0.1:5432)")?;
        let maintenance_url = Url::parse(cluster.url_for("postgres").expose_secret())?;
        Ok(Self { maintenance_url })
    }

    /// The URL of `database` on this server.
    #[must_use]
    pub fn url_for(&self, database: &str) -> SecretString {
        let mut url = self.maintenance_url.clone();
        url.set_path(database);
        SecretString::from(url.to_string())
    }

    /// Opens a connection to the maintenance database.
    ///
    /// # Errors
    /// Fails when the server does not answer.
    pub fn maintenance(&self) -> anyhow::Result<PgConnection> {
        tastebuds_postgres::connect(&SecretString::from(self.maintenance_url.to_string()))
    }

    fn answers(&self) -> bool {
        let mut url = self.maintenance_url.clone();
        url.query_pairs_mut().append_pair("connect_timeout", "2");
        tastebuds_postgres::connect(&SecretString::from(url.to_string())).is_ok()
    }
}

/// Where the shared private test cluster lives: `$TMPDIR/tastebuds-testkit-pg`.
///
/// That is the state directory [`PrivateCluster::start`] and [`PrivateCluster::running`]
/// take: when the tests run as root and the server's unprivileged user cannot enter it
/// (a `TMPDIR` under `/root`), the cluster itself lives under
/// `/var/lib/tastebuds/clusters/` and this directory links to it.
#[must_use]
pub fn private_cluster_dir() -> PathBuf {
    std::env::temp_dir().join("tastebuds-testkit-pg")
}

/// Settings of the private test cluster: durability off (throwaway data) and room for
/// many parallel tests.
#[must_use]
pub fn cluster_options() -> ClusterOptions {
    ClusterOptions::new()
        .setting("fsync", "off")
        .setting("synchronous_commit", "off")
        .setting("full_page_writes", "off")
        .setting("max_connections", "200")
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt as _;

    use diesel::RunQueryDsl as _;

    use super::*;

    #[test]
    fn configured_url_wins() {
        let server = Server::resolve_with(
            Some("postgres://u@db.example:5433/postgres".to_owned()),
            "postgres://postgres@127.0.0.1:1/postgres",
            Path::new("/nonexistent"),
        )
        .unwrap();
        assert_eq!(
            secrecy::ExposeSecret::expose_secret(&server.url_for("x")),
            "postgres://u@db.example:5433/x"
        );
    }

    #[test]
    fn without_a_server_a_private_cluster_hosts_the_template_and_test_databases() {
        if !PrivateCluster::binaries_available() {
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        let server =
            Server::resolve_with(None, "postgres://postgres@127.0.0.1:1/postgres", dir.path())
                .unwrap();
        crate::template::ensure(&server).unwrap();
        let mut conn = server.maintenance().unwrap();
        diesel::sql_query(format!(
            "CREATE DATABASE tastebuds_test_cluster TEMPLATE {} STRATEGY = FILE_COPY",
            crate::template::template_database()
        ))
        .execute(&mut conn)
        .unwrap();
        let mut test_db =
            tastebuds_postgres::connect(&server.url_for("tastebuds_test_cluster")).unwrap();
        diesel::sql_query("SELECT id FROM media_items")
            .execute(&mut test_db)
            .unwrap();
        diesel::sql_query("SHOW fsync")
            .execute(&mut test_db)
            .unwrap();
        drop((conn, test_db));
        PrivateCluster::running(dir.path())
            .unwrap()
            .unwrap()
            .stop()
            .unwrap();
    }
}
