//! [`PgReadinessProbe`]: the kernel's `ReadinessProbe` port on PostgreSQL.

use async_trait::async_trait;
use tastebuds_kernel::{ReadinessProbe, Unavailable};

use crate::pool::PgPool;

/// Asks PostgreSQL `SELECT 1` through the pool.
#[derive(Clone, Debug)]
pub struct PgReadinessProbe {
    pool: PgPool,
}

impl PgReadinessProbe {
    /// A probe using `pool` (it reconnects on its own once the database is back).
    #[must_use]
    pub fn new(pool: PgPool) -> Self {
        Self { pool }
    }
}

#[async_trait]
impl ReadinessProbe for PgReadinessProbe {
    async fn check(&self) -> Result<(), Unavailable> {
        self.pool
            .ping()
            .await
            .map_err(|error| Unavailable::new("database", error))
    }
}
