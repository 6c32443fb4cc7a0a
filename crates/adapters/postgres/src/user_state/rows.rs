//! Row structs of `user_item_states` and `user_item_logs` (the media card they embed is
//! [`crate::media::CardRow`]), with their conversions to and from the domain types. Stored values the
//! domain refuses (a rating of 11 written by hand, say) fail the conversion and become
//! `Unexpected`, never a panic.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use tastebuds_kernel::{
    FieldError, MediaCard, MediaItemId, UserId, UserItemLogId, UserItemStateId,
};
use tastebuds_user_state::{
    GoalTarget, LogEvent, LogNotes, MinutesSpent, ProgressPercent, Rating, UserItemLog,
    UserItemState,
};
use uuid::Uuid;

use super::vocab::{LogTypeSql, StatusSql};
use crate::schema::{user_item_logs, user_item_states};

/// A stored value the domain's [`FieldError`] refuses, as an error naming it.
fn refused(error: &FieldError, what: impl FnOnce() -> String) -> anyhow::Error {
    anyhow::anyhow!("{}: {error}", what())
}

/// A `user_item_states` row, as read and as written (every column).
#[derive(Debug, Queryable, Selectable, Insertable)]
#[diesel(
    table_name = user_item_states,
    check_for_backend(diesel::pg::Pg),
    treat_none_as_default_value = false
)]
pub(super) struct StateRow {
    id: Uuid,
    user_id: Uuid,
    pub(super) media_item_id: Uuid,
    status: StatusSql,
    rating: Option<i32>,
    favorite: bool,
    notes: Option<String>,
    started_at: Option<DateTime<Utc>>,
    finished_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<&UserItemState> for StateRow {
    fn from(state: &UserItemState) -> Self {
        Self {
            id: state.id.as_uuid(),
            user_id: state.user_id.as_uuid(),
            media_item_id: state.media_item_id.as_uuid(),
            status: StatusSql(state.status),
            rating: state.rating.map(Rating::get),
            favorite: state.favorite,
            notes: state.notes.clone(),
            started_at: state.started_at,
            finished_at: state.finished_at,
            created_at: state.created_at,
            updated_at: state.updated_at,
        }
    }
}

impl TryFrom<StateRow> for UserItemState {
    type Error = anyhow::Error;

    fn try_from(row: StateRow) -> Result<Self, Self::Error> {
        let rating = row
            .rating
            .map(|rating| Rating::new(rating.into()))
            .transpose()
            .map_err(|e| refused(&e, || format!("stored rating of state {}", row.id)))?;
        Ok(Self {
            id: UserItemStateId::from_uuid(row.id),
            user_id: UserId::from_uuid(row.user_id),
            media_item_id: MediaItemId::from_uuid(row.media_item_id),
            status: row.status.0,
            rating,
            favorite: row.favorite,
            notes: row.notes,
            started_at: row.started_at,
            finished_at: row.finished_at,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
}

/// A `user_item_logs` row, as read and as inserted (every column).
#[derive(Debug, Queryable, Selectable, Insertable)]
#[diesel(
    table_name = user_item_logs,
    check_for_backend(diesel::pg::Pg),
    treat_none_as_default_value = false
)]
pub(super) struct LogRow {
    id: Uuid,
    user_id: Uuid,
    pub(super) media_item_id: Uuid,
    log_type: LogTypeSql,
    notes: Option<String>,
    minutes_spent: Option<i32>,
    progress_percent: Option<i32>,
    goal_target: Option<String>,
    goal_due_on: Option<NaiveDate>,
    logged_at: DateTime<Utc>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<&UserItemLog> for LogRow {
    fn from(log: &UserItemLog) -> Self {
        Self {
            id: log.id.as_uuid(),
            user_id: log.user_id.as_uuid(),
            media_item_id: log.media_item_id.as_uuid(),
            log_type: LogTypeSql(log.log_type),
            notes: log.notes.as_ref().map(|notes| notes.as_str().to_owned()),
            minutes_spent: log.minutes_spent.map(MinutesSpent::get),
            progress_percent: log.progress_percent.map(ProgressPercent::get),
            goal_target: log.goal_target.as_ref().map(|t| t.as_str().to_owned()),
            goal_due_on: log.goal_due_on,
            logged_at: log.logged_at,
            created_at: log.created_at,
            updated_at: log.updated_at,
        }
    }
}

impl LogRow {
    /// The domain log, with `card` embedded.
    pub(super) fn into_log(self, card: Option<MediaCard>) -> anyhow::Result<UserItemLog> {
        let id = self.id;
        let context = |field: &str| format!("stored {field} of log {id}");
        Ok(UserItemLog {
            id: UserItemLogId::from_uuid(self.id),
            user_id: UserId::from_uuid(self.user_id),
            media_item_id: MediaItemId::from_uuid(self.media_item_id),
            log_type: self.log_type.0,
            notes: (self.notes.as_deref().map(LogNotes::parse).transpose())
                .map_err(|e| refused(&e, || context("notes")))?,
            minutes_spent: (self.minutes_spent.map(|m| MinutesSpent::new(m.into())))
                .transpose()
                .map_err(|e| refused(&e, || context("minutes_spent")))?,
            progress_percent: (self.progress_percent)
                .map(|p| ProgressPercent::new(p.into()))
                .transpose()
                .map_err(|e| refused(&e, || context("progress_percent")))?,
            goal_target: (self.goal_target.as_deref().map(GoalTarget::parse))
                .transpose()
                .map_err(|e| refused(&e, || context("goal_target")))?,
            goal_due_on: self.goal_due_on,
            logged_at: self.logged_at,
            created_at: self.created_at,
            updated_at: self.updated_at,
            media_item: card,
        })
    }
}

/// Every column of a log an overwrite sets (`user_id` and `media_item_id` never change;
/// `None` writes NULL).
#[derive(Debug, AsChangeset)]
#[diesel(table_name = user_item_logs, treat_none_as_null = true)]
pub(super) struct LogChangeset {
    log_type: LogTypeSql,
    notes: Option<String>,
    minutes_spent: Option<i32>,
    progress_percent: Option<i32>,
    goal_target: Option<String>,
    goal_due_on: Option<NaiveDate>,
    logged_at: DateTime<Utc>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<LogRow> for LogChangeset {
    fn from(row: LogRow) -> Self {
        Self {
            log_type: row.log_type,
            notes: row.notes,
            minutes_spent: row.minutes_spent,
            progress_percent: row.progress_percent,
            goal_target: row.goal_target,
            goal_due_on: row.goal_due_on,
            logged_at: row.logged_at,
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

/// What the state derivation needs of a log.
#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = user_item_logs, check_for_backend(diesel::pg::Pg))]
pub(super) struct LogEventRow {
    id: Uuid,
    log_type: LogTypeSql,
    logged_at: DateTime<Utc>,
}

impl From<LogEventRow> for LogEvent {
    fn from(row: LogEventRow) -> Self {
        Self {
            id: UserItemLogId::from_uuid(row.id),
            log_type: row.log_type.0,
            logged_at: row.logged_at,
        }
    }
}
