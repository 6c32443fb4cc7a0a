//! A small closed-loop load generator: N clients each send their next request as soon as
//! the previous one answers, for a fixed time; latencies are kept and summarized.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What one request of a scenario is.
enum Request {
    Get { path: String, token: Option<String> },
    MediaDetail { ids: Arc<Vec<String>> },
    Login { body: serde_json::Value },
}

/// A named workload.
pub(crate) struct Scenario {
    name: String,
    concurrency: usize,
    request: Request,
}

impl Scenario {
    /// `GET path`, optionally with a bearer token.
    pub(crate) fn get(name: &str, path: &str, token: Option<String>, concurrency: usize) -> Self {
        Self {
            name: name.to_owned(),
            concurrency,
            request: Request::Get {
                path: path.to_owned(),
                token,
            },
        }
    }

    /// `GET /api/media/{id}` over random seeded items.
    pub(crate) fn media_detail(ids: Arc<Vec<String>>, concurrency: usize) -> Self {
        Self {
            name: "GET /api/media/{id}".to_owned(),
            concurrency,
            request: Request::MediaDetail { ids },
        }
    }

    /// `POST /api/auth/login` with valid credentials.
    pub(crate) fn login(body: serde_json::Value, concurrency: usize) -> Self {
        Self {
            name: "POST /api/auth/login".to_owned(),
            concurrency,
            request: Request::Login { body },
        }
    }
}

/// The figures of one scenario.
pub(crate) struct Report {
    name: String,
    concurrency: usize,
    elapsed: Duration,
    latencies: Vec<Duration>,
    errors: usize,
}

impl Report {
    fn percentile(&self, p: f64) -> f64 {
        if self.latencies.is_empty() {
            return f64::NAN;
        }
        let rank = ((self.latencies.len() - 1) as f64 * p).round() as usize;
        self.latencies[rank.min(self.latencies.len() - 1)].as_secs_f64() * 1000.0
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rate = self.latencies.len() as f64 / self.elapsed.as_secs_f64();
        write!(
            f,
            "{:<28} {:>5} {:>9.1} {:>9.2} {:>9.2} {:>9.2} {:>9.2} {:>7}",
            self.name,
            self.concurrency,
            rate,
            self.percentile(0.50),
            self.percentile(0.90),
            self.percentile(0.99),
            self.percentile(1.0),
            self.errors
        )
    }
}

/// Runs `scenario` for `duration` and summarizes it. Failed requests count as errors and
/// are left out of the latencies.
pub(crate) async fn run_scenario(
    client: &reqwest::Client,
    base: &str,
    scenario: Scenario,
    duration: Duration,
) -> Report {
    let request = Arc::new(scenario.request);
    let started = Instant::now();
    let deadline = started + duration;
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..scenario.concurrency {
        let client = client.clone();
        let base = base.to_owned();
        let request = Arc::clone(&request);
        workers.spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = 0;
            while Instant::now() < deadline {
                let sent = Instant::now();
                match send(&client, &base, &request).await {
                    Ok(()) => latencies.push(sent.elapsed()),
                    Err(_) => errors += 1,
                }
            }
            (latencies, errors)
        });
    }
    let mut latencies = Vec::new();
    let mut errors = 0;
    while let Some(joined) = workers.join_next().await {
        if let Ok((mut worker_latencies, worker_errors)) = joined {
            latencies.append(&mut worker_latencies);
            errors += worker_errors;
        }
    }
    latencies.sort_unstable();
    Report {
        name: scenario.name,
        concurrency: scenario.concurrency,
        elapsed: started.elapsed(),
        latencies,
        errors,
    }
}

async fn send(client: &reqwest::Client, base: &str, request: &Request) -> anyhow::Result<()> {
    let builder = match request {
        Request::Get { path, token } => {
            let builder = client.get(format!("{base}{path}"));
            match token {
                Some(token) => builder.bearer_auth(token),
                None => builder,
            }
        }
        Request::MediaDetail { ids } => {
            let id = &ids[rand::random_range(0..ids.len())];
            client.get(format!("{base}/api/media/{id}"))
        }
        Request::Login { body } => client.post(format!("{base}/api/auth/login")).json(body),
    };
    let response = builder.send().await?.error_for_status()?;
    // Read the body so the connection is reused and the full answer is timed.
    response.bytes().await?;
    Ok(())
}
