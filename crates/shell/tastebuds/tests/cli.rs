//! The binary: help texts, the healthcheck probe, and smoke tests of the real server
//! over TCP.

#![expect(
    clippy::expect_used,
    reason = "test helpers outside #[test] functions panic on broken fixtures"
)]

use std::fs::{self, File};
use std::net::TcpListener;
use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::time::{Duration, Instant};

use secrecy::ExposeSecret as _;
use serde_json::{Value, json};
use tastebuds_http::{Application, Settings};
use tastebuds_postgres::provision::{
    CLUSTERS_DIR_VAR, LOCAL_SERVER_URL_VAR, PG_VERSIONS_DIR_VAR, PrivateCluster,
};
use tastebuds_testkit::TestDb;

/// The binary, with a clean environment (only what a test sets).
fn tastebuds(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tastebuds"));
    command.args(args).env_clear();
    command
}

fn run(args: &[&str]) -> Output {
    tastebuds(args).output().expect("run the binary")
}

/// A port nothing listens on (free a moment ago).
fn free_port() -> u16 {
    TcpListener::bind(("127.0.0.1", 0))
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port()
}

#[test]
fn help_lists_the_subcommands() {
    let output = run(&["--help"]);

    assert!(output.status.success());
    let help = String::from_utf8_lossy(&output.stdout);
    for subcommand in ["serve", "migrate", "healthcheck"] {
        assert!(help.contains(subcommand), "{help}");
    }
}

#[test]
fn every_subcommand_has_help() {
    for args in [
        &["serve", "--help"][..],
        &["migrate", "--help"],
        &["migrate", "status", "--help"],
        &["migrate", "run", "--help"],
        &["migrate", "revert", "--help"],
        &["healthcheck", "--help"],
    ] {
        let output = run(args);

        assert!(output.status.success(), "{args:?}");
        assert!(!output.stdout.is_empty(), "{args:?}");
    }
    let migrate = String::from_utf8_lossy(&run(&["migrate", "--help"]).stdout).into_owned();
    for action in ["status", "run", "revert"] {
        assert!(migrate.contains(action), "{migrate}");
    }
}

#[test]
fn unknown_subcommands_and_invalid_settings_fail() {
    assert!(!run(&["frobnicate"]).status.success());

    let output = tastebuds(&["healthcheck"])
        .env("PORT", "not-a-port")
        .output()
        .expect("run the binary");
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("settings"));
}

#[test]
fn healthcheck_fails_when_nothing_listens() {
    let output = tastebuds(&["healthcheck", "--timeout-secs", "1"])
        .env("PORT", free_port().to_string())
        .output()
        .expect("run the binary");

    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("unhealthy"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn application_serves_health_over_tcp_and_healthcheck_sees_it() {
    // Arrange
    let db = TestDb::new();
    let mut settings = Settings::default();
    settings.server.port = 0;
    let settings = settings.validate().expect("valid settings");
    let application = Application::build(&settings, db.pool())
        .await
        .expect("bind a port");
    let port = application.port();
    let handle = application.handle();
    let server = tokio::spawn(application.run_until_stopped());
    let client = reqwest::Client::new();

    // Act
    let live = client
        .get(format!("http://127.0.0.1:{port}/health"))
        .send()
        .await
        .expect("GET /health");
    let ready = client
        .get(format!("http://127.0.0.1:{port}/api/health"))
        .send()
        .await
        .expect("GET /api/health");
    let probe = tokio::task::spawn_blocking(move || {
        tastebuds(&["healthcheck"])
            .env("PORT", port.to_string())
            .output()
            .expect("run the binary")
    })
    .await
    .expect("probe task");

    // Assert
    assert_eq!(live.status(), 200);
    assert!(live.headers().contains_key("x-request-id"));
    assert_eq!(
        live.json::<Value>().await.expect("JSON"),
        json!({"status": "ok"})
    );
    assert_eq!(ready.status(), 200);
    assert_eq!(
        ready.json::<Value>().await.expect("JSON"),
        json!({"status": "ok"})
    );
    assert!(
        probe.status.success(),
        "{}",
        String::from_utf8_lossy(&probe.stderr)
    );

    handle.stop(true).await;
    server.await.expect("server task").expect("server result");
}

/// Kills the child if the test fails before it exits.
struct Reap(Child);

impl Drop for Reap {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn serve_migrates_serves_and_stops_gracefully_on_sigterm() {
    let db = TestDb::new();
    let port = free_port();
    let child = tastebuds(&["serve"])
        .env("DATABASE_URL", db.url().expose_secret())
        .env("PORT", port.to_string())
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start tastebuds serve");
    let mut child = Reap(child);

    let deadline = Instant::now() + Duration::from_secs(30);
    let ready = loop {
        let probe = tastebuds(&["healthcheck", "--timeout-secs", "1"])
            .env("PORT", port.to_string())
            .output()
            .expect("run the binary");
        if probe.status.success() || Instant::now() > deadline {
            break probe.status.success();
        }
        assert!(
            child.0.try_wait().expect("child status").is_none(),
            "serve exited early"
        );
        std::thread::sleep(Duration::from_millis(200));
    };
    assert!(ready, "serve never answered /health");

    let terminated = Command::new("kill")
        .args(["-TERM", &child.0.id().to_string()])
        .status()
        .expect("send SIGTERM");
    assert!(terminated.success());
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = child.0.try_wait().expect("child status") {
            break Some(status);
        }
        if Instant::now() > deadline {
            break None;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(
        status.is_some_and(|status| status.success()),
        "serve did not stop cleanly: {status:?}"
    );
}

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

#[test]
fn migrate_lists_applies_and_reverts_one() {
    let db = TestDb::empty();
    let migrate = |action: &str| {
        let output = tastebuds(&["migrate", action])
            .env("DATABASE_URL", db.url().expose_secret())
            .env("RUST_LOG", "warn")
            .output()
            .expect("run the binary");
        assert!(
            output.status.success(),
            "migrate {action}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    };

    let before = migrate("status");
    let total = before
        .lines()
        .filter(|line| line.contains("pending"))
        .count()
        - 1;
    assert!(total > 0, "{before}");
    assert!(
        before.contains(&format!("{total} migrations, {total} pending")),
        "{before}"
    );

    let applied = migrate("run");
    assert_eq!(
        applied
            .lines()
            .filter(|line| line.starts_with("applied"))
            .count(),
        total
    );
    assert!(migrate("status").contains(&format!("{total} migrations, 0 pending")));

    let reverted = migrate("revert");
    assert!(reverted.starts_with("reverted"), "{reverted}");
    assert!(migrate("status").contains(&format!("{total} migrations, 1 pending")));
    assert!(migrate("run").starts_with("applied"));
}

#[test]
fn ingest_help_shows_both_forms_and_the_flags() {
    let output = run(&["ingest", "--help"]);

    assert!(output.status.success());
    let help = String::from_utf8_lossy(&output.stdout);
    for needle in [
        "<SOURCE>",
        "[IDENTIFIERS]...",
        "--search <QUERY>",
        "--max-results <N>",
        "--force-refresh",
        "created N, updated N, unchanged N, failed N",
    ] {
        assert!(help.contains(needle), "{needle} missing from {help}");
    }
    assert!(!run(&["ingest", "spotify", "x"]).status.success());
    assert!(
        !run(&["ingest", "tmdb"]).status.success(),
        "identifiers or --search"
    );
    let ignored = run(&["ingest", "tmdb", "movie:603", "--max-results", "3"]);
    assert_eq!(
        ignored.status.code(),
        Some(2),
        "--max-results needs --search"
    );
    assert!(
        String::from_utf8_lossy(&ignored.stderr).contains("--max-results"),
        "{}",
        String::from_utf8_lossy(&ignored.stderr)
    );
}

/// A recorded Google Books body, shared with the HTTP shell's tests.
macro_rules! google_fixture {
    ($name:literal) => {
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../http/tests/fixtures/google-books/",
            $name
        ))
    };
}

/// `tastebuds ingest <args>` on `db`, with Google Books at `upstream`; returns the exit
/// code and stdout.
async fn ingest(db: &TestDb, upstream: &wiremock::MockServer, args: &[&str]) -> (i32, String) {
    let mut command = tastebuds(&[&["ingest", "google_books"][..], args].concat());
    command
        .env("DATABASE_URL", db.url().expose_secret())
        .env(
            "TASTEBUDS__SOURCES__GOOGLE_BOOKS__BASE_URL",
            format!("{}/books/v1", upstream.uri()),
        )
        .env("TASTEBUDS__SOURCES__HTTP__MAX_RETRIES", "0")
        .env("RUST_LOG", "error");
    let output = tokio::task::spawn_blocking(move || command.output().expect("run the binary"))
        .await
        .expect("the binary's task");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.code().is_some(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.code().unwrap_or(-1), stdout)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ingest_stores_records_reports_each_and_fails_when_one_fails() {
    use wiremock::matchers::{method, path, query_param};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    // Arrange
    let db = TestDb::new();
    let upstream = MockServer::start().await;
    let json = |status: u16, body: &str| {
        ResponseTemplate::new(status).set_body_raw(body.to_owned(), "application/json")
    };
    Mock::given(method("GET"))
        .and(path("/books/v1/volumes/B1hSG45JCX4C"))
        .respond_with(json(200, google_fixture!("volume_B1hSG45JCX4C.json")))
        .expect(2) // created, then force-refreshed; the search hit is found stored
        .mount(&upstream)
        .await;
    Mock::given(method("GET"))
        .and(path("/books/v1/volumes/doesNotExist1"))
        .respond_with(json(
            404,
            google_fixture!("error_404_volume_not_found.json"),
        ))
        .expect(1)
        .mount(&upstream)
        .await;
    Mock::given(method("GET"))
        .and(path("/books/v1/volumes"))
        .and(query_param("q", "dune"))
        .and(query_param("maxResults", "1"))
        .respond_with(json(200, google_fixture!("volumes_search_dune.json")))
        .expect(1)
        .mount(&upstream)
        .await;

    // Act
    let (first_code, first) = ingest(&db, &upstream, &["B1hSG45JCX4C", "doesNotExist1"]).await;
    let (search_code, searched) =
        ingest(&db, &upstream, &["--search", "dune", "--max-results", "1"]).await;
    let (refresh_code, refreshed) =
        ingest(&db, &upstream, &["--force-refresh", "B1hSG45JCX4C"]).await;

    // Assert
    assert_eq!(first_code, 1, "{first}");
    assert!(
        first.contains("created 1, updated 0, unchanged 0, failed 1"),
        "{first}"
    );
    assert!(
        first
            .lines()
            .any(|line| line.starts_with("created") && line.contains("Dune")),
        "{first}"
    );
    assert!(
        first
            .lines()
            .any(|line| line.starts_with("failed") && line.contains("doesNotExist1: ")),
        "{first}"
    );
    assert_eq!(search_code, 0, "{searched}");
    assert!(
        searched.contains("created 0, updated 0, unchanged 1, failed 0"),
        "{searched}"
    );
    assert_eq!(refresh_code, 0, "{refreshed}");
    assert!(
        refreshed.contains("created 0, updated 1, unchanged 0, failed 0"),
        "{refreshed}"
    );
}
