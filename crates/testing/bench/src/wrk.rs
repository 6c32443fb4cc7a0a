//! Driving [wrk](https://github.com/wg/wrk) with `lua/requests.lua` and reading back the
//! summary line the script prints.
//!
//! wrk is a closed-loop generator: each connection sends its next request when the
//! previous answer arrives, so a server stall delays the requests that would have been
//! sent meanwhile instead of counting them as late (coordinated omission). Its
//! percentiles are those of the requests actually sent: under stalls they understate the
//! latency an open-loop client would see. Throughput is the saturation throughput at
//! that many connections.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use anyhow::{Context as _, bail};
use serde::Deserialize;
use tokio::process::Command;

/// The request script, written next to the request files at start-up.
const SCRIPT: &str = include_str!("../lua/requests.lua");

/// Where the script and request files of this run live.
pub struct Workdir {
    dir: PathBuf,
}

impl Workdir {
    /// Creates a fresh directory under the system temporary directory.
    ///
    /// # Errors
    /// Fails when it cannot be written.
    pub fn create() -> anyhow::Result<Self> {
        let dir = std::env::temp_dir().join(format!("tastebuds-bench-{}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join("requests.lua"), SCRIPT)?;
        Ok(Self { dir })
    }

    /// Writes the request file `name` (lines `METHOD\tPATH[\tBODY]`) and returns its path.
    ///
    /// # Errors
    /// Fails when it cannot be written.
    pub fn requests(&self, name: &str, lines: &[String]) -> anyhow::Result<PathBuf> {
        let path = self.dir.join(format!("{name}.txt"));
        std::fs::write(&path, lines.join("\n") + "\n")?;
        Ok(path)
    }

    fn script(&self) -> PathBuf {
        self.dir.join("requests.lua")
    }
}

impl Drop for Workdir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// One wrk run.
pub struct Run<'a> {
    /// `http://127.0.0.1:port`.
    pub base: &'a str,
    /// The request file.
    pub requests: &'a Path,
    /// A bearer token for every request.
    pub token: Option<&'a str>,
    /// Open connections.
    pub connections: usize,
    /// How long.
    pub duration: Duration,
    /// wrk's per-request timeout.
    pub timeout: Duration,
    /// Whether a 503's `Retry-After` holds a connection back that long, as a polite
    /// client does (the login queue answers 503 when it is full).
    pub honour_retry_after: bool,
}

/// What wrk measured.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq)]
pub struct Measured {
    /// Requests completed.
    pub requests: u64,
    /// Wall time, microseconds.
    pub duration_us: u64,
    /// Connect errors.
    pub connect_errors: u64,
    /// Read errors.
    pub read_errors: u64,
    /// Write errors.
    pub write_errors: u64,
    /// Answers that were not 2xx or 3xx.
    pub status_errors: u64,
    /// Requests that timed out.
    pub timeouts: u64,
    /// Median latency, microseconds.
    pub p50_us: u64,
    /// 90th percentile, microseconds.
    pub p90_us: u64,
    /// 99th percentile, microseconds.
    pub p99_us: u64,
    /// Slowest, microseconds.
    pub max_us: u64,
}

impl Measured {
    /// Completed requests per second.
    #[must_use]
    pub fn rate(&self) -> f64 {
        self.per_second(self.requests)
    }

    /// Requests per second that got a 2xx or 3xx answer (a login refused with 503 by
    /// the hashing queue is fast but logs nobody in).
    #[must_use]
    pub fn ok_rate(&self) -> f64 {
        self.per_second(self.requests.saturating_sub(self.status_errors))
    }

    /// `count` over the run's duration (0 for a run of no duration).
    fn per_second(&self, count: u64) -> f64 {
        if self.duration_us == 0 {
            return 0.0;
        }
        count as f64 / (self.duration_us as f64 / 1e6)
    }

    /// Every kind of error.
    #[must_use]
    pub fn errors(&self) -> u64 {
        self.connect_errors
            + self.read_errors
            + self.write_errors
            + self.status_errors
            + self.timeouts
    }
}

/// Parses the script's `BENCH_RESULT {json}` line out of wrk's output.
///
/// # Errors
/// Fails when the line is missing or malformed.
pub fn parse(output: &str) -> anyhow::Result<Measured> {
    let line = output
        .lines()
        .find_map(|line| line.strip_prefix("BENCH_RESULT "))
        .context("wrk printed no BENCH_RESULT line")?;
    serde_json::from_str(line).with_context(|| format!("reading wrk's summary `{line}`"))
}

/// Runs wrk as `run` says, from `workdir`.
///
/// # Errors
/// Fails when wrk is missing or fails.
pub async fn run(workdir: &Workdir, run: &Run<'_>) -> anyhow::Result<Measured> {
    let threads = run.connections.clamp(1, 2);
    let output = Command::new("wrk")
        .arg(format!("-t{threads}"))
        .arg(format!("-c{}", run.connections))
        // wrk takes whole seconds (`2s`), not milliseconds.
        .arg(format!("-d{}s", run.duration.as_secs().max(1)))
        .arg("--timeout")
        .arg(format!("{}s", run.timeout.as_secs().max(1)))
        .arg("-s")
        .arg(workdir.script())
        .arg(run.base)
        .arg("--")
        .arg(run.requests)
        .arg(run.token.unwrap_or("-"))
        .args(run.honour_retry_after.then_some("retry-after"))
        .stdin(Stdio::null())
        .output()
        .await
        .context("running wrk (`apt-get install wrk`)")?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        bail!(
            "wrk failed: {}{}",
            stdout.trim(),
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    parse(&stdout)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_line_is_read_from_wrk_output() {
        let output = "Running 1s test @ http://127.0.0.1:1\n  2 threads and 2 connections\n\
            BENCH_RESULT {\"requests\":2000,\"duration_us\":2000000,\"connect_errors\":0,\
            \"read_errors\":1,\"write_errors\":0,\"status_errors\":3,\"timeouts\":2,\
            \"p50_us\":450,\"p90_us\":800,\"p99_us\":1900,\"max_us\":5000}\n";
        let measured = parse(output).unwrap();
        assert_eq!(measured.requests, 2_000);
        assert!((measured.rate() - 1_000.0).abs() < 1e-9);
        assert_eq!(measured.errors(), 6);
        assert_eq!(measured.p99_us, 1_900);
        assert!(parse("no summary").is_err());
    }
}
