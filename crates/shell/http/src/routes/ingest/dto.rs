//! The body and answer of `POST /api/ingest/{source}`.

use serde::{Deserialize, Serialize};
use tastebuds_kernel::{FieldError, FieldErrors};
use tastebuds_media::{MAX_IDENTIFIER_CHARS, SourceName};
use utoipa::ToSchema;

use crate::extract::Validate;
use crate::routes::media::dto::MediaItemDetailResponse;

/// `POST /api/ingest/{source}`: name the record by `external_id` or, when that is blank,
/// by `url`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[schema(example = json!({"external_id": "movie:603", "force_refresh": false}))]
pub struct IngestBody {
    /// The upstream id: a Google volume id, `movie:603` / `tv:126308` / `603`, an IGDB
    /// number, a Last.fm track MBID or `Artist::Track`.
    #[schema(example = "movie:603", max_length = 2048)]
    #[serde(default)]
    pub external_id: Option<String>,
    /// The record's web page (used when `external_id` is blank).
    #[schema(
        example = "https://www.themoviedb.org/movie/603-the-matrix",
        max_length = 2048
    )]
    #[serde(default)]
    pub url: Option<String>,
    /// Fetch again and overwrite the stored item in place (same id).
    #[serde(default)]
    pub force_refresh: bool,
}

/// The `{source}` of `POST /api/ingest/{source}`, as the document lists it (the route
/// also accepts these names in any case).
#[derive(Clone, Copy, Debug, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum IngestSource {
    /// Google Books (books).
    GoogleBooks,
    /// The Movie Database (films and TV).
    Tmdb,
    /// IGDB (video games).
    Igdb,
    /// Last.fm (music).
    Lastfm,
}

impl From<IngestSource> for SourceName {
    fn from(source: IngestSource) -> Self {
        match source {
            IngestSource::GoogleBooks => Self::GoogleBooks,
            IngestSource::Tmdb => Self::Tmdb,
            IngestSource::Igdb => Self::Igdb,
            IngestSource::Lastfm => Self::Lastfm,
        }
    }
}

/// Neither field may exceed [`MAX_IDENTIFIER_CHARS`] (`string_too_long`): an identifier
/// that long names no record, and must not reach an upstream.
impl Validate for IngestBody {
    fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        for (field, value) in [("external_id", &self.external_id), ("url", &self.url)] {
            if let Some(value) = value
                && value.chars().count() > MAX_IDENTIFIER_CHARS
            {
                errors.push(FieldError::too_long(field, MAX_IDENTIFIER_CHARS, value));
            }
        }
        errors.into_result()
    }
}

/// The body field an identifier came from, for the `loc` of a 422.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdentifierField {
    /// `external_id`.
    ExternalId,
    /// `url`.
    Url,
}

impl IdentifierField {
    /// The field's name in the body.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::ExternalId => "external_id",
            Self::Url => "url",
        }
    }
}

impl IngestBody {
    /// The identifier: `external_id` when it is not blank, else `url` (possibly blank:
    /// the use case answers `Identifier required` then), and where it came from.
    #[must_use]
    pub fn identifier(&self) -> (&str, IdentifierField) {
        match (
            not_blank(self.external_id.as_deref()),
            not_blank(self.url.as_deref()),
        ) {
            (Some(external_id), _) => (external_id, IdentifierField::ExternalId),
            (None, Some(url)) => (url, IdentifierField::Url),
            (None, None) => ("", IdentifierField::ExternalId),
        }
    }
}

/// The trimmed value, unless it is blank.
fn not_blank(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|value| !value.is_empty())
}

/// The answer of an ingest (200 whether the item was created, refreshed or already
/// there).
#[derive(Debug, Serialize, ToSchema)]
pub struct IngestResponse {
    /// The catalog item.
    pub media_item: MediaItemDetailResponse,
    /// The `source` path segment, exactly as given.
    #[schema(example = "tmdb")]
    pub source_name: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_sources_are_exactly_the_connectors() {
        for name in SourceName::ALL {
            let documented: IngestSource =
                serde_json::from_value(serde_json::Value::from(name.as_str())).unwrap();
            assert_eq!(SourceName::from(documented), name);
        }
        let schema =
            serde_json::to_value(<IngestSource as utoipa::PartialSchema>::schema()).unwrap();
        assert_eq!(
            schema["enum"].as_array().map(Vec::len),
            Some(SourceName::ALL.len())
        );
    }

    fn body(external_id: Option<&str>, url: Option<&str>) -> IngestBody {
        IngestBody {
            external_id: external_id.map(str::to_owned),
            url: url.map(str::to_owned),
            force_refresh: false,
        }
    }

    #[test]
    fn identifiers_longer_than_the_limit_are_too_long() {
        let at_limit = "a".repeat(MAX_IDENTIFIER_CHARS);
        let over = "é".repeat(MAX_IDENTIFIER_CHARS + 1);
        assert!(body(Some(&at_limit), Some(&at_limit)).validate().is_ok());

        let errors = body(Some(&over), Some(&over)).validate().unwrap_err();

        let errors = errors.errors();
        assert_eq!(errors.len(), 2, "{errors:?}");
        for (error, field) in errors.iter().zip(["external_id", "url"]) {
            assert_eq!(error.kind, "string_too_long");
            assert_eq!(error.path, vec![field.into()]);
        }
    }

    #[test]
    fn the_external_id_wins_unless_it_is_blank() {
        assert_eq!(
            body(Some(" movie:603 "), Some("https://x.test")).identifier(),
            ("movie:603", IdentifierField::ExternalId)
        );
        assert_eq!(
            body(Some("  "), Some("https://x.test")).identifier(),
            ("https://x.test", IdentifierField::Url)
        );
        assert_eq!(
            body(None, Some("https://x.test")).identifier(),
            ("https://x.test", IdentifierField::Url)
        );
        assert_eq!(body(None, Some(" ")).identifier().0, "");
        assert_eq!(body(None, None).identifier().0, "");
    }
}
