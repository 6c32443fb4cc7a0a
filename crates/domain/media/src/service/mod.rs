//! [`CatalogService`], the catalog's use cases: ingest (API.md §2.6: turn a source
//! name and an identifier into a catalog item), read an item, search an upstream, and
//! report the connectors' health.
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
//! - Only sources whose connector is configured into the service can be used; others are
//!   [`MediaError::UnknownSource`].
//! - Callers never hold a connector: searching and health go through the service too.
//! - Availability (API.md §3) is read through [`Staleness`] at the service clock's "now";
//!   a fetched record that carries an upstream availability report is reconciled with
//!   the item's rows (idempotently) by the same catalog call that upserts it, and the
//!   ingest answers with the item as that call read it back
//!   ([`MediaCatalog::upsert_detail`]: one transaction on PostgreSQL).

use std::collections::HashMap;
use std::sync::Arc;

use tastebuds_kernel::{Clock, MediaItemId, SystemClock};
use tracing::instrument;

use crate::availability::{AvailabilityStore, Staleness};
use crate::columns::fit_columns;
use crate::error::MediaError;
use crate::kind::SourceName;
use crate::models::MediaItemDetail;
use crate::payload::PayloadCaps;
use crate::ports::{IngestOutcome, MediaCatalog, UpsertMode, UpsertStatus};
use crate::source::{ExternalMedia, MetadataSource, SearchQuery, SourceHealth};

/// The longest identifier (`external_id` or `url`) an ingest accepts, in characters.
pub const MAX_IDENTIFIER_CHARS: usize = 2048;

mod availability;

/// The catalog's use cases: ingest, item reads, availability, upstream search and
/// connector health.
#[derive(Clone)]
pub struct CatalogService {
    catalog: Arc<dyn MediaCatalog>,
    availability: Arc<dyn AvailabilityStore>,
    connectors: HashMap<SourceName, Arc<dyn MetadataSource>>,
    clock: Arc<dyn Clock>,
    staleness: Staleness,
}

impl std::fmt::Debug for CatalogService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CatalogService")
            .field("connectors", &self.connector_names())
            .field("staleness", &self.staleness)
            .finish_non_exhaustive()
    }
}

impl CatalogService {
    /// A service over `catalog` and `availability` that can ingest through `connectors`
    /// (keyed by [`MetadataSource::name`]; a later connector with the same name replaces
    /// an earlier one), on the system clock with the default [`Staleness`].
    #[must_use]
    pub fn new(
        catalog: Arc<dyn MediaCatalog>,
        availability: Arc<dyn AvailabilityStore>,
        connectors: Vec<Arc<dyn MetadataSource>>,
    ) -> Self {
        let connectors = connectors
            .into_iter()
            .map(|connector| (connector.name(), connector))
            .collect();
        Self {
            catalog,
            availability,
            connectors,
            clock: Arc::new(SystemClock),
            staleness: Staleness::default(),
        }
    }

    /// The same service reading "now" from `clock`.
    #[must_use]
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// The same service with `staleness` (`availability.stale_days`).
    #[must_use]
    pub fn with_staleness(mut self, staleness: Staleness) -> Self {
        self.staleness = staleness;
        self
    }

    /// The sources a connector is configured for, in connector order (API.md §2.5).
    #[must_use]
    pub fn connector_names(&self) -> Vec<SourceName> {
        self.in_connector_order().map(|(name, _)| name).collect()
    }

    /// Each connector's health snapshot, in connector order; connectors that report
    /// none (never called since start) are left out.
    #[must_use]
    pub fn connector_health(&self) -> Vec<(SourceName, SourceHealth)> {
        self.in_connector_order()
            .filter_map(|(name, connector)| Some((name, connector.health()?)))
            .collect()
    }

    /// Searches `source` upstream (nothing is stored).
    ///
    /// # Errors
    /// [`MediaError::UnknownSource`] when no connector is configured for `source`;
    /// [`MediaError::Source`] when the upstream search fails.
    pub async fn search(
        &self,
        source: SourceName,
        query: &SearchQuery,
    ) -> Result<Vec<ExternalMedia>, MediaError> {
        Ok(self.connector(source)?.search(query).await?)
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
        let connector = self.connector(source)?;
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
        let mut record = fit_columns(PayloadCaps::CATALOG.apply(record))?;
        let mode = if force_refresh {
            UpsertMode::InsertOrOverwrite
        } else {
            UpsertMode::InsertOrKeep
        };
        let availability = record
            .availability
            .take()
            .map(|report| self.availability_change(source, report));
        let outcome = self
            .catalog
            .upsert_detail(&record, mode, availability)
            .await?;
        Ok(record_outcome(outcome.detail, outcome.status))
    }

    /// The catalog item with this id.
    ///
    /// # Errors
    /// [`MediaError::NotFound`] for an unknown id; [`MediaError::Unavailable`] when
    /// storage cannot be reached; [`MediaError::Unexpected`] when it fails otherwise.
    pub async fn get(&self, id: MediaItemId) -> Result<MediaItemDetail, MediaError> {
        self.catalog
            .get_detail(id)
            .await?
            .ok_or(MediaError::NotFound(id))
    }

    /// The connector of `source`.
    fn connector(&self, source: SourceName) -> Result<&Arc<dyn MetadataSource>, MediaError> {
        self.connectors
            .get(&source)
            .ok_or_else(|| MediaError::UnknownSource(source.as_str().to_owned()))
    }

    /// The configured connectors, in connector order.
    fn in_connector_order(&self) -> impl Iterator<Item = (SourceName, &Arc<dyn MetadataSource>)> {
        SourceName::ALL
            .iter()
            .filter_map(|name| Some((*name, self.connectors.get(name)?)))
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

fn record_outcome(detail: MediaItemDetail, status: UpsertStatus) -> IngestOutcome {
    let span = tracing::Span::current();
    span.record("media.id", tracing::field::display(detail.item.id));
    span.record("ingest.status", status.as_str());
    tracing::debug!("ingest finished");
    IngestOutcome { detail, status }
}

#[cfg(test)]
mod tests;
