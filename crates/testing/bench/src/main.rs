#![doc = include_str!("../README.md")]

mod api;
mod ceilings;
mod dataset;
mod ingest;
mod local_http;
mod options;
mod plans;
mod procstat;
mod psql;
mod report;
mod runner;
mod scenarios;
mod server;
mod wrk;

use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use clap::Parser as _;
use secrecy::SecretString;

use crate::dataset::Dataset;
use crate::dataset::shape::{Shape, size_label};
use crate::options::Options;
use crate::report::Report;
use crate::report::machine::Machine;
use crate::runner::Stage;
use crate::scenarios::names;
use crate::server::{Launch, ServerProcess};
use crate::wrk::Workdir;

/// Courses of the menu the write scenario adds items to.
const WRITE_COURSES: usize = 50;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let options = Options::parse();
    let started = Instant::now();
    for tool in ["wrk", "psql", "pgbench"] {
        if which(tool).is_none() {
            bail!(
                "`{tool}` is not installed (`just bench` installs wrk; psql and pgbench come with the PostgreSQL client)"
            );
        }
    }
    let cost = options.bcrypt_cost;
    let mut datasets = Vec::new();
    for items in options.sizes() {
        let dataset = tokio::task::spawn_blocking(move || dataset::ensure(Shape { items }, cost))
            .await
            .context("loading a dataset")??;
        let url = psql::with_sslmode(&dataset.url, &options.pg_sslmode)?;
        datasets.push(Dataset { url, ..dataset });
    }
    if options.load_only {
        return Ok(());
    }
    let mut report = Report {
        bcrypt_cost: cost,
        sizes: datasets.iter().map(|d| size_label(d.shape.items)).collect(),
        loads: datasets
            .iter()
            .filter_map(|d| Some((size_label(d.shape.items), d.loaded_in?.as_secs_f64())))
            .collect(),
        command: std::env::args().skip(1).collect::<Vec<_>>().join(" "),
        ..Report::default()
    };
    let workdir = Workdir::create()?;
    if !options.plans_only {
        measure_ceilings(&options, &workdir, &mut report).await?;
        let tmdb = local_http::start_tmdb(2)?;
        let last = datasets.len().saturating_sub(1);
        for (index, dataset) in datasets.iter().enumerate() {
            let largest = index == last;
            let tmdb = tmdb.base_url();
            measure_dataset(&options, &workdir, dataset, largest, &tmdb, &mut report).await?;
        }
    }
    let largest = datasets.last().context("no dataset size given")?;
    println!("\nplans at {} items:", size_label(largest.shape.items));
    let plans = plans::explain_all(&largest.url).await?;
    for plan in &plans.plans {
        let top: Vec<&str> = plan.lines.iter().take(3).map(String::as_str).collect();
        let line = format!("{}:\n    {}", plan.call, top.join("\n    "));
        println!("{line}");
        report.plans.push(line);
        for scan in &plan.seq_scans {
            let line = format!("    SEQUENTIAL SCAN: {scan}");
            println!("{line}");
            report.plans.push(line);
        }
    }
    for skipped in &plans.skipped {
        println!("not explained: {skipped}");
    }
    report.elapsed = started.elapsed();

    println!("\n{}", report.table());
    for target in report::targets(&report) {
        println!(
            "{:<90} {:<28} {}",
            target.wanted,
            target.figure,
            target.verdict()
        );
    }
    for (table, scans) in &report.seq_scan_counts {
        println!("PostgreSQL counted {scans} sequential scans of {table} while the server ran");
    }
    println!("\nwhole run: {:.0} s", report.elapsed.as_secs_f64());
    if options.record {
        report::record(&options.record_to, &report, &Machine::read(&largest.url))?;
        println!("recorded in {}", options.record_to.display());
    }
    if plans.has_seq_scan() {
        if largest.shape.items >= PLAN_CHECK_MIN_ITEMS {
            bail!(
                "a query plan scans media_items, course_items, user_item_states or user_item_logs sequentially (see SEQUENTIAL SCAN above)"
            );
        }
        println!(
            "sequential scans above are the planner's cheaper choice on a table this small; the run fails on them only at {} items or more",
            size_label(PLAN_CHECK_MIN_ITEMS)
        );
    }
    Ok(())
}

/// How long the server's admitted logins may still run after a login scenario.
const LOGIN_DRAIN: Duration = Duration::from_secs(4);

/// The smallest dataset whose plans must use indexes: below it PostgreSQL rightly prefers
/// reading a few hundred pages sequentially to an index.
const PLAN_CHECK_MIN_ITEMS: u64 = 100_000;

fn which(tool: &str) -> Option<std::path::PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(tool))
            .find(|path| path.is_file())
    })
}

/// `pgbench -S`, the static-response server and bcrypt on every core.
async fn measure_ceilings(
    options: &Options,
    workdir: &Workdir,
    report: &mut Report,
) -> anyhow::Result<()> {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    println!("ceilings:");
    let pgbench_url = psql::with_sslmode(&ceilings::prepare_pgbench().await?, &options.pg_sslmode)?;
    for &clients in &options.connections {
        // A ceiling is what the machine can do: the better of two runs, so that a moment
        // of noise from other tenants does not lower it.
        // (`--quick`: one run.)
        let mut result = ceilings::pgbench(&pgbench_url, clients, options.duration()).await?;
        if !options.quick {
            let again = ceilings::pgbench(&pgbench_url, clients, options.duration()).await?;
            if again.tps > result.tps {
                result = again;
            }
        }
        println!(
            "pgbench -S {clients:>3} connections: {:.0} tps, mean {:.2} ms",
            result.tps, result.latency_ms
        );
        report.pgbench.push((clients, result));
    }
    let cost = options.bcrypt_cost;
    let round = Duration::from_secs(if options.quick { 1 } else { 2 });
    report.bcrypt_rate = tokio::task::spawn_blocking(move || {
        // The best of three rounds, as for pgbench above.
        (0..3).try_fold(0.0_f64, |best, _| {
            Ok::<_, anyhow::Error>(best.max(ceilings::bcrypt_rate(cost, round)?))
        })
    })
    .await??;
    println!(
        "bcrypt verify at cost {cost} on {cores} cores: {:.1}/s",
        report.bcrypt_rate
    );
    let server = local_http::start_static(cores)?;
    let stage = Stage {
        workdir,
        base: server.base_url(),
        pid: None,
        reader: None,
        writer: None,
        size: String::new(),
        duration: options.duration(),
        connections: &options.connections,
    };
    let mut scenario = scenarios::reads().remove(0);
    scenario.name = names::STATIC.to_owned();
    stage.run(&scenario, report).await
}

/// Sequential scans PostgreSQL has counted on the big tables of the dataset at `url`.
fn seq_scans(url: &SecretString) -> anyhow::Result<Vec<(String, i64)>> {
    let tables: Vec<String> = plans::BIG_TABLES
        .iter()
        .map(|table| psql::literal(table))
        .collect();
    let output = psql::query(
        url,
        &format!(
            "SELECT relname, seq_scan FROM pg_stat_user_tables WHERE relname IN ({}) ORDER BY relname",
            tables.join(", ")
        ),
    )?;
    Ok(output
        .lines()
        .filter_map(|line| {
            let (table, scans) = line.split_once('|')?;
            Some((table.to_owned(), scans.trim().parse().ok()?))
        })
        .collect())
}

/// Starts the server on `dataset` and runs the searches, and at the largest size every
/// other scenario too.
async fn measure_dataset(
    options: &Options,
    workdir: &Workdir,
    dataset: &Dataset,
    largest: bool,
    tmdb: &str,
    report: &mut Report,
) -> anyhow::Result<()> {
    let size = size_label(dataset.shape.items);
    println!("\n{size} items:");
    let scans_before = seq_scans(&dataset.url)?;
    let server = ServerProcess::start(&Launch {
        binary: &options.server,
        database_url: &dataset.url,
        bcrypt_cost: options.bcrypt_cost,
        tmdb_base_url: tmdb,
        log: std::env::temp_dir().join(format!("tastebuds-bench-server-{size}.log")),
    })
    .await?;
    let base = server.base_url();
    let client = reqwest::Client::new();
    let reader = api::login(&client, &base, 0).await?;
    let writer = api::login(&client, &base, 1).await?;
    if largest {
        report.cold_start = Some(server.cold_start);
        report.idle_rss_kib = server
            .pid()
            .and_then(|pid| procstat::status_kib(pid, "VmRSS"));
    }
    let stage = Stage {
        workdir,
        base: base.clone(),
        pid: server.pid(),
        reader: Some(reader),
        writer: Some(writer.clone()),
        size: size.clone(),
        duration: options.duration(),
        connections: &options.connections,
    };
    let wide = options.connections.iter().max().copied().unwrap_or(1);
    let outcome = async {
        for scenario in scenarios::searches(dataset.shape.items) {
            stage.warm_up(&scenario, 1).await?;
            stage.run(&scenario, report).await?;
        }
        if !largest {
            return Ok(());
        }
        let reads = scenarios::reads();
        for scenario in &reads {
            stage.warm_up(scenario, wide).await?;
            stage.run(scenario, report).await?;
        }
        let login = scenarios::login();
        stage.run(&login, report).await?;
        // The logins admitted when wrk stopped (workers + queue, a quarter second each)
        // finish before `/api/me` is measured beside new ones.
        tokio::time::sleep(LOGIN_DRAIN).await;
        stage
            .me_during_logins(&reads[1], &login, wide, report)
            .await?;
        // Logins still queued on the server when wrk stopped may delay this request.
        let mut menu = api::write_menu(&client, &base, &writer, WRITE_COURSES).await;
        for _ in 0..5 {
            if menu.is_ok() {
                break;
            }
            tokio::time::sleep(Duration::from_secs(2)).await;
            menu = api::write_menu(&client, &base, &writer, WRITE_COURSES).await;
        }
        let menu = menu?;
        for scenario in scenarios::writes(&dataset.shape, &menu) {
            stage.run(&scenario, report).await?;
        }
        ingestion(options, &stage, &client, &writer, &dataset.url, report).await
    }
    .await;
    server.stop().await;
    outcome?;
    if largest {
        let scans_after = seq_scans(&dataset.url)?;
        report.seq_scan_counts = scans_after
            .into_iter()
            .map(|(table, after)| {
                let before = scans_before
                    .iter()
                    .find(|(name, _)| *name == table)
                    .map_or(0, |(_, n)| *n);
                (table, after - before)
            })
            .collect();
    }
    Ok(())
}

/// New films at each connection count, then the same films again.
async fn ingestion(
    options: &Options,
    stage: &Stage<'_>,
    client: &reqwest::Client,
    token: &str,
    url: &SecretString,
    report: &mut Report,
) -> anyhow::Result<()> {
    let count = options.ingest_items;
    // Ids no earlier run used: the datasets are kept between runs.
    let epoch = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let base_id = 1_000_000_000 + (epoch % 1_000_000) * 100_000;
    let count_sources = || {
        psql::query(
            url,
            "SELECT count(*) FROM media_sources WHERE source_name = 'tmdb'",
        )
        .ok()
        .and_then(|n| n.parse::<i64>().ok())
    };
    let mut new_on_reingest = 0;
    for (pass, &connections) in options.connections.iter().enumerate() {
        let first = base_id + (pass * count) as u64;
        let films: Vec<u64> = (first..first + count as u64).collect();
        let before = stage.pid.and_then(procstat::cpu_seconds);
        if let Some(pid) = stage.pid {
            procstat::reset_peak(pid);
        }
        let measured = ingest::ingest(client, &stage.base, token, &films, connections).await;
        stage.push(report, names::INGEST_NEW, connections, measured, before);
        let sources = count_sources();
        let before = stage.pid.and_then(procstat::cpu_seconds);
        let measured = ingest::ingest(client, &stage.base, token, &films, connections).await;
        stage.push(report, names::INGEST_AGAIN, connections, measured, before);
        if let (Some(first), Some(second)) = (sources, count_sources()) {
            new_on_reingest += second - first;
        }
    }
    report.reingest_new_sources = Some(new_on_reingest);
    Ok(())
}
