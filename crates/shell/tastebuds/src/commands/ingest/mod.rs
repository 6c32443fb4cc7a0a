//! `tastebuds ingest`: the ingest use case of `POST /api/ingest/{source}`, for operators.
//!
//! The records are the identifiers given, or the hits of a search of the source; they
//! are ingested by their stored external id with at most `--concurrency` in flight,
//! one result line each, and a final tally. The settings, database and migrations are
//! those of `serve`, and the catalog service is wired by the server's composition root
//! (`tastebuds_http::compose::catalog_service`); searching goes through it too, never
//! through a connector directly.

mod progress;
mod tally;

use std::process::ExitCode;

use anyhow::Context as _;
use futures_util::{StreamExt as _, stream};
use tastebuds_http::compose::catalog_service;
use tastebuds_http::{Settings, telemetry};
use tastebuds_media::{CatalogService, SearchQuery, SourceName};
use tastebuds_postgres::PgPool;

use self::tally::Tally;
use super::runtime;
use crate::cli::IngestArgs;

/// Ingests what `args` names and prints the outcome.
///
/// The settings are not validated as `serve` validates them: only the database and
/// `[sources]` are used, so a missing JWT secret is no concern here.
///
/// # Errors
/// No database, a failed migration, an HTTP client that cannot be built, or a search
/// that fails. A record that fails to ingest is not an error: it is counted and makes
/// the exit code 1.
pub fn run(settings: Settings, args: &IngestArgs) -> anyhow::Result<ExitCode> {
    telemetry::init(&settings.telemetry)?;
    settings.log_source();
    let tally = runtime::with_migrated_pool(&settings, |pool| ingest(&settings, pool, args))?;
    println!("{}", tally.summary());
    Ok(if tally.failed() == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Wires the use case on `pool` and ingests every record.
async fn ingest(settings: &Settings, pool: PgPool, args: &IngestArgs) -> anyhow::Result<Tally> {
    let service = catalog_service(settings, &pool)?;
    let identifiers = match &args.search {
        Some(query) => search(&service, args.source, query, args.max_results).await?,
        None => args.identifiers.clone(),
    };
    let bar = progress::bar(identifiers.len());
    let service = &service;
    let mut tally = Tally::default();
    let mut results = stream::iter(identifiers)
        .map(|identifier| async move {
            let result = service
                .ingest(args.source, &identifier, args.force_refresh)
                .await;
            (identifier, result)
        })
        .buffer_unordered(usize::from(args.concurrency));
    while let Some((identifier, result)) = results.next().await {
        let line = tally.record(&identifier, result);
        bar.suspend(|| println!("{line}"));
        bar.inc(1);
    }
    bar.finish_and_clear();
    Ok(tally)
}

/// The stored external ids of the first `max_results` hits of `query` at `source`.
async fn search(
    service: &CatalogService,
    source: SourceName,
    query: &str,
    max_results: u32,
) -> anyhow::Result<Vec<String>> {
    let search = SearchQuery {
        text: query.to_owned(),
        limit: max_results,
        types: Vec::new(),
    };
    let mut hits = service
        .search(source, &search)
        .await
        .with_context(|| format!("searching {source} for `{query}`"))?;
    hits.truncate(usize::try_from(max_results).unwrap_or(usize::MAX));
    Ok(hits.into_iter().map(|hit| hit.external_id).collect())
}
