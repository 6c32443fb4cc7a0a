//! Share links: the ShareToken object (API.md §1.8), the body that creates one and the
//! draft view a link opens (§2.10).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tastebuds_curation::{ShareToken, SharedMenu};
use utoipa::ToSchema;
use uuid::Uuid;

use super::views::PublicMenuResponse;
use crate::extract::Validate;
use crate::wire;

/// `POST /api/menus/{menu_id}/share-tokens` (`{}` and an empty body are accepted).
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct ShareTokenBody {
    /// When the link stops working. `null` or absent: now + `DRAFT_SHARE_TOKEN_TTL_DAYS`
    /// (7 by default; never, when configured to 0 or less). A past value is stored as
    /// given (the link is expired at once).
    #[serde(default, with = "wire::optional_timestamp")]
    #[schema(value_type = Option<String>, format = DateTime, example = "2026-01-31T12:00:00Z")]
    pub expires_at: Option<DateTime<Utc>>,
}

impl Validate for ShareTokenBody {}

/// The ShareToken object.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ShareTokenResponse {
    /// The link's id (revoke it by this id).
    pub id: Uuid,
    /// The menu it opens.
    pub menu_id: Uuid,
    /// The secret of the link `/api/public/menus/draft/{token}`: 32 URL-safe characters.
    #[schema(example = "q1bV3c9xL0rJ8kQwZp2sT5uY7aE4dF6g")]
    pub token: String,
    /// When it stops working; `null` = never.
    #[schema(required)]
    #[serde(serialize_with = "wire::optional_timestamp::serialize")]
    pub expires_at: Option<DateTime<Utc>>,
    /// When its owner revoked it.
    #[schema(required)]
    #[serde(serialize_with = "wire::optional_timestamp::serialize")]
    pub revoked_at: Option<DateTime<Utc>>,
    /// When it last opened the menu.
    #[schema(required)]
    #[serde(serialize_with = "wire::optional_timestamp::serialize")]
    pub last_accessed_at: Option<DateTime<Utc>>,
    /// How many times it opened the menu.
    #[schema(example = 0, minimum = 0)]
    pub access_count: u32,
    /// Creation time.
    #[serde(serialize_with = "wire::timestamp::serialize")]
    pub created_at: DateTime<Utc>,
}

impl From<&ShareToken> for ShareTokenResponse {
    fn from(token: &ShareToken) -> Self {
        Self {
            id: token.id.as_uuid(),
            menu_id: token.menu_id.as_uuid(),
            token: token.token.clone(),
            expires_at: token.expires_at,
            revoked_at: token.revoked_at,
            last_accessed_at: token.last_accessed_at,
            access_count: token.access_count,
            created_at: token.created_at,
        }
    }
}

/// A menu opened through a share link (any menu, public or private).
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct DraftMenuResponse {
    /// The menu, in its public shape (no `owner_id`).
    pub menu: PublicMenuResponse,
    /// The link that opened it.
    pub share_token_id: Uuid,
    /// When that link stops working; `null` = never.
    #[schema(required)]
    #[serde(serialize_with = "wire::optional_timestamp::serialize")]
    pub share_token_expires_at: Option<DateTime<Utc>>,
}

impl From<&SharedMenu> for DraftMenuResponse {
    fn from(shared: &SharedMenu) -> Self {
        Self {
            menu: PublicMenuResponse::from(&shared.menu),
            share_token_id: shared.token.id.as_uuid(),
            share_token_expires_at: shared.token.expires_at,
        }
    }
}
