//! The two enums of user state on the wire (API.md §4): `user_item_status` and
//! `user_item_log_type`, lowercase.

use serde::{Deserialize, Serialize};
use tastebuds_user_state::{LogType, UserItemStatus};
use utoipa::ToSchema;

/// UserItemStatus: where a user stands with an item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = UserItemStatus, example = "currently_consuming")]
pub enum UserItemStatusDto {
    /// Finished.
    Consumed,
    /// In progress.
    CurrentlyConsuming,
    /// On the wish list.
    WantToConsume,
    /// Put aside for now.
    Paused,
    /// Abandoned.
    Dropped,
}

impl From<UserItemStatus> for UserItemStatusDto {
    fn from(status: UserItemStatus) -> Self {
        match status {
            UserItemStatus::Consumed => Self::Consumed,
            UserItemStatus::CurrentlyConsuming => Self::CurrentlyConsuming,
            UserItemStatus::WantToConsume => Self::WantToConsume,
            UserItemStatus::Paused => Self::Paused,
            UserItemStatus::Dropped => Self::Dropped,
        }
    }
}

impl From<UserItemStatusDto> for UserItemStatus {
    fn from(status: UserItemStatusDto) -> Self {
        match status {
            UserItemStatusDto::Consumed => Self::Consumed,
            UserItemStatusDto::CurrentlyConsuming => Self::CurrentlyConsuming,
            UserItemStatusDto::WantToConsume => Self::WantToConsume,
            UserItemStatusDto::Paused => Self::Paused,
            UserItemStatusDto::Dropped => Self::Dropped,
        }
    }
}

/// LogType: what a log entry records, and how it moves the state (API.md §5.7):
/// `goal` creates a `want_to_consume` state if there is none; `started` and `progress`
/// make it `currently_consuming` (unless `dropped` or `consumed`) and set `started_at`
/// if empty; `finished` makes it `consumed` and sets `finished_at` (and an empty
/// `started_at`); `note` changes nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = LogType, example = "progress")]
pub enum LogTypeDto {
    /// Started the item.
    Started,
    /// Made progress.
    Progress,
    /// Finished the item.
    Finished,
    /// A note; changes no state.
    Note,
    /// Set a goal.
    Goal,
}

impl LogTypeDto {
    /// Every value, as a 422 `enum` error lists them.
    pub const EXPECTED: &'static str = "'started', 'progress', 'finished', 'note' or 'goal'";
}

impl From<LogType> for LogTypeDto {
    fn from(log_type: LogType) -> Self {
        match log_type {
            LogType::Started => Self::Started,
            LogType::Progress => Self::Progress,
            LogType::Finished => Self::Finished,
            LogType::Note => Self::Note,
            LogType::Goal => Self::Goal,
        }
    }
}

impl From<LogTypeDto> for LogType {
    fn from(log_type: LogTypeDto) -> Self {
        match log_type {
            LogTypeDto::Started => Self::Started,
            LogTypeDto::Progress => Self::Progress,
            LogTypeDto::Finished => Self::Finished,
            LogTypeDto::Note => Self::Note,
            LogTypeDto::Goal => Self::Goal,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_values_are_the_domain_values() {
        for status in UserItemStatus::ALL {
            let wire = serde_json::to_value(UserItemStatusDto::from(*status)).unwrap();
            assert_eq!(wire, status.as_str());
            assert_eq!(
                UserItemStatus::from(UserItemStatusDto::from(*status)),
                *status
            );
        }
        for log_type in LogType::ALL {
            let wire = serde_json::to_value(LogTypeDto::from(*log_type)).unwrap();
            assert_eq!(wire, log_type.as_str());
            assert_eq!(LogType::from(LogTypeDto::from(*log_type)), *log_type);
            assert!(LogTypeDto::EXPECTED.contains(&format!("'{log_type}'")));
        }
    }
}
