//! [`ReadinessProbe`]: the port readiness asks whether a backing service answers, so the
//! shell's health route never reaches a pool or a client itself.

use async_trait::async_trait;

use crate::Unavailable;

/// Checks that a backing service (the database, say) answers right now.
///
/// Implementations answer as fast as the service does and leave time bounds to the
/// caller (readiness gives up after its own timeout).
#[async_trait]
pub trait ReadinessProbe: Send + Sync {
    /// One round trip to the service.
    ///
    /// # Errors
    /// [`Unavailable`] when the service cannot be reached or does not answer correctly.
    async fn check(&self) -> Result<(), Unavailable>;
}
