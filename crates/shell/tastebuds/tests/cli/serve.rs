//! The real server over TCP: in-process, and `tastebuds serve` until SIGTERM.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use secrecy::ExposeSecret as _;
use serde_json::{Value, json};
use tastebuds_http::{Application, Settings};
use tastebuds_testkit::TestDb;

use crate::{Reap, free_port, tastebuds};

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
