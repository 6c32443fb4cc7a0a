//! The [`MediaCatalog`] contract: rules every implementation must follow.
//!
//! Each check uses fresh external ids, so the suite also runs on a catalog that already
//! holds data. A broken rule panics with a message naming it.

use std::fmt::Display;

use serde_json::json;
use tastebuds_kernel::MediaItemId;

use crate::kind::{MediaType, SourceName};
use crate::models::MediaItemDetail;
use crate::ports::{MediaCatalog, UpsertMode, UpsertStatus};
use crate::source::{ExternalMedia, GameDetail, MediaDetails, MovieDetail};
use crate::testing::external_media;

/// Runs every contract check against `catalog`.
///
/// # Panics
/// When `catalog` breaks a rule of [`MediaCatalog`]; the message names the rule.
pub async fn media_catalog_contract(catalog: &dyn MediaCatalog) {
    upsert_is_idempotent_and_keep_mode_keeps_the_stored_item(catalog).await;
    overwrite_keeps_the_id_and_replaces_fields(catalog).await;
    upsert_detail_answers_with_what_get_detail_reads(catalog).await;
    tmdb_movie_and_tv_with_one_number_are_two_items(catalog).await;
    one_external_id_at_two_sources_is_two_items(catalog).await;
    unknown_ids_and_references_are_absent(catalog).await;
}

/// A suffix no earlier run used, so the checks never collide with stored data.
fn unique() -> String {
    uuid::Uuid::now_v7().simple().to_string()
}

/// A fresh number, for sources whose ids are numeric.
fn unique_number() -> u64 {
    let id = uuid::Uuid::now_v7().as_u128();
    // The low bits of a v7 UUID are random; keep them within a plausible id range.
    u64::try_from(id % 1_000_000_000_000).unwrap_or(1)
}

fn ok<T, E: Display>(result: Result<T, E>, what: &str) -> T {
    match result {
        Ok(value) => value,
        Err(error) => panic!("MediaCatalog contract: {what} failed: {error}"),
    }
}

async fn detail(catalog: &dyn MediaCatalog, id: MediaItemId, what: &str) -> MediaItemDetail {
    match ok(catalog.get_detail(id).await, what) {
        Some(detail) => detail,
        None => panic!("MediaCatalog contract: {what}: get_detail({id}) returned None"),
    }
}

fn assert_matches_record(detail: &MediaItemDetail, record: &ExternalMedia, rule: &str) {
    let item = &detail.item;
    assert_eq!(item.media_type, record.media_type, "{rule}: media_type");
    assert_eq!(item.title, record.title, "{rule}: title");
    assert_eq!(item.subtitle, None, "{rule}: ingestion never sets subtitle");
    assert_eq!(item.description, record.description, "{rule}: description");
    assert_eq!(
        item.release_date, record.release_date,
        "{rule}: release_date"
    );
    assert_eq!(
        item.cover_image_url, record.cover_image_url,
        "{rule}: cover"
    );
    assert_eq!(
        item.canonical_url, record.canonical_url,
        "{rule}: canonical_url"
    );
    assert_eq!(item.metadata, record.metadata, "{rule}: metadata");
    assert_eq!(
        detail.details.as_ref(),
        Some(&record.details),
        "{rule}: extension"
    );
    let sources: Vec<_> = detail
        .sources
        .iter()
        .filter(|s| s.source_name == record.source && s.external_id == record.external_id)
        .collect();
    assert_eq!(
        sources.len(),
        1,
        "{rule}: exactly one source row for the reference"
    );
    assert_eq!(
        sources[0].canonical_url, record.source_url,
        "{rule}: source row URL is the record's source_url"
    );
}

async fn upsert_is_idempotent_and_keep_mode_keeps_the_stored_item(catalog: &dyn MediaCatalog) {
    let rule = "idempotent upsert";
    let record = external_media(
        SourceName::GoogleBooks,
        &format!("vol{}", unique()),
        MediaType::Book,
        "Dune",
    );

    let first = ok(
        catalog.upsert(&record, UpsertMode::InsertOrKeep).await,
        rule,
    );
    assert_eq!(
        first.status,
        UpsertStatus::Created,
        "{rule}: first upsert creates"
    );
    let stored = detail(catalog, first.id, rule).await;
    assert_matches_record(&stored, &record, rule);
    assert_eq!(stored.item.id, first.id, "{rule}: detail carries the id");

    let mut changed = record.clone();
    changed.title = "Dune Messiah".to_owned();
    changed.metadata = json!({ "changed": true });
    let second = ok(
        catalog.upsert(&changed, UpsertMode::InsertOrKeep).await,
        rule,
    );
    assert_eq!(second.id, first.id, "{rule}: same reference, same id");
    assert_eq!(second.status, UpsertStatus::Unchanged, "{rule}: keep mode");
    let kept = detail(catalog, first.id, rule).await;
    assert_matches_record(&kept, &record, "keep mode leaves the stored item untouched");

    let found = ok(
        catalog
            .find_by_external_ref(record.source, &record.external_id)
            .await,
        rule,
    );
    assert_eq!(found, Some(first.id), "{rule}: find_by_external_ref");
    assert!(ok(catalog.exists(first.id).await, rule), "{rule}: exists");
}

async fn overwrite_keeps_the_id_and_replaces_fields(catalog: &dyn MediaCatalog) {
    let rule = "overwrite";
    let record = external_media(
        SourceName::Igdb,
        &unique_number().to_string(),
        MediaType::Game,
        "Half-Life",
    );
    let created = ok(
        catalog.upsert(&record, UpsertMode::InsertOrOverwrite).await,
        rule,
    );
    assert_eq!(
        created.status,
        UpsertStatus::Created,
        "{rule}: an unknown reference is created in overwrite mode too"
    );
    let before = detail(catalog, created.id, rule).await;

    let mut refreshed = record.clone();
    refreshed.title = "Half-Life 2".to_owned();
    refreshed.description = None;
    refreshed.release_date = None;
    refreshed.cover_image_url = Some("https://img.example.test/hl2.jpg".to_owned());
    refreshed.canonical_url = None;
    refreshed.source_url = Some("https://api.example.test/igdb/hl2".to_owned());
    refreshed.metadata = json!({ "genres": ["Shooter", "Adventure"] });
    refreshed.details = MediaDetails::Game(GameDetail {
        platforms: Some(vec!["PC".to_owned(), "Xbox".to_owned()]),
        developers: None,
        publishers: Some(vec!["Valve".to_owned()]),
        genres: None,
    });
    refreshed.raw_payload = json!({ "refreshed": true });

    let updated = ok(
        catalog
            .upsert(&refreshed, UpsertMode::InsertOrOverwrite)
            .await,
        rule,
    );
    assert_eq!(updated.id, created.id, "{rule}: keeps the item id");
    assert_eq!(updated.status, UpsertStatus::Updated, "{rule}: status");
    let after = detail(catalog, created.id, rule).await;
    assert_matches_record(&after, &refreshed, rule);
    assert_eq!(
        after.item.created_at, before.item.created_at,
        "{rule}: created_at is kept"
    );
    assert!(
        after.item.updated_at >= before.item.updated_at,
        "{rule}: updated_at moves forward"
    );
    assert!(
        after.sources[0].fetched_at >= before.sources[0].fetched_at,
        "{rule}: fetched_at moves forward"
    );
}

async fn upsert_detail_answers_with_what_get_detail_reads(catalog: &dyn MediaCatalog) {
    let rule = "upsert_detail";
    let record = external_media(
        SourceName::Tmdb,
        &format!("movie:{}", unique_number()),
        MediaType::Movie,
        "Arrival",
    );
    let created = ok(
        catalog
            .upsert_detail(&record, UpsertMode::InsertOrKeep, None)
            .await,
        rule,
    );
    assert_eq!(created.status, UpsertStatus::Created, "{rule}: creates");
    assert_matches_record(&created.detail, &record, rule);
    let stored = detail(catalog, created.detail.item.id, rule).await;
    assert_eq!(
        created.detail, stored,
        "{rule}: the answer is what is stored"
    );

    let mut changed = record.clone();
    changed.title = "Story of Your Life".to_owned();
    let kept = ok(
        catalog
            .upsert_detail(&changed, UpsertMode::InsertOrKeep, None)
            .await,
        rule,
    );
    assert_eq!(kept.status, UpsertStatus::Unchanged, "{rule}: keep mode");
    assert_eq!(
        kept.detail, stored,
        "{rule}: keep mode answers the stored item"
    );

    let overwritten = ok(
        catalog
            .upsert_detail(&changed, UpsertMode::InsertOrOverwrite, None)
            .await,
        rule,
    );
    assert_eq!(
        overwritten.status,
        UpsertStatus::Updated,
        "{rule}: overwrite"
    );
    assert_eq!(
        overwritten.detail.item.id, stored.item.id,
        "{rule}: same id"
    );
    assert_matches_record(&overwritten.detail, &changed, rule);
    assert_eq!(
        overwritten.detail,
        detail(catalog, stored.item.id, rule).await,
        "{rule}: the overwritten answer is what is stored"
    );
}

async fn tmdb_movie_and_tv_with_one_number_are_two_items(catalog: &dyn MediaCatalog) {
    let rule = "movie:N and tv:N";
    let number = unique_number();
    let movie = external_media(
        SourceName::Tmdb,
        &format!("movie:{number}"),
        MediaType::Movie,
        "The Matrix",
    );
    let mut tv = external_media(
        SourceName::Tmdb,
        &format!("tv:{number}"),
        MediaType::Tv,
        "The Matrix: The Series",
    );
    tv.details = MediaDetails::Movie(MovieDetail {
        runtime_minutes: Some(42),
        directors: Some(vec!["A Creator".to_owned()]),
        producers: None,
        tmdb_type: Some("tv".to_owned()),
    });

    let movie_id = ok(catalog.upsert(&movie, UpsertMode::InsertOrKeep).await, rule).id;
    let tv_outcome = ok(catalog.upsert(&tv, UpsertMode::InsertOrKeep).await, rule);
    assert_eq!(
        tv_outcome.status,
        UpsertStatus::Created,
        "{rule}: tv is new"
    );
    assert_ne!(movie_id, tv_outcome.id, "{rule}: two items");

    assert_matches_record(&detail(catalog, movie_id, rule).await, &movie, rule);
    assert_matches_record(&detail(catalog, tv_outcome.id, rule).await, &tv, rule);
    let found_tv = ok(
        catalog
            .find_by_external_ref(SourceName::Tmdb, &tv.external_id)
            .await,
        rule,
    );
    assert_eq!(found_tv, Some(tv_outcome.id), "{rule}: tv reference");
}

async fn one_external_id_at_two_sources_is_two_items(catalog: &dyn MediaCatalog) {
    let rule = "same external id at two sources";
    let external_id = format!("shared{}", unique());
    let book = external_media(SourceName::GoogleBooks, &external_id, MediaType::Book, "A");
    let song = external_media(SourceName::Lastfm, &external_id, MediaType::Music, "B");
    let book_id = ok(catalog.upsert(&book, UpsertMode::InsertOrKeep).await, rule).id;
    let song_id = ok(catalog.upsert(&song, UpsertMode::InsertOrKeep).await, rule).id;
    assert_ne!(book_id, song_id, "{rule}: two items");
    assert_matches_record(&detail(catalog, song_id, rule).await, &song, rule);
}

async fn unknown_ids_and_references_are_absent(catalog: &dyn MediaCatalog) {
    let rule = "unknown ids";
    let unknown = MediaItemId::new();
    assert!(
        ok(catalog.get_detail(unknown).await, rule).is_none(),
        "{rule}: get_detail of an unknown id is None"
    );
    assert!(
        !ok(catalog.exists(unknown).await, rule),
        "{rule}: exists of an unknown id is false"
    );
    let found = ok(
        catalog
            .find_by_external_ref(SourceName::Tmdb, &format!("movie:{}", unique()))
            .await,
        rule,
    );
    assert_eq!(found, None, "{rule}: unknown reference");
}

#[cfg(test)]
mod tests {
    use async_trait::async_trait;

    use super::*;
    use crate::error::MediaError;
    use crate::ports::UpsertOutcome;
    use crate::testing::InMemoryMediaCatalog;

    /// A catalog that ignores the mode and always overwrites: the contract must notice.
    struct AlwaysOverwrites(InMemoryMediaCatalog);

    #[async_trait]
    impl MediaCatalog for AlwaysOverwrites {
        async fn find_by_external_ref(
            &self,
            source: SourceName,
            external_id: &str,
        ) -> Result<Option<MediaItemId>, MediaError> {
            self.0.find_by_external_ref(source, external_id).await
        }

        async fn upsert(
            &self,
            record: &ExternalMedia,
            _mode: UpsertMode,
        ) -> Result<UpsertOutcome, MediaError> {
            self.0.upsert(record, UpsertMode::InsertOrOverwrite).await
        }

        async fn get_detail(&self, id: MediaItemId) -> Result<Option<MediaItemDetail>, MediaError> {
            self.0.get_detail(id).await
        }

        async fn exists(&self, id: MediaItemId) -> Result<bool, MediaError> {
            self.0.exists(id).await
        }
    }

    #[tokio::test]
    #[should_panic(expected = "keep mode")]
    async fn the_contract_catches_a_catalog_that_ignores_keep_mode() {
        media_catalog_contract(&AlwaysOverwrites(InMemoryMediaCatalog::new())).await;
    }
}
