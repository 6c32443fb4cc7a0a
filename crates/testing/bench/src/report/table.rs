//! [`Report`]: the measured rows, the ceilings, and the table of both.

use std::time::Duration;

use crate::ceilings::Pgbench;
use crate::scenarios::names;
use crate::wrk::Measured;

/// One measured run.
#[derive(Clone, Debug)]
pub struct Row {
    /// The scenario's name.
    pub scenario: String,
    /// The dataset size label (`10k`), empty for ceilings.
    pub size: String,
    /// Open connections.
    pub connections: usize,
    /// What was measured.
    pub measured: Measured,
    /// Server CPU seconds spent during the run.
    pub cpu_seconds: Option<f64>,
    /// The server's peak RSS during the run, KiB.
    pub peak_rss_kib: Option<u64>,
}

/// Everything a run found.
#[derive(Default)]
pub struct Report {
    /// Every measured run, in order.
    pub rows: Vec<Row>,
    /// `pgbench -S` at each connection count.
    pub pgbench: Vec<(usize, Pgbench)>,
    /// bcrypt verifications per second on every core.
    pub bcrypt_rate: f64,
    /// The bcrypt cost measured.
    pub bcrypt_cost: u32,
    /// The server's RSS once up and before any load, KiB (largest dataset).
    pub idle_rss_kib: Option<u64>,
    /// Spawn to first `/health` 200 (largest dataset).
    pub cold_start: Option<Duration>,
    /// Catalog sources the second ingestion pass added (must be 0).
    pub reingest_new_sources: Option<i64>,
    /// Dataset sizes measured, smallest first (labels).
    pub sizes: Vec<String>,
    /// Dataset load times of this run (label, seconds).
    pub loads: Vec<(String, f64)>,
    /// Plan summary lines.
    pub plans: Vec<String>,
    /// Sequential scans on big tables counted by PostgreSQL during the load (table,
    /// scans), at the largest size.
    pub seq_scan_counts: Vec<(String, i64)>,
    /// The run's wall time.
    pub elapsed: Duration,
    /// The command line options, for the record.
    pub command: String,
}

impl Report {
    /// The row of `scenario` (prefix match) at `connections` on dataset `size` (any
    /// size when empty).
    #[must_use]
    pub fn find(&self, scenario: &str, size: &str, connections: usize) -> Option<&Row> {
        self.rows.iter().find(|row| {
            row.scenario.starts_with(scenario)
                && row.connections == connections
                && (size.is_empty() || row.size == size)
        })
    }

    /// The largest dataset's label.
    #[must_use]
    pub fn largest(&self) -> &str {
        self.sizes.last().map_or("", String::as_str)
    }

    /// The ceiling a row is compared with, and the ratio, as text.
    #[must_use]
    pub fn versus_ceiling(&self, row: &Row) -> String {
        let rate = row.measured.rate();
        let pgbench = self
            .pgbench
            .iter()
            .find(|(clients, _)| *clients == row.connections)
            .map(|(_, result)| result.tps);
        let name = row.scenario.as_str();
        if name == names::HEALTH {
            return self
                .find(names::STATIC, "", row.connections)
                .map(|ceiling| percent(rate, ceiling.measured.rate(), "static"))
                .unwrap_or_default();
        }
        if [names::ME, names::MENU_SLUG, names::MENU_ID, names::LIBRARY].contains(&name) {
            return pgbench
                .map(|tps| percent(rate, tps, "pgbench -S"))
                .unwrap_or_default();
        }
        if name == names::LOGIN && self.bcrypt_rate > 0.0 {
            return percent(row.measured.ok_rate(), self.bcrypt_rate, "bcrypt");
        }
        if name == names::ME_DURING_LOGINS {
            return self
                .find(names::ME, &row.size, row.connections)
                .map(|alone| percent(rate, alone.measured.rate(), "alone"))
                .unwrap_or_default();
        }
        if name.starts_with("search") && row.size != self.sizes.first().map_or("", String::as_str) {
            let smallest = self.sizes.first().map_or("", String::as_str);
            let base_name = name.split(" `").next().unwrap_or(name);
            return self
                .find(base_name, smallest, row.connections)
                .filter(|base| base.measured.p50_us > 0)
                .map(|base| {
                    format!(
                        "p50 ×{:.1} of {smallest}",
                        row.measured.p50_us as f64 / base.measured.p50_us as f64
                    )
                })
                .unwrap_or_default();
        }
        String::new()
    }

    /// The plain-text table.
    #[must_use]
    pub fn table(&self) -> String {
        let mut out = format!(
            "{:<44} {:>5} {:>5} {:>9} {:>8} {:>8} {:>8} {:>8} {:>6} {:>8} {:>7}  {}\n",
            "scenario",
            "items",
            "conn",
            "req/s",
            "p50 ms",
            "p90 ms",
            "p99 ms",
            "max ms",
            "errors",
            "cpu ms/r",
            "RSS MiB",
            "vs ceiling"
        );
        for row in &self.rows {
            let cells = Cells::of(self, row);
            out.push_str(&format!(
                "{:<44} {:>5} {:>5} {:>9} {:>8} {:>8} {:>8} {:>8} {:>6} {:>8} {:>7}  {}\n",
                cells.scenario,
                cells.size,
                cells.connections,
                cells.rate,
                cells.p50,
                cells.p90,
                cells.p99,
                cells.max,
                cells.errors,
                cells.cpu,
                cells.rss,
                cells.ceiling
            ));
        }
        out
    }
}

/// One row's cells as text.
pub(crate) struct Cells {
    pub(crate) scenario: String,
    pub(crate) size: String,
    pub(crate) connections: String,
    pub(crate) rate: String,
    pub(crate) p50: String,
    pub(crate) p90: String,
    pub(crate) p99: String,
    pub(crate) max: String,
    pub(crate) errors: String,
    pub(crate) cpu: String,
    pub(crate) rss: String,
    pub(crate) ceiling: String,
}

impl Cells {
    pub(crate) fn of(report: &Report, row: &Row) -> Self {
        let m = &row.measured;
        let cpu = row
            .cpu_seconds
            .filter(|_| m.requests > 0)
            .map_or_else(String::new, |seconds| {
                format!("{:.2}", seconds * 1_000.0 / m.requests as f64)
            });
        Self {
            scenario: row.scenario.clone(),
            size: row.size.clone(),
            connections: row.connections.to_string(),
            rate: rate(m.rate()),
            p50: ms(m.p50_us),
            p90: ms(m.p90_us),
            p99: ms(m.p99_us),
            max: ms(m.max_us),
            errors: m.errors().to_string(),
            cpu,
            rss: row
                .peak_rss_kib
                .map_or_else(String::new, |kib| format!("{:.1}", kib as f64 / 1_024.0)),
            ceiling: report.versus_ceiling(row),
        }
    }
}

/// Microseconds as milliseconds with sensible precision.
#[must_use]
pub fn ms(us: u64) -> String {
    let ms = us as f64 / 1_000.0;
    if ms < 10.0 {
        format!("{ms:.2}")
    } else if ms < 100.0 {
        format!("{ms:.1}")
    } else {
        format!("{ms:.0}")
    }
}

/// A rate with sensible precision.
#[must_use]
pub fn rate(rate: f64) -> String {
    if rate < 100.0 {
        format!("{rate:.1}")
    } else {
        format!("{rate:.0}")
    }
}

fn percent(value: f64, ceiling: f64, of: &str) -> String {
    if ceiling <= 0.0 {
        return String::new();
    }
    format!("{:.0} % of {of}", value / ceiling * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(scenario: &str, size: &str, connections: usize, requests: u64, p50_us: u64) -> Row {
        Row {
            scenario: scenario.to_owned(),
            size: size.to_owned(),
            connections,
            measured: Measured {
                requests,
                duration_us: 1_000_000,
                p50_us,
                ..Measured::default()
            },
            cpu_seconds: Some(0.5),
            peak_rss_kib: Some(20_480),
        }
    }

    #[test]
    fn rows_are_compared_with_their_ceilings() {
        let report = Report {
            rows: vec![
                row(names::STATIC, "", 50, 40_000, 100),
                row(names::HEALTH, "1m", 50, 30_000, 100),
                row(names::ME, "1m", 50, 9_000, 100),
                row(names::LOGIN, "1m", 50, 9, 100),
                row("search common word `shadow`", "10k", 1, 100, 2_000),
                row("search common word `shadow`", "1m", 1, 50, 5_000),
            ],
            pgbench: vec![(
                50,
                Pgbench {
                    tps: 12_000.0,
                    latency_ms: 4.0,
                },
            )],
            bcrypt_rate: 10.0,
            sizes: vec!["10k".to_owned(), "1m".to_owned()],
            ..Report::default()
        };
        let ratio = |index: usize| report.versus_ceiling(&report.rows[index]);
        assert_eq!(ratio(1), "75 % of static");
        assert_eq!(ratio(2), "75 % of pgbench -S");
        assert_eq!(ratio(3), "90 % of bcrypt");
        assert_eq!(ratio(4), "");
        assert_eq!(ratio(5), "p50 ×2.5 of 10k");
        let table = report.table();
        assert!(table.contains("GET /api/me"));
        assert!(table.contains("0.06"), "cpu ms per request: {table}");
        assert!(table.contains("20.0"), "peak RSS MiB: {table}");
    }

    #[test]
    fn figures_are_formatted_for_reading() {
        assert_eq!(ms(1_234), "1.23");
        assert_eq!(ms(12_345), "12.3");
        assert_eq!(ms(1_234_567), "1235");
        assert_eq!(rate(9.87), "9.9");
        assert_eq!(rate(12_345.6), "12346");
    }
}
