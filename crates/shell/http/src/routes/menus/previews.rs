//! Preview ids in the bodies that add course items (API.md §5.5, §6.11): `POST /api/menus`
//! (nested courses and items), `POST /api/menus/{id}/courses` (nested items) and the
//! add-item route. Each `media_item_id` that is one of the caller's unexpired previews
//! is ingested (idempotent on (source, external id)) and replaced by its catalog id;
//! any other id (someone else's or an expired preview, or nothing at all) is left as
//! is, so the write answers it like any unknown item (404 `Media item not found`).
//! The claimed previews are deleted only once the write has succeeded, so a body that
//! fails leaves them usable for the corrected retry.

use std::collections::HashMap;

use tastebuds_curation::ItemDraft;
use tastebuds_kernel::{MediaItemId, PreviewId, UserId};
use tastebuds_media::SearchService;

use crate::error::ApiError;

/// Previews claimed for a write, to discard once it succeeded.
#[must_use = "discard the previews once the write succeeded"]
pub(super) struct ClaimedPreviews(Vec<PreviewId>);

/// Replaces each item's preview id by its catalog id (the same preview twice in one
/// body is ingested once).
///
/// # Errors
/// Storage failures only.
pub(super) async fn claim<'a>(
    search: &SearchService,
    caller: UserId,
    items: impl IntoIterator<Item = &'a mut ItemDraft>,
) -> Result<ClaimedPreviews, ApiError> {
    let mut resolved: HashMap<MediaItemId, MediaItemId> = HashMap::new();
    let mut previews = Vec::new();
    for item in items {
        let given = item.media_item_id;
        if let Some(id) = resolved.get(&given) {
            item.media_item_id = *id;
            continue;
        }
        let claimed = search.claim_preview(caller, given).await?;
        previews.extend(claimed.preview);
        resolved.insert(given, claimed.id);
        item.media_item_id = claimed.id;
    }
    Ok(ClaimedPreviews(previews))
}

impl ClaimedPreviews {
    /// Deletes the previews now stored as catalog items. The write has succeeded, so a
    /// failure here is only logged: the previews expire on their own.
    pub(super) async fn discard(self, search: &SearchService) {
        if self.0.is_empty() {
            return;
        }
        if let Err(error) = search.discard_previews(&self.0).await {
            let error = anyhow::Error::new(error);
            tracing::warn!(
                error = format!("{error:#}"),
                "claimed previews could not be deleted; they expire on their own"
            );
        }
    }
}
