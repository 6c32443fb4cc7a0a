//! Ingestion: a fixed batch of distinct TMDB films through `POST /api/ingest/tmdb`,
//! fetched from the local double, by `connections` concurrent clients; then the same
//! batch again (the idempotent path, which must write nothing). A fixed amount of work,
//! not a timed load, so it is driven here rather than by wrk.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::wrk::Measured;

/// Ingests `films` (TMDB movie ids) with `connections` clients as the owner of `token`.
pub async fn ingest(
    client: &reqwest::Client,
    base: &str,
    token: &str,
    films: &[u64],
    connections: usize,
) -> Measured {
    let films: Arc<Vec<u64>> = Arc::new(films.to_vec());
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..connections.max(1) {
        let client = client.clone();
        let url = format!("{base}/api/ingest/tmdb");
        let token = token.to_owned();
        let films = Arc::clone(&films);
        let next = Arc::clone(&next);
        workers.spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = 0_u64;
            while let Some(film) = films.get(next.fetch_add(1, Ordering::Relaxed)) {
                let sent = Instant::now();
                let answer = client
                    .post(&url)
                    .bearer_auth(&token)
                    .json(&serde_json::json!({"external_id": format!("movie:{film}")}))
                    .send()
                    .await;
                let ok = match answer {
                    Ok(response) => {
                        let success = response.status().is_success();
                        success && response.bytes().await.is_ok()
                    }
                    Err(_) => false,
                };
                if ok {
                    latencies.push(sent.elapsed());
                } else {
                    errors += 1;
                }
            }
            (latencies, errors)
        });
    }
    let mut latencies: Vec<Duration> = Vec::new();
    let mut errors = 0;
    while let Some(joined) = workers.join_next().await {
        if let Ok((mut worker, worker_errors)) = joined {
            latencies.append(&mut worker);
            errors += worker_errors;
        }
    }
    summarize(latencies, errors, started.elapsed())
}

/// Percentiles of `latencies` in [`Measured`]'s shape.
fn summarize(mut latencies: Vec<Duration>, errors: u64, elapsed: Duration) -> Measured {
    latencies.sort_unstable();
    let at = |p: f64| {
        if latencies.is_empty() {
            return 0;
        }
        let rank = ((latencies.len() - 1) as f64 * p).round() as usize;
        u64::try_from(latencies[rank.min(latencies.len() - 1)].as_micros()).unwrap_or(u64::MAX)
    };
    Measured {
        requests: latencies.len() as u64,
        duration_us: u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX),
        status_errors: errors,
        p50_us: at(0.50),
        p90_us: at(0.90),
        p99_us: at(0.99),
        max_us: at(1.0),
        ..Measured::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_come_from_the_sorted_latencies() {
        let latencies = (1..=100).rev().map(Duration::from_millis).collect();
        let measured = summarize(latencies, 2, Duration::from_secs(2));
        assert_eq!(measured.requests, 100);
        assert_eq!(measured.p50_us, 51_000);
        assert_eq!(measured.p99_us, 99_000);
        assert_eq!(measured.max_us, 100_000);
        assert_eq!(measured.errors(), 2);
        assert!((measured.rate() - 50.0).abs() < 1e-9);
        assert_eq!(summarize(Vec::new(), 0, Duration::ZERO).p50_us, 0);
    }
}
