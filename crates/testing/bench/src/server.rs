//! The measured server: the release binary as a child process, its output in a log file.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use secrecy::{ExposeSecret as _, SecretString};
use tokio::process::{Child, Command};

/// A running `tastebuds serve`.
pub struct ServerProcess {
    child: Child,
    port: u16,
    /// From spawn to the first `200` of `/health`.
    pub cold_start: Duration,
}

/// How to start the server.
pub struct Launch<'a> {
    /// The binary.
    pub binary: &'a Path,
    /// Its database.
    pub database_url: &'a SecretString,
    /// bcrypt cost for new hashes.
    pub bcrypt_cost: u32,
    /// The TMDB root the server ingests from (the local double).
    pub tmdb_base_url: &'a str,
    /// Where its stdout and stderr go.
    pub log: PathBuf,
}

impl ServerProcess {
    /// Starts the binary on a free port (rate limits off, logging at `info` as in
    /// production) and waits for `/health`.
    ///
    /// # Errors
    /// Fails when the binary is missing or does not come up within 10 s.
    pub async fn start(launch: &Launch<'_>) -> anyhow::Result<Self> {
        if !launch.binary.is_file() {
            bail!(
                "{} not found: build it first (`cargo build --release -p tastebuds`)",
                launch.binary.display()
            );
        }
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let secret: String = (0..48)
            .map(|_| rand::random_range(b'a'..=b'z') as char)
            .collect();
        let log = std::fs::File::create(&launch.log)?;
        let started = Instant::now();
        let child = Command::new(launch.binary)
            .arg("serve")
            .env("DATABASE_URL", launch.database_url.expose_secret())
            .env("PORT", port.to_string())
            .env("TASTEBUDS__AUTH__JWT_SECRET", secret)
            .env(
                "TASTEBUDS__AUTH__BCRYPT_COST",
                launch.bcrypt_cost.to_string(),
            )
            .env("TASTEBUDS__RATE_LIMIT__ENABLED", "false")
            .env("TASTEBUDS__SOURCES__TMDB__BASE_URL", launch.tmdb_base_url)
            .env("TASTEBUDS__SOURCES__TMDB__API_KEY", "bench-key")
            .env("RUST_LOG", "info")
            .stdout(log.try_clone()?)
            .stderr(log)
            .kill_on_drop(true)
            .spawn()
            .with_context(|| format!("starting {}", launch.binary.display()))?;
        let mut server = Self {
            child,
            port,
            cold_start: Duration::ZERO,
        };
        if let Err(error) = server.wait_until_up().await {
            let log = std::fs::read_to_string(&launch.log).unwrap_or_default();
            let tail: Vec<&str> = log.lines().rev().take(20).collect();
            let tail: Vec<&str> = tail.into_iter().rev().collect();
            return Err(error.context(tail.join("\n")));
        }
        server.cold_start = started.elapsed();
        Ok(server)
    }

    /// `http://127.0.0.1:<port>`.
    #[must_use]
    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The server's process id.
    #[must_use]
    pub fn pid(&self) -> Option<u32> {
        self.child.id()
    }

    /// Stops the server with SIGTERM (kill on drop as a fallback).
    pub async fn stop(mut self) {
        if let Some(pid) = self.child.id() {
            let _ = Command::new("kill").arg(pid.to_string()).status().await;
        }
        let _ = tokio::time::timeout(Duration::from_secs(10), self.child.wait()).await;
    }

    async fn wait_until_up(&mut self) -> anyhow::Result<()> {
        let client = reqwest::Client::new();
        let url = format!("{}/health", self.base_url());
        for _ in 0..1_000 {
            if client
                .get(&url)
                .send()
                .await
                .is_ok_and(|r| r.status().is_success())
            {
                return Ok(());
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                bail!("the server exited ({status}) before answering {url}");
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        bail!("the server did not answer {url} within 10 s")
    }
}
