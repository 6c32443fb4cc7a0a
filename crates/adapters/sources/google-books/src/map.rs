//! Google Books volume → [`ExternalMedia`] (pure).
//!
//! | Upstream | Catalog |
//! |---|---|
//! | `id` | `external_id` (the stored id) |
//! | `volumeInfo.title` | `title` (required; `subtitle` is never set, API.md §2.4) |
//! | `volumeInfo.description` (HTML in details, plain in search), else `searchInfo.textSnippet` (HTML) | `description`, as plain text |
//! | `volumeInfo.publishedDate` (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`) | `release_date` (first day of a partial date) |
//! | `volumeInfo.imageLinks.thumbnail`, else `smallThumbnail`, `small`, `medium`, `large`, `extraLarge` | `cover_image_url`, upgraded to https |
//! | `volumeInfo.infoLink` without the search-only `dq` parameter | `canonical_url` |
//! | `volumeInfo.canonicalVolumeLink`, else `selfLink` | `source_url` |
//! | `categories`, `language`, `pageCount` | `metadata` (keys always present, `null` when absent; `pageCount: 0` is `null`) |
//! | `authors` | `book.authors` (`null` when absent or empty) |
//! | `pageCount` (0 = unknown), else `printedPageCount` | `book.page_count` |
//! | `publisher`, `language` | `book.publisher`, `book.language` |
//! | `industryIdentifiers[type=ISBN_10/ISBN_13]` (any order; `OTHER` ignored) | `book.isbn_10`, `book.isbn_13` |

use serde::Deserialize;
use serde_json::{Value, json};
use tastebuds_media::{
    BookDetail, ExternalMedia, MediaDetails, MediaType, SourceError, SourceName,
};
use tastebuds_source_common::date::parse_partial_date;
use tastebuds_source_common::text::{html_to_text, non_empty_list, non_empty_opt};
use tastebuds_source_common::urls::https_url;
use url::Url;

use crate::dto::{ImageLinks, Volume, VolumeInfo, VolumesPage};

/// Maps one volume payload (a `volumes/{id}` body or a search item).
///
/// # Errors
/// `Upstream` when the payload is not a volume or has no title.
pub fn map_volume(raw: Value) -> Result<ExternalMedia, SourceError> {
    let volume = Volume::deserialize(&raw).map_err(|err| {
        SourceError::Upstream(anyhow::anyhow!(
            "unexpected Google Books volume shape: {err}"
        ))
    })?;
    let info = &volume.volume_info;
    let title = non_empty_opt(info.title.as_deref()).ok_or_else(|| {
        SourceError::Upstream(anyhow::anyhow!(
            "Google Books volume {} has no title",
            volume.id
        ))
    })?;
    let page_count = positive(info.page_count).or_else(|| positive(info.printed_page_count));
    let description = non_empty_opt(info.description.as_deref())
        .or_else(|| {
            volume
                .search_info
                .as_ref()
                .and_then(|s| s.text_snippet.clone())
        })
        .and_then(|html| html_to_text(&html));
    Ok(ExternalMedia {
        source: SourceName::GoogleBooks,
        external_id: volume.id.clone(),
        media_type: MediaType::Book,
        title,
        description,
        release_date: info.published_date.as_deref().and_then(parse_partial_date),
        cover_image_url: info.image_links.as_ref().and_then(cover),
        canonical_url: info.info_link.as_deref().and_then(without_search_params),
        source_url: non_empty_opt(info.canonical_volume_link.as_deref())
            .or_else(|| non_empty_opt(volume.self_link.as_deref())),
        metadata: json!({
            "categories": non_empty_list(&info.categories),
            "language": non_empty_opt(info.language.as_deref()),
            "pageCount": positive(info.page_count),
        }),
        details: MediaDetails::Book(book(info, page_count)),
        raw_payload: raw,
        availability: None,
    })
}

/// Maps a search page: unmappable items are skipped (and logged), repeated ids kept once.
pub(crate) fn map_search_page(page: VolumesPage) -> Vec<ExternalMedia> {
    let mut hits: Vec<ExternalMedia> = Vec::with_capacity(page.items.len());
    for item in page.items {
        match map_volume(item) {
            Ok(hit) if hits.iter().any(|seen| seen.external_id == hit.external_id) => {}
            Ok(hit) => hits.push(hit),
            Err(err) => tracing::warn!(source = "google_books", error = %err, "search hit skipped"),
        }
    }
    hits
}

fn book(info: &VolumeInfo, page_count: Option<i32>) -> BookDetail {
    let isbn = |kind: &str| {
        info.industry_identifiers
            .iter()
            .find(|id| id.kind == kind)
            .and_then(|id| non_empty_opt(Some(&id.identifier)))
    };
    BookDetail {
        authors: non_empty_list(&info.authors),
        page_count,
        publisher: non_empty_opt(info.publisher.as_deref()),
        language: non_empty_opt(info.language.as_deref()),
        isbn_10: isbn("ISBN_10"),
        isbn_13: isbn("ISBN_13"),
    }
}

fn positive(count: Option<i64>) -> Option<i32> {
    count.filter(|n| *n > 0).and_then(|n| i32::try_from(n).ok())
}

fn cover(links: &ImageLinks) -> Option<String> {
    [
        &links.thumbnail,
        &links.small_thumbnail,
        &links.small,
        &links.medium,
        &links.large,
        &links.extra_large,
    ]
    .into_iter()
    .find_map(|link| link.as_deref().and_then(https_url))
}

/// The info link without `dq` (the search terms Google appends to links in search results),
/// so a search hit and the ingested volume share one canonical URL.
fn without_search_params(link: &str) -> Option<String> {
    let link = non_empty_opt(Some(link))?;
    let Ok(mut url) = Url::parse(&link) else {
        return Some(link);
    };
    if url.query_pairs().all(|(name, _)| name != "dq") {
        return Some(link);
    }
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(name, _)| name != "dq")
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect();
    url.query_pairs_mut().clear().extend_pairs(kept);
    Some(url.to_string())
}

#[cfg(test)]
mod tests;
