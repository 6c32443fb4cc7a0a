//! [`GoogleBooksClient`]: the Google Books `MetadataSource`.

use async_trait::async_trait;
use serde_json::Value;
use tastebuds_media::{
    ExternalMedia, MediaType, MetadataSource, SearchQuery, SourceError, SourceLookup, SourceName,
};
use tastebuds_source_common::{SourceHttp, SourceHttpConfig, secret};

use crate::config::GoogleBooksConfig;
use crate::dto::VolumesPage;
use crate::{errors, identifier, map};

/// Google Books allows at most 40 results per page.
const MAX_RESULTS: u32 = 40;

/// Books from Google Books (`GET /volumes`, `GET /volumes/{id}`).
#[derive(Clone, Debug)]
pub struct GoogleBooksClient {
    config: GoogleBooksConfig,
    http: SourceHttp,
}

impl GoogleBooksClient {
    /// A client on the shared HTTP client and transport settings.
    #[must_use]
    pub fn new(
        config: GoogleBooksConfig,
        client: reqwest::Client,
        http: &SourceHttpConfig,
    ) -> Self {
        let http =
            SourceHttp::new(SourceName::GoogleBooks, client, http).with_body_check(errors::check);
        Self { config, http }
    }

    /// Always `true`: the API key is optional.
    #[must_use]
    pub const fn is_configured(&self) -> bool {
        true
    }

    fn get(&self, path: &str) -> reqwest::RequestBuilder {
        let url = format!("{}{path}", self.config.base_url.trim_end_matches('/'));
        let request = self
            .http
            .client()
            .get(url)
            .query(&[("country", self.config.country.as_str())]);
        match secret::configured(self.config.api_key.as_ref()) {
            Some(key) => request.header("X-Goog-Api-Key", key),
            None => request,
        }
    }
}

#[async_trait]
impl MetadataSource for GoogleBooksClient {
    fn name(&self) -> SourceName {
        SourceName::GoogleBooks
    }

    fn parse_identifier(&self, input: &str) -> Result<SourceLookup, SourceError> {
        identifier::parse(input)
    }

    #[tracing::instrument(skip_all, fields(source = "google_books", query.limit = query.limit))]
    async fn search(&self, query: &SearchQuery) -> Result<Vec<ExternalMedia>, SourceError> {
        let wanted = query.types.is_empty() || query.types.contains(&MediaType::Book);
        let text = query.text.trim();
        if !wanted || text.is_empty() || query.limit == 0 {
            return Ok(Vec::new());
        }
        let limit = query.limit.min(MAX_RESULTS).to_string();
        let page: VolumesPage = match self
            .http
            .send_json(|| {
                self.get("/volumes").query(&[
                    ("q", text),
                    ("maxResults", limit.as_str()),
                    ("startIndex", "0"),
                    ("printType", "books"),
                ])
            })
            .await
        {
            // The port's contract: finding nothing is an empty list, never `NotFound`.
            Err(SourceError::NotFound) => return Ok(Vec::new()),
            other => other?,
        };
        Ok(map::map_search_page(page))
    }

    #[tracing::instrument(skip_all, fields(source = "google_books", external.id = %lookup.key))]
    async fn fetch(&self, lookup: &SourceLookup) -> Result<ExternalMedia, SourceError> {
        let lookup = identifier::parse(&lookup.key)?;
        let path = format!("/volumes/{}", lookup.key);
        let raw: Value = self.http.send_json(|| self.get(&path)).await?;
        map::map_volume(raw)
    }
}
