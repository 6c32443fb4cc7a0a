//! The database `serve` and `migrate` use.

use std::path::Path;
use std::time::Duration;

use tastebuds_http::Settings;
use tastebuds_postgres::provision::{self, DatabaseOrigin, Provisioned};

/// Where a private cluster keeps its data, relative to the working directory.
const STATE_DIR: &str = ".tastebuds";

/// The database created on a local server or private cluster.
const DATABASE_NAME: &str = "tastebuds";

/// Finds or starts the database (blocking) and logs which one is used. A configured
/// server that refuses connections or times out is waited for up to
/// `database.connect_timeout_ms`; other failures of a configured URL end it at once.
///
/// # Errors
/// The provisioning error: for a configured URL one line with the cause and the expected
/// form; for "no database at all" what was tried and how to get one.
pub fn provision(settings: &Settings) -> anyhow::Result<Provisioned> {
    let provisioned = provision::provision(
        settings.database.url.as_ref(),
        Duration::from_millis(settings.database.connect_timeout_ms),
        Path::new(STATE_DIR),
        DATABASE_NAME,
    )?;
    match &provisioned.origin {
        DatabaseOrigin::Configured => {
            tracing::info!("using the configured database (DATABASE_URL)")
        }
        DatabaseOrigin::LocalServer => tracing::info!(
            database = DATABASE_NAME,
            "no DATABASE_URL set: using the PostgreSQL server on 127.0.0.1:5432"
        ),
        DatabaseOrigin::PrivateCluster {
            data_dir,
            started: true,
        } => tracing::warn!(
            data_dir = %data_dir.display(),
            "no DATABASE_URL set and no server on 127.0.0.1:5432: started a PRIVATE PostgreSQL \
             cluster for this process; its data stays in data_dir and it stops when tastebuds \
             exits. Set DATABASE_URL for a real deployment"
        ),
        DatabaseOrigin::PrivateCluster {
            data_dir,
            started: false,
        } => tracing::warn!(
            data_dir = %data_dir.display(),
            "no DATABASE_URL set and no server on 127.0.0.1:5432: using the PRIVATE PostgreSQL \
             cluster another tastebuds process started; its data stays in data_dir and that \
             process stops it. Set DATABASE_URL for a real deployment"
        ),
    }
    Ok(provisioned)
}
