//! [`Budgeted`]: a source whose searches answer within a time budget (API.md §2.5: one
//! slow upstream must not stall a search). A search still running when the budget runs
//! out is dropped (its retries with it) and answers [`SourceError::Upstream`]; fetches
//! (ingest) are not budgeted.

use std::time::Duration;

use async_trait::async_trait;
use tastebuds_media::{
    ExternalMedia, MetadataSource, SearchQuery, SourceError, SourceHealth, SourceLookup, SourceName,
};

/// `inner` with its searches cut at `budget`.
#[derive(Debug)]
pub struct Budgeted<S> {
    inner: S,
    budget: Duration,
}

impl<S> Budgeted<S> {
    /// Searches of `inner` answer within `budget`.
    #[must_use]
    pub const fn new(inner: S, budget: Duration) -> Self {
        Self { inner, budget }
    }
}

#[async_trait]
impl<S: MetadataSource> MetadataSource for Budgeted<S> {
    fn name(&self) -> SourceName {
        self.inner.name()
    }

    fn parse_identifier(&self, input: &str) -> Result<SourceLookup, SourceError> {
        self.inner.parse_identifier(input)
    }

    async fn search(&self, query: &SearchQuery) -> Result<Vec<ExternalMedia>, SourceError> {
        tokio::time::timeout(self.budget, self.inner.search(query))
            .await
            .unwrap_or_else(|_| {
                Err(SourceError::Upstream(anyhow::anyhow!(
                    "{} search exceeded its budget of {} ms",
                    self.inner.name(),
                    self.budget.as_millis()
                )))
            })
    }

    async fn fetch(&self, lookup: &SourceLookup) -> Result<ExternalMedia, SourceError> {
        self.inner.fetch(lookup).await
    }

    fn health(&self) -> Option<SourceHealth> {
        self.inner.health()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Slow;

    #[async_trait]
    impl MetadataSource for Slow {
        fn name(&self) -> SourceName {
            SourceName::Tmdb
        }
        fn parse_identifier(&self, input: &str) -> Result<SourceLookup, SourceError> {
            Err(SourceError::InvalidIdentifier(input.to_owned()))
        }
        async fn search(&self, _: &SearchQuery) -> Result<Vec<ExternalMedia>, SourceError> {
            tokio::time::sleep(Duration::from_secs(5)).await;
            Ok(Vec::new())
        }
        async fn fetch(&self, _: &SourceLookup) -> Result<ExternalMedia, SourceError> {
            tokio::time::sleep(Duration::from_millis(50)).await;
            Err(SourceError::NotFound)
        }
    }

    #[tokio::test]
    async fn a_search_past_its_budget_is_cut_and_fetches_are_not() {
        let source = Budgeted::new(Slow, Duration::from_millis(20));
        let query = SearchQuery {
            text: "dune".into(),
            limit: 1,
            types: Vec::new(),
        };
        let started = std::time::Instant::now();
        let cut = source.search(&query).await;
        assert!(matches!(cut, Err(SourceError::Upstream(_))));
        assert!(started.elapsed() < Duration::from_secs(1));
        let lookup = SourceLookup {
            key: "1".into(),
            canonical_id: None,
        };
        assert!(matches!(
            source.fetch(&lookup).await,
            Err(SourceError::NotFound)
        ));
    }
}
