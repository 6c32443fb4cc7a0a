//! The binary: help texts, the healthcheck probe, and smoke tests of the real server
//! over TCP.

#![expect(
    clippy::expect_used,
    reason = "test helpers outside #[test] functions panic on broken fixtures"
)]

use std::net::TcpListener;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use secrecy::ExposeSecret as _;
use serde_json::{Value, json};
use tastebuds_http::{Application, Settings};
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
