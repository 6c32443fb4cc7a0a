//! What the machine allows, measured in the same run so the report shows ratios that hold
//! on a noisy machine: `pgbench -S` (one indexed SELECT per transaction: the one-query
//! ceiling) and the bcrypt verify rate on every core (the login ceiling). The
//! static-response ceiling is a wrk scenario against [`crate::local_http::start_static`].

use std::process::Stdio;
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use secrecy::{ExposeSecret as _, SecretString};
use tastebuds_testkit::Server;
use tokio::process::Command;

use crate::psql;

/// The database `pgbench -i` fills once and later runs reuse.
const PGBENCH_DATABASE: &str = "tastebuds_bench_pgbench";
/// Its comment once initialised.
const PGBENCH_MARKER: &str = "tastebuds-bench pgbench scale 10";

/// A pgbench result.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pgbench {
    /// Transactions (one SELECT each) per second.
    pub tps: f64,
    /// Mean latency, milliseconds.
    pub latency_ms: f64,
}

/// Creates and initialises the pgbench database unless a previous run did.
///
/// # Errors
/// Fails when psql or pgbench fail.
pub async fn prepare_pgbench() -> anyhow::Result<SecretString> {
    let server = Server::get()?;
    let maintenance = server.url_for("postgres");
    let url = server.url_for(PGBENCH_DATABASE);
    let comment = psql::query(
        &maintenance,
        &format!(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = {}",
            psql::literal(PGBENCH_DATABASE)
        ),
    )?;
    if comment != PGBENCH_MARKER {
        psql::query(
            &maintenance,
            &format!("DROP DATABASE IF EXISTS {PGBENCH_DATABASE} WITH (FORCE)"),
        )?;
        psql::query(&maintenance, &format!("CREATE DATABASE {PGBENCH_DATABASE}"))?;
        let status = Command::new("pgbench")
            .args(["-i", "-q", "-s", "10"])
            .arg(url.expose_secret())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .await
            .context("running pgbench -i (install the PostgreSQL client tools)")?;
        if !status.success() {
            bail!("pgbench -i failed");
        }
        psql::query(
            &maintenance,
            &format!(
                "COMMENT ON DATABASE {PGBENCH_DATABASE} IS {}",
                psql::literal(PGBENCH_MARKER)
            ),
        )?;
    }
    Ok(url)
}

/// `pgbench -S` with `clients` connections for `duration`.
///
/// # Errors
/// Fails when pgbench fails or prints no tps line.
pub async fn pgbench(
    url: &SecretString,
    clients: usize,
    duration: Duration,
) -> anyhow::Result<Pgbench> {
    let threads = clients.clamp(1, 2);
    let output = Command::new("pgbench")
        .arg("-S")
        .arg("-n")
        .arg(format!("-c{clients}"))
        .arg(format!("-j{threads}"))
        .arg(format!("-T{}", duration.as_secs().max(1)))
        .arg(url.expose_secret())
        .stdin(Stdio::null())
        .output()
        .await
        .context("running pgbench")?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        bail!(
            "pgbench failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    parse_pgbench(&stdout).context("pgbench printed no tps or latency line")
}

fn parse_pgbench(output: &str) -> Option<Pgbench> {
    let number_after = |prefix: &str| {
        output.lines().find_map(|line| {
            line.trim()
                .strip_prefix(prefix)?
                .split_whitespace()
                .next()?
                .parse::<f64>()
                .ok()
        })
    };
    Some(Pgbench {
        tps: number_after("tps = ")?,
        latency_ms: number_after("latency average = ")?,
    })
}

/// bcrypt verifications per second of `password` at `cost`, one thread per core, for
/// about `duration` (at least one verify per thread).
///
/// # Errors
/// Fails when hashing fails.
pub fn bcrypt_rate(cost: u32, duration: Duration) -> anyhow::Result<f64> {
    let hash = bcrypt::hash("bench-password", cost)?;
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let started = Instant::now();
    let verified: usize = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..cores)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = 0;
                    while done == 0 || started.elapsed() < duration {
                        // A failed verify costs the same; the rate counts attempts.
                        let _ = bcrypt::verify("bench-password", &hash);
                        done += 1;
                    }
                    done
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|worker| worker.join().unwrap_or(0))
            .sum()
    });
    Ok(verified as f64 / started.elapsed().as_secs_f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pgbench_figures_are_read_from_its_report() {
        let output = "transaction type: <builtin: select only>\nscaling factor: 10\n\
            number of clients: 50\nlatency average = 3.712 ms\ninitial connection time = 80.1 ms\n\
            tps = 13469.181225 (without initial connection time)\n";
        assert_eq!(
            parse_pgbench(output),
            Some(Pgbench {
                tps: 13_469.181_225,
                latency_ms: 3.712
            })
        );
        assert_eq!(parse_pgbench("nothing"), None);
    }

    #[test]
    fn bcrypt_verifies_at_least_once_per_core() {
        let rate = bcrypt_rate(4, Duration::ZERO).unwrap();
        assert!(rate > 0.0);
    }
}
