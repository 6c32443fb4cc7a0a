//! Housekeeping the server runs on a schedule while it serves: today the purge of
//! refresh sessions past their retention (`auth.session_retention_days`, every
//! `auth.session_purge_interval_minutes`).

use std::sync::Arc;
use std::time::Duration;

use tastebuds_accounts::AccountsService;
use tokio::task::JoinHandle;
use tokio::time::MissedTickBehavior;

/// Starts a task that calls [`AccountsService::purge_sessions`] right away and then every
/// `every`, until the returned handle is aborted. A failed purge is logged and retried at
/// the next tick; it never stops the schedule or the server.
#[must_use]
pub fn spawn_session_purge(accounts: Arc<AccountsService>, every: Duration) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(every);
        // After a stall (a suspended host), purge once, not once per missed tick.
        ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            if let Err(error) = accounts.purge_sessions().await {
                tracing::warn!(error = %error, "purging expired sessions failed; retrying at the next tick");
            }
        }
    })
}
