//! Zero-configuration database resolution: use the configured URL, else a PostgreSQL on
//! `127.0.0.1:5432`, else a private cluster started from the local PostgreSQL binaries.
//!
//! Everything here blocks; call it before the async runtime starts or on its blocking
//! pool.

mod binaries;
mod cluster;
mod run_as;
mod server;

use std::path::{Path, PathBuf};

use secrecy::{ExposeSecret as _, SecretString};
use url::Url;

pub use cluster::{ClusterOptions, PrivateCluster};

/// The server tried when nothing is configured.
const LOCAL_SERVER: &str = "postgres://postgres@127.0.0.1:5432";
/// The maintenance database every server has.
const MAINTENANCE_DB: &str = "postgres";

/// Where the database came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DatabaseOrigin {
    /// The configured URL (`DATABASE_URL` or the settings).
    Configured,
    /// The PostgreSQL answering on `127.0.0.1:5432` as user `postgres`.
    LocalServer,
    /// A private cluster run from the local PostgreSQL binaries.
    PrivateCluster {
        /// Its data directory.
        data_dir: PathBuf,
    },
}

/// A database to connect to, and the private cluster behind it when this process
/// started one.
#[derive(Debug)]
pub struct Provisioned {
    /// The connection URL.
    pub url: SecretString,
    /// Where it came from.
    pub origin: DatabaseOrigin,
    cluster: Option<PrivateCluster>,
}

impl Provisioned {
    /// Stops the private cluster if this process started it; a cluster that was
    /// already running (another process uses it) and other origins are left alone.
    /// Dropping does the same, best effort.
    ///
    /// # Errors
    /// Fails when the cluster does not stop.
    pub fn shutdown(mut self) -> anyhow::Result<()> {
        self.cluster.take().map_or(Ok(()), PrivateCluster::stop)
    }
}

impl Drop for Provisioned {
    fn drop(&mut self) {
        if let Some(cluster) = self.cluster.take()
            && let Err(error) = cluster.stop()
        {
            tracing::warn!(
                error = format!("{error:#}"),
                "could not stop the private PostgreSQL cluster"
            );
        }
    }
}

/// Why no database could be provided.
#[derive(Debug, thiserror::Error)]
pub enum ProvisionError {
    /// Nothing configured, nothing on `127.0.0.1:5432`, no PostgreSQL binaries.
    #[error(
        "no PostgreSQL database available (tried: {}). Either start one with \
         `docker compose up db` and set DATABASE_URL=postgres://tastebuds:tastebuds@127.0.0.1:5432/tastebuds, \
         or install PostgreSQL (then tastebuds uses the server on 127.0.0.1:5432 or starts \
         a private one from its initdb/pg_ctl)",
        tried.join("; ")
    )]
    NoDatabase {
        /// What was tried, in order, in words.
        tried: Vec<String>,
    },
    /// Something failed on the way (e.g. the private cluster would not start).
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

/// Finds or starts a database (blocking).
///
/// 1. `configured`: used as given; when its server answers and the database named in
///    it is missing, it is created (through the `postgres` maintenance database).
/// 2. `postgres://postgres@127.0.0.1:5432`: `database` is created if missing.
/// 3. A private cluster under `<state_dir>` (data in `pgdata/`) started from the local
///    `initdb`/`pg_ctl`, or reused when already running; `database` is created if missing.
///
/// # Errors
/// [`ProvisionError::NoDatabase`] when none of them is possible,
/// [`ProvisionError::Other`] when the private cluster or the database creation fails.
pub fn provision(
    configured: Option<&SecretString>,
    state_dir: &Path,
    database: &str,
) -> Result<Provisioned, ProvisionError> {
    provision_with(configured, state_dir, database, LOCAL_SERVER)
}

/// [`provision`] with the local server's base URL (`postgres://user@host:port`) injectable.
fn provision_with(
    configured: Option<&SecretString>,
    state_dir: &Path,
    database: &str,
    local_server: &str,
) -> Result<Provisioned, ProvisionError> {
    let mut tried = Vec::new();
    if let Some(url) = configured {
        create_configured_database(url);
        return Ok(Provisioned {
            url: url.clone(),
            origin: DatabaseOrigin::Configured,
            cluster: None,
        });
    }

    tried.push("no DATABASE_URL configured".to_owned());
    match use_local_server(local_server, database) {
        Ok(url) => {
            return Ok(Provisioned {
                url,
                origin: DatabaseOrigin::LocalServer,
                cluster: None,
            });
        }
        Err(error) => tried.push(format!("{local_server}: {error:#}")),
    }

    if !PrivateCluster::binaries_available() {
        tried.push("no initdb/pg_ctl on PATH or in /usr/lib/postgresql/*/bin".to_owned());
        return Err(ProvisionError::NoDatabase { tried });
    }
    let cluster = PrivateCluster::start(state_dir, &ClusterOptions::new())?;
    let url = cluster.url_for(database);
    let maintenance = parse(&cluster.url_for(MAINTENANCE_DB))?;
    let mut conn = server::probe(&maintenance)?;
    server::ensure_database(&mut conn, database)?;
    let origin = DatabaseOrigin::PrivateCluster {
        data_dir: cluster.data_dir().to_path_buf(),
    };
    Ok(Provisioned {
        url,
        origin,
        cluster: cluster.started_here().then_some(cluster),
    })
}

/// Creates the database named by a configured URL when its server answers and it is
/// missing. Failures are only logged: the URL is used as given either way, and the
/// server reports itself unready until the database answers.
fn create_configured_database(url: &SecretString) {
    let Ok(parsed) = Url::parse(url.expose_secret()) else {
        return; // A keyword/value connection string: use it as is.
    };
    if server::probe(&parsed).is_ok() {
        return;
    }
    let Some(database) = server::database_name(&parsed) else {
        return;
    };
    let maintenance = server::with_database(&parsed, MAINTENANCE_DB);
    let created = server::probe(&maintenance)
        .and_then(|mut conn| server::ensure_database(&mut conn, &database));
    match created {
        Ok(true) => tracing::info!(database, "created the configured database"),
        Ok(false) => {}
        Err(error) => tracing::warn!(
            database,
            error = format!("{error:#}"),
            "the configured database does not answer and could not be created"
        ),
    }
}

/// Uses the server at `base` (no database in the URL), creating `database` if missing.
fn use_local_server(base: &str, database: &str) -> anyhow::Result<SecretString> {
    let maintenance = Url::parse(&format!("{base}/{MAINTENANCE_DB}"))?;
    let mut conn = server::probe(&maintenance)?;
    server::ensure_database(&mut conn, database)?;
    Ok(SecretString::from(format!("{base}/{database}")))
}

fn parse(url: &SecretString) -> anyhow::Result<Url> {
    Ok(Url::parse(url.expose_secret())?)
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt as _;

    use super::*;

    /// Nothing listens on port 1, so the "local server" step fails fast.
    const NO_SERVER: &str = "postgres://postgres@127.0.0.1:1";

    #[test]
    fn without_a_server_a_private_cluster_is_started_and_shut_down() {
        if !PrivateCluster::binaries_available() {
            return;
        }
        let state = tempfile::tempdir().unwrap();
        std::fs::set_permissions(state.path(), std::fs::Permissions::from_mode(0o755)).unwrap();

        let provisioned = provision_with(None, state.path(), "tastebuds_dev", NO_SERVER).unwrap();
        let data_dir = std::fs::canonicalize(state.path()).unwrap().join("pgdata");
        assert_eq!(
            provisioned.origin,
            DatabaseOrigin::PrivateCluster { data_dir }
        );
        assert!(provisioned.url.expose_secret().ends_with("/tastebuds_dev"));
        drop(crate::connect(&provisioned.url).unwrap());

        // A second start while it runs reuses it and leaves it to its starter.
        let reused = provision_with(None, state.path(), "tastebuds_dev", NO_SERVER).unwrap();
        assert_eq!(reused.url.expose_secret(), provisioned.url.expose_secret());
        reused.shutdown().unwrap();
        assert!(PrivateCluster::running(state.path()).unwrap().is_some());

        provisioned.shutdown().unwrap();
        assert!(PrivateCluster::running(state.path()).unwrap().is_none());
    }

    #[test]
    fn dropping_a_provisioned_cluster_stops_it() {
        if !PrivateCluster::binaries_available() {
            return;
        }
        let state = tempfile::tempdir().unwrap();
        std::fs::set_permissions(state.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        drop(provision_with(None, state.path(), "tastebuds", NO_SERVER).unwrap());
        assert!(PrivateCluster::running(state.path()).unwrap().is_none());
    }
}
