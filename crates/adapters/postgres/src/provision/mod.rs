//! Zero-configuration database resolution: use the configured URL, else a PostgreSQL on
//! `127.0.0.1:5432`, else a private cluster started from the local PostgreSQL binaries.
//!
//! Everything here blocks; call it before the async runtime starts or on its blocking
//! pool. The hidden `TASTEBUDS_*` variables re-exported here override what the ladder
//! assumes about the machine (the `host` module says why they exist).

mod binaries;
mod cluster;
mod configured;
mod host;
mod location;
mod run_as;
mod server;

use std::path::{Path, PathBuf};
use std::time::Duration;

use secrecy::{ExposeSecret as _, SecretString};
use url::Url;

use self::binaries::Binaries;
use self::host::Host;

pub use cluster::{ClusterOptions, PrivateCluster};
pub use configured::URL_FORM;
pub use host::{CLUSTERS_DIR_VAR, LOCAL_SERVER_URL_VAR, PG_VERSIONS_DIR_VAR};

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
        /// Its data directory (under the state directory, or where the cluster was
        /// relocated to when the server's user cannot reach that).
        data_dir: PathBuf,
        /// True when this process started it (and stops it on shutdown), false when it
        /// was already running.
        started: bool,
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
    /// The configured URL cannot be used: its server refused the role, the password or
    /// the database, or did not answer in time. One line, password masked.
    #[error("cannot use the database URL {url}: {cause} (expected {URL_FORM})")]
    Configured {
        /// The URL, its password masked.
        url: String,
        /// Why, on one line.
        cause: String,
    },
    /// Something failed on the way (e.g. the private cluster would not start).
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

/// Finds or starts a database (blocking).
///
/// 1. `configured`: checked before use. A server that refuses connections or times out
///    is retried for up to `wait`; when it answers without the database named in the
///    URL, that database is created (through the `postgres` maintenance database); any
///    other failure (an unknown role, a wrong password) ends the call at once.
/// 2. `postgres://postgres@127.0.0.1:5432`: `database` is created if missing.
/// 3. A private cluster under `<state_dir>` (data in `pgdata/`) started from the local
///    `initdb`/`pg_ctl`, or reused when already running; `database` is created if missing.
///    When this process is root and the cluster's unprivileged user cannot reach
///    `state_dir`, the cluster lives under `/var/lib/tastebuds/clusters/` instead (see
///    [`PrivateCluster::start`]).
///
/// [`LOCAL_SERVER_URL_VAR`], [`PG_VERSIONS_DIR_VAR`] and [`CLUSTERS_DIR_VAR`] override
/// the local server's address, where binaries are searched after `PATH`, and where
/// relocated clusters go.
///
/// # Errors
/// [`ProvisionError::Configured`] when the configured URL cannot be used,
/// [`ProvisionError::NoDatabase`] when nothing is configured and none of the others is
/// possible, [`ProvisionError::Other`] when the private cluster or the database creation
/// fails.
pub fn provision(
    configured: Option<&SecretString>,
    wait: Duration,
    state_dir: &Path,
    database: &str,
) -> Result<Provisioned, ProvisionError> {
    provision_on(&Host::from_env(), configured, wait, state_dir, database)
}

/// [`provision`] on the given host facts.
fn provision_on(
    host: &Host,
    configured: Option<&SecretString>,
    wait: Duration,
    state_dir: &Path,
    database: &str,
) -> Result<Provisioned, ProvisionError> {
    let mut tried = Vec::new();
    if let Some(url) = configured {
        configured::check(url, wait)?;
        return Ok(Provisioned {
            url: url.clone(),
            origin: DatabaseOrigin::Configured,
            cluster: None,
        });
    }

    tried.push("no DATABASE_URL configured".to_owned());
    match use_local_server(&host.local_server, database) {
        Ok(url) => {
            return Ok(Provisioned {
                url,
                origin: DatabaseOrigin::LocalServer,
                cluster: None,
            });
        }
        Err(error) => tried.push(format!(
            "{}: {}",
            without_password(&host.local_server),
            one_line(&format!("{error:#}"))
        )),
    }

    if Binaries::locate(host).is_none() {
        tried.push(format!(
            "no initdb/pg_ctl {}",
            cluster::binaries_searched(host)
        ));
        return Err(ProvisionError::NoDatabase { tried });
    }
    let cluster = PrivateCluster::start_on(host, state_dir, &ClusterOptions::new())?;
    let url = cluster.url_for(database);
    let maintenance = parse(&cluster.url_for(MAINTENANCE_DB))?;
    let mut conn = server::probe(&maintenance)?;
    server::ensure_database(&mut conn, database)?;
    let origin = DatabaseOrigin::PrivateCluster {
        data_dir: cluster.data_dir().to_path_buf(),
        started: cluster.started_here(),
    };
    Ok(Provisioned {
        url,
        origin,
        cluster: cluster.started_here().then_some(cluster),
    })
}

/// The database a `postgres://` URL names.
///
/// # Errors
/// When `url` is not a URL (a keyword/value connection string) or names no database.
pub fn database_of(url: &SecretString) -> anyhow::Result<String> {
    let parsed = parse(url).map_err(|_| {
        anyhow::anyhow!(
            "the database URL is not of the form postgres://user:password@host:port/database"
        )
    })?;
    server::database_name(&parsed)
        .ok_or_else(|| anyhow::anyhow!("the database URL names no database (…/database)"))
}

/// Drops the database `url` names, with every connection to it (`WITH (FORCE)`), and
/// creates it again, empty, through the server's `postgres` maintenance database
/// (blocking). Returns its name.
///
/// # Errors
/// As [`database_of`]; a server that does not answer; the `postgres` database itself or
/// a template, which are never dropped; a failed `DROP` or `CREATE`.
pub fn recreate_database(url: &SecretString) -> anyhow::Result<String> {
    let database = database_of(url)?;
    if database == MAINTENANCE_DB || database.starts_with("template") {
        anyhow::bail!(
            "refusing to drop the `{database}` database: it is not an application database"
        );
    }
    let maintenance = server::with_database(&parse(url)?, MAINTENANCE_DB);
    let mut conn = server::probe(&maintenance)?;
    server::drop_database(&mut conn, &database)?;
    server::ensure_database(&mut conn, &database)?;
    Ok(database)
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

/// `text` with its line breaks and runs of spaces collapsed (libpq's messages span
/// lines).
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `url` with its password masked, for messages.
fn without_password(url: &str) -> String {
    match Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            // Only fails for URLs that cannot have a password, and this one has one.
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};

    use super::*;

    /// This machine, except that nothing listens on the "local server"'s port 1, so that
    /// step fails fast.
    fn no_local_server() -> Host {
        Host {
            local_server: "postgres://postgres@127.0.0.1:1".to_owned(),
            ..Host::from_env()
        }
    }

    /// A temporary directory other users can traverse (the cluster may run as `postgres`).
    fn shared_temp_dir() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        dir
    }

    fn private_cluster(origin: &DatabaseOrigin) -> (PathBuf, bool) {
        match origin {
            DatabaseOrigin::PrivateCluster { data_dir, started } => (data_dir.clone(), *started),
            other => panic!("expected a private cluster, got {other:?}"),
        }
    }

    #[test]
    fn without_a_server_a_private_cluster_is_started_and_shut_down() {
        if !PrivateCluster::binaries_available() {
            return;
        }
        let state = shared_temp_dir();
        let host = no_local_server();

        let provisioned =
            provision_on(&host, None, Duration::ZERO, state.path(), "tastebuds_dev").unwrap();
        let data_dir = std::fs::canonicalize(state.path()).unwrap().join("pgdata");
        assert_eq!(
            provisioned.origin,
            DatabaseOrigin::PrivateCluster {
                data_dir,
                started: true
            }
        );
        assert!(provisioned.url.expose_secret().ends_with("/tastebuds_dev"));
        drop(crate::connect(&provisioned.url).unwrap());

        // A second start while it runs reuses it and leaves it to its starter.
        let reused =
            provision_on(&host, None, Duration::ZERO, state.path(), "tastebuds_dev").unwrap();
        assert_eq!(reused.url.expose_secret(), provisioned.url.expose_secret());
        assert!(!private_cluster(&reused.origin).1);
        reused.shutdown().unwrap();
        assert!(
            PrivateCluster::running_on(&host, state.path())
                .unwrap()
                .is_some()
        );

        provisioned.shutdown().unwrap();
        assert!(
            PrivateCluster::running_on(&host, state.path())
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn dropping_a_provisioned_cluster_stops_it() {
        if !PrivateCluster::binaries_available() {
            return;
        }
        let state = shared_temp_dir();
        let host = no_local_server();
        drop(provision_on(&host, None, Duration::ZERO, state.path(), "tastebuds").unwrap());
        assert!(
            PrivateCluster::running_on(&host, state.path())
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn a_state_directory_the_server_user_cannot_reach_gets_its_cluster_elsewhere() {
        if !PrivateCluster::binaries_available() || !nix::unistd::geteuid().is_root() {
            return; // only root hands the server to another user
        }
        let home = tempfile::tempdir().unwrap();
        std::fs::set_permissions(home.path(), std::fs::Permissions::from_mode(0o700)).unwrap(); // like /root
        let state = home.path().join("checkout").join(".tastebuds");
        let clusters = shared_temp_dir();
        let host = Host {
            clusters_dir: clusters.path().join("clusters"),
            ..no_local_server()
        };

        let provisioned = provision_on(&host, None, Duration::ZERO, &state, "tastebuds").unwrap();
        let (data_dir, started) = private_cluster(&provisioned.origin);
        assert!(started);
        let cluster_dir = data_dir.parent().unwrap().to_path_buf();
        let clusters_dir = std::fs::canonicalize(clusters.path())
            .unwrap()
            .join("clusters");
        assert_eq!(cluster_dir.parent(), Some(clusters_dir.as_path()));
        assert!(
            cluster_dir
                .file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("checkout-")
        );
        let metadata = std::fs::metadata(&data_dir).unwrap();
        assert_eq!(metadata.mode() & 0o777, 0o700);
        assert_ne!(
            metadata.uid(),
            0,
            "the data belongs to the unprivileged user"
        );
        assert_eq!(
            std::fs::read_link(state.join(location::POINTER)).unwrap(),
            cluster_dir
        );
        assert!(!state.join("pgdata").exists());
        drop(crate::connect(&provisioned.url).unwrap());
        provisioned.shutdown().unwrap();
        assert!(PrivateCluster::running_on(&host, &state).unwrap().is_none());

        // A restart finds the same cluster (and its data) again, even once the state
        // directory has become reachable.
        std::fs::set_permissions(home.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        let restarted = provision_on(&host, None, Duration::ZERO, &state, "tastebuds").unwrap();
        assert_eq!(private_cluster(&restarted.origin), (data_dir, true));
        assert!(PrivateCluster::running_on(&host, &state).unwrap().is_some());
        restarted.shutdown().unwrap();
        assert!(PrivateCluster::running_on(&host, &state).unwrap().is_none());
    }

    #[test]
    fn without_binaries_the_error_names_what_was_tried() {
        let host = Host {
            path: None,
            pg_versions_dir: None,
            ..no_local_server()
        };
        let state = shared_temp_dir();
        let error =
            provision_on(&host, None, Duration::ZERO, state.path(), "tastebuds").unwrap_err();
        let ProvisionError::NoDatabase { tried } = &error else {
            panic!("expected NoDatabase, got {error:?}");
        };
        assert_eq!(tried.len(), 3, "{tried:?}");
        assert!(
            tried[1].starts_with("postgres://postgres@127.0.0.1:1: "),
            "{tried:?}"
        );
        assert!(!tried[1].contains('\n'), "{tried:?}");
        assert_eq!(tried[2], "no initdb/pg_ctl on PATH");
        assert!(
            error.to_string().contains("docker compose up db"),
            "{error}"
        );
        assert!(!state.path().join("pgdata").exists());
    }

    #[test]
    fn passwords_are_masked_in_messages() {
        assert_eq!(
            without_password("postgres://me:secret@db:5432"),
            "postgres://me:***@db:5432"
        );
        assert_eq!(
            without_password("postgres://me@db:5432"),
            "postgres://me@db:5432"
        );
    }
}
