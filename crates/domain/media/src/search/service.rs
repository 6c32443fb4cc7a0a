//! [`SearchService`]: search, previews and the claiming of a preview as a catalog item.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Instant;

use chrono::Duration;
use futures_util::future::{join, join_all};
use tastebuds_kernel::{Clock, MediaItemId, PreviewId, UserId};
use tracing::instrument;

use super::dedupe::Deduper;
use super::error::SearchError;
use super::outcome::{ConnectorReport, InternalResults, MatchKind, SearchOutcome};
use super::plan::{SearchRequest, plan};
use super::ports::{IndexQuery, PreviewStore, QuotaCounter, SearchIndex};
use super::preview::{PREVIEW_TTL_SECS, Preview};
use super::quota::QuotaPolicy;
use crate::columns::fit_columns;
use crate::kind::SourceName;
use crate::payload::PayloadCaps;
use crate::ports::{MediaCatalog, UpsertMode};
use crate::source::{ExternalMedia, MetadataSource, SearchQuery, SourceError};

/// Internal search uses this many characters of the query; connectors get all of it.
pub const INTERNAL_QUERY_CHARS: usize = 256;

/// The least word similarity (0–1) a similar-title match needs: `matirx` → `The Matrix`
/// scores 0.43, `pokemn` → `Pokémon` 0.71.
pub const SIMILARITY_THRESHOLD: f32 = 0.4;

/// What [`SearchService::claim_preview`] made of an id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClaimedId {
    /// The catalog id to store (the id itself when it named no claimable preview).
    pub id: MediaItemId,
    /// The claimed preview, to discard once the catalog id is stored.
    pub preview: Option<PreviewId>,
}

/// The search use cases (see the [module docs](super)).
#[derive(Clone)]
pub struct SearchService {
    index: Arc<dyn SearchIndex>,
    previews: Arc<dyn PreviewStore>,
    quotas: Arc<dyn QuotaCounter>,
    catalog: Arc<dyn MediaCatalog>,
    connectors: Vec<Arc<dyn MetadataSource>>,
    clock: Arc<dyn Clock>,
    quota: QuotaPolicy,
}

impl std::fmt::Debug for SearchService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchService")
            .field("connectors", &self.configured())
            .field("quota", &self.quota)
            .finish_non_exhaustive()
    }
}

/// One connector's raw answer.
struct Fetched {
    source: SourceName,
    result: Result<Vec<ExternalMedia>, SourceError>,
    elapsed_ms: f64,
}

impl SearchService {
    /// A service over the catalog's search `index`, the `previews` and `quotas` stores,
    /// the `catalog` (for claiming previews) and the `connectors` (each answering
    /// within its own time budget), on `clock`, with the default quota.
    #[must_use]
    pub fn new(
        index: Arc<dyn SearchIndex>,
        previews: Arc<dyn PreviewStore>,
        quotas: Arc<dyn QuotaCounter>,
        catalog: Arc<dyn MediaCatalog>,
        connectors: Vec<Arc<dyn MetadataSource>>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            index,
            previews,
            quotas,
            catalog,
            connectors,
            clock,
            quota: QuotaPolicy::default(),
        }
    }

    /// The same service with another external-search quota.
    #[must_use]
    pub const fn with_quota(mut self, quota: QuotaPolicy) -> Self {
        self.quota = quota;
        self
    }

    /// The quota in force.
    #[must_use]
    pub const fn quota(&self) -> QuotaPolicy {
        self.quota
    }

    /// Searches the catalog and, on page 1, the planned connectors concurrently
    /// (API.md §2.5, §5.6, §6.13).
    ///
    /// - Internal: full-text first; only when it finds nothing at all, the similar
    ///   titles answer (never both on one page).
    /// - External (page 1 only, signed-in callers): one quota count, expired previews
    ///   purged, connectors called concurrently; a failing source contributes nothing;
    ///   hits of other types are dropped, the rest deduplicated against this page's
    ///   internal hits and earlier external hits, and the survivors cached as the
    ///   caller's previews for [`PREVIEW_TTL_SECS`].
    ///
    /// # Errors
    /// [`SearchError::AuthenticationRequired`] when connectors are planned and
    /// `viewer` is `None`; [`SearchError::QuotaExceeded`] past the quota; storage
    /// failures.
    #[instrument(skip_all, fields(user.id = ?viewer.map(|user| user.to_string()), page = request.page))]
    pub async fn search(
        &self,
        viewer: Option<UserId>,
        request: &SearchRequest,
    ) -> Result<SearchOutcome, SearchError> {
        let plan = plan(request, &self.configured());
        let owner = match (plan.connectors.is_empty(), viewer) {
            (true, _) => None,
            (false, None) => return Err(SearchError::AuthenticationRequired),
            (false, Some(user)) => Some(user),
        };
        let fan_out = match owner {
            Some(user) if request.page == 1 => Some((user, &plan.connectors)),
            _ => None,
        };
        let now = self.clock.now();
        if let Some((user, _)) = fan_out {
            let count = self
                .quotas
                .increment(user, self.quota.window_start(now))
                .await?;
            self.quota.check(count, now)?;
            self.previews.purge_expired(now).await?;
        }

        let internal = async {
            if plan.internal {
                self.internal(viewer, request).await.map(Some)
            } else {
                Ok(None)
            }
        };
        let external = async {
            match fan_out {
                Some((_, sources)) => self.fetch_all(sources, request).await,
                None => Vec::new(),
            }
        };
        let (internal, fetched) = join(internal, external).await;
        let internal = internal?;

        let connectors = match fan_out {
            Some((user, _)) => {
                self.keep_and_cache(user, internal.as_ref(), fetched, request, now)
                    .await?
            }
            None => Vec::new(),
        };
        Ok(SearchOutcome {
            label: plan.label(),
            page: request.page,
            per_page: request.per_page,
            internal,
            connectors,
        })
    }

    /// The caller's own, unexpired preview (API.md §3).
    ///
    /// # Errors
    /// [`SearchError::PreviewNotFound`] for an unknown id or someone else's preview;
    /// [`SearchError::PreviewExpired`] once it expired; storage failures.
    pub async fn preview(&self, caller: UserId, id: PreviewId) -> Result<Preview, SearchError> {
        let preview = self
            .previews
            .get(id)
            .await?
            .ok_or(SearchError::PreviewNotFound)?;
        preview.visible_to(caller, self.clock.now())
    }

    /// Turns `id` into a catalog id for a course item (API.md §5.5, §6.11): when it is
    /// one of the caller's unexpired previews, its record is ingested (idempotent on
    /// (source, external id)), the preview deleted and the catalog id returned. Any
    /// other id (a catalog id, someone else's or an expired preview, nothing at all)
    /// comes back unchanged, so the caller's catalog lookup answers it like any unknown
    /// item.
    ///
    /// # Errors
    /// Storage failures only.
    #[instrument(skip_all, fields(user.id = %caller, media.id = %id))]
    pub async fn resolve_media_id(
        &self,
        caller: UserId,
        id: MediaItemId,
    ) -> Result<MediaItemId, SearchError> {
        let resolved = self.claim_preview(caller, id).await?;
        if let Some(preview) = resolved.preview {
            self.discard_previews(&[preview]).await?;
        }
        Ok(resolved.id)
    }

    /// As [`resolve_media_id`](Self::resolve_media_id), but the preview is kept: the
    /// caller deletes it with [`discard_previews`](Self::discard_previews) once the
    /// catalog id is stored, so a write that then fails (an unknown item beside it in
    /// the same body) leaves the preview usable for the corrected retry. Claiming the
    /// same preview twice ingests once and answers the same catalog id.
    ///
    /// # Errors
    /// Storage failures only.
    #[instrument(skip_all, fields(user.id = %caller, media.id = %id))]
    pub async fn claim_preview(
        &self,
        caller: UserId,
        id: MediaItemId,
    ) -> Result<ClaimedId, SearchError> {
        let unchanged = ClaimedId { id, preview: None };
        let Some(preview) = self
            .previews
            .get(PreviewId::from_uuid(id.as_uuid()))
            .await?
        else {
            return Ok(unchanged);
        };
        let Ok(preview) = preview.visible_to(caller, self.clock.now()) else {
            return Ok(unchanged);
        };
        let record = fit_columns(PayloadCaps::CATALOG.apply(preview.record))?;
        let outcome = self
            .catalog
            .upsert(&record, UpsertMode::InsertOrKeep)
            .await?;
        tracing::debug!(catalog.id = %outcome.id, "preview ingested");
        Ok(ClaimedId {
            id: outcome.id,
            preview: Some(preview.id),
        })
    }

    /// Deletes previews whose records are now stored as catalog items (see
    /// [`claim_preview`](Self::claim_preview)); an id already gone is no error.
    ///
    /// # Errors
    /// Storage failures only.
    pub async fn discard_previews(&self, ids: &[PreviewId]) -> Result<(), SearchError> {
        for id in ids {
            self.previews.delete(*id).await?;
        }
        Ok(())
    }

    /// The configured connectors' names, in connector order.
    fn configured(&self) -> Vec<SourceName> {
        self.connectors.iter().map(|c| c.name()).collect()
    }

    /// Full-text matches, or the similar titles when full-text finds nothing at all.
    async fn internal(
        &self,
        viewer: Option<UserId>,
        request: &SearchRequest,
    ) -> Result<InternalResults, SearchError> {
        let query = IndexQuery {
            text: request.text.chars().take(INTERNAL_QUERY_CHARS).collect(),
            types: request.types.clone(),
            offset: u64::from(request.page.saturating_sub(1)) * u64::from(request.per_page),
            limit: request.per_page,
            viewer,
            min_similarity: SIMILARITY_THRESHOLD,
        };
        let full_text = self.index.full_text(&query).await?;
        if full_text.total > 0 {
            return Ok(InternalResults {
                hits: full_text.hits,
                total: full_text.total,
                matched_by: MatchKind::FullText,
            });
        }
        let similar = self.index.similar_titles(&query).await?;
        let matched_by = if similar.total > 0 {
            MatchKind::SimilarTitle
        } else {
            MatchKind::None
        };
        Ok(InternalResults {
            hits: similar.hits,
            total: similar.total,
            matched_by,
        })
    }

    /// Calls `sources` concurrently; answers in the order of `sources`.
    async fn fetch_all(&self, sources: &[SourceName], request: &SearchRequest) -> Vec<Fetched> {
        let query = SearchQuery {
            text: request.text.clone(),
            limit: request.external_per_source,
            types: request.types.clone(),
        };
        let calls = sources.iter().filter_map(|source| {
            let connector = self.connectors.iter().find(|c| c.name() == *source)?;
            let query = &query;
            Some(async move {
                let started = Instant::now();
                let result = connector.search(query).await;
                let elapsed_ms = started.elapsed().as_secs_f64() * 1_000.0;
                if let Err(error) = &result {
                    tracing::warn!(source = %source, error = %error, "search source skipped");
                }
                Fetched {
                    source: *source,
                    result,
                    elapsed_ms,
                }
            })
        });
        join_all(calls).await
    }

    /// Filters, deduplicates and caches the connectors' hits (one store call).
    async fn keep_and_cache(
        &self,
        owner: UserId,
        internal: Option<&InternalResults>,
        fetched: Vec<Fetched>,
        request: &SearchRequest,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Vec<ConnectorReport>, SearchError> {
        let mut seen = Deduper::default();
        for hit in internal.iter().flat_map(|internal| &internal.hits) {
            let item = &hit.item;
            seen.remember(
                item.media_type,
                &item.title,
                item.release_date,
                item.canonical_url.as_deref(),
            );
        }
        let mut kept = Vec::new();
        let mut reports = Vec::new();
        let limit = usize::try_from(request.external_per_source).unwrap_or(usize::MAX);
        for fetched in fetched {
            let mut deduped = BTreeMap::new();
            let search_ms = fetched.result.is_ok().then_some(fetched.elapsed_ms);
            let records = fetched.result.unwrap_or_default();
            let mut count = 0;
            for record in records
                .into_iter()
                .filter(|r| request.types.is_empty() || request.types.contains(&r.media_type))
                .take(limit)
            {
                let admitted = seen.admit(
                    record.media_type,
                    &record.title,
                    record.release_date,
                    record.canonical_url.as_deref(),
                );
                match admitted {
                    Err(reason) => *deduped.entry(reason).or_insert(0) += 1,
                    Ok(()) => match fit_columns(PayloadCaps::PREVIEW.apply(record)) {
                        Ok(record) => {
                            kept.push(record);
                            count += 1;
                        }
                        Err(error) => tracing::warn!(error = %error, "search hit skipped"),
                    },
                }
            }
            reports.push((
                count,
                ConnectorReport {
                    source: fetched.source,
                    hits: Vec::new(),
                    deduped,
                    search_ms,
                    fetch_ms: fetched.elapsed_ms,
                },
            ));
        }
        let mut previews = if kept.is_empty() {
            Vec::new()
        } else {
            self.previews
                .save(owner, kept, now + Duration::seconds(PREVIEW_TTL_SECS))
                .await?
        }
        .into_iter();
        Ok(reports
            .into_iter()
            .map(|(count, mut report)| {
                report.hits = previews.by_ref().take(count).collect();
                report
            })
            .collect())
    }
}

#[cfg(test)]
#[path = "service_tests.rs"]
mod tests;
