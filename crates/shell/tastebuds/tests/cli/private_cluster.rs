//! The zero-configuration ladder's last rungs: a private cluster when there is no
//! database anywhere, and the advice when there are no PostgreSQL binaries either.

use std::fs::{self, File};
use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use tastebuds_postgres::provision::{
    CLUSTERS_DIR_VAR, LOCAL_SERVER_URL_VAR, PG_VERSIONS_DIR_VAR, PrivateCluster,
};

use crate::{Reap, free_port, tastebuds};

/// A temporary directory with the given mode.
fn temp_dir_with_mode(mode: u32) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(mode)).expect("chmod");
    dir
}

/// A "local server" URL on which nothing listens.
fn no_local_server() -> String {
    format!("postgres://postgres@127.0.0.1:{}", free_port())
}

/// The data directories a private cluster for `checkout` may have: its own state
/// directory's, and any under `clusters` (where a root process relocates it).
fn cluster_data_dirs(checkout: &Path, clusters: &Path) -> Vec<PathBuf> {
    let relocated = fs::read_dir(clusters)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|entry| entry.path().join("pgdata"));
    std::iter::once(checkout.join(".tastebuds").join("pgdata"))
        .chain(relocated)
        .filter(|dir| dir.is_dir())
        .collect()
}

/// On drop, fast-stops any server still running from those data directories (its
/// postmaster gets SIGINT), so a test failing half-way leaves no cluster behind.
struct StopStrayClusters {
    checkout: PathBuf,
    clusters: PathBuf,
}

impl Drop for StopStrayClusters {
    fn drop(&mut self) {
        for data_dir in cluster_data_dirs(&self.checkout, &self.clusters) {
            let pid_file = data_dir.join("postmaster.pid");
            let Some(pid) = fs::read_to_string(&pid_file)
                .ok()
                .and_then(|text| text.lines().next().map(str::to_owned))
            else {
                continue;
            };
            let _ = Command::new("kill").args(["-INT", &pid]).status();
            let deadline = Instant::now() + Duration::from_secs(10);
            while pid_file.exists() && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(100));
            }
        }
    }
}

/// Polls `url` until it answers 200 (true), or until `child` exits or 30 s pass (false).
async fn answers_200(client: &reqwest::Client, url: &str, child: &mut Child) -> bool {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if let Ok(response) = client.get(url).send().await
            && response.status() == 200
        {
            return true;
        }
        if child.try_wait().expect("child status").is_some() {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}

/// Sends SIGTERM and waits up to 30 s for the exit status.
async fn terminate(child: &mut Child) -> Option<ExitStatus> {
    let sent = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("send SIGTERM");
    assert!(sent.success());
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if let Some(status) = child.try_wait().expect("child status") {
            return Some(status);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    None
}

/// The zero-configuration ladder's last rung, end to end: no `DATABASE_URL`, nothing on
/// the local server's port, a checkout in a directory only its owner may enter (like
/// one under `/root`, which the unprivileged user a root process runs PostgreSQL as
/// cannot reach).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_with_no_database_anywhere_runs_a_private_cluster_and_stops_it_on_sigterm() {
    if !PrivateCluster::binaries_available() {
        return; // needs initdb and pg_ctl
    }
    // Arrange
    let home = temp_dir_with_mode(0o700);
    let as_root = fs::metadata(home.path()).expect("stat").uid() == 0;
    let checkout = home.path().join("checkout");
    fs::create_dir(&checkout).expect("the checkout");
    let clusters = temp_dir_with_mode(0o755);
    let _strays = StopStrayClusters {
        checkout: checkout.clone(),
        clusters: clusters.path().to_path_buf(),
    };
    let log = home.path().join("serve.log");
    let port = free_port();
    let child = tastebuds(&["serve"])
        .current_dir(&checkout)
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env(LOCAL_SERVER_URL_VAR, no_local_server())
        .env(CLUSTERS_DIR_VAR, clusters.path())
        .env("PORT", port.to_string())
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(File::create(&log).expect("the log file"))
        .spawn()
        .expect("start tastebuds serve");
    let mut child = Reap(child);
    let client = reqwest::Client::new();

    // Act
    let ready = answers_200(
        &client,
        &format!("http://127.0.0.1:{port}/api/health"),
        &mut child.0,
    )
    .await;
    let live = client
        .get(format!("http://127.0.0.1:{port}/health"))
        .send()
        .await
        .map(|response| response.status());
    let status = terminate(&mut child.0).await;

    // Assert
    let log = fs::read_to_string(&log).expect("the server's log");
    assert!(ready, "/api/health never answered 200:\n{log}");
    assert_eq!(live.expect("GET /health"), 200);
    assert!(
        status.is_some_and(|status| status.success()),
        "serve did not stop cleanly ({status:?}):\n{log}"
    );
    let data_dirs = cluster_data_dirs(&checkout, clusters.path());
    assert_eq!(data_dirs.len(), 1, "{data_dirs:?}");
    let data_dir = &data_dirs[0];
    assert!(data_dir.join("PG_VERSION").is_file(), "the data stays");
    assert!(
        !data_dir.join("postmaster.pid").exists(),
        "the cluster is stopped"
    );
    for said in [
        "started a PRIVATE PostgreSQL cluster",
        &data_dir.display().to_string(),
        "stopped the private PostgreSQL cluster",
    ] {
        assert!(log.contains(said), "the log does not say {said:?}:\n{log}");
    }
    if as_root {
        let cluster_dir = data_dir.parent().expect("the cluster directory");
        assert!(data_dir.starts_with(clusters.path()), "{data_dir:?}");
        assert_eq!(
            fs::read_link(checkout.join(".tastebuds").join("cluster")).expect("a link"),
            cluster_dir
        );
        let metadata = fs::metadata(data_dir).expect("stat");
        assert_eq!(metadata.mode() & 0o777, 0o700);
        assert_ne!(
            metadata.uid(),
            0,
            "the data belongs to the unprivileged user"
        );
    }
}

#[test]
fn serve_with_no_database_and_no_postgresql_binaries_names_both_ways_to_get_one() {
    let checkout = temp_dir_with_mode(0o700);
    let output = tastebuds(&["serve"]) // no PATH: nothing found on it
        .current_dir(checkout.path())
        .env(LOCAL_SERVER_URL_VAR, no_local_server())
        .env(PG_VERSIONS_DIR_VAR, "")
        .env("PORT", free_port().to_string())
        .output()
        .expect("run the binary");

    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    for said in [
        "no PostgreSQL database available",
        "no initdb/pg_ctl on PATH",
        "docker compose up db",
        "install PostgreSQL",
    ] {
        assert!(stderr.contains(said), "{said:?} missing from {stderr}");
    }
    assert!(!checkout.path().join(".tastebuds").join("pgdata").exists());
}
