//! `PUT /api/me/states/{media_item_id}` and the UserItemState object.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tastebuds_kernel::FieldErrors;
use tastebuds_user_state::{Rating, StateReplacement, UserItemState};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::checked;
use super::vocab::UserItemStatusDto;
use crate::extract::Validate;
use crate::wire;

/// `PUT /api/me/states/{media_item_id}`: the state's full new content. Omitted fields
/// reset to their defaults (no rating, not a favorite, no notes, no dates).
#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"status": "consumed", "rating": 9, "favorite": true, "notes": "Reread every winter.", "started_at": "2025-01-02T20:00:00Z", "finished_at": "2025-01-20T22:30:00Z"}))]
pub struct PutStateBody {
    /// Where the caller stands with the item.
    pub status: UserItemStatusDto,
    /// 0–10, or `null`.
    #[serde(default)]
    #[schema(value_type = Option<i32>, minimum = 0, maximum = 10, example = 8)]
    pub rating: Option<i64>,
    /// Default `false`.
    #[serde(default)]
    pub favorite: bool,
    /// Free notes.
    #[serde(default)]
    pub notes: Option<String>,
    /// When the caller started (any ISO 8601 form; no offset means UTC).
    #[serde(default)]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub started_at: Option<wire::Timestamp>,
    /// When the caller finished.
    #[serde(default)]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub finished_at: Option<wire::Timestamp>,
}

impl PutStateBody {
    /// The replacement.
    ///
    /// # Errors
    /// Every invalid field at once (a rating out of 0–10).
    pub fn try_into_domain(self) -> Result<StateReplacement, FieldErrors> {
        let mut errors = FieldErrors::new();
        let rating = checked(&mut errors, self.rating, Rating::new);
        errors.into_result()?;
        Ok(StateReplacement {
            status: self.status.into(),
            rating,
            favorite: self.favorite,
            notes: self.notes,
            started_at: self.started_at.map(|at| at.0),
            finished_at: self.finished_at.map(|at| at.0),
        })
    }
}

impl Validate for PutStateBody {}

/// The `{media_item_id}` of `PUT /api/me/states/{media_item_id}`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct StatePath {
    /// The catalog item's id.
    pub media_item_id: Uuid,
}

/// The UserItemState object. Every field is always present (`null` when empty).
#[derive(Debug, Serialize, ToSchema)]
pub struct UserItemStateResponse {
    /// The state's id.
    pub id: Uuid,
    /// The catalog item.
    pub media_item_id: Uuid,
    /// The owner.
    pub user_id: Uuid,
    /// Where the user stands.
    pub status: UserItemStatusDto,
    /// 0–10.
    #[schema(required = true, minimum = 0, maximum = 10)]
    pub rating: Option<i32>,
    /// Marked as a favorite.
    pub favorite: bool,
    /// Free notes.
    #[schema(required = true)]
    pub notes: Option<String>,
    /// When the user started.
    #[schema(required = true)]
    #[serde(serialize_with = "wire::optional_timestamp::serialize")]
    pub started_at: Option<DateTime<Utc>>,
    /// When the user finished.
    #[schema(required = true)]
    #[serde(serialize_with = "wire::optional_timestamp::serialize")]
    pub finished_at: Option<DateTime<Utc>>,
}

impl From<&UserItemState> for UserItemStateResponse {
    fn from(state: &UserItemState) -> Self {
        Self {
            id: state.id.as_uuid(),
            media_item_id: state.media_item_id.as_uuid(),
            user_id: state.user_id.as_uuid(),
            status: state.status.into(),
            rating: state.rating.map(Rating::get),
            favorite: state.favorite,
            notes: state.notes.clone(),
            started_at: state.started_at,
            finished_at: state.finished_at,
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn omitted_fields_take_their_defaults() {
        let body: PutStateBody = serde_json::from_value(json!({"status": "paused"})).unwrap();
        let replacement = body.try_into_domain().unwrap();
        assert_eq!(
            replacement,
            StateReplacement::with_status(tastebuds_user_state::UserItemStatus::Paused)
        );
    }

    #[test]
    fn a_rating_out_of_range_is_a_field_error() {
        let body: PutStateBody =
            serde_json::from_value(json!({"status": "paused", "rating": 11})).unwrap();
        let errors = body.try_into_domain().unwrap_err();
        assert_eq!(
            errors.errors()[0].to_string(),
            "rating: Input should be less than or equal to 10"
        );
    }
}
