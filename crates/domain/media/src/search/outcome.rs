//! What a search produced, before the shell renders it (API.md §2.5 response and
//! `metadata`).

use std::collections::BTreeMap;

use tastebuds_kernel::MediaItemId;

use super::dedupe::DedupeReason;
use super::ports::InternalHit;
use super::preview::Preview;
use crate::kind::SourceName;

/// Which kind of catalog match answered (the `metadata.internal_match` key).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MatchKind {
    /// Full-text matches.
    FullText,
    /// Full-text found nothing; these are the most similar titles.
    SimilarTitle,
    /// Neither found anything.
    None,
}

impl MatchKind {
    /// The wire name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::FullText => "full_text",
            Self::SimilarTitle => "similar_title",
            Self::None => "none",
        }
    }
}

/// The catalog's part of the answer.
#[derive(Clone, Debug, PartialEq)]
pub struct InternalResults {
    /// This page's hits, in rank order.
    pub hits: Vec<InternalHit>,
    /// Every match of the answering kind.
    pub total: u64,
    /// Which kind of match answered.
    pub matched_by: MatchKind,
}

/// One connector's part of the answer.
#[derive(Clone, Debug, PartialEq)]
pub struct ConnectorReport {
    /// The connector.
    pub source: SourceName,
    /// Its hits that were kept, cached as the caller's previews, in its own order.
    pub hits: Vec<Preview>,
    /// Hits dropped as duplicates, by reason.
    pub deduped: BTreeMap<DedupeReason, u32>,
    /// How long the upstream search took, in milliseconds; `None` when it did not
    /// answer (failure, open circuit, cut by its time budget).
    pub search_ms: Option<f64>,
    /// How long the connector call took, answered or not, in milliseconds.
    pub fetch_ms: f64,
}

impl ConnectorReport {
    /// Hits dropped as duplicates.
    #[must_use]
    pub fn deduped_count(&self) -> u32 {
        self.deduped.values().sum()
    }
}

/// The result of [`SearchService::search`](super::SearchService::search).
#[derive(Clone, Debug, PartialEq)]
pub struct SearchOutcome {
    /// `internal`, `external` or `internal+external`: what the request asked to run.
    pub label: &'static str,
    /// The page of internal results.
    pub page: u32,
    /// Internal results per page.
    pub per_page: u32,
    /// The catalog's results; `None` when internal search did not run.
    pub internal: Option<InternalResults>,
    /// The connectors that ran (page 1 only), in run order.
    pub connectors: Vec<ConnectorReport>,
}

impl SearchOutcome {
    /// The catalog ids of this page's internal hits, in order: the input of any batched
    /// per-page lookup (availability summaries).
    #[must_use]
    pub fn internal_ids(&self) -> Vec<MediaItemId> {
        self.internal
            .iter()
            .flat_map(|internal| internal.hits.iter().map(|hit| hit.item.id))
            .collect()
    }
}
