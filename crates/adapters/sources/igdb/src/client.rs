//! [`IgdbClient`]: the IGDB `MetadataSource` (games).

use async_trait::async_trait;
use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;
use tastebuds_media::{
    ExternalMedia, MediaType, MetadataSource, SearchQuery, SourceError, SourceLookup, SourceName,
};
use tastebuds_source_common::{SourceHttp, SourceHttpConfig, parse_json};

use crate::config::{Credentials, IgdbConfig};
use crate::token::{self, TokenSource};
use crate::{identifier, map};

/// Fields of a lookup by id.
const DETAIL_FIELDS: &str = "name,slug,url,summary,storyline,first_release_date,cover.url,\
cover.image_id,genres.name,platforms.name,involved_companies.company.name,\
involved_companies.developer,involved_companies.publisher";

/// Fields of a search.
const SEARCH_FIELDS: &str = "name,slug,first_release_date,cover.url,cover.image_id,genres.name,\
platforms.name,alternative_names.name,alternative_names.comment";

/// IGDB's largest page.
const MAX_LIMIT: u32 = 500;

/// Games from IGDB (`POST /games` with Apicalypse queries), authenticated with a cached
/// Twitch app token.
#[derive(Debug)]
pub struct IgdbClient {
    config: IgdbConfig,
    http: SourceHttp,
    tokens: TokenSource,
}

impl IgdbClient {
    /// A client on the shared HTTP client and transport settings.
    #[must_use]
    pub fn new(config: IgdbConfig, client: reqwest::Client, http: &SourceHttpConfig) -> Self {
        let token_http =
            SourceHttp::new(SourceName::Igdb, client.clone(), http).with_body_check(token::check);
        let tokens = TokenSource::new(token_http, config.token_url.clone());
        Self {
            http: SourceHttp::new(SourceName::Igdb, client, http),
            tokens,
            config,
        }
    }

    /// Whether both the client id and secret are set; without them every call answers
    /// `NotConfigured`.
    #[must_use]
    pub fn is_configured(&self) -> bool {
        self.config.credentials().is_ok()
    }

    fn credentials(&self) -> Result<Credentials<'_>, SourceError> {
        self.config
            .credentials()
            .map_err(SourceError::NotConfigured)
    }

    /// Runs an Apicalypse query on `/games`; on a 401 renews the token and tries once more.
    async fn games(&self, query: &str) -> Result<Vec<Value>, SourceError> {
        let credentials = self.credentials()?;
        let token = self.tokens.token(credentials).await?;
        match self.post_games(credentials, &token, query).await {
            Err(SourceError::Unauthorized(_)) => {
                tracing::info!(source = "igdb", "token rejected; renewing it once");
                let token = self.tokens.renew(&token, credentials).await?;
                self.post_games(credentials, &token, query).await
            }
            other => other,
        }
    }

    async fn post_games(
        &self,
        credentials: Credentials<'_>,
        token: &SecretString,
        query: &str,
    ) -> Result<Vec<Value>, SourceError> {
        let url = format!("{}/games", self.config.base_url.trim_end_matches('/'));
        let body = self
            .http
            .send(|| {
                self.http
                    .client()
                    .post(&url)
                    .header("Client-ID", credentials.client_id)
                    .bearer_auth(token.expose_secret())
                    .header(reqwest::header::CONTENT_TYPE, "text/plain")
                    .body(query.to_owned())
            })
            .await?;
        match parse_json::<Value>(SourceName::Igdb, &body)? {
            Value::Array(games) => Ok(games),
            other => Err(SourceError::Upstream(anyhow::anyhow!(
                "IGDB answered with a JSON {} instead of an array",
                json_kind(&other)
            ))),
        }
    }
}

#[async_trait]
impl MetadataSource for IgdbClient {
    fn name(&self) -> SourceName {
        SourceName::Igdb
    }

    fn parse_identifier(&self, input: &str) -> Result<SourceLookup, SourceError> {
        identifier::parse(input)
    }

    #[tracing::instrument(skip_all, fields(source = "igdb", query.limit = query.limit))]
    async fn search(&self, query: &SearchQuery) -> Result<Vec<ExternalMedia>, SourceError> {
        let wanted = query.types.is_empty() || query.types.contains(&MediaType::Game);
        let text = query.text.trim();
        if !wanted || text.is_empty() || query.limit == 0 {
            return Ok(Vec::new());
        }
        let apicalypse = format!(
            "search \"{}\"; fields {SEARCH_FIELDS}; limit {};",
            escape(text),
            query.limit.min(MAX_LIMIT)
        );
        let games = self.games(&apicalypse).await?;
        Ok(games
            .into_iter()
            .filter_map(|game| {
                map::map_game(game)
                    .inspect_err(
                        |err| tracing::warn!(source = "igdb", error = %err, "search hit skipped"),
                    )
                    .ok()
            })
            .collect())
    }

    #[tracing::instrument(skip_all, fields(source = "igdb", external.id = %lookup.key))]
    async fn fetch(&self, lookup: &SourceLookup) -> Result<ExternalMedia, SourceError> {
        // Digits only: the id is spliced into the query.
        let id = identifier::game_id(&lookup.key)?;
        let games = self
            .games(&format!("fields {DETAIL_FIELDS}; where id = {id};"))
            .await?;
        // "Not found" is `200 []`, never a 404.
        let game = games.into_iter().next().ok_or(SourceError::NotFound)?;
        map::map_game(game)
    }
}

/// Escapes a search term for an Apicalypse string literal (`\` and `"`; control
/// characters become spaces).
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '"' => {
                escaped.push('\\');
                escaped.push(c);
            }
            c if c.is_control() => escaped.push(' '),
            c => escaped.push(c),
        }
    }
    escaped
}

const fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn search_terms_cannot_break_out_of_the_string() {
        assert_eq!(escape("okami"), "okami");
        assert_eq!(
            escape(r#"a"; fields *; where id = 1;"#),
            r#"a\"; fields *; where id = 1;"#
        );
        assert_eq!(escape("back\\slash\nline"), "back\\\\slash line");
        assert_eq!(escape("大神 Ōkami"), "大神 Ōkami");
    }
}
