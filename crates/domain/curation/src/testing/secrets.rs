//! Deterministic share-link secrets.

use std::sync::atomic::{AtomicU64, Ordering};

use crate::ports::ShareTokenGenerator;

/// A [`ShareTokenGenerator`] yielding `share-000…001`, `share-000…002`, … (32 characters
/// each), so tests can predict and open the links they create.
#[derive(Debug, Default)]
pub struct SequentialShareTokens {
    issued: AtomicU64,
}

impl SequentialShareTokens {
    /// The `n`-th secret this generator yields (1-based).
    #[must_use]
    pub fn nth(n: u64) -> String {
        format!("share-{n:026}")
    }
}

impl ShareTokenGenerator for SequentialShareTokens {
    fn generate(&self) -> String {
        Self::nth(self.issued.fetch_add(1, Ordering::Relaxed) + 1)
    }
}
