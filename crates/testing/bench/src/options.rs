//! Command-line options.

use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;

use crate::dataset::shape::parse_size;

/// `tastebuds-bench`: measures the release server on synthetic datasets with wrk.
#[derive(Debug, Parser)]
#[command(about = "Measure the release server at scale against the machine's own ceilings")]
pub struct Options {
    /// The server binary to measure.
    #[arg(long, default_value = "target/release/tastebuds")]
    pub server: PathBuf,
    /// Dataset sizes, comma-separated (`10k,100k,1m`). Search runs at every size, the
    /// other scenarios at the largest.
    #[arg(long, value_delimiter = ',', value_parser = parse_size, default_value = "10k,100k,1m")]
    pub items: Vec<u64>,
    /// Seconds each wrk run lasts (logins twice as long).
    #[arg(long)]
    pub seconds: Option<u64>,
    /// Connection counts of every scenario.
    #[arg(long, value_delimiter = ',', default_value = "1,50")]
    pub connections: Vec<usize>,
    /// bcrypt cost of the users' hashes and of the ceiling.
    #[arg(long, default_value_t = 12)]
    pub bcrypt_cost: u32,
    /// Distinct items each ingestion pass fetches from the local TMDB double.
    #[arg(long, default_value_t = 1_000)]
    pub ingest_items: usize,
    /// Short run (≤ 2 minutes): 10k items only and 2-second runs.
    #[arg(long)]
    pub quick: bool,
    /// Only load the datasets, measure nothing.
    #[arg(long)]
    pub load_only: bool,
    /// Only load the datasets and check the plans at the largest, measure nothing.
    #[arg(long)]
    pub plans_only: bool,
    /// libpq `sslmode` of every connection the measurements make (the server's, pgbench's,
    /// psql's), unless the database URL names one. `disable` by default: Tastebuds'
    /// deployments (compose, the private cluster) run PostgreSQL without TLS, while a
    /// distribution's server often has `ssl = on`, where libpq's default `prefer`
    /// encrypts even loopback traffic.
    #[arg(long, default_value = "disable")]
    pub pg_sslmode: String,
    /// Write the run into docs/BENCHMARKS.md.
    #[arg(long)]
    pub record: bool,
    /// The file `--record` writes.
    #[arg(long, default_value = "docs/BENCHMARKS.md")]
    pub record_to: PathBuf,
}

impl Options {
    /// Each wrk run's length.
    #[must_use]
    pub fn duration(&self) -> Duration {
        Duration::from_secs(self.seconds.unwrap_or(if self.quick { 2 } else { 5 }))
    }

    /// The dataset sizes, smallest first (`--quick`: 10k only).
    #[must_use]
    pub fn sizes(&self) -> Vec<u64> {
        if self.quick {
            return vec![10_000];
        }
        let mut sizes = self.items.clone();
        sizes.sort_unstable();
        sizes.dedup();
        sizes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_quick() {
        let options = Options::parse_from(["tastebuds-bench"]);
        assert_eq!(options.sizes(), vec![10_000, 100_000, 1_000_000]);
        assert_eq!(options.duration(), Duration::from_secs(5));
        assert_eq!(options.connections, vec![1, 50]);
        let quick = Options::parse_from(["tastebuds-bench", "--quick", "--items", "1m"]);
        assert_eq!(quick.sizes(), vec![10_000]);
        assert_eq!(quick.duration(), Duration::from_secs(2));
        let listed = Options::parse_from(["tastebuds-bench", "--items", "1m,10k,10k"]);
        assert_eq!(listed.sizes(), vec![10_000, 1_000_000]);
        assert!(Options::try_parse_from(["tastebuds-bench", "--items", "lots"]).is_err());
    }
}
