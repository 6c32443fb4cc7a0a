//! Running scenarios against one target (the server on one dataset, or a ceiling
//! server): one wrk run per connection count, with the server's CPU time and peak RSS
//! over each run.

use std::time::Duration;

use crate::procstat;
use crate::report::{Report, Row, ms, rate};
use crate::scenarios::{Auth, Scenario, names};
use crate::wrk::{self, Measured, Workdir};

/// How long [`Stage::warm_up`] runs a scenario.
const WARM_UP: Duration = Duration::from_secs(1);

/// Where and how scenarios run.
pub struct Stage<'a> {
    /// Script and request files.
    pub workdir: &'a Workdir,
    /// `http://127.0.0.1:port`.
    pub base: String,
    /// The measured process (none for ceilings).
    pub pid: Option<u32>,
    /// The reader's token.
    pub reader: Option<String>,
    /// The writer's token.
    pub writer: Option<String>,
    /// The dataset's label (empty for ceilings).
    pub size: String,
    /// Each run's length.
    pub duration: Duration,
    /// Connection counts.
    pub connections: &'a [usize],
}

impl Stage<'_> {
    fn token(&self, auth: Auth) -> Option<&str> {
        match auth {
            Auth::None => None,
            Auth::Reader => self.reader.as_deref(),
            Auth::Writer => self.writer.as_deref(),
        }
    }

    fn file_name(scenario: &Scenario) -> String {
        scenario
            .name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect()
    }

    /// Runs `scenario` for one second at `connections` without recording it, so the
    /// measured runs find the server's pool open and PostgreSQL's caches holding what
    /// the scenario reads, as on a server in service. Only for scenarios that write
    /// nothing; slow ones at one connection, so that no queue of them outlives the
    /// warm-up.
    ///
    /// # Errors
    /// Fails when wrk fails.
    pub async fn warm_up(&self, scenario: &Scenario, connections: usize) -> anyhow::Result<()> {
        let requests = self
            .workdir
            .requests(&Self::file_name(scenario), &scenario.lines)?;
        self.wrk(scenario, &requests, connections, WARM_UP).await?;
        // Requests wrk left in flight finish before the measured run starts.
        tokio::time::sleep(WARM_UP / 2).await;
        Ok(())
    }

    /// Runs `scenario` at every connection count and adds its rows to `report`.
    ///
    /// # Errors
    /// Fails when wrk fails.
    pub async fn run(&self, scenario: &Scenario, report: &mut Report) -> anyhow::Result<()> {
        let requests = self
            .workdir
            .requests(&Self::file_name(scenario), &scenario.lines)?;
        for &connections in self.connections {
            let before = self.pid.and_then(procstat::cpu_seconds);
            if let Some(pid) = self.pid {
                procstat::reset_peak(pid);
            }
            let duration = self.duration * scenario.length;
            let measured = self.wrk(scenario, &requests, connections, duration).await?;
            self.push(report, &scenario.name, connections, measured, before);
        }
        Ok(())
    }

    /// One wrk run of `scenario`'s `requests` file.
    async fn wrk(
        &self,
        scenario: &Scenario,
        requests: &std::path::Path,
        connections: usize,
        duration: Duration,
    ) -> anyhow::Result<Measured> {
        wrk::run(
            self.workdir,
            &wrk::Run {
                base: &self.base,
                requests,
                token: self.token(scenario.auth),
                connections,
                duration,
                timeout: scenario.timeout,
                honour_retry_after: scenario.honour_retry_after,
            },
        )
        .await
    }

    /// `GET /api/me` at `connections` while 8 connections log in, as one row.
    ///
    /// # Errors
    /// Fails when wrk fails.
    pub async fn me_during_logins(
        &self,
        me: &Scenario,
        login: &Scenario,
        connections: usize,
        report: &mut Report,
    ) -> anyhow::Result<()> {
        let me_file = self.workdir.requests("me_during", &me.lines)?;
        let login_file = self.workdir.requests("login_during", &login.lines)?;
        let before = self.pid.and_then(procstat::cpu_seconds);
        if let Some(pid) = self.pid {
            procstat::reset_peak(pid);
        }
        let me_run = wrk::Run {
            base: &self.base,
            requests: &me_file,
            token: self.token(me.auth),
            connections,
            duration: self.duration,
            timeout: me.timeout,
            honour_retry_after: me.honour_retry_after,
        };
        let login_run = wrk::Run {
            base: &self.base,
            requests: &login_file,
            token: None,
            connections: 8,
            // Started together, the logins outlast the reads so every read meets them.
            duration: self.duration + Duration::from_secs(1),
            timeout: login.timeout,
            honour_retry_after: login.honour_retry_after,
        };
        let (measured, logins) = tokio::join!(
            wrk::run(self.workdir, &me_run),
            wrk::run(self.workdir, &login_run)
        );
        let logins = logins?;
        println!(
            "  (logins meanwhile: {} /s, p50 {} ms)",
            rate(logins.rate()),
            ms(logins.p50_us)
        );
        self.push(
            report,
            names::ME_DURING_LOGINS,
            connections,
            measured?,
            before,
        );
        Ok(())
    }

    /// Adds one row (also used for ingestion, which is not a wrk run).
    pub fn push(
        &self,
        report: &mut Report,
        name: &str,
        connections: usize,
        measured: Measured,
        cpu_before: Option<f64>,
    ) {
        let cpu_after = self.pid.and_then(procstat::cpu_seconds);
        let row = Row {
            scenario: name.to_owned(),
            size: self.size.clone(),
            connections,
            measured,
            cpu_seconds: cpu_before.zip(cpu_after).map(|(b, a)| a - b),
            peak_rss_kib: self.pid.and_then(|pid| procstat::status_kib(pid, "VmHWM")),
        };
        println!(
            "{:<44} {:>5} {:>5} conn: {:>8} req/s  p50 {:>7} ms  p99 {:>7} ms  errors {}",
            row.scenario,
            row.size,
            connections,
            rate(measured.rate()),
            ms(measured.p50_us),
            ms(measured.p99_us),
            measured.errors()
        );
        report.rows.push(row);
    }
}
