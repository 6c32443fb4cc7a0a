//! The measured server: the release binary as a child process.

use std::net::TcpListener;
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use anyhow::{Context as _, bail};
use secrecy::{ExposeSecret as _, SecretString};
use tokio::process::{Child, Command};

/// A running `tastebuds serve`.
pub(crate) struct ServerProcess {
    child: Child,
    port: u16,
}

impl ServerProcess {
    /// Starts the binary on a free port against `database_url` and waits for `/health`.
    pub(crate) async fn start(
        binary: &Path,
        database_url: &SecretString,
        bcrypt_cost: u32,
    ) -> anyhow::Result<Self> {
        if !binary.is_file() {
            bail!(
                "{} not found: build it first (`cargo build --release -p tastebuds`)",
                binary.display()
            );
        }
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let secret: String = (0..48)
            .map(|_| rand::random_range(b'a'..=b'z') as char)
            .collect();
        let child = Command::new(binary)
            .arg("serve")
            .env("DATABASE_URL", database_url.expose_secret())
            .env("PORT", port.to_string())
            .env("TASTEBUDS__AUTH__JWT_SECRET", secret)
            .env("TASTEBUDS__AUTH__BCRYPT_COST", bcrypt_cost.to_string())
            .env("TASTEBUDS__RATE_LIMIT__ENABLED", "false")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .with_context(|| format!("starting {}", binary.display()))?;
        let server = Self { child, port };
        server.wait_until_up().await?;
        Ok(server)
    }

    /// `http://127.0.0.1:<port>`.
    pub(crate) fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Resident memory of the server process, from `/proc` (Linux only).
    pub(crate) fn rss_kib(&self) -> Option<u64> {
        let pid = self.child.id()?;
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
        status
            .lines()
            .find_map(|line| line.strip_prefix("VmRSS:"))
            .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
    }

    /// Stops the server with SIGTERM-like semantics (kill on drop as a fallback).
    pub(crate) async fn stop(mut self) {
        if let Some(pid) = self.child.id() {
            let _ = Command::new("kill").arg(pid.to_string()).status().await;
        }
        let _ = tokio::time::timeout(Duration::from_secs(10), self.child.wait()).await;
    }

    async fn wait_until_up(&self) -> anyhow::Result<()> {
        let client = reqwest::Client::new();
        let url = format!("{}/health", self.base_url());
        for _ in 0..200 {
            if client
                .get(&url)
                .send()
                .await
                .is_ok_and(|r| r.status().is_success())
            {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        bail!("the server did not answer {url} within 10 s")
    }
}

/// Registers the benchmark user and returns its access token.
pub(crate) async fn register(
    client: &reqwest::Client,
    base: &str,
    credentials: &serde_json::Value,
) -> anyhow::Result<String> {
    let response = client
        .post(format!("{base}/api/auth/register"))
        .json(credentials)
        .send()
        .await?
        .error_for_status()
        .context("registering the benchmark user")?;
    let body: serde_json::Value = response.json().await?;
    body.get("access_token")
        .and_then(serde_json::Value::as_str)
        .map(str::to_owned)
        .context("register answered without an access_token")
}

/// Creates a public menu of `courses` courses of `per_course` items each (items taken in
/// turn from `media`) as the benchmark user; returns its slug.
pub(crate) async fn public_menu(
    client: &reqwest::Client,
    base: &str,
    token: &str,
    media: &[String],
    (courses, per_course): (usize, usize),
) -> anyhow::Result<String> {
    let courses: Vec<serde_json::Value> = (0..courses)
        .map(|c| {
            let items: Vec<serde_json::Value> = (0..per_course)
                .map(|i| {
                    let media_id = &media[(c * per_course + i) % media.len()];
                    serde_json::json!({"media_item_id": media_id, "position": i + 1})
                })
                .collect();
            serde_json::json!({"title": format!("Course {}", c + 1), "position": c + 1, "items": items})
        })
        .collect();
    let response = client
        .post(format!("{base}/api/menus"))
        .bearer_auth(token)
        .json(&serde_json::json!({"title": "Bench menu", "is_public": true, "courses": courses}))
        .send()
        .await?
        .error_for_status()
        .context("creating the benchmark menu")?;
    let body: serde_json::Value = response.json().await?;
    body.get("slug")
        .and_then(serde_json::Value::as_str)
        .map(str::to_owned)
        .context("menu creation answered without a slug")
}

/// Fills the benchmark user's library through the API: a state on each of `items`
/// (every fifth also gets a `progress` log), so `GET /api/me/library` has that many
/// entries.
pub(crate) async fn fill_library(
    client: &reqwest::Client,
    base: &str,
    token: &str,
    items: &[String],
) -> anyhow::Result<()> {
    let statuses = [
        "want_to_consume",
        "currently_consuming",
        "paused",
        "consumed",
        "dropped",
    ];
    for (n, item) in items.iter().enumerate() {
        let status = statuses[n % statuses.len()];
        client
            .put(format!("{base}/api/me/states/{item}"))
            .bearer_auth(token)
            .json(&serde_json::json!({"status": status, "rating": n % 11}))
            .send()
            .await?
            .error_for_status()
            .context("putting a library state")?;
        if n % 5 == 0 {
            client
                .post(format!("{base}/api/me/logs"))
                .bearer_auth(token)
                .json(&serde_json::json!({"media_item_id": item, "log_type": "progress"}))
                .send()
                .await?
                .error_for_status()
                .context("recording a library log")?;
        }
    }
    Ok(())
}
