//! Size caps on stored JSON (API.md §5.5).
//!
//! Upstream payloads and metadata objects are stored as JSONB. A value whose compact
//! serialization exceeds its cap is replaced by a marker object
//! `{truncated: true, reason, size_bytes, max_bytes, preview}` so that one oversized
//! upstream record cannot bloat the catalog; `preview` keeps the first
//! [`PREVIEW_CHARS`] characters of the serialized text for audits.

use serde_json::{Value, json};

use crate::source::ExternalMedia;

/// Cap on a catalog record's `raw_payload` (`media_sources.raw_payload`).
pub const RAW_PAYLOAD_MAX_BYTES: usize = 250_000;
/// Cap on a catalog item's `metadata`.
pub const METADATA_MAX_BYTES: usize = 50_000;
/// Cap on a search preview's raw payload.
pub const PREVIEW_RAW_PAYLOAD_MAX_BYTES: usize = 50_000;
/// Cap on a search preview's metadata.
pub const PREVIEW_METADATA_MAX_BYTES: usize = 20_000;
/// How many characters of the serialized value a truncation marker keeps.
pub const PREVIEW_CHARS: usize = 1_000;
/// The `reason` a truncation marker gives.
pub const TRUNCATION_REASON: &str = "exceeds_max_bytes";

/// The pair of caps applied to one stored record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PayloadCaps {
    /// Cap on the raw upstream payload, in bytes.
    pub raw_payload: usize,
    /// Cap on the metadata object, in bytes.
    pub metadata: usize,
}

impl PayloadCaps {
    /// The caps of catalog records (`media_items` / `media_sources`).
    pub const CATALOG: Self = Self {
        raw_payload: RAW_PAYLOAD_MAX_BYTES,
        metadata: METADATA_MAX_BYTES,
    };
    /// The caps of per-user search previews.
    pub const PREVIEW: Self = Self {
        raw_payload: PREVIEW_RAW_PAYLOAD_MAX_BYTES,
        metadata: PREVIEW_METADATA_MAX_BYTES,
    };

    /// Caps the record's `raw_payload` and `metadata` (see [`cap_json`]).
    #[must_use]
    pub fn apply(self, mut record: ExternalMedia) -> ExternalMedia {
        record.raw_payload = cap_json(std::mem::take(&mut record.raw_payload), self.raw_payload);
        record.metadata = cap_json(std::mem::take(&mut record.metadata), self.metadata);
        record
    }
}

/// Returns `value` unchanged if its compact JSON serialization takes at most `max_bytes`
/// bytes, else a truncation marker describing it.
///
/// The marker is `{"truncated": true, "reason": "exceeds_max_bytes", "size_bytes": <n>,
/// "max_bytes": <cap>, "preview": <first PREVIEW_CHARS characters of the serialized text>}`.
/// The preview is cut on a character boundary, so it is always valid UTF-8. For the caps
/// above the marker itself is far below the cap (at most a few kilobytes).
#[must_use]
pub fn cap_json(value: Value, max_bytes: usize) -> Value {
    let serialized = value.to_string();
    let size_bytes = serialized.len();
    if size_bytes <= max_bytes {
        return value;
    }
    let preview: String = serialized.chars().take(PREVIEW_CHARS).collect();
    json!({
        "truncated": true,
        "reason": TRUNCATION_REASON,
        "size_bytes": size_bytes,
        "max_bytes": max_bytes,
        "preview": preview,
    })
}

/// True when `value` is a marker produced by [`cap_json`].
#[must_use]
pub fn is_truncated(value: &Value) -> bool {
    value.get("truncated") == Some(&Value::Bool(true))
        && value.get("reason").and_then(Value::as_str) == Some(TRUNCATION_REASON)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn string_of_serialized_len(len: usize) -> Value {
        // A JSON string serializes with two quotes around it.
        Value::String("a".repeat(len - 2))
    }

    #[test]
    fn a_value_at_the_cap_is_kept_unchanged() {
        let value = string_of_serialized_len(100);
        assert_eq!(value.to_string().len(), 100);
        assert_eq!(cap_json(value.clone(), 100), value);
    }

    #[test]
    fn a_value_one_byte_over_the_cap_becomes_a_marker() {
        let value = string_of_serialized_len(101);
        let capped = cap_json(value, 100);
        assert!(is_truncated(&capped));
        assert_eq!(capped["size_bytes"], 101);
        assert_eq!(capped["max_bytes"], 100);
        assert_eq!(capped["reason"], TRUNCATION_REASON);
        assert_eq!(
            capped["preview"].as_str().unwrap().chars().count(),
            PREVIEW_CHARS.min(101)
        );
    }

    #[test]
    fn size_counts_utf8_bytes_and_the_preview_ends_on_a_char_boundary() {
        // 600 three-byte characters: 1808 serialized bytes but only 608 characters.
        let value = json!({ "t": "€".repeat(600) });
        let serialized = value.to_string();
        let capped = cap_json(value, 1_000);
        assert!(is_truncated(&capped));
        assert_eq!(capped["size_bytes"], serialized.len());
        let preview = capped["preview"].as_str().unwrap();
        assert!(serialized.starts_with(preview));
        assert_eq!(preview.chars().count(), serialized.chars().count());

        let long = json!({ "t": "€".repeat(5_000) });
        let capped = cap_json(long.clone(), 1_000);
        let preview = capped["preview"].as_str().unwrap();
        assert_eq!(preview.chars().count(), PREVIEW_CHARS);
        assert!(long.to_string().starts_with(preview));
    }

    #[test]
    fn the_real_caps_keep_ordinary_records_and_mark_huge_ones_compactly() {
        let ordinary = json!({ "genres": ["Drama"], "status": "Released" });
        assert_eq!(
            cap_json(ordinary.clone(), PayloadCaps::CATALOG.metadata),
            ordinary
        );

        let huge = json!({ "blob": "x".repeat(RAW_PAYLOAD_MAX_BYTES) });
        let capped = cap_json(huge, PayloadCaps::CATALOG.raw_payload);
        assert!(is_truncated(&capped));
        assert!(capped.to_string().len() < PayloadCaps::PREVIEW.metadata);
    }

    #[test]
    fn ordinary_objects_are_not_mistaken_for_markers() {
        assert!(!is_truncated(&json!({ "truncated": true })));
        assert!(!is_truncated(&json!(null)));
    }
}
