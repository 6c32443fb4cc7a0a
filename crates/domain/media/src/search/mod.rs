//! Search (API.md §2.5, §5.5 previews, §5.6, §5.9): the catalog's own full-text and
//! similar-title search, the concurrent fan-out to the upstream connectors, the per-user
//! previews that cache their hits, and the external-search quota.
//!
//! Design rules:
//! - Every rule lives here, in pure code: which searches run ([`plan`](mod@plan)), the typo
//!   fallback (similar titles only when full-text finds nothing at all), deduplication
//!   ([`dedupe`]), the quota window ([`quota`]), preview lifetime and ownership
//!   ([`preview`]). The ports ([`ports`]) only persist and query.
//! - Connectors are called through the [`MetadataSource`](crate::MetadataSource) port,
//!   concurrently; a failing, slow (cut by its budget in the adapter) or open-circuit
//!   source only loses its own hits.

pub mod dedupe;
pub mod error;
pub mod outcome;
pub mod plan;
pub mod ports;
pub mod preview;
pub mod quota;
pub mod service;

pub use dedupe::{DedupeReason, Deduper};
pub use error::SearchError;
pub use outcome::{ConnectorReport, InternalResults, MatchKind, SearchOutcome};
pub use plan::{SearchPlan, SearchRequest, SearchSource, plan};
pub use ports::{IndexPage, IndexQuery, InternalHit, PreviewStore, QuotaCounter, SearchIndex};
pub use preview::{PREVIEW_TTL_SECS, Preview};
pub use quota::QuotaPolicy;
pub use service::{ClaimedId, INTERNAL_QUERY_CHARS, SIMILARITY_THRESHOLD, SearchService};
