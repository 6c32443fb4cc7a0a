//! The closed vocabularies of user state: statuses and log types, with the exact values
//! of the `user_item_status` and `user_item_log_type` enums (API.md §4).

use std::fmt;
use std::str::FromStr;

/// The input was not one of the known values.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown value `{0}`")]
pub struct UnknownValue(pub String);

macro_rules! vocabulary {
    (
        $(#[$doc:meta])* $name:ident {
            $( $(#[$vdoc:meta])* $variant:ident => $text:literal, )+
        }
    ) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( $(#[$vdoc])* $variant, )+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$(Self::$variant),+];

            /// The lowercase DB/API value.
            #[must_use]
            pub const fn as_str(self) -> &'static str {
                match self {
                    $( Self::$variant => $text, )+
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = UnknownValue;

            /// Exact, case-sensitive match of a DB/API value.
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::ALL
                    .iter()
                    .copied()
                    .find(|value| value.as_str() == s)
                    .ok_or_else(|| UnknownValue(s.to_owned()))
            }
        }
    };
}

vocabulary! {
    /// Where a user stands with an item (`user_item_status`).
    UserItemStatus {
        /// Finished.
        Consumed => "consumed",
        /// In progress.
        CurrentlyConsuming => "currently_consuming",
        /// On the wish list.
        WantToConsume => "want_to_consume",
        /// Put aside for now.
        Paused => "paused",
        /// Abandoned.
        Dropped => "dropped",
    }
}

vocabulary! {
    /// What a log entry records (`user_item_log_type`).
    LogType {
        /// Started the item.
        Started => "started",
        /// Made progress.
        Progress => "progress",
        /// Finished the item.
        Finished => "finished",
        /// A note; changes no state.
        Note => "note",
        /// Set a goal.
        Goal => "goal",
    }
}

impl UserItemStatus {
    /// Whether an item in this status belongs in the library's `next_up`
    /// (`want_to_consume`, `currently_consuming` or `paused`).
    #[must_use]
    pub const fn is_up_next(self) -> bool {
        matches!(
            self,
            Self::WantToConsume | Self::CurrentlyConsuming | Self::Paused
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_round_trip_through_their_exact_values() {
        let values: Vec<&str> = UserItemStatus::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(
            values,
            [
                "consumed",
                "currently_consuming",
                "want_to_consume",
                "paused",
                "dropped"
            ]
        );
        for status in UserItemStatus::ALL {
            assert_eq!(status.as_str().parse::<UserItemStatus>(), Ok(*status));
        }
        assert_eq!(
            "Consumed".parse::<UserItemStatus>(),
            Err(UnknownValue("Consumed".to_owned()))
        );
    }

    #[test]
    fn log_types_round_trip_through_their_exact_values() {
        let values: Vec<String> = LogType::ALL.iter().map(ToString::to_string).collect();
        assert_eq!(values, ["started", "progress", "finished", "note", "goal"]);
        for log_type in LogType::ALL {
            assert_eq!(log_type.as_str().parse::<LogType>(), Ok(*log_type));
        }
        assert!("finish".parse::<LogType>().is_err());
    }

    #[test]
    fn up_next_statuses() {
        let up_next: Vec<UserItemStatus> = UserItemStatus::ALL
            .iter()
            .copied()
            .filter(|s| s.is_up_next())
            .collect();
        assert_eq!(
            up_next,
            [
                UserItemStatus::CurrentlyConsuming,
                UserItemStatus::WantToConsume,
                UserItemStatus::Paused
            ]
        );
    }
}
