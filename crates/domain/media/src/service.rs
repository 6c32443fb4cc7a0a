//! The ingest use case (API.md §2.6): turn a source name and an identifier into a
//! catalog item.
//!
//! Design rules:
//! - Look before you fetch (§6.12): when the identifier already determines the stored
//!   external id and that record is in the catalog, the stored item is returned without
//!   calling upstream, unless `force_refresh` asks for a new copy.
//! - Ingest is idempotent: one item per `(source, external_id)`; a plain re-ingest keeps
//!   the stored item ([`UpsertMode::InsertOrKeep`]), `force_refresh` overwrites it in
//!   place ([`UpsertMode::InsertOrOverwrite`]).
//! - Stored JSON is capped ([`PayloadCaps::CATALOG`]) and the record fitted to the
//!   catalog's columns ([`fit_columns`]) before it reaches the port.
//! - An identifier longer than [`MAX_IDENTIFIER_CHARS`], or holding U+0000, is refused
//!   before any upstream call: it names no record, and the upstream's answer could not
//!   be stored.
//! - Only sources configured into the service can be used; others are
//!   [`MediaError::UnknownSource`].

use std::collections::HashMap;
use std::sync::Arc;

use tastebuds_kernel::MediaItemId;
use tracing::instrument;

use crate::columns::fit_columns;
use crate::error::MediaError;
use crate::kind::SourceName;
use crate::models::MediaItemDetail;
use crate::payload::PayloadCaps;
use crate::ports::{MediaCatalog, UpsertMode, UpsertStatus};
use crate::source::MetadataSource;

/// The longest identifier (`external_id` or `url`) an ingest accepts, in characters.
pub const MAX_IDENTIFIER_CHARS: usize = 2048;

/// What an ingest produced.
#[derive(Clone, Debug, PartialEq)]
pub struct IngestOutcome {
    /// The catalog item, as stored after the ingest.
    pub item: MediaItemDetail,
    /// Whether it was created, overwritten or already there.
    pub status: UpsertStatus,
}

/// The ingest use case and catalog reads.
#[derive(Clone)]
pub struct IngestService {
    catalog: Arc<dyn MediaCatalog>,
    sources: HashMap<SourceName, Arc<dyn MetadataSource>>,
}

impl std::fmt::Debug for IngestService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut sources: Vec<_> = self.sources.keys().copied().collect();
        sources.sort();
        f.debug_struct("IngestService")
            .field("sources", &sources)
            .finish_non_exhaustive()
    }
}

impl IngestService {
    /// A service over `catalog` that can ingest from `sources` (keyed by
    /// [`MetadataSource::name`]; a later source with the same name replaces an earlier one).
    #[must_use]
    pub fn new(catalog: Arc<dyn MediaCatalog>, sources: Vec<Arc<dyn MetadataSource>>) -> Self {
        let sources = sources
            .into_iter()
            .map(|source| (source.name(), source))
            .collect();
        Self { catalog, sources }
    }

    /// The configured sources, in connector order (API.md §2.5).
    #[must_use]
    pub fn sources(&self) -> Vec<Arc<dyn MetadataSource>> {
        SourceName::ALL
            .iter()
            .filter_map(|name| self.sources.get(name).cloned())
            .collect()
    }

    /// Ingests the record `identifier` names at `source`.
    ///
    /// `identifier` is the request's `external_id`, or its `url` when that is blank;
    /// surrounding whitespace is ignored.
    ///
    /// # Errors
    /// - [`MediaError::UnknownSource`]: `source` is not configured into this service.
    /// - [`MediaError::IdentifierRequired`]: `identifier` is blank.
    /// - [`MediaError::InvalidIdentifier`]: it is longer than [`MAX_IDENTIFIER_CHARS`]
    ///   or holds U+0000, the source cannot parse it, or the record it names has an external id too long
    ///   to store ([`fit_columns`]).
    /// - [`MediaError::Source`]: the upstream fetch failed (not found, rate limited,
    ///   circuit open, upstream failure, …).
    /// - [`MediaError::Unexpected`]: storage failed, or the connector returned a record
    ///   of another source.
    #[instrument(
        skip_all,
        fields(
            source = %source,
            force_refresh = force_refresh,
            media.id = tracing::field::Empty,
            ingest.status = tracing::field::Empty,
        )
    )]
    pub async fn ingest(
        &self,
        source: SourceName,
        identifier: &str,
        force_refresh: bool,
    ) -> Result<IngestOutcome, MediaError> {
        let connector = self
            .sources
            .get(&source)
            .ok_or_else(|| MediaError::UnknownSource(source.as_str().to_owned()))?;
        let identifier = identifier.trim();
        if identifier.is_empty() {
            return Err(MediaError::IdentifierRequired);
        }
        if identifier.chars().count() > MAX_IDENTIFIER_CHARS {
            return Err(MediaError::InvalidIdentifier(format!(
                "the identifier is longer than {MAX_IDENTIFIER_CHARS} characters"
            )));
        }
        if identifier.contains('\0') {
            return Err(MediaError::InvalidIdentifier(
                "the identifier contains a NUL character".to_owned(),
            ));
        }
        let lookup = connector.parse_identifier(identifier)?;

        if !force_refresh
            && let Some(existing) = self.stored(source, lookup.canonical_id.as_deref()).await?
        {
            return Ok(record_outcome(existing, UpsertStatus::Unchanged));
        }

        let record = connector.fetch(&lookup).await?;
        if record.source != source {
            return Err(MediaError::Unexpected(anyhow::anyhow!(
                "connector {source} returned a record of {}",
                record.source
            )));
        }
        let record = fit_columns(PayloadCaps::CATALOG.apply(record))?;
        let mode = if force_refresh {
            UpsertMode::InsertOrOverwrite
        } else {
            UpsertMode::InsertOrKeep
        };
        let outcome = self.catalog.upsert(&record, mode).await?;
        let item = self.catalog.get_detail(outcome.id).await?.ok_or_else(|| {
            MediaError::Unexpected(anyhow::anyhow!(
                "media item {} vanished right after its upsert",
                outcome.id
            ))
        })?;
        Ok(record_outcome(item, outcome.status))
    }

    /// The catalog item with this id.
    ///
    /// # Errors
    /// [`MediaError::NotFound`] for an unknown id; [`MediaError::Unexpected`] when
    /// storage fails.
    pub async fn get(&self, id: MediaItemId) -> Result<MediaItemDetail, MediaError> {
        self.catalog
            .get_detail(id)
            .await?
            .ok_or(MediaError::NotFound(id))
    }

    /// The stored item for a canonical external id, if the catalog has it.
    async fn stored(
        &self,
        source: SourceName,
        canonical_id: Option<&str>,
    ) -> Result<Option<MediaItemDetail>, MediaError> {
        let Some(external_id) = canonical_id else {
            return Ok(None);
        };
        match self
            .catalog
            .find_by_external_ref(source, external_id)
            .await?
        {
            // Deleted between the two reads: fall through to a fresh ingest.
            Some(id) => self.catalog.get_detail(id).await,
            None => Ok(None),
        }
    }
}

fn record_outcome(item: MediaItemDetail, status: UpsertStatus) -> IngestOutcome {
    let span = tracing::Span::current();
    span.record("media.id", tracing::field::display(item.item.id));
    span.record("ingest.status", status.as_str());
    tracing::debug!("ingest finished");
    IngestOutcome { item, status }
}

#[cfg(test)]
#[path = "service_tests.rs"]
mod tests;
