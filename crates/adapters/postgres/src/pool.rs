//! The one place where sync Diesel meets async: an r2d2 pool whose every use runs on
//! tokio's blocking pool, with the caller's tracing span carried along.
//!
//! Calls take their turn on an async, first-come-first-served semaphore with one permit
//! per connection before they move to a blocking thread: when more requests want the
//! database than the pool has connections, the others wait as cheap tasks instead of as
//! blocking threads parked on r2d2's condition variable, each of which would have to be
//! woken (and would wake others) as connections come back.

use std::sync::Arc;
use std::time::{Duration, Instant};

use diesel::PgConnection;
use diesel::connection::SimpleConnection as _;
use diesel::r2d2::{ConnectionManager, CustomizeConnection, ManageConnection, Pool};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::error::StoreError;

/// Database settings, owned by this adapter (the shell composes them).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default)]
pub struct PgConfig {
    /// Connection URL; `None` means "find or start one" (zero-configuration start).
    #[serde(serialize_with = "serialize_redacted")]
    pub url: Option<SecretString>,
    /// Maximum pooled connections.
    pub max_connections: u32,
    /// Connections kept open while idle.
    pub min_idle: u32,
    /// How long a checkout waits for a free connection.
    pub connect_timeout_ms: u64,
    /// The `statement_timeout` of every pooled session, in milliseconds: a statement
    /// running longer is cancelled, so one runaway query cannot hold a connection
    /// forever. 0 turns it off.
    pub statement_timeout_ms: u64,
    /// The `idle_in_transaction_session_timeout` of every pooled session, in
    /// milliseconds: a session idle inside an open transaction that long is ended by the
    /// server, releasing its locks. 0 turns it off.
    pub idle_in_transaction_timeout_ms: u64,
}

impl Default for PgConfig {
    fn default() -> Self {
        Self {
            url: None,
            max_connections: 10,
            min_idle: 0,
            connect_timeout_ms: 5_000,
            statement_timeout_ms: 5_000,
            idle_in_transaction_timeout_ms: 10_000,
        }
    }
}

/// `null` when unset, `"[REDACTED]"` when set: the secret's value is never serialized.
fn serialize_redacted<S: serde::Serializer>(
    secret: &Option<SecretString>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match secret {
        Some(_) => serializer.serialize_some("[REDACTED]"),
        None => serializer.serialize_none(),
    }
}

/// The per-session limits every pooled connection gets when it is opened.
#[derive(Clone, Copy, Debug)]
struct SessionLimits {
    statement_timeout_ms: u64,
    idle_in_transaction_timeout_ms: u64,
}

impl SessionLimits {
    fn new(config: &PgConfig) -> Self {
        Self {
            statement_timeout_ms: config.statement_timeout_ms,
            idle_in_transaction_timeout_ms: config.idle_in_transaction_timeout_ms,
        }
    }

    /// The `SET` statements; values past PostgreSQL's largest (`INT_MAX` ms) are
    /// clamped to it.
    fn sql(self) -> String {
        let clamp = |ms: u64| ms.min(i32::MAX as u64);
        format!(
            "SET statement_timeout = {}; SET idle_in_transaction_session_timeout = {}",
            clamp(self.statement_timeout_ms),
            clamp(self.idle_in_transaction_timeout_ms)
        )
    }

    /// Applies the limits to `conn`.
    fn apply(self, conn: &mut PgConnection) -> diesel::QueryResult<()> {
        conn.batch_execute(&self.sql())
    }
}

impl CustomizeConnection<Pooled, diesel::r2d2::Error> for SessionLimits {
    fn on_acquire(&self, pooled: &mut Pooled) -> Result<(), diesel::r2d2::Error> {
        self.apply(&mut pooled.conn)
            .map_err(diesel::r2d2::Error::QueryError)
    }
}

/// A connection handed back less than this long ago is handed out again without the
/// `SELECT 1` check (as HikariCP's `aliveBypassWindowMs`): under load every request
/// would otherwise pay a second round trip. A connection that broke within the window
/// fails its request with a 503 (lost connection) and is dropped when it comes back.
const CHECK_BYPASS: Duration = Duration::from_millis(500);

/// A pooled connection and when it last came back to the pool (`None`: never used).
struct Pooled {
    conn: PgConnection,
    returned_at: Option<Instant>,
}

/// Diesel's connection manager, skipping the checkout check within [`CHECK_BYPASS`]
/// of a connection's last return.
#[derive(Debug)]
struct Manager {
    inner: ConnectionManager<PgConnection>,
}

impl ManageConnection for Manager {
    type Connection = Pooled;
    type Error = diesel::r2d2::Error;

    fn connect(&self) -> Result<Pooled, Self::Error> {
        self.inner.connect().map(|conn| Pooled {
            conn,
            returned_at: None,
        })
    }

    fn is_valid(&self, pooled: &mut Pooled) -> Result<(), Self::Error> {
        match pooled.returned_at {
            Some(at) if at.elapsed() < CHECK_BYPASS => Ok(()),
            _ => self.inner.is_valid(&mut pooled.conn),
        }
    }

    /// r2d2 asks this as a connection comes back: the moment the bypass counts from.
    fn has_broken(&self, pooled: &mut Pooled) -> bool {
        pooled.returned_at = Some(Instant::now());
        self.inner.has_broken(&mut pooled.conn)
    }
}

/// A cloneable handle on the connection pool.
#[derive(Clone)]
pub struct PgPool {
    inner: Pool<Manager>,
    limits: SessionLimits,
    /// One permit per connection: a call holds one while it runs.
    turns: Arc<Semaphore>,
    /// How long a call waits for its turn and its connection together.
    checkout_timeout: Duration,
}

impl std::fmt::Debug for PgPool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgPool")
            .field("state", &self.inner.state())
            .finish()
    }
}

impl PgPool {
    /// Builds a pool for `url` without connecting: the server can start (and report
    /// itself unready) while the database is down.
    ///
    /// Every connection the pool opens gets the configured `statement_timeout` and
    /// `idle_in_transaction_session_timeout`; a connection idle for more than half a
    /// second is checked (`SELECT 1`) before it is handed out, so the ones a database
    /// restart broke are replaced.
    ///
    /// Settings r2d2 would panic on are clamped instead: at least one connection, no
    /// more idle ones than that, a checkout timeout of at least 1 ms (the shell's
    /// settings validation reports them before this is called).
    ///
    /// # Errors
    /// None at present: nothing is connected yet and every setting is clamped.
    pub fn build(url: &SecretString, config: &PgConfig) -> Result<Self, StoreError> {
        let manager = Manager {
            inner: ConnectionManager::<PgConnection>::new(url.expose_secret()),
        };
        let max_size = config.max_connections.max(1);
        let limits = SessionLimits::new(config);
        let checkout_timeout = Duration::from_millis(config.connect_timeout_ms.max(1));
        let inner = Pool::builder()
            .max_size(max_size)
            .min_idle(Some(config.min_idle.min(max_size)))
            .connection_timeout(checkout_timeout)
            .test_on_check_out(true)
            .connection_customizer(Box::new(limits))
            .build_unchecked(manager);
        Ok(Self {
            inner,
            limits,
            turns: Arc::new(Semaphore::new(max_size as usize)),
            checkout_timeout,
        })
    }

    /// This call's turn on the pool, waiting at most the checkout timeout for it;
    /// returns the permit and how much of the timeout is left for the checkout itself.
    async fn turn(&self) -> Result<(OwnedSemaphorePermit, Duration), StoreError> {
        if let Ok(permit) = Arc::clone(&self.turns).try_acquire_owned() {
            return Ok((permit, self.checkout_timeout));
        }
        let started = Instant::now();
        let busy = || StoreError::Busy {
            waited_ms: started.elapsed().as_millis(),
        };
        let permit = tokio::time::timeout(
            self.checkout_timeout,
            Arc::clone(&self.turns).acquire_owned(),
        )
        .await
        .map_err(|_| busy())?
        // The semaphore is never closed; treat it like a timeout anyway.
        .map_err(|_| busy())?;
        let left = self.checkout_timeout.saturating_sub(started.elapsed());
        Ok((permit, left.max(Duration::from_millis(1))))
    }

    /// Runs `f` with a pooled connection on the blocking pool, once it is this call's
    /// turn (first come, first served; see the module docs).
    ///
    /// Checking a connection out also blocks, so it happens inside the closure too. A
    /// panic inside `f` is re-raised in the caller.
    ///
    /// # Errors
    /// [`StoreError::Busy`] when every connection stays in use for the checkout timeout,
    /// [`StoreError::Pool`] when no connection can be had in time (database down), or
    /// whatever `f` returns.
    pub async fn run<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        F: FnOnce(&mut PgConnection) -> Result<T, StoreError> + Send + 'static,
        T: Send + 'static,
    {
        let (permit, checkout_left) = self.turn().await?;
        let pool = self.inner.clone();
        let span = tracing::Span::current();
        let joined = tokio::task::spawn_blocking(move || {
            let _entered = span.enter();
            let _permit = permit;
            let mut pooled = pool.get_timeout(checkout_left).map_err(StoreError::Pool)?;
            f(&mut pooled.conn)
        })
        .await;
        match joined {
            Ok(result) => result,
            Err(join_error) if join_error.is_panic() => {
                std::panic::resume_unwind(join_error.into_panic())
            }
            Err(join_error) => Err(StoreError::Cancelled(join_error.to_string())),
        }
    }

    /// Applies every pending embedded migration on the blocking pool.
    ///
    /// Returns the names of the migrations applied, oldest first.
    ///
    /// # Errors
    /// [`StoreError::Pool`] when no connection can be had, [`StoreError::Migration`] when
    /// a migration fails (it is rolled back; earlier ones stay applied).
    pub async fn run_migrations(&self) -> Result<Vec<String>, StoreError> {
        let limits = self.limits;
        self.run(move |conn| {
            // A migration may rewrite a big table: no statement timeout for it. The
            // session's limits are back before the connection returns to the pool.
            conn.batch_execute("SET statement_timeout = 0")?;
            let applied = crate::migrations::run_pending(conn)
                .map_err(|error| StoreError::Migration(error.into()));
            let restored = limits.apply(conn);
            let applied = applied?;
            restored?;
            Ok(applied)
        })
        .await
    }

    /// Checks that the database answers (`SELECT 1`), for readiness probes.
    ///
    /// # Errors
    /// The pool or query error when the database is unreachable.
    pub async fn ping(&self) -> Result<(), StoreError> {
        use diesel::RunQueryDsl;
        self.run(|conn| {
            diesel::sql_query("SELECT 1")
                .execute(conn)
                .map(|_| ())
                .map_err(StoreError::from)
        })
        .await
    }
}
