//! Serde mirrors of the Google Books payloads (only the fields the mapping reads).
//!
//! Everything in `volumeInfo` except `title` may be absent, so every field defaults.

use serde::Deserialize;
use serde_json::Value;

/// `GET /volumes?q=…`. Zero hits come without an `items` key. Items stay raw so each
/// keeps its own payload and one odd item cannot sink the page.
#[derive(Debug, Deserialize)]
pub(crate) struct VolumesPage {
    #[serde(default)]
    pub items: Vec<Value>,
}

/// `GET /volumes/{id}`, or one search item.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Volume {
    pub id: String,
    #[serde(default)]
    pub self_link: Option<String>,
    #[serde(default)]
    pub volume_info: VolumeInfo,
    #[serde(default)]
    pub search_info: Option<SearchInfo>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct VolumeInfo {
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub publisher: Option<String>,
    pub published_date: Option<String>,
    pub description: Option<String>,
    pub industry_identifiers: Vec<IndustryIdentifier>,
    pub page_count: Option<i64>,
    pub printed_page_count: Option<i64>,
    pub categories: Vec<String>,
    pub image_links: Option<ImageLinks>,
    pub language: Option<String>,
    pub info_link: Option<String>,
    pub canonical_volume_link: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct IndustryIdentifier {
    #[serde(rename = "type")]
    pub kind: String,
    pub identifier: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct ImageLinks {
    pub small_thumbnail: Option<String>,
    pub thumbnail: Option<String>,
    pub small: Option<String>,
    pub medium: Option<String>,
    pub large: Option<String>,
    pub extra_large: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct SearchInfo {
    pub text_snippet: Option<String>,
}

/// Google's error envelope: `{"error": {"code", "message", "errors": [{reason}], "details": [{reason}]}}`.
#[derive(Debug, Deserialize)]
pub(crate) struct ErrorEnvelope {
    pub error: ErrorBody,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct ErrorBody {
    pub message: Option<String>,
    pub errors: Vec<ErrorReason>,
    pub details: Vec<ErrorReason>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct ErrorReason {
    pub reason: Option<String>,
}

impl ErrorBody {
    /// Whether any `errors[].reason` or `details[].reason` equals `reason`.
    pub fn has_reason(&self, reason: &str) -> bool {
        self.errors
            .iter()
            .chain(&self.details)
            .any(|e| e.reason.as_deref() == Some(reason))
    }
}
