#![doc = include_str!("../README.md")]

mod load;
mod server;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use clap::Parser;
use tastebuds_media::testing::external_media;
use tastebuds_media::{MediaCatalog, MediaType, SourceName, UpsertMode};
use tastebuds_postgres::PgMediaCatalog;
use tastebuds_testkit::TestDb;

use crate::load::{Report, Scenario, run_scenario};
use crate::server::ServerProcess;

/// Command-line options.
#[derive(Debug, Parser)]
#[command(about = "Start the release server on a fresh database and measure it")]
struct Options {
    /// The server binary to measure.
    #[arg(long, default_value = "target/release/tastebuds")]
    server: PathBuf,
    /// Seconds each scenario runs.
    #[arg(long, default_value_t = 5)]
    seconds: u64,
    /// Concurrent clients for the cheap scenarios.
    #[arg(long, default_value_t = 16)]
    concurrency: usize,
    /// Concurrent clients for the login scenario (bcrypt-bound).
    #[arg(long, default_value_t = 4)]
    login_concurrency: usize,
    /// bcrypt cost the server uses.
    #[arg(long, default_value_t = 12)]
    bcrypt_cost: u32,
    /// Catalog items seeded before the run.
    #[arg(long, default_value_t = 2_000)]
    items: usize,
    /// Items in the benchmark user's library (`GET /api/me/library`).
    #[arg(long, default_value_t = 200)]
    library_items: usize,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let options = Options::parse();
    let db = tokio::task::spawn_blocking(TestDb::try_new)
        .await
        .context("creating the benchmark database")??;
    let ids = seed_catalog(&db, options.items).await?;
    println!("seeded {} catalog items into {}", ids.len(), db.name());

    let server = ServerProcess::start(&options.server, &db.url(), options.bcrypt_cost).await?;
    let base = server.base_url();
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(options.concurrency * 2)
        .build()?;
    let credentials =
        serde_json::json!({"email": "bench@example.com", "password": "bench-password"});
    let token = server::register(&client, &base, &credentials).await?;
    let slug = server::public_menu(&client, &base, &token, &ids, (5, 10)).await?;
    let library = &ids[..options.library_items.min(ids.len())];
    server::fill_library(&client, &base, &token, library).await?;
    let idle_rss = server.rss_kib();

    let duration = Duration::from_secs(options.seconds);
    let ids = Arc::new(ids);
    let scenarios = [
        Scenario::get("GET /health", "/health", None, options.concurrency),
        Scenario::get(
            "GET /api/health (db ping)",
            "/api/health",
            None,
            options.concurrency,
        ),
        Scenario::get(
            "GET /api/me (jwt + db)",
            "/api/me",
            Some(token.clone()),
            options.concurrency,
        ),
        Scenario::media_detail(Arc::clone(&ids), options.concurrency),
        Scenario::get(
            "GET /api/public/menus (5x10)",
            &format!("/api/public/menus/{slug}"),
            None,
            options.concurrency,
        ),
        Scenario::get(
            "GET /api/me/library",
            "/api/me/library",
            Some(token.clone()),
            options.concurrency,
        ),
        Scenario::login(credentials, options.login_concurrency),
    ];
    let mut reports: Vec<Report> = Vec::new();
    for scenario in scenarios {
        reports.push(run_scenario(&client, &base, scenario, duration).await);
    }
    let loaded_rss = server.rss_kib();
    server.stop().await;

    println!();
    println!(
        "{:<28} {:>5} {:>9} {:>9} {:>9} {:>9} {:>9} {:>7}",
        "scenario", "conc", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "errors"
    );
    for report in &reports {
        println!("{report}");
    }
    println!();
    println!(
        "server RSS: idle {} MiB, after load {} MiB; binary {} MiB",
        kib_to_mib(idle_rss),
        kib_to_mib(loaded_rss),
        std::fs::metadata(&options.server)
            .map(|meta| format!("{:.1}", meta.len() as f64 / 1_048_576.0))
            .unwrap_or_else(|_| "?".to_owned())
    );
    println!(
        "login ceiling: {} cores / one bcrypt verify at cost {} (see docs/BENCHMARKS.md)",
        std::thread::available_parallelism().map_or(1, usize::from),
        options.bcrypt_cost
    );
    Ok(())
}

fn kib_to_mib(kib: Option<u64>) -> String {
    kib.map_or_else(
        || "?".to_owned(),
        |kib| format!("{:.1}", kib as f64 / 1024.0),
    )
}

/// Inserts `count` items of every kind through the real catalog store.
async fn seed_catalog(db: &TestDb, count: usize) -> anyhow::Result<Vec<String>> {
    let catalog = PgMediaCatalog::new(db.pool());
    let kinds = [
        (SourceName::GoogleBooks, MediaType::Book),
        (SourceName::Tmdb, MediaType::Movie),
        (SourceName::Igdb, MediaType::Game),
        (SourceName::Lastfm, MediaType::Music),
    ];
    let mut ids = Vec::with_capacity(count);
    for n in 0..count {
        let (source, kind) = kinds[n % kinds.len()];
        let record = external_media(
            source,
            &format!("bench-{n}"),
            kind,
            &format!("Bench item {n}"),
        );
        let outcome = catalog
            .upsert(&record, UpsertMode::InsertOrKeep)
            .await
            .context("seeding the catalog")?;
        ids.push(outcome.id.to_string());
    }
    Ok(ids)
}
