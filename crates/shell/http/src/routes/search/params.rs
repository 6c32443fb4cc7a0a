//! `GET /api/search` query parameters (API.md §2.5) and their limits.

use serde::Deserialize;
use tastebuds_kernel::{FieldError, FieldErrors};
use tastebuds_media::SourceName;
use tastebuds_media::search::{SearchRequest, SearchSource};
use utoipa::{IntoParams, ToSchema};

use crate::extract::Validate;
use crate::routes::media::dto::MediaTypeDto;
use crate::wire;

/// The shortest accepted query, in characters.
pub const MIN_QUERY_CHARS: usize = 2;
/// The largest `per_page`.
pub const MAX_PER_PAGE: i64 = 50;
/// The largest `external_per_source`.
pub const MAX_EXTERNAL_PER_SOURCE: i64 = 5;

/// One value of `sources`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SearchSourceDto {
    /// The catalog's own search.
    Internal,
    /// All four connectors.
    External,
    /// Google Books (books).
    GoogleBooks,
    /// TMDB (movies and TV).
    Tmdb,
    /// IGDB (games).
    Igdb,
    /// Last.fm (music).
    Lastfm,
}

impl From<SearchSourceDto> for SearchSource {
    fn from(source: SearchSourceDto) -> Self {
        match source {
            SearchSourceDto::Internal => Self::Internal,
            SearchSourceDto::External => Self::External,
            SearchSourceDto::GoogleBooks => Self::Connector(SourceName::GoogleBooks),
            SearchSourceDto::Tmdb => Self::Connector(SourceName::Tmdb),
            SearchSourceDto::Igdb => Self::Connector(SourceName::Igdb),
            SearchSourceDto::Lastfm => Self::Connector(SourceName::Lastfm),
        }
    }
}

/// The search query string. List parameters repeat (`types=book&types=movie`).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// The query, at least 2 characters. Internal search uses web-search syntax
    /// (quotes, `or`, `-term`) on its first 256 characters; connectors get all of it.
    #[param(min_length = 2, example = "dune")]
    pub q: String,
    /// Only these kinds, internal and external (repeatable).
    #[serde(default)]
    #[param(value_type = Option<Vec<MediaTypeDto>>)]
    pub types: Vec<MediaTypeDto>,
    /// Also run every connector (needs authentication).
    #[serde(default, deserialize_with = "wire::flag")]
    #[param(value_type = Option<bool>, default = false)]
    pub include_external: bool,
    /// What to run, in order (repeatable): `internal`, `external` (all four connectors)
    /// or one connector. Listing a connector needs authentication.
    #[serde(default)]
    #[param(value_type = Option<Vec<SearchSourceDto>>)]
    pub sources: Vec<SearchSourceDto>,
    /// Page of internal results, ≥ 1.
    #[param(value_type = Option<i32>, minimum = 1, default = 1)]
    pub page: Option<i64>,
    /// Internal results per page, 1–50.
    #[param(value_type = Option<i32>, minimum = 1, maximum = 50, default = 20)]
    pub per_page: Option<i64>,
    /// Hits wanted from each connector, 1–5.
    #[param(value_type = Option<i32>, minimum = 1, maximum = 5, default = 1)]
    pub external_per_source: Option<i64>,
}

fn in_range(errors: &mut FieldErrors, field: &str, value: i64, min: i64, max: i64) {
    if value < min {
        errors.push(
            FieldError::new(
                field,
                "greater_than_equal",
                format!("Input should be greater than or equal to {min}"),
            )
            .with_input(value.to_string())
            .with_ctx("ge", min),
        );
    } else if value > max {
        errors.push(
            FieldError::new(
                field,
                "less_than_equal",
                format!("Input should be less than or equal to {max}"),
            )
            .with_input(value.to_string())
            .with_ctx("le", max),
        );
    }
}

impl Validate for SearchParams {
    fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if self.q.chars().count() < MIN_QUERY_CHARS {
            errors.push(FieldError::too_short("q", MIN_QUERY_CHARS, &self.q));
        }
        if let Some(page) = self.page {
            in_range(&mut errors, "page", page, 1, i64::from(u32::MAX));
        }
        if let Some(per_page) = self.per_page {
            in_range(&mut errors, "per_page", per_page, 1, MAX_PER_PAGE);
        }
        if let Some(wanted) = self.external_per_source {
            in_range(
                &mut errors,
                "external_per_source",
                wanted,
                1,
                MAX_EXTERNAL_PER_SOURCE,
            );
        }
        errors.into_result()
    }
}

impl SearchParams {
    /// The domain request (limits already checked by [`Validate`]).
    #[must_use]
    pub fn into_domain(self) -> SearchRequest {
        let number = |value: Option<i64>, default: u32| {
            value.and_then(|v| u32::try_from(v).ok()).unwrap_or(default)
        };
        SearchRequest {
            text: self.q,
            types: self.types.into_iter().map(Into::into).collect(),
            include_external: self.include_external,
            sources: self.sources.into_iter().map(Into::into).collect(),
            page: number(self.page, 1),
            per_page: number(self.per_page, 20),
            external_per_source: number(self.external_per_source, 1),
        }
    }
}
