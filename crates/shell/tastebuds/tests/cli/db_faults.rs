//! A database restart under write load: `tastebuds serve` on a private PostgreSQL
//! cluster of its own, several clients writing (menus, courses, course items, states,
//! logs), and the cluster stopped and started again in the middle.
//!
//! What it proves: the server never exits; every answer is a success or a 503 with
//! `Retry-After`, and a 503 comes within the pool's checkout timeout (plus slack), never
//! a hang; every write answered 2xx is in the database afterwards; `/api/health` is 200
//! again shortly after the database is back. The figures are printed
//! (`cargo test -p tastebuds --test cli -- db_faults --nocapture`).

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use reqwest::{Client, StatusCode};
use secrecy::ExposeSecret as _;
use serde_json::{Value, json};
use tastebuds_postgres::provision::{ClusterOptions, PrivateCluster};
use tokio::sync::Mutex;

use crate::{Reap, free_port, tastebuds};

/// The pool's checkout timeout the server runs with.
const CHECKOUT_TIMEOUT: Duration = Duration::from_millis(1_000);
/// Slack on top of a configured time before an answer counts as a hang: generous, so a
/// loaded machine does not fail the test; a hang would take far longer.
const SLACK: Duration = Duration::from_secs(2);
/// Concurrent writing clients (one user each).
const CLIENTS: usize = 4;
/// Catalog items the clients write about.
const MEDIA_ITEMS: usize = 3;
/// How long the database stays down.
const OUTAGE: Duration = Duration::from_millis(1_500);
/// Load before the stop and after the restart.
const LOAD_AROUND: Duration = Duration::from_millis(1_500);
/// The target for being healthy again; the assertion allows more
/// ([`RECOVERY_BOUND`]) so that a loaded machine does not fail it, and the figure is
/// printed.
const RECOVERY_TARGET: Duration = Duration::from_secs(2);
/// The asserted bound on the recovery time.
const RECOVERY_BOUND: Duration = Duration::from_secs(5);

/// Stops the cluster of a state directory on drop (a test failing half-way leaves none
/// running).
struct StopCluster(PathBuf);

impl Drop for StopCluster {
    fn drop(&mut self) {
        if let Ok(Some(cluster)) = PrivateCluster::running(&self.0) {
            let _ = cluster.stop();
        }
    }
}

/// Starts (or restarts) the cluster of `dir`; a restart reuses its port.
fn start_cluster(dir: &Path) -> PrivateCluster {
    PrivateCluster::start(dir, &ClusterOptions::new()).expect("start the private cluster")
}

/// Acknowledged writes, by kind: (table, id column condition) → ids or keys.
#[derive(Default)]
struct Ledger {
    /// `menus`, `courses`, `course_items`, `user_item_logs` → ids answered 2xx.
    ids: BTreeMap<&'static str, Vec<String>>,
    /// `(user id, media item id)` of states answered 2xx.
    states: Vec<(String, String)>,
    /// Status → count, over every request of the load.
    statuses: BTreeMap<u16, usize>,
    /// Answers that were neither 2xx nor a proper 503 (with what was wrong).
    unexpected: Vec<String>,
    /// The slowest 503.
    slowest_503: Duration,
}

/// One client: a user writing in a loop until `stop`.
struct Writer {
    client: Client,
    base: String,
    token: String,
    user_id: String,
    media: Vec<String>,
    ledger: Arc<Mutex<Ledger>>,
}

impl Writer {
    /// Sends one request; records its status; returns the body of a 2xx.
    async fn send(&self, request: reqwest::RequestBuilder, what: &str) -> Option<Value> {
        let started = Instant::now();
        let result = request.bearer_auth(&self.token).send().await;
        let took = started.elapsed();
        let mut ledger = self.ledger.lock().await;
        let response = match result {
            Ok(response) => response,
            Err(error) => {
                ledger
                    .unexpected
                    .push(format!("{what}: no answer: {error}"));
                return None;
            }
        };
        let status = response.status();
        *ledger.statuses.entry(status.as_u16()).or_default() += 1;
        if status == StatusCode::SERVICE_UNAVAILABLE {
            let retry_after = response.headers().get("retry-after").cloned();
            ledger.slowest_503 = ledger.slowest_503.max(took);
            if retry_after.is_none() {
                ledger
                    .unexpected
                    .push(format!("{what}: 503 without Retry-After"));
            }
            if took > CHECKOUT_TIMEOUT + SLACK {
                ledger
                    .unexpected
                    .push(format!("{what}: 503 only after {took:?}"));
            }
            return None;
        }
        if !status.is_success() {
            drop(ledger);
            let body = response.text().await.unwrap_or_default();
            let mut ledger = self.ledger.lock().await;
            ledger.unexpected.push(format!("{what}: {status} {body}"));
            return None;
        }
        drop(ledger);
        match response.json::<Value>().await {
            Ok(body) => Some(body),
            Err(error) => {
                let mut ledger = self.ledger.lock().await;
                ledger
                    .unexpected
                    .push(format!("{what}: unreadable 2xx body: {error}"));
                None
            }
        }
    }

    async fn acknowledge(&self, table: &'static str, body: &Value) {
        let id = body["id"].as_str().unwrap_or_default().to_owned();
        let mut ledger = self.ledger.lock().await;
        if id.is_empty() {
            ledger
                .unexpected
                .push(format!("{table}: 2xx without an id"));
        } else {
            ledger.ids.entry(table).or_default().push(id);
        }
    }

    /// One round: a menu, a course in it, an item in that, a state, a log.
    async fn round(&self, n: usize) {
        let media = &self.media[n % self.media.len()];
        let base = &self.base;
        let post = |path: String| self.client.post(format!("{base}{path}"));
        if let Some(menu) = self
            .send(
                post("/api/menus".to_owned()).json(&json!({"title": format!("Load {n}")})),
                "create a menu",
            )
            .await
        {
            self.acknowledge("menus", &menu).await;
            let menu_id = menu["id"].as_str().unwrap_or_default();
            if let Some(course) = self
                .send(
                    post(format!("/api/menus/{menu_id}/courses"))
                        .json(&json!({"title": "Course", "position": 1})),
                    "add a course",
                )
                .await
            {
                self.acknowledge("courses", &course).await;
                let course_id = course["id"].as_str().unwrap_or_default();
                if let Some(item) = self
                    .send(
                        post(format!("/api/menus/{menu_id}/courses/{course_id}/items"))
                            .json(&json!({"media_item_id": media, "position": 1})),
                        "add a course item",
                    )
                    .await
                {
                    self.acknowledge("course_items", &item).await;
                }
            }
        }
        let state = self.client.put(format!("{base}/api/me/states/{media}"));
        let state_body = json!({"status": "currently_consuming", "rating": n % 11});
        if self
            .send(state.json(&state_body), "put a state")
            .await
            .is_some()
        {
            let mut ledger = self.ledger.lock().await;
            ledger.states.push((self.user_id.clone(), media.clone()));
        }
        let log_body =
            json!({"media_item_id": media, "log_type": "progress", "progress_percent": n % 101});
        if let Some(log) = self
            .send(
                post("/api/me/logs".to_owned()).json(&log_body),
                "record a log",
            )
            .await
        {
            self.acknowledge("user_item_logs", &log).await;
        }
    }

    async fn run(self, stop: Arc<AtomicBool>) {
        let mut n = 0;
        while !stop.load(Ordering::Relaxed) {
            self.round(n).await;
            n += 1;
        }
    }
}

/// Polls `GET /api/health` until 200 (returns when it was) or `limit` passes.
async fn healthy_within(client: &Client, base: &str, limit: Duration) -> Option<Duration> {
    let started = Instant::now();
    while started.elapsed() < limit {
        let answer = client
            .get(format!("{base}/api/health"))
            .timeout(Duration::from_secs(5))
            .send()
            .await;
        if answer.is_ok_and(|response| response.status() == StatusCode::OK) {
            return Some(started.elapsed());
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    None
}

/// Locks `user_item_logs` in a transaction of its own, and waits (up to 30 s) until
/// requests queue behind the lock; returns how many did. The lock goes with the
/// connection when the database stops.
fn block_log_writes(url: &secrecy::SecretString) -> i64 {
    let mut conn = tastebuds_postgres::connect(url).expect("connect to lock");
    tastebuds_testkit::execute(
        &mut conn,
        "BEGIN; LOCK TABLE user_item_logs IN ACCESS EXCLUSIVE MODE",
    );
    let waiting = "SELECT count(*) AS count FROM pg_stat_activity \
                   WHERE datname = current_database() AND wait_event_type = 'Lock'";
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let blocked = tastebuds_testkit::count(&mut conn, waiting);
        if blocked >= 2 || Instant::now() > deadline {
            return blocked;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Registers a user; returns `(token, user id)`.
async fn register(client: &Client, base: &str, n: usize) -> (String, String) {
    let pair: Value = client
        .post(format!("{base}/api/auth/register"))
        .json(&json!({"email": format!("writer{n}@example.com"), "password": "correct horse battery"}))
        .send()
        .await
        .expect("register")
        .error_for_status()
        .expect("registered")
        .json()
        .await
        .expect("a token pair");
    let text = |pointer: &str| {
        pair.pointer(pointer)
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    (
        text("/access_token").expect("an access token"),
        text("/user/id").expect("a user id"),
    )
}

/// How many of `ids` are rows of `table`, asked through `count` (a `SELECT count(*)`).
fn found(count: &mut impl FnMut(&str) -> i64, table: &str, ids: &[String]) -> i64 {
    if ids.is_empty() {
        return 0;
    }
    let list = ids
        .iter()
        .map(|id| format!("'{id}'"))
        .collect::<Vec<_>>()
        .join(",");
    count(&format!(
        "SELECT count(*) AS count FROM {table} WHERE id::text IN ({list})"
    ))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_restart_under_write_load_loses_no_acknowledged_write() {
    if !PrivateCluster::binaries_available() {
        return; // needs initdb and pg_ctl
    }
    // Arrange: a cluster of our own (it will be restarted), the real server on it.
    let state = tempfile::tempdir().expect("a temporary directory");
    fs::set_permissions(state.path(), fs::Permissions::from_mode(0o755)).expect("chmod");
    let cluster_dir = state.path().join("cluster");
    let _stop = StopCluster(cluster_dir.clone());
    let cluster = start_cluster(&cluster_dir);
    let url = cluster.url_for("tastebuds_faults");
    let log_path = state.path().join("serve.log");
    let port = free_port();
    let child = tastebuds(&["serve"])
        .env("DATABASE_URL", url.expose_secret())
        .env("PORT", port.to_string())
        .env("RUST_LOG", "warn")
        .env("TASTEBUDS__RATE_LIMIT__ENABLED", "false")
        .env("TASTEBUDS__AUTH__BCRYPT_COST", "4")
        .env(
            "TASTEBUDS__DATABASE__CONNECT_TIMEOUT_MS",
            CHECKOUT_TIMEOUT.as_millis().to_string(),
        )
        .stdout(Stdio::null())
        .stderr(File::create(&log_path).expect("the log file"))
        .spawn()
        .expect("start tastebuds serve");
    let mut child = Reap(child);
    let base = format!("http://127.0.0.1:{port}");
    let client = Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .expect("an HTTP client");
    let server_log = || fs::read_to_string(&log_path).unwrap_or_default();
    assert!(
        healthy_within(&client, &base, Duration::from_secs(60))
            .await
            .is_some(),
        "serve never became healthy:\n{}",
        server_log()
    );
    let mut conn = tastebuds_postgres::connect(&url).expect("connect to the cluster");
    let media: Vec<String> = (0..MEDIA_ITEMS)
        .map(|n| format!("00000000-0000-7000-8000-{n:012}"))
        .collect();
    for (n, id) in media.iter().enumerate() {
        tastebuds_testkit::execute(
            &mut conn,
            &format!(
                "INSERT INTO media_items (id, media_type, title) VALUES ('{id}', 'movie', 'Film {n}')"
            ),
        );
    }
    drop(conn);
    let ledger = Arc::new(Mutex::new(Ledger::default()));
    let stop = Arc::new(AtomicBool::new(false));
    let mut writers = Vec::new();
    for n in 0..CLIENTS {
        let (token, user_id) = register(&client, &base, n).await;
        let writer = Writer {
            client: client.clone(),
            base: base.clone(),
            token,
            user_id,
            media: media.clone(),
            ledger: Arc::clone(&ledger),
        };
        writers.push(tokio::spawn(writer.run(Arc::clone(&stop))));
    }

    // Act: load; then make sure requests are inside the database when it stops (the
    // log writes wait for a table lock this test holds); stop it (fast shutdown: every
    // session is cut, those requests mid-query), wait, start it again, and time how
    // long the service takes to be healthy.
    tokio::time::sleep(LOAD_AROUND).await;
    let before_stop = ledger.lock().await.statuses.values().sum::<usize>();
    let lock_url = url.clone();
    let blocked = tokio::task::spawn_blocking(move || block_log_writes(&lock_url))
        .await
        .expect("lock task");
    tokio::task::spawn_blocking(move || cluster.stop())
        .await
        .expect("stop task")
        .expect("stop the cluster");
    tokio::time::sleep(OUTAGE).await;
    let dir = cluster_dir.clone();
    let cluster = tokio::task::spawn_blocking(move || start_cluster(&dir))
        .await
        .expect("start task");
    let recovery = healthy_within(&client, &base, Duration::from_secs(30)).await;
    tokio::time::sleep(LOAD_AROUND).await;
    stop.store(true, Ordering::Relaxed);
    for writer in writers {
        writer.await.expect("a writer");
    }

    // Assert
    assert!(
        child.0.try_wait().expect("child status").is_none(),
        "serve exited:\n{}",
        server_log()
    );
    let ledger = ledger.lock().await;
    assert!(
        ledger.unexpected.is_empty(),
        "{:#?}\n{}",
        ledger.unexpected,
        server_log()
    );
    let recovery = recovery.expect("healthy again within 30 s");
    let mut conn = tastebuds_postgres::connect(&cluster.url_for("tastebuds_faults"))
        .expect("connect after the restart");
    let mut count = |query: &str| tastebuds_testkit::count(&mut conn, query);
    let mut acknowledged = 0;
    let mut in_database = 0;
    for (table, ids) in &ledger.ids {
        let present = found(&mut count, table, ids);
        assert_eq!(
            present,
            ids.len() as i64,
            "{table}: acknowledged but missing"
        );
        acknowledged += ids.len();
        in_database += usize::try_from(present).unwrap_or_default();
    }
    for (user, media) in &ledger.states {
        let present = count(&format!(
            "SELECT count(*) AS count FROM user_item_states \
             WHERE user_id = '{user}' AND media_item_id = '{media}'"
        ));
        assert_eq!(
            present, 1,
            "state of {user} on {media}: acknowledged but missing"
        );
        acknowledged += 1;
        in_database += 1;
    }
    let successes: usize = ledger
        .statuses
        .iter()
        .filter(|(status, _)| (200..300).contains(*status))
        .map(|(_, n)| n)
        .sum();
    let unavailable = ledger.statuses.get(&503).copied().unwrap_or_default();
    println!(
        "database restart under load: {} requests ({before_stop} before the stop, \
         {blocked} inside the database when it stopped), \
         statuses {:?}; writes acknowledged {acknowledged}, found after the restart \
         {in_database}; 503s {unavailable}, slowest 503 {:?} (checkout timeout {:?}); \
         healthy {recovery:?} after the database was back (target {RECOVERY_TARGET:?})",
        ledger.statuses.values().sum::<usize>(),
        ledger.statuses,
        ledger.slowest_503,
        CHECKOUT_TIMEOUT,
    );
    assert!(
        unavailable > 0,
        "no request hit the outage: {:?}",
        ledger.statuses
    );
    assert!(
        blocked >= 2,
        "only {blocked} requests were inside the database"
    );
    assert!(successes > unavailable, "{:?}", ledger.statuses);
    assert!(
        recovery < RECOVERY_BOUND,
        "healthy only {recovery:?} after the database was back"
    );
    let after = client
        .post(format!("{base}/api/auth/register"))
        .json(&json!({"email": "after@example.com", "password": "correct horse battery"}))
        .send()
        .await
        .expect("register after the restart");
    assert_eq!(after.status(), StatusCode::OK);
}
