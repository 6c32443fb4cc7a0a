//! Resource bounds: an exhausted pool and a statement past its timeout answer 503 with
//! `Retry-After` instead of hanging, and a client trickling its request in is cut off.
//!
//! Requests are made slow deterministically: the test takes an `ACCESS EXCLUSIVE` lock
//! on `user_item_states` in its own transaction, so `GET /api/me/states` blocks inside
//! the database until the test rolls back.

use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use actix_web::http::StatusCode;
use actix_web::test::{self, TestRequest};
use diesel::PgConnection;
use serde_json::json;
use tastebuds_http::error::DATABASE_UNAVAILABLE;
use tastebuds_http::{Application, Settings, build_app, build_state};
use tastebuds_postgres::{PgConfig, PgPool};
use tastebuds_testkit::{TestDb, count, execute};

use crate::auth::support::{TestApp, bearer, test_settings, text};
use crate::helpers::{Answer, offline_pool};

/// Slack on top of a configured timeout before an answer counts as a hang: generous,
/// so a loaded machine does not fail the test; a hang would take far longer.
const SLACK: Duration = Duration::from_secs(2);

/// A signed-up user's app on a pool built from `config`, and the user's token.
async fn app_with_pool(config: &PgConfig) -> (TestApp, String) {
    let db = TestDb::new();
    let pool = PgPool::build(&db.url(), config).expect("pool settings");
    let state = build_state(&test_settings(), pool, Vec::new()).expect("state");
    let app = TestApp { state, db };
    let token = text(&app.signed_up("ada@example.com").await, "/access_token");
    (app, token)
}

/// Holds `ACCESS EXCLUSIVE` on `user_item_states` until dropped or released.
struct TableLock(PgConnection);

impl TableLock {
    fn take(db: &TestDb) -> Self {
        let mut conn = db.connect();
        execute(
            &mut conn,
            "BEGIN; LOCK TABLE user_item_states IN ACCESS EXCLUSIVE MODE",
        );
        Self(conn)
    }

    fn release(mut self) {
        execute(&mut self.0, "ROLLBACK");
    }
}

/// Waits (up to 30 s) until `n` sessions of `db` wait for a lock.
async fn sessions_waiting_for_a_lock(db: &TestDb, n: i64) {
    let mut conn = db.connect();
    let query = format!(
        "SELECT count(*) AS count FROM pg_stat_activity \
         WHERE datname = '{}' AND wait_event_type = 'Lock'",
        db.name()
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    while count(&mut conn, &query) < n {
        assert!(Instant::now() < deadline, "{n} requests never blocked");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Reads a service response to the end.
async fn read<B: actix_web::body::MessageBody>(
    response: actix_web::dev::ServiceResponse<B>,
) -> Answer {
    let status = response.status();
    let headers = response.headers().clone();
    let body = test::read_body(response).await;
    Answer {
        status,
        headers,
        body,
    }
}

fn assert_database_unavailable(answer: &Answer) {
    assert_eq!(answer.status, StatusCode::SERVICE_UNAVAILABLE, "{answer:?}");
    assert_eq!(answer.header("retry-after"), Some("1"), "{answer:?}");
    assert_eq!(answer.json(), json!({"detail": DATABASE_UNAVAILABLE}));
}

#[actix_web::test]
async fn more_slow_requests_than_connections_get_503_with_retry_after_not_a_hang() {
    // Arrange: two connections, both about to be held by requests blocked on a lock.
    let config = PgConfig {
        max_connections: 2,
        connect_timeout_ms: 1_000,
        statement_timeout_ms: 0,
        ..PgConfig::default()
    };
    let (app, token) = app_with_pool(&config).await;
    let service = test::init_service(build_app(app.state.clone())).await;
    let states = || {
        TestRequest::get()
            .uri("/api/me/states")
            .insert_header(bearer(&token))
            .to_request()
    };
    let lock = TableLock::take(&app.db);

    // Act
    let slow = futures_util::future::join_all([
        test::call_service(&service, states()),
        test::call_service(&service, states()),
    ]);
    let extra = async {
        sessions_waiting_for_a_lock(&app.db, 2).await;
        let started = Instant::now();
        let response = test::call_service(&service, states()).await;
        let waited = started.elapsed();
        lock.release();
        (read(response).await, waited)
    };
    let (slow, (extra, waited)) = tokio::join!(slow, extra);
    let after = read(test::call_service(&service, states()).await).await;

    // Assert: the extra request gave up after the checkout timeout; the slow ones and
    // the next one are served once the lock is gone.
    assert_database_unavailable(&extra);
    let bound = Duration::from_millis(config.connect_timeout_ms) + SLACK;
    assert!(waited < bound, "503 after {waited:?}, over {bound:?}");
    println!("pool exhausted: 503 after {waited:?} (checkout timeout 1 s)");
    for response in slow {
        assert_eq!(read(response).await.status, StatusCode::OK);
    }
    assert_eq!(after.status, StatusCode::OK, "{after:?}");
}

#[actix_web::test]
async fn a_statement_past_the_timeout_answers_503_and_the_connection_serves_the_next_request() {
    // Arrange: one connection, so the next request must reuse the cancelled one.
    let config = PgConfig {
        max_connections: 1,
        connect_timeout_ms: 2_000,
        statement_timeout_ms: 300,
        ..PgConfig::default()
    };
    let (app, token) = app_with_pool(&config).await;
    let service = test::init_service(build_app(app.state.clone())).await;
    let states = || {
        TestRequest::get()
            .uri("/api/me/states")
            .insert_header(bearer(&token))
            .to_request()
    };
    let lock = TableLock::take(&app.db);

    // Act
    let started = Instant::now();
    let blocked = read(test::call_service(&service, states()).await).await;
    let waited = started.elapsed();
    lock.release();
    let next = read(test::call_service(&service, states()).await).await;

    // Assert
    assert_database_unavailable(&blocked);
    let bound = Duration::from_millis(config.statement_timeout_ms) + SLACK;
    assert!(waited < bound, "503 after {waited:?}, over {bound:?}");
    println!("statement timeout: 503 after {waited:?} (timeout 300 ms)");
    assert_eq!(next.status, StatusCode::OK, "{next:?}");
    assert_eq!(next.json(), json!([]));
}

/// The client disconnect timeout of [`server_with_client_timeouts`].
const DISCONNECT: Duration = Duration::from_millis(500);

/// A server on a free port with tiny client timeouts; it needs no database.
async fn server_with_client_timeouts(timeout_ms: u64) -> (u16, actix_web::dev::ServerHandle) {
    let mut settings: Settings = test_settings();
    settings.server.port = 0;
    settings.server.workers = Some(1);
    settings.server.client_request_timeout_ms = timeout_ms;
    settings.server.body_read_timeout_ms = timeout_ms;
    settings.server.client_disconnect_timeout_ms = DISCONNECT.as_millis() as u64;
    let state = build_state(&settings, offline_pool(), Vec::new()).expect("state");
    let application = Application::with_state(state).expect("bind a port");
    let port = application.port();
    let handle = application.handle();
    actix_web::rt::spawn(application.run_until_stopped());
    (port, handle)
}

/// What a trickling client saw, timed from the end of its head.
struct Trickled {
    /// Everything the server sent.
    answer: String,
    /// When the first byte of the answer arrived.
    answered: Option<Duration>,
    /// When the server closed the connection (`None`: still open after 30 s).
    closed: Option<Duration>,
}

/// Connects to `port`, sends `head`, then one byte of `trickle` a second.
fn trickle(port: u16, head: &str, trickle: &'static [u8]) -> Trickled {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("read timeout");
    stream.write_all(head.as_bytes()).expect("send the head");
    let started = Instant::now();
    let mut writer = stream.try_clone().expect("clone the stream");
    std::thread::spawn(move || {
        for byte in trickle {
            std::thread::sleep(Duration::from_secs(1));
            if writer.write_all(&[*byte]).is_err() {
                return; // the server hung up, as it should
            }
        }
    });
    let mut answer = Vec::new();
    let mut answered = None;
    let closed = loop {
        let mut buffer = [0_u8; 1024];
        match stream.read(&mut buffer) {
            Ok(0) => break Some(started.elapsed()),
            Ok(n) => {
                answered.get_or_insert_with(|| started.elapsed());
                answer.extend_from_slice(&buffer[..n]);
            }
            // A reset (our trickle hitting the closed socket) is a close too.
            Err(error) if error.kind() == std::io::ErrorKind::ConnectionReset => {
                break Some(started.elapsed());
            }
            Err(_) => break None,
        }
    };
    Trickled {
        answer: String::from_utf8_lossy(&answer).into_owned(),
        answered,
        closed,
    }
}

/// Asserts a 408 within the timeout (plus slack) and a close soon after.
fn assert_cut_off(trickled: &Trickled, timeout: Duration) -> Duration {
    let Trickled {
        answer,
        answered,
        closed,
    } = trickled;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer:?}");
    let answered = answered.expect("an answer");
    assert!(
        answered < timeout + SLACK,
        "408 after {answered:?}, over {timeout:?} + {SLACK:?}"
    );
    let closed = closed.expect("the server closes the connection");
    assert!(
        closed < timeout + DISCONNECT + SLACK,
        "closed after {closed:?}"
    );
    answered
}

#[actix_web::test]
async fn a_body_trickling_in_gets_408_and_a_closed_connection_after_the_read_timeout() {
    let (port, handle) = server_with_client_timeouts(1_500).await;
    let body: &'static [u8] = br#"{"email":"ada@example.com","password":"correct horse battery"}"#;
    let head = format!(
        "POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );

    let trickled = tokio::task::spawn_blocking(move || trickle(port, &head, body))
        .await
        .expect("client thread");

    let answered = assert_cut_off(&trickled, Duration::from_millis(1_500));
    assert!(
        trickled
            .answer
            .contains(r#"{"detail":"Request body not received in time"}"#),
        "{:?}",
        trickled.answer
    );
    println!("slow body: 408 after {answered:?} (timeout 1.5 s)");
    handle.stop(false).await;
}

#[actix_web::test]
async fn a_head_trickling_in_gets_408_and_a_closed_connection_after_the_request_timeout() {
    let (port, handle) = server_with_client_timeouts(1_500).await;

    let trickled = tokio::task::spawn_blocking(move || {
        trickle(
            port,
            "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n",
            b"X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        )
    })
    .await
    .expect("client thread");

    let answered = assert_cut_off(&trickled, Duration::from_millis(1_500));
    println!("slow head: 408 after {answered:?} (timeout 1.5 s)");
    handle.stop(false).await;
}
