//! Ingest identifiers for Google Books (API.md §2.6).
//!
//! Accepted: a volume id (`zyTCAlFPjgYC`); a Google URL with `id=` in its query
//! (`books.google.com/books?id=…`, `play.google.com/store/books/details?id=…`); a URL whose
//! path ends `/volumes/{id}`; or `…/volumes#{id}`. The stored id is the volume id, so it is
//! always canonical.

use tastebuds_media::{SourceError, SourceLookup};
use tastebuds_source_common::urls::{is_brand_host, is_web_url};
use url::Url;

/// Parses an ingest identifier.
///
/// # Errors
/// `InvalidIdentifier` for a blank input, a URL of another site or without a volume id, or
/// an id with characters Google never uses.
pub(crate) fn parse(input: &str) -> Result<SourceLookup, SourceError> {
    let input = input.trim();
    let id = if is_web_url(input) {
        id_from_url(input)?
    } else {
        input.to_owned()
    };
    if !is_volume_id(&id) {
        return Err(invalid(format!("`{id}` is not a Google Books volume id")));
    }
    Ok(SourceLookup {
        key: id.clone(),
        canonical_id: Some(id),
    })
}

fn id_from_url(input: &str) -> Result<String, SourceError> {
    let url = Url::parse(input).map_err(|_| invalid(format!("`{input}` is not a URL")))?;
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    let google = is_brand_host(&host, "google")
        || host == "googleapis.com"
        || host.ends_with(".googleapis.com");
    if !google {
        return Err(invalid(format!("`{host}` is not a Google Books host")));
    }
    if let Some((_, id)) = url.query_pairs().find(|(name, _)| name == "id") {
        return Ok(id.into_owned());
    }
    let segments: Vec<&str> = url
        .path_segments()
        .map(Iterator::collect)
        .unwrap_or_default();
    if let [.., "volumes", id] = segments.as_slice()
        && !id.is_empty()
    {
        return Ok((*id).to_owned());
    }
    if segments.last() == Some(&"volumes")
        && let Some(id) = url.fragment().filter(|f| !f.is_empty())
    {
        return Ok(id.to_owned());
    }
    Err(invalid(format!("no volume id in `{input}`")))
}

/// Volume ids are short opaque strings of letters, digits, `-` and `_`.
fn is_volume_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn invalid(message: String) -> SourceError {
    SourceError::InvalidIdentifier(message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(input: &str) -> String {
        let lookup = parse(input).unwrap();
        assert_eq!(lookup.canonical_id.as_deref(), Some(lookup.key.as_str()));
        lookup.key
    }

    #[test]
    fn every_documented_form_yields_the_volume_id() {
        assert_eq!(id("zyTCAlFPjgYC"), "zyTCAlFPjgYC");
        assert_eq!(id("  B1hSG45JCX4C "), "B1hSG45JCX4C");
        assert_eq!(
            id("https://books.google.com/books?id=B1hSG45JCX4C&hl=en"),
            "B1hSG45JCX4C"
        );
        assert_eq!(
            id("https://books.google.com/books/about/Dune.html?hl=&id=PuPlAAAAMAAJ"),
            "PuPlAAAAMAAJ"
        );
        assert_eq!(
            id("https://play.google.com/store/books/details?id=nTBwDwAAQBAJ"),
            "nTBwDwAAQBAJ"
        );
        assert_eq!(
            id("https://www.googleapis.com/books/v1/volumes/mHJ7CwAAQBAJ"),
            "mHJ7CwAAQBAJ"
        );
        assert_eq!(
            id("https://www.googleapis.com/books/v1/volumes#xZ0nDwAAQBAJ"),
            "xZ0nDwAAQBAJ"
        );
        assert_eq!(
            id("HTTP://books.google.co.uk/books?id=5oU1DwAAQBAJ"),
            "5oU1DwAAQBAJ"
        );
    }

    #[test]
    fn other_inputs_are_invalid() {
        for input in [
            "",
            "   ",
            "https://example.com/books/v1/volumes/B1hSG45JCX4C",
            "https://google.evil.com/books?id=B1hSG45JCX4C",
            "https://books.google.com.evil.net/books?id=B1hSG45JCX4C",
            "https://googleapis.evil.com/books/v1/volumes/B1hSG45JCX4C",
            "https://books.google.com/books",
            "https://www.googleapis.com/books/v1/volumes",
            "https://www.googleapis.com/books/v1/volumes#",
            "http://",
            "not an id",
            "../etc/passwd",
            "id?with=query",
        ] {
            assert!(
                matches!(parse(input), Err(SourceError::InvalidIdentifier(_))),
                "{input:?} should be invalid"
            );
        }
    }
}
