//! `POST /api/me/logs`, `PATCH /api/me/logs/{log_id}`, `GET /api/me/logs` and the
//! UserItemLog object.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tastebuds_kernel::{FieldError, FieldErrors, MediaItemId};
use tastebuds_user_state::{
    GoalTarget, LogDraft, LogFilter, LogNotes, LogPage, LogPatch, MinutesSpent, ProgressPercent,
    UserItemLog,
};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::checked;
use super::vocab::LogTypeDto;
use crate::extract::Validate;
use crate::routes::media::dto::MediaItemResponse;
use crate::wire;

/// `POST /api/me/logs`.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"media_item_id": "01936f0e-7a2b-7c3d-9e4f-5a6b7c8d9e0f", "log_type": "progress", "notes": "Past the Sardaukar raid.", "minutes_spent": 45, "progress_percent": 60}))]
pub struct CreateLogBody {
    /// The catalog item.
    pub media_item_id: Uuid,
    /// What the entry records; it moves the caller's state (see LogType).
    pub log_type: LogTypeDto,
    /// At most 2000 characters.
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub notes: Option<String>,
    /// Minutes spent, ≥ 0.
    #[serde(default)]
    #[schema(value_type = Option<i32>, minimum = 0)]
    pub minutes_spent: Option<i64>,
    /// 0–100.
    #[serde(default)]
    #[schema(value_type = Option<i32>, minimum = 0, maximum = 100)]
    pub progress_percent: Option<i64>,
    /// A goal's target, at most 255 characters.
    #[serde(default)]
    #[schema(max_length = 255, example = "Finish before the film")]
    pub goal_target: Option<String>,
    /// A goal's due date, `YYYY-MM-DD`.
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date)]
    pub goal_due_on: Option<wire::Date>,
    /// When it happened (any ISO 8601 form; no offset means UTC); default now.
    #[serde(default)]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub logged_at: Option<wire::Timestamp>,
}

impl CreateLogBody {
    /// The log to record.
    ///
    /// # Errors
    /// Every invalid field at once.
    pub fn try_into_domain(self) -> Result<LogDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let notes = checked(&mut errors, self.notes, |text| LogNotes::parse(&text));
        let minutes_spent = checked(&mut errors, self.minutes_spent, MinutesSpent::new);
        let progress_percent = checked(&mut errors, self.progress_percent, ProgressPercent::new);
        let goal_target = checked(&mut errors, self.goal_target, |text| {
            GoalTarget::parse(&text)
        });
        errors.into_result()?;
        Ok(LogDraft {
            media_item_id: MediaItemId::from_uuid(self.media_item_id),
            log_type: self.log_type.into(),
            notes,
            minutes_spent,
            progress_percent,
            goal_target,
            goal_due_on: self.goal_due_on.map(|date| date.0),
            logged_at: self.logged_at.map(|at| at.0),
        })
    }
}

impl Validate for CreateLogBody {}

/// `PATCH /api/me/logs/{log_id}`: only the keys sent are applied; `null` clears a
/// nullable field. `log_type` and `logged_at` cannot be `null`.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"log_type": "finished", "progress_percent": 100, "notes": null}))]
pub struct UpdateLogBody {
    /// New type; not `null`.
    #[serde(default, deserialize_with = "wire::present")]
    #[schema(value_type = LogTypeDto, required = false)]
    pub log_type: Option<Option<LogTypeDto>>,
    /// New notes (at most 2000 characters), or `null` to clear them.
    #[serde(default, deserialize_with = "wire::present")]
    #[schema(value_type = Option<String>, required = false, max_length = 2000)]
    pub notes: Option<Option<String>>,
    /// New minutes (≥ 0), or `null`.
    #[serde(default, deserialize_with = "wire::present")]
    #[schema(value_type = Option<i32>, required = false, minimum = 0)]
    pub minutes_spent: Option<Option<i64>>,
    /// New progress (0–100), or `null`.
    #[serde(default, deserialize_with = "wire::present")]
    #[schema(value_type = Option<i32>, required = false, minimum = 0, maximum = 100)]
    pub progress_percent: Option<Option<i64>>,
    /// New goal target (at most 255 characters), or `null`.
    #[serde(default, deserialize_with = "wire::present")]
    #[schema(value_type = Option<String>, required = false, max_length = 255)]
    pub goal_target: Option<Option<String>>,
    /// New due date (`YYYY-MM-DD`), or `null`.
    #[serde(default, deserialize_with = "wire::present")]
    #[schema(value_type = Option<String>, required = false, format = Date)]
    pub goal_due_on: Option<Option<wire::Date>>,
    /// New time (any ISO 8601 form); not `null`.
    #[serde(default, deserialize_with = "wire::present")]
    #[schema(value_type = String, required = false, format = DateTime)]
    pub logged_at: Option<Option<wire::Timestamp>>,
}

impl UpdateLogBody {
    /// The patch.
    ///
    /// # Errors
    /// Every invalid field at once, including an explicit `null` for `log_type` or
    /// `logged_at` (API.md §6.1).
    pub fn try_into_domain(self) -> Result<LogPatch, FieldErrors> {
        let mut errors = FieldErrors::new();
        let log_type = required(&mut errors, self.log_type, || {
            FieldError::new(
                "log_type",
                "enum",
                format!("Input should be {}", LogTypeDto::EXPECTED),
            )
            .with_input(Value::Null)
            .with_ctx("expected", LogTypeDto::EXPECTED)
        });
        let logged_at = required(&mut errors, self.logged_at, || {
            FieldError::new(
                "logged_at",
                "datetime_type",
                "Input should be a valid datetime",
            )
            .with_input(Value::Null)
        });
        let notes = cleared_or(&mut errors, self.notes, |text| LogNotes::parse(&text));
        let minutes_spent = cleared_or(&mut errors, self.minutes_spent, MinutesSpent::new);
        let progress_percent = cleared_or(&mut errors, self.progress_percent, ProgressPercent::new);
        let goal_target = cleared_or(&mut errors, self.goal_target, |text| {
            GoalTarget::parse(&text)
        });
        errors.into_result()?;
        Ok(LogPatch {
            log_type: log_type.map(Into::into),
            notes,
            minutes_spent,
            progress_percent,
            goal_target,
            goal_due_on: self.goal_due_on.map(|due| due.map(|date| date.0)),
            logged_at: logged_at.map(|at| at.0),
        })
    }
}

impl Validate for UpdateLogBody {}

/// A key that may be absent but not `null`: `null` is the error `on_null` builds.
fn required<T>(
    errors: &mut FieldErrors,
    sent: Option<Option<T>>,
    on_null: impl FnOnce() -> FieldError,
) -> Option<T> {
    match sent {
        None => None,
        Some(Some(value)) => Some(value),
        Some(None) => {
            errors.push(on_null());
            None
        }
    }
}

/// A nullable key: absent, `null` (clear), or a value checked by `parse`.
fn cleared_or<T, V>(
    errors: &mut FieldErrors,
    sent: Option<Option<T>>,
    parse: impl FnOnce(T) -> Result<V, FieldError>,
) -> Option<Option<V>> {
    sent.map(|value| checked(errors, value, parse))
}

/// The `{log_id}` of `PATCH` and `DELETE /api/me/logs/{log_id}`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct LogPath {
    /// The log entry's id.
    pub log_id: Uuid,
}

/// `GET /api/me/logs` filters and paging.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LogsQuery {
    /// Only this item's logs.
    pub media_item_id: Option<Uuid>,
    /// Only logs of this type.
    #[param(value_type = Option<LogTypeDto>)]
    pub log_type: Option<LogTypeDto>,
    /// Page size, 1–200.
    #[param(value_type = Option<i32>, minimum = 1, maximum = 200, default = 50)]
    pub limit: Option<i64>,
    /// Logs to skip, ≥ 0.
    #[param(value_type = Option<i32>, minimum = 0, default = 0)]
    pub offset: Option<i64>,
}

impl LogsQuery {
    /// The filter.
    ///
    /// # Errors
    /// Every out-of-range value at once (`limit`, `offset`).
    pub fn try_into_domain(&self) -> Result<LogFilter, FieldErrors> {
        Ok(LogFilter {
            media_item_id: self.media_item_id.map(MediaItemId::from_uuid),
            log_type: self.log_type.map(Into::into),
            page: LogPage::new(self.limit, self.offset)?,
        })
    }
}

impl Validate for LogsQuery {}

/// The UserItemLog object. Every field is always present (`null` when empty).
#[derive(Debug, Serialize, ToSchema)]
pub struct UserItemLogResponse {
    /// The entry's id.
    pub id: Uuid,
    /// The owner.
    pub user_id: Uuid,
    /// The catalog item.
    pub media_item_id: Uuid,
    /// What it records.
    pub log_type: LogTypeDto,
    /// Notes.
    #[schema(required = true, max_length = 2000)]
    pub notes: Option<String>,
    /// Minutes spent.
    #[schema(required = true, minimum = 0)]
    pub minutes_spent: Option<i32>,
    /// Progress, 0–100.
    #[schema(required = true, minimum = 0, maximum = 100)]
    pub progress_percent: Option<i32>,
    /// A goal's target.
    #[schema(required = true, max_length = 255)]
    pub goal_target: Option<String>,
    /// A goal's due date.
    #[schema(required = true)]
    pub goal_due_on: Option<NaiveDate>,
    /// When the activity happened.
    #[serde(serialize_with = "wire::timestamp::serialize")]
    pub logged_at: DateTime<Utc>,
    /// When the entry was recorded.
    #[serde(serialize_with = "wire::timestamp::serialize")]
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    #[serde(serialize_with = "wire::timestamp::serialize")]
    pub updated_at: DateTime<Utc>,
    /// The item.
    #[schema(required = true)]
    pub media_item: Option<MediaItemResponse>,
}

impl TryFrom<&UserItemLog> for UserItemLogResponse {
    type Error = anyhow::Error;

    fn try_from(log: &UserItemLog) -> Result<Self, Self::Error> {
        Ok(Self {
            id: log.id.as_uuid(),
            user_id: log.user_id.as_uuid(),
            media_item_id: log.media_item_id.as_uuid(),
            log_type: log.log_type.into(),
            notes: log.notes.as_ref().map(|notes| notes.as_str().to_owned()),
            minutes_spent: log.minutes_spent.map(MinutesSpent::get),
            progress_percent: log.progress_percent.map(ProgressPercent::get),
            goal_target: log
                .goal_target
                .as_ref()
                .map(|goal| goal.as_str().to_owned()),
            goal_due_on: log.goal_due_on,
            logged_at: log.logged_at,
            created_at: log.created_at,
            updated_at: log.updated_at,
            media_item: log
                .media_item
                .as_ref()
                .map(MediaItemResponse::try_from)
                .transpose()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn patch(body: Value) -> Result<LogPatch, FieldErrors> {
        serde_json::from_value::<UpdateLogBody>(body)
            .unwrap()
            .try_into_domain()
    }

    #[test]
    fn absent_keys_are_not_applied_and_null_clears() {
        assert!(patch(json!({})).unwrap().is_empty());
        let cleared = patch(json!({"notes": null, "goal_due_on": null})).unwrap();
        assert_eq!(cleared.notes, Some(None));
        assert_eq!(cleared.goal_due_on, Some(None));
        assert_eq!(cleared.minutes_spent, None);
    }

    #[test]
    fn null_type_or_time_and_over_long_texts_are_reported_together() {
        let errors = patch(json!({
            "log_type": null,
            "logged_at": null,
            "notes": "n".repeat(2001),
            "goal_target": "g".repeat(256),
            "progress_percent": 101,
        }))
        .unwrap_err();
        let found: Vec<(String, &str)> = errors
            .errors()
            .iter()
            .map(|error| (error.to_string(), error.kind))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "log_type: Input should be 'started', 'progress', 'finished', 'note' or 'goal'"
                        .to_owned(),
                    "enum"
                ),
                (
                    "logged_at: Input should be a valid datetime".to_owned(),
                    "datetime_type"
                ),
                (
                    "notes: String should have at most 2000 characters".to_owned(),
                    "string_too_long"
                ),
                (
                    "progress_percent: Input should be less than or equal to 100".to_owned(),
                    "less_than_equal"
                ),
                (
                    "goal_target: String should have at most 255 characters".to_owned(),
                    "string_too_long"
                ),
            ]
        );
    }

    #[test]
    fn a_new_log_collects_every_field_error() {
        let body: CreateLogBody = serde_json::from_value(json!({
            "media_item_id": Uuid::now_v7(),
            "log_type": "goal",
            "notes": "n".repeat(2001),
            "minutes_spent": -1,
            "goal_target": "g".repeat(256),
        }))
        .unwrap();
        let errors = body.try_into_domain().unwrap_err();
        let kinds: Vec<&str> = errors.errors().iter().map(|error| error.kind).collect();
        assert_eq!(
            kinds,
            ["string_too_long", "greater_than_equal", "string_too_long"]
        );
    }
}
