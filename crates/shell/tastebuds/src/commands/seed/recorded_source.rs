//! [`RecordedSource`]: a connector that "fetches" from the recorded demo payloads, so the
//! seed ingests through the catalog's own ingest use case (look before fetch, column
//! fitting, JSON caps, the idempotent upsert, availability reconciliation) without a
//! network.

use std::sync::Arc;

use async_trait::async_trait;
use tastebuds_media::{
    ExternalMedia, MetadataSource, SearchQuery, SourceError, SourceLookup, SourceName,
};

use super::payloads::Recorded;

/// The recorded records of one source, by stored external id.
#[derive(Debug)]
pub struct RecordedSource {
    name: SourceName,
    records: Vec<ExternalMedia>,
}

/// One connector per source that has recorded items.
pub fn connectors(recorded: &[Recorded]) -> Vec<Arc<dyn MetadataSource>> {
    SourceName::ALL
        .iter()
        .map(|name| RecordedSource {
            name: *name,
            records: recorded
                .iter()
                .filter(|r| r.record.source == *name)
                .map(|r| r.record.clone())
                .collect(),
        })
        .filter(|source| !source.records.is_empty())
        .map(|source| Arc::new(source) as Arc<dyn MetadataSource>)
        .collect()
}

#[async_trait]
impl MetadataSource for RecordedSource {
    fn name(&self) -> SourceName {
        self.name
    }

    /// Only stored external ids of recorded items, which are canonical: the catalog is
    /// looked at before anything is "fetched".
    fn parse_identifier(&self, input: &str) -> Result<SourceLookup, SourceError> {
        if self.records.iter().any(|r| r.external_id == input) {
            Ok(SourceLookup {
                key: input.to_owned(),
                canonical_id: Some(input.to_owned()),
            })
        } else {
            Err(SourceError::InvalidIdentifier(format!(
                "`{input}` is not a recorded demo item"
            )))
        }
    }

    async fn search(&self, _query: &SearchQuery) -> Result<Vec<ExternalMedia>, SourceError> {
        Ok(Vec::new())
    }

    async fn fetch(&self, lookup: &SourceLookup) -> Result<ExternalMedia, SourceError> {
        self.records
            .iter()
            .find(|r| r.external_id == lookup.key)
            .cloned()
            .ok_or(SourceError::NotFound)
    }
}
