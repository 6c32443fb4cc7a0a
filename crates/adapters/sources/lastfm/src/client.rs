//! [`LastfmClient`]: the Last.fm `MetadataSource` (music tracks).

use async_trait::async_trait;
use serde_json::Value;
use tastebuds_media::{
    ExternalMedia, MediaType, MetadataSource, SearchQuery, SourceError, SourceLookup, SourceName,
};
use tastebuds_source_common::{SourceHttp, SourceHttpConfig, error_message, secret};

use crate::config::{LastfmConfig, MISSING_API_KEY};
use crate::dto::TrackSearch;
use crate::identifier::{self, TrackRef};
use crate::{errors, map};

/// Last.fm's largest `track.search` page.
const MAX_LIMIT: u32 = 1_000;

/// Music tracks from Last.fm (`track.getInfo`, `album.getInfo`, `track.search`).
#[derive(Clone, Debug)]
pub struct LastfmClient {
    config: LastfmConfig,
    http: SourceHttp,
}

impl LastfmClient {
    /// A client on the shared HTTP client and transport settings.
    #[must_use]
    pub fn new(config: LastfmConfig, client: reqwest::Client, http: &SourceHttpConfig) -> Self {
        let http = SourceHttp::new(SourceName::Lastfm, client, http).with_body_check(errors::check);
        Self { config, http }
    }

    /// Whether the API key is set; without it every call answers `NotConfigured`.
    #[must_use]
    pub fn is_configured(&self) -> bool {
        secret::configured(self.config.api_key.as_ref()).is_some()
    }

    /// Calls `method` with `params`, the key and `format=json`; error bodies (any status)
    /// are classified by [`errors::check`].
    async fn call(&self, method: &str, params: &[(&str, &str)]) -> Result<Value, SourceError> {
        let key = secret::configured(self.config.api_key.as_ref())
            .ok_or_else(|| SourceError::NotConfigured(MISSING_API_KEY.to_owned()))?;
        self.http
            .send_json(|| {
                self.http
                    .client()
                    .get(&self.config.base_url)
                    .query(&[("method", method)])
                    .query(params)
                    .query(&[("api_key", key), ("format", "json")])
            })
            .await
    }

    /// `album.getInfo` for the track's album, for its largest cover and track list. Any
    /// failure only costs that enrichment.
    async fn album_of(&self, track: &Value) -> Option<Value> {
        let album = track.get("track")?.get("album")?;
        let title = album
            .get("title")?
            .as_str()
            .filter(|t| !t.trim().is_empty())?;
        let artist = album
            .get("artist")
            .and_then(Value::as_str)
            .or_else(|| track["track"]["artist"]["name"].as_str())?;
        let params = [("artist", artist), ("album", title), ("autocorrect", "1")];
        match self.call("album.getInfo", &params).await {
            Ok(mut answer) => answer.get_mut("album").map(Value::take),
            Err(err) => {
                tracing::debug!(source = "lastfm", error = %error_message(&err), "album lookup skipped");
                None
            }
        }
    }
}

#[async_trait]
impl MetadataSource for LastfmClient {
    fn name(&self) -> SourceName {
        SourceName::Lastfm
    }

    fn parse_identifier(&self, input: &str) -> Result<SourceLookup, SourceError> {
        identifier::parse(input)
    }

    #[tracing::instrument(skip_all, fields(source = "lastfm", query.limit = query.limit))]
    async fn search(&self, query: &SearchQuery) -> Result<Vec<ExternalMedia>, SourceError> {
        let wanted = query.types.is_empty() || query.types.contains(&MediaType::Music);
        let text = query.text.trim();
        if !wanted || text.is_empty() || query.limit == 0 {
            return Ok(Vec::new());
        }
        let limit = query.limit.min(MAX_LIMIT).to_string();
        // The port's contract: finding nothing is an empty list, never `NotFound` (error 6).
        let answer = match self
            .call("track.search", &[("track", text), ("limit", &limit)])
            .await
        {
            Err(SourceError::NotFound) => return Ok(Vec::new()),
            other => other?,
        };
        let answer: TrackSearch = serde_json::from_value(answer).map_err(|err| {
            SourceError::Upstream(anyhow::anyhow!("unexpected Last.fm search shape: {err}"))
        })?;
        Ok(map::map_search(answer))
    }

    /// `track.getInfo` (by MBID, or by artist and track with autocorrect), then
    /// `album.getInfo` for its album; the stored payload holds both.
    #[tracing::instrument(skip_all, fields(source = "lastfm", external.id = %lookup.key))]
    async fn fetch(&self, lookup: &SourceLookup) -> Result<ExternalMedia, SourceError> {
        let mut raw = match identifier::track_ref(&lookup.key)? {
            TrackRef::Mbid(mbid) => self.call("track.getInfo", &[("mbid", &mbid)]).await?,
            TrackRef::Named { artist, track } => {
                let params = [
                    ("artist", artist.as_str()),
                    ("track", &track),
                    ("autocorrect", "1"),
                ];
                self.call("track.getInfo", &params).await?
            }
        };
        if let Some(album) = self.album_of(&raw).await
            && let Value::Object(document) = &mut raw
        {
            document.insert("album".to_owned(), album);
        }
        map::map_track(raw)
    }
}
