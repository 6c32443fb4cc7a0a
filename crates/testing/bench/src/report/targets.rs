//! Issue 13's targets, read from a report (never asserted in tests).

use crate::report::table::{Report, ms};
use crate::scenarios::names;

/// One target and how the run did.
pub struct Target {
    /// What is wanted.
    pub wanted: String,
    /// The figure the run measured.
    pub figure: String,
    /// Met, missed, or not measured (`None`).
    pub met: Option<bool>,
}

impl Target {
    fn new(wanted: &str, figure: String, met: Option<bool>) -> Self {
        Self {
            wanted: wanted.to_owned(),
            figure,
            met,
        }
    }

    /// `met`, `MISSED` or `not measured`.
    #[must_use]
    pub fn verdict(&self) -> &'static str {
        match self.met {
            Some(true) => "met",
            Some(false) => "MISSED",
            None => "not measured",
        }
    }
}

const WIDE: usize = 50;

/// The targets of issue 13, evaluated on `report` at its largest dataset and 50
/// connections unless they say otherwise.
#[must_use]
pub fn targets(report: &Report) -> Vec<Target> {
    let size = report.largest().to_owned();
    let smallest = report.sizes.first().cloned().unwrap_or_default();
    let pgbench = report
        .pgbench
        .iter()
        .find(|(clients, _)| *clients == WIDE)
        .map(|(_, result)| result.tps);
    let share_of_pgbench = |scenario: &str| {
        let row = report.find(scenario, &size, WIDE)?;
        Some(row.measured.rate() / pgbench?)
    };
    let mut out = Vec::new();

    let me = report.find(names::ME, &size, WIDE);
    let me_share = share_of_pgbench(names::ME);
    out.push(Target::new(
        "one-query reads (GET /api/me) ≥ 60 % of pgbench -S, p99 < 5 ms at 50 connections",
        match (me, me_share) {
            (Some(row), Some(share)) => {
                format!("{:.0} %, p99 {} ms", share * 100.0, ms(row.measured.p99_us))
            }
            _ => String::new(),
        },
        me.zip(me_share)
            .map(|(row, share)| share >= 0.6 && row.measured.p99_us < 5_000),
    ));
    for (scenario, label) in [
        (names::MENU_SLUG, "public menu by slug"),
        (names::MENU_ID, "menu by id"),
        (names::LIBRARY, "library (200 items)"),
    ] {
        let share = share_of_pgbench(scenario);
        out.push(Target::new(
            &format!("{label} ≥ 40 % of pgbench -S"),
            share.map_or_else(String::new, |s| format!("{:.0} %", s * 100.0)),
            share.map(|s| s >= 0.4),
        ));
    }
    for scenario in [
        names::SEARCH_COMMON,
        names::SEARCH_RARE,
        names::SEARCH_MISSPELT,
    ] {
        let row = report.find(scenario, &size, 1);
        out.push(Target::new(
            &format!("{scenario} at {size}: p50 < 10 ms, p99 < 30 ms (1 connection)"),
            row.map_or_else(String::new, |row| {
                format!(
                    "p50 {} ms, p99 {} ms",
                    ms(row.measured.p50_us),
                    ms(row.measured.p99_us)
                )
            }),
            row.map(|row| row.measured.p50_us < 10_000 && row.measured.p99_us < 30_000),
        ));
        let base = report.find(scenario, &smallest, 1);
        let growth = row
            .zip(base)
            .filter(|(_, base)| base.measured.p50_us > 0 && smallest != size)
            .map(|(row, base)| row.measured.p50_us as f64 / base.measured.p50_us as f64);
        out.push(Target::new(
            &format!("{scenario}: {smallest} → {size} costs < 3× per query (p50)"),
            growth.map_or_else(String::new, |g| format!("×{g:.1}")),
            growth.map(|g| g < 3.0),
        ));
    }
    let login = report.find(names::LOGIN, &size, WIDE);
    let login_share = login
        .filter(|_| report.bcrypt_rate > 0.0)
        .map(|row| row.measured.ok_rate() / report.bcrypt_rate);
    out.push(Target::new(
        "logins within 10 % of the bcrypt ceiling (50 connections)",
        login_share.map_or_else(String::new, |s| {
            format!(
                "{:.1}/s of {:.1}/s = {:.0} %",
                s * report.bcrypt_rate,
                report.bcrypt_rate,
                s * 100.0
            )
        }),
        login_share.map(|s| s >= 0.9),
    ));
    let during = report.find(names::ME_DURING_LOGINS, &size, WIDE);
    let kept = during.zip(me).map(|(during, alone)| {
        (
            during,
            during.measured.rate() / alone.measured.rate().max(1e-9),
        )
    });
    out.push(Target::new(
        "GET /api/me during logins keeps ≥ 50 % of its throughput, p99 < 20 ms",
        kept.map_or_else(String::new, |(row, share)| {
            format!("{:.0} %, p99 {} ms", share * 100.0, ms(row.measured.p99_us))
        }),
        kept.map(|(row, share)| share >= 0.5 && row.measured.p99_us < 20_000),
    ));
    let ingest = report.find(names::INGEST_NEW, &size, WIDE);
    out.push(Target::new(
        "ingestion ≥ 500 items/s from a local double (50 connections)",
        ingest.map_or_else(String::new, |row| format!("{:.0}/s", row.measured.rate())),
        ingest.map(|row| row.measured.rate() >= 500.0 && row.measured.errors() == 0),
    ));
    out.push(Target::new(
        "the second ingestion writes nothing new",
        report
            .reingest_new_sources
            .map_or_else(String::new, |n| format!("{n} new sources")),
        report.reingest_new_sources.map(|n| n == 0),
    ));
    out.push(Target::new(
        "RSS < 50 MB idle",
        report.idle_rss_kib.map_or_else(String::new, |kib| {
            format!("{:.1} MiB", kib as f64 / 1_024.0)
        }),
        report.idle_rss_kib.map(|kib| kib < 50 * 1_024),
    ));
    let peak = report
        .rows
        .iter()
        .filter(|row| row.connections == WIDE && row.size == size)
        .filter_map(|row| row.peak_rss_kib)
        .max();
    out.push(Target::new(
        "RSS < 150 MB at 50 connections (peak over the scenarios)",
        peak.map_or_else(String::new, |kib| {
            format!("{:.1} MiB", kib as f64 / 1_024.0)
        }),
        peak.map(|kib| kib < 150 * 1_024),
    ));
    out.push(Target::new(
        "cold start to ready < 1 s",
        report
            .cold_start
            .map_or_else(String::new, |d| format!("{} ms", d.as_millis())),
        report.cold_start.map(|d| d.as_millis() < 1_000),
    ));
    out
}
