//! Zero-configuration provisioning against the local server, and the private cluster.

use std::os::unix::fs::PermissionsExt as _;
use std::time::Duration;

use diesel::RunQueryDsl as _;
use secrecy::{ExposeSecret as _, SecretString};
use tastebuds_postgres::provision::{
    ClusterOptions, DatabaseOrigin, PrivateCluster, ProvisionError, provision,
};
use tastebuds_testkit::TestDb;

use crate::support::count;

/// How long a configured server that refuses connections is waited for.
const WAIT: Duration = Duration::from_millis(1_200);

/// A temporary directory other users can traverse (the cluster may run as `postgres`).
fn shared_temp_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    dir
}

/// A random database name, dropped on the local server by the guard.
struct ScratchDatabase(String);

impl Drop for ScratchDatabase {
    fn drop(&mut self) {
        let admin = SecretString::from("postgres://postgres@127.0.0.1:5432/postgres");
        if let Ok(mut conn) = tastebuds_postgres::connect(&admin) {
            let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.0))
                .execute(&mut conn);
        }
    }
}

fn scratch() -> ScratchDatabase {
    let db = TestDb::new(); // a unique name the sweeper also recognizes
    ScratchDatabase(format!("{}_p", db.name()))
}

fn mode(path: &std::path::Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn local_server_answers() -> bool {
    tastebuds_postgres::connect(&SecretString::from(
        "postgres://postgres@127.0.0.1:5432/postgres",
    ))
    .is_ok()
}

#[test]
fn a_configured_url_is_used_and_its_database_created() {
    if !local_server_answers() {
        return; // needs the shared server on 127.0.0.1:5432
    }
    let scratch = scratch();
    let url = SecretString::from(format!("postgres://postgres@127.0.0.1:5432/{}", scratch.0));
    let state = shared_temp_dir();
    let provisioned = provision(Some(&url), WAIT, state.path(), "ignored").unwrap();
    assert_eq!(provisioned.origin, DatabaseOrigin::Configured);
    assert_eq!(provisioned.url.expose_secret(), url.expose_secret());
    let mut conn = tastebuds_postgres::connect(&provisioned.url).unwrap();
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
        ),
        0
    );
    assert!(
        !state.path().join("pgdata").exists(),
        "no private cluster for a configured URL"
    );
    provisioned.shutdown().unwrap();
}

#[test]
fn a_configured_server_that_refuses_is_waited_for_then_named_with_the_cause() {
    let url = TestDb::unreachable_url();
    let state = shared_temp_dir();
    let error = provision(Some(&url), WAIT, state.path(), "tastebuds").unwrap_err();
    let ProvisionError::Configured { url: shown, cause } = &error else {
        panic!("expected Configured, got {error:?}");
    };
    assert_eq!(shown, url.expose_secret());
    assert!(cause.starts_with("no answer within 1.2 s"), "{cause}");
    assert!(cause.contains("Connection refused"), "{cause}");
    let line = error.to_string();
    assert!(!line.contains('\n'), "{line}");
    assert!(
        line.contains("postgres://USER:PASSWORD@HOST:PORT/DATABASE"),
        "{line}"
    );
}

#[test]
fn a_configured_unknown_role_fails_at_once_on_one_line() {
    if !local_server_answers() {
        return;
    }
    let url = SecretString::from(
        "postgres://no_such_role_tb:secret-pw@127.0.0.1:5432/postgres".to_owned(),
    );
    let state = shared_temp_dir();
    // A long wait: only a retry would use it.
    let started = std::time::Instant::now();
    let error = provision(Some(&url), Duration::from_secs(120), state.path(), "x").unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(60), "not retried");
    let line = error.to_string();
    assert!(
        line.contains("role \"no_such_role_tb\" does not exist"),
        "{line}"
    );
    assert!(line.contains("no_such_role_tb:***@127.0.0.1"), "{line}");
    assert!(
        !line.contains("secret-pw") && !line.contains('\n'),
        "{line}"
    );
}

/// A login role without CREATEDB on the local server, dropped by the guard.
struct ScratchRole(String);

impl Drop for ScratchRole {
    fn drop(&mut self) {
        let admin = SecretString::from("postgres://postgres@127.0.0.1:5432/postgres");
        if let Ok(mut conn) = tastebuds_postgres::connect(&admin) {
            let _ = diesel::sql_query(format!("DROP ROLE IF EXISTS {}", self.0)).execute(&mut conn);
        }
    }
}

#[test]
fn a_configured_database_that_cannot_be_created_is_named_with_the_cause() {
    if !local_server_answers() {
        return;
    }
    let role = ScratchRole(format!("{}_role", scratch().0));
    let admin = SecretString::from("postgres://postgres@127.0.0.1:5432/postgres");
    let mut conn = tastebuds_postgres::connect(&admin).unwrap();
    diesel::sql_query(format!("CREATE ROLE {} LOGIN NOCREATEDB", role.0))
        .execute(&mut conn)
        .unwrap();
    let url = SecretString::from(format!(
        "postgres://{}@127.0.0.1:5432/{}_db",
        role.0, role.0
    ));
    let state = shared_temp_dir();

    let error = provision(Some(&url), WAIT, state.path(), "x").unwrap_err();

    let line = error.to_string();
    assert!(
        line.contains("does not exist and could not be created"),
        "{line}"
    );
    assert!(line.contains("permission denied"), "{line}");
    assert!(!line.contains('\n'), "{line}");
}

#[test]
fn without_configuration_the_local_server_is_used() {
    if !local_server_answers() {
        return;
    }
    let scratch = scratch();
    let state = shared_temp_dir();
    let provisioned = provision(None, WAIT, state.path(), &scratch.0).unwrap();
    assert_eq!(provisioned.origin, DatabaseOrigin::LocalServer);
    assert_eq!(
        provisioned.url.expose_secret(),
        format!("postgres://postgres@127.0.0.1:5432/{}", scratch.0)
    );
    tastebuds_postgres::connect(&provisioned.url).unwrap();
    // A second call finds the database already there.
    let again = provision(None, WAIT, state.path(), &scratch.0).unwrap();
    assert_eq!(again.origin, DatabaseOrigin::LocalServer);
}

#[test]
fn a_private_cluster_starts_is_reused_and_stops() {
    if !PrivateCluster::binaries_available() {
        return;
    }
    let dir = shared_temp_dir();
    let options = ClusterOptions::new().setting("fsync", "off");
    let cluster = PrivateCluster::start(dir.path(), &options).unwrap();
    assert!(cluster.started_here());
    let port = cluster.port();
    // A directory the server's user can reach keeps the cluster; only the data
    // directory and the log are closed to others.
    let canonical = std::fs::canonicalize(dir.path()).unwrap();
    assert_eq!(cluster.dir(), canonical);
    assert_eq!(cluster.data_dir(), canonical.join("pgdata"));
    assert_eq!(mode(cluster.data_dir()), 0o700);
    assert_eq!(mode(&cluster.log_file()), 0o600);
    assert!(!canonical.join("cluster").exists(), "nothing was relocated");
    let mut conn = tastebuds_postgres::connect(&cluster.url_for("postgres")).unwrap();
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) FROM pg_settings WHERE name = 'fsync' AND setting = 'off'"
        ),
        1
    );
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) FROM pg_database WHERE datname = 'postgres' AND encoding = pg_char_to_encoding('UTF8')"
        ),
        1
    );
    drop(conn);

    let reused = PrivateCluster::start(dir.path(), &options).unwrap();
    assert!(!reused.started_here());
    assert_eq!(reused.port(), port);
    assert!(PrivateCluster::running(dir.path()).unwrap().is_some());

    cluster.stop().unwrap();
    assert!(PrivateCluster::running(dir.path()).unwrap().is_none());
    assert!(tastebuds_postgres::connect(&reused.url_for("postgres")).is_err());

    // Restarting reuses the data and, while still free, the remembered port.
    let restarted = PrivateCluster::start(dir.path(), &options).unwrap();
    assert!(restarted.started_here());
    assert_eq!(restarted.port(), port);
    restarted.stop().unwrap();
}

#[test]
fn no_database_tells_the_user_both_ways_to_get_one() {
    let error = ProvisionError::NoDatabase {
        tried: vec!["postgres://postgres@127.0.0.1:5432: connection refused".to_owned()],
    };
    let message = error.to_string();
    assert!(message.contains("docker compose up db"), "{message}");
    assert!(message.contains("DATABASE_URL"), "{message}");
    assert!(message.contains("install PostgreSQL"), "{message}");
    assert!(message.contains("connection refused"), "{message}");
}
