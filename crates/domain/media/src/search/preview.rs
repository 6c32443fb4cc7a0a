//! Per-user previews of external hits (API.md §5.5 "Previews", §3 previews row).
//!
//! Every external hit a search returns is cached for its caller for
//! [`PREVIEW_TTL_SECS`], upserted on (user, source, external id) so a repeated search
//! keeps the preview's id. Only the owner sees a preview, and only until it expires:
//! another user's preview is as unknown as a missing one (404, never 403).

use chrono::{DateTime, Utc};
use tastebuds_kernel::{PreviewId, UserId};

use super::error::SearchError;
use crate::source::ExternalMedia;

/// How long a preview lives, in seconds.
pub const PREVIEW_TTL_SECS: i64 = 300;

/// A cached external hit.
#[derive(Clone, Debug, PartialEq)]
pub struct Preview {
    /// The preview's id (the hit's `id` and `preview_id`).
    pub id: PreviewId,
    /// Whose search produced it.
    pub owner: UserId,
    /// The upstream record, capped to the preview caps.
    pub record: ExternalMedia,
    /// When it stops being served.
    pub expires_at: DateTime<Utc>,
    /// When it was first cached.
    pub created_at: DateTime<Utc>,
}

impl Preview {
    /// The preview as `caller` may see it at `now`.
    ///
    /// # Errors
    /// [`SearchError::PreviewNotFound`] when it is someone else's;
    /// [`SearchError::PreviewExpired`] when it expired (`expires_at` ≤ `now`).
    pub fn visible_to(self, caller: UserId, now: DateTime<Utc>) -> Result<Self, SearchError> {
        if self.owner != caller {
            return Err(SearchError::PreviewNotFound);
        }
        if self.expires_at <= now {
            return Err(SearchError::PreviewExpired);
        }
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;
    use crate::testing::external_media;
    use crate::{MediaType, SourceName};

    #[test]
    fn only_the_owner_sees_a_preview_and_only_before_it_expires() {
        let owner = UserId::new();
        let now = Utc::now();
        let preview = Preview {
            id: PreviewId::new(),
            owner,
            record: external_media(
                SourceName::Tmdb,
                "movie:603",
                MediaType::Movie,
                "The Matrix",
            ),
            expires_at: now + Duration::seconds(PREVIEW_TTL_SECS),
            created_at: now,
        };
        assert!(preview.clone().visible_to(owner, now).is_ok());
        assert!(matches!(
            preview.clone().visible_to(UserId::new(), now),
            Err(SearchError::PreviewNotFound)
        ));
        assert!(matches!(
            preview.visible_to(owner, now + Duration::seconds(PREVIEW_TTL_SECS)),
            Err(SearchError::PreviewExpired)
        ));
    }
}
