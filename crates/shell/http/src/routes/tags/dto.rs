//! The bodies, path parameters and answer of the tag routes (API.md §1.8 `Tag`, §2.8).

use serde::{Deserialize, Serialize};
use tastebuds_tagging::{Tag, TagName, TaggingError};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::extract::Validate;

/// `POST /api/tags`.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"name": "neo-noir"}))]
pub struct CreateTagBody {
    /// 1–64 characters as sent; stored trimmed. Whitespace only is a 400.
    #[schema(example = "neo-noir", min_length = 1, max_length = 64)]
    pub name: String,
}

impl CreateTagBody {
    /// The validated name.
    ///
    /// # Errors
    /// [`TaggingError::Validation`] (`string_too_short` / `string_too_long` at `name`)
    /// or [`TaggingError::BlankName`].
    pub fn try_into_domain(self) -> Result<TagName, TaggingError> {
        Ok(TagName::parse(&self.name)?)
    }
}

impl Validate for CreateTagBody {}

/// `POST /api/tags/{tag_id}/media`.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"media_item_id": "01936f0e-7a2b-7c3d-9e4f-5a6b7c8d9e0f"}))]
pub struct AttachTagBody {
    /// The catalog item to tag.
    pub media_item_id: Uuid,
}

impl Validate for AttachTagBody {}

/// The `{tag_id}` of `DELETE /api/tags/{tag_id}` and `POST /api/tags/{tag_id}/media`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct TagPath {
    /// The tag's id.
    pub tag_id: Uuid,
}

/// The `{tag_id}` and `{media_item_id}` of
/// `DELETE /api/tags/{tag_id}/media/{media_item_id}`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct TagLinkPath {
    /// The tag's id.
    pub tag_id: Uuid,
    /// The catalog item's id.
    pub media_item_id: Uuid,
}

/// The `{media_item_id}` of `GET /api/tags/media/{media_item_id}`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct TaggedItemPath {
    /// The catalog item's id.
    pub media_item_id: Uuid,
}

/// The Tag object.
#[derive(Debug, Serialize, ToSchema)]
pub struct TagResponse {
    /// The tag's id.
    pub id: Uuid,
    /// Its name, trimmed.
    #[schema(example = "neo-noir")]
    pub name: String,
}

impl From<&Tag> for TagResponse {
    fn from(tag: &Tag) -> Self {
        Self {
            id: tag.id.as_uuid(),
            name: tag.name.as_str().to_owned(),
        }
    }
}

/// The answer of the list routes, in the service's order.
pub fn tag_list(tags: &[Tag]) -> Vec<TagResponse> {
    tags.iter().map(TagResponse::from).collect()
}
