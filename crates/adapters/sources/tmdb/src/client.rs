//! [`TmdbClient`]: the TMDB `MetadataSource` (films and TV).

use async_trait::async_trait;
use serde_json::Value;
use tastebuds_media::{
    ExternalMedia, MediaType, MetadataSource, SearchQuery, SourceError, SourceLookup, SourceName,
};
use tastebuds_source_common::{SourceHttp, SourceHttpConfig, secret};

use crate::config::{MISSING_CREDENTIALS, TmdbConfig};
use crate::dto::SearchPage;
use crate::identifier::{self, Kind};
use crate::map;

/// What a details request appends: the credits and the watch providers.
const APPEND_TO_RESPONSE: &str = "credits,watch/providers";

/// Films and TV from TMDB (`/movie/{id}`, `/tv/{id}`, `/search/movie`, `/search/tv`).
#[derive(Clone, Debug)]
pub struct TmdbClient {
    config: TmdbConfig,
    http: SourceHttp,
}

/// How a request authenticates.
enum Auth<'a> {
    Bearer(&'a str),
    ApiKey(&'a str),
}

impl TmdbClient {
    /// A client on the shared HTTP client and transport settings.
    #[must_use]
    pub fn new(config: TmdbConfig, client: reqwest::Client, http: &SourceHttpConfig) -> Self {
        Self {
            config,
            http: SourceHttp::new(SourceName::Tmdb, client, http),
        }
    }

    /// Whether a bearer token or an API key is set; without one every call answers
    /// `NotConfigured`.
    #[must_use]
    pub fn is_configured(&self) -> bool {
        self.auth().is_ok()
    }

    fn auth(&self) -> Result<Auth<'_>, SourceError> {
        if let Some(token) = secret::configured(self.config.bearer_token.as_ref()) {
            return Ok(Auth::Bearer(token));
        }
        secret::configured(self.config.api_key.as_ref())
            .map(Auth::ApiKey)
            .ok_or_else(|| SourceError::NotConfigured(MISSING_CREDENTIALS.to_owned()))
    }

    /// GETs `path` with the credential and `params`, decoding the JSON body.
    async fn get<T>(&self, path: &str, params: &[(&str, &str)]) -> Result<T, SourceError>
    where
        T: serde::de::DeserializeOwned,
    {
        let auth = self.auth()?;
        let url = format!("{}{path}", self.config.base_url.trim_end_matches('/'));
        self.http
            .send_json(|| {
                let request = self.http.client().get(&url).query(params);
                match auth {
                    Auth::Bearer(token) => request.bearer_auth(token),
                    Auth::ApiKey(key) => request.query(&[("api_key", key)]),
                }
            })
            .await
    }

    async fn details(&self, kind: Kind, id: u64) -> Result<ExternalMedia, SourceError> {
        let path = format!("/{}/{id}", kind.as_str());
        let raw: Value = self
            .get(
                &path,
                &[
                    ("append_to_response", APPEND_TO_RESPONSE),
                    ("language", "en-US"),
                ],
            )
            .await?;
        match kind {
            Kind::Movie => map::map_movie(raw),
            Kind::Tv => map::map_show(raw),
        }
    }

    async fn search_kind(&self, kind: Kind, text: &str) -> Result<Vec<ExternalMedia>, SourceError> {
        let path = format!("/search/{}", kind.as_str());
        let params = [
            ("query", text),
            ("include_adult", "false"),
            ("language", "en-US"),
            ("page", "1"),
        ];
        // The port's contract: finding nothing is an empty list, never `NotFound`.
        let page: SearchPage = match self.get(&path, &params).await {
            Err(SourceError::NotFound) => return Ok(Vec::new()),
            other => other?,
        };
        let map = match kind {
            Kind::Movie => map::map_movie,
            Kind::Tv => map::map_show,
        };
        Ok(page
            .results
            .into_iter()
            .filter_map(|hit| {
                map(hit)
                    .inspect_err(
                        |err| tracing::warn!(source = "tmdb", error = %err, "search hit skipped"),
                    )
                    .ok()
            })
            .collect())
    }
}

#[async_trait]
impl MetadataSource for TmdbClient {
    fn name(&self) -> SourceName {
        SourceName::Tmdb
    }

    fn parse_identifier(&self, input: &str) -> Result<SourceLookup, SourceError> {
        identifier::parse(input)
    }

    /// Searches films and/or shows (as `types` asks), both at once, and interleaves them:
    /// film, show, film, … so a small `limit` still shows both kinds.
    #[tracing::instrument(skip_all, fields(source = "tmdb", query.limit = query.limit))]
    async fn search(&self, query: &SearchQuery) -> Result<Vec<ExternalMedia>, SourceError> {
        let wants = |kind| query.types.is_empty() || query.types.contains(&kind);
        let (movies, shows) = (wants(MediaType::Movie), wants(MediaType::Tv));
        let text = query.text.trim();
        if !(movies || shows) || text.is_empty() || query.limit == 0 {
            return Ok(Vec::new());
        }
        self.auth()?;
        let skip = || async { Ok(Vec::new()) };
        let (movie_hits, show_hits) = tokio::join!(
            async {
                if movies {
                    self.search_kind(Kind::Movie, text).await
                } else {
                    skip().await
                }
            },
            async {
                if shows {
                    self.search_kind(Kind::Tv, text).await
                } else {
                    skip().await
                }
            },
        );
        let (movie_hits, show_hits) = (movie_hits?, show_hits?);
        let limit = usize::try_from(query.limit).unwrap_or(usize::MAX);
        Ok(interleave(movie_hits, show_hits).take(limit).collect())
    }

    /// `movie:{id}` and `tv:{id}` fetch that record; a bare id is tried as a film, then, if
    /// TMDB has no such film, as a show.
    #[tracing::instrument(skip_all, fields(source = "tmdb", external.id = %lookup.key))]
    async fn fetch(&self, lookup: &SourceLookup) -> Result<ExternalMedia, SourceError> {
        let id = identifier::parse_id(&lookup.key)?;
        match id.kind {
            Some(kind) => self.details(kind, id.id).await,
            None => match self.details(Kind::Movie, id.id).await {
                Err(SourceError::NotFound) => self.details(Kind::Tv, id.id).await,
                other => other,
            },
        }
    }
}

fn interleave<T>(first: Vec<T>, second: Vec<T>) -> impl Iterator<Item = T> {
    let (mut first, mut second) = (first.into_iter(), second.into_iter());
    let mut take_first = true;
    std::iter::from_fn(move || {
        let next = if take_first {
            first.next().or_else(|| second.next())
        } else {
            second.next().or_else(|| first.next())
        };
        take_first = !take_first;
        next
    })
}

#[cfg(test)]
mod tests {
    use super::interleave;

    #[test]
    fn interleaving_alternates_then_drains_the_longer_list() {
        let merged: Vec<u8> = interleave(vec![1, 3, 5, 7], vec![2, 4]).collect();
        assert_eq!(merged, [1, 2, 3, 4, 5, 7]);
        let merged: Vec<u8> = interleave(vec![], vec![2, 4]).collect();
        assert_eq!(merged, [2, 4]);
    }
}
