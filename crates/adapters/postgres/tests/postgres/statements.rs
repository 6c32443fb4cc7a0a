//! Counting the SQL statements a store sends: a Diesel instrumentation installed for
//! every new connection of this test process records, per database, each statement's
//! SQL (without the binds). Keyed by database, so tests running at once do not mix.
//!
//! Call [`record_statements`] before the store opens its first connection, then compare
//! [`sent`] before and after the call under test (connect first: establishing a
//! connection sends set-up statements of its own).

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex, Once};

use diesel::connection::{Instrumentation, InstrumentationEvent, set_default_instrumentation};
use tastebuds_testkit::TestDb;

static SENT: LazyLock<Mutex<HashMap<String, Vec<String>>>> = LazyLock::new(Mutex::default);

struct Recorder {
    database: Option<String>,
}

impl Instrumentation for Recorder {
    fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
        match event {
            InstrumentationEvent::StartEstablishConnection { url, .. } => {
                let path = url.rsplit('/').next().unwrap_or_default();
                self.database = path.split('?').next().map(str::to_owned);
            }
            InstrumentationEvent::StartQuery { query, .. } => {
                if let Some(database) = &self.database {
                    let text = query.to_string();
                    let sql = text.split(" -- binds: ").next().unwrap_or_default();
                    let mut sent = SENT.lock().unwrap();
                    sent.entry(database.clone())
                        .or_default()
                        .push(sql.to_owned());
                }
            }
            _ => {}
        }
    }
}

/// Installs the recorder (once per process).
pub fn record_statements() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        set_default_instrumentation(|| Some(Box::new(Recorder { database: None }))).unwrap();
    });
}

/// The statements sent to `db` so far.
pub fn sent(db: &TestDb) -> Vec<String> {
    SENT.lock()
        .unwrap()
        .get(db.name())
        .cloned()
        .unwrap_or_default()
}

/// The statements `db` received while `call` ran.
pub async fn during<T>(db: &TestDb, call: impl Future<Output = T>) -> (T, Vec<String>) {
    let before = sent(db).len();
    let result = call.await;
    (result, sent(db)[before..].to_vec())
}
