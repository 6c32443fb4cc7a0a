//! Validated values of user state and logs. Each constructor returns the [`FieldError`]
//! the HTTP shell reports (API.md §1.4), relative to the field itself, so callers can
//! collect every error of a body at once.

use tastebuds_kernel::{FieldError, FieldErrors};

fn too_small(field: &str, min: i64, value: i64) -> FieldError {
    FieldError::new(
        field,
        "greater_than_equal",
        format!("Input should be greater than or equal to {min}"),
    )
    .with_input(value)
    .with_ctx("ge", min)
}

fn too_large(field: &str, max: i64, value: i64) -> FieldError {
    FieldError::new(
        field,
        "less_than_equal",
        format!("Input should be less than or equal to {max}"),
    )
    .with_input(value)
    .with_ctx("le", max)
}

/// `value` as an `i32` within `min..=max`.
fn int_in(field: &str, value: i64, min: i32, max: i32) -> Result<i32, FieldError> {
    if value < i64::from(min) {
        return Err(too_small(field, i64::from(min), value));
    }
    i32::try_from(value)
        .ok()
        .filter(|v| *v <= max)
        .ok_or_else(|| too_large(field, i64::from(max), value))
}

fn text_at_most(field: &str, value: &str, max: usize) -> Result<(), FieldError> {
    if value.chars().count() > max {
        Err(FieldError::too_long(field, max, value))
    } else {
        Ok(())
    }
}

macro_rules! bounded_int {
    ($(#[$doc:meta])* $name:ident, $field:literal, $min:expr, $max:expr) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(i32);

        impl $name {
            /// Smallest accepted value.
            pub const MIN: i32 = $min;
            /// Largest accepted value.
            pub const MAX: i32 = $max;

            #[doc = concat!("Checks that `value` is within `MIN..=MAX`.\n\n# Errors\n",
                "`greater_than_equal` / `less_than_equal` at `", $field, "`.")]
            pub fn new(value: i64) -> Result<Self, FieldError> {
                int_in($field, value, Self::MIN, Self::MAX).map(Self)
            }

            /// The value as stored.
            #[must_use]
            pub const fn get(self) -> i32 {
                self.0
            }
        }
    };
}

bounded_int!(
    /// A rating from 0 to 10 (`user_item_states.rating`, CHECK 0..10).
    Rating,
    "rating",
    0,
    10
);
bounded_int!(
    /// How far through an item a log says the user is, 0 to 100.
    ProgressPercent,
    "progress_percent",
    0,
    100
);
bounded_int!(
    /// Minutes spent, never negative (bounded above by the `int` column).
    MinutesSpent,
    "minutes_spent",
    0,
    i32::MAX
);

macro_rules! bounded_text {
    ($(#[$doc:meta])* $name:ident, $field:literal, $max:expr) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub struct $name(String);

        impl $name {
            /// Longest accepted value, in characters.
            pub const MAX_LEN: usize = $max;

            #[doc = concat!("Checks the length of `input`, kept as given.\n\n# Errors\n",
                "`string_too_long` at `", $field, "`.")]
            pub fn parse(input: &str) -> Result<Self, FieldError> {
                text_at_most($field, input, Self::MAX_LEN)?;
                Ok(Self(input.to_owned()))
            }

            /// The text.
            #[must_use]
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
    };
}

bounded_text!(
    /// A log's notes: at most 2000 characters (`user_item_logs.notes`, API.md §6.1).
    LogNotes,
    "notes",
    2000
);
bounded_text!(
    /// A goal's target: at most 255 characters.
    GoalTarget,
    "goal_target",
    255
);

/// Paging of `GET /api/me/logs`: `limit` 1..=200 (default 50), `offset` ≥ 0 (default 0).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LogPage {
    limit: u32,
    offset: u32,
}

impl Default for LogPage {
    fn default() -> Self {
        Self {
            limit: Self::DEFAULT_LIMIT,
            offset: 0,
        }
    }
}

impl LogPage {
    /// `limit` when none is given.
    pub const DEFAULT_LIMIT: u32 = 50;
    /// Largest `limit`.
    pub const MAX_LIMIT: u32 = 200;

    /// Checks both values, defaulting absent ones.
    ///
    /// # Errors
    /// Every problem at once: `greater_than_equal` / `less_than_equal` at `limit`,
    /// `greater_than_equal` at `offset`.
    pub fn new(limit: Option<i64>, offset: Option<i64>) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let limit = errors.collect(limit.map_or(Ok(Self::DEFAULT_LIMIT), |value| {
            int_in("limit", value, 1, 200).map(|v| v.unsigned_abs())
        }));
        let offset = errors.collect(offset.map_or(Ok(0), |value| {
            int_in("offset", value, 0, i32::MAX).map(|v| v.unsigned_abs())
        }));
        errors.into_result()?;
        Ok(Self {
            limit: limit.unwrap_or(Self::DEFAULT_LIMIT),
            offset: offset.unwrap_or(0),
        })
    }

    /// How many logs to return.
    #[must_use]
    pub const fn limit(self) -> u32 {
        self.limit
    }

    /// How many to skip.
    #[must_use]
    pub const fn offset(self) -> u32 {
        self.offset
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratings_run_from_zero_to_ten() {
        assert_eq!(Rating::new(0).unwrap().get(), 0);
        assert_eq!(Rating::new(10).unwrap().get(), 10);

        let high = Rating::new(11).unwrap_err();
        assert_eq!(high.kind, "less_than_equal");
        assert_eq!(
            high.to_string(),
            "rating: Input should be less than or equal to 10"
        );
        assert_eq!(high.ctx.unwrap()["le"], 10);

        let low = Rating::new(-1).unwrap_err();
        assert_eq!(low.kind, "greater_than_equal");
        assert_eq!(low.input, Some((-1).into()));
    }

    #[test]
    fn progress_runs_from_zero_to_a_hundred() {
        assert!(ProgressPercent::new(0).is_ok());
        assert!(ProgressPercent::new(100).is_ok());
        assert_eq!(
            ProgressPercent::new(101).unwrap_err().kind,
            "less_than_equal"
        );
        assert_eq!(
            ProgressPercent::new(-5).unwrap_err().kind,
            "greater_than_equal"
        );
    }

    #[test]
    fn minutes_are_never_negative_and_fit_the_column() {
        assert_eq!(MinutesSpent::new(0).unwrap().get(), 0);
        assert_eq!(
            MinutesSpent::new(i64::from(i32::MAX)).unwrap().get(),
            i32::MAX
        );
        let negative = MinutesSpent::new(-1).unwrap_err();
        assert_eq!(
            negative.to_string(),
            "minutes_spent: Input should be greater than or equal to 0"
        );
        assert_eq!(
            MinutesSpent::new(i64::from(i32::MAX) + 1).unwrap_err().kind,
            "less_than_equal"
        );
    }

    #[test]
    fn texts_are_bounded_in_characters() {
        assert!(LogNotes::parse(&"é".repeat(2000)).is_ok());
        let long = LogNotes::parse(&"a".repeat(2001)).unwrap_err();
        assert_eq!(long.kind, "string_too_long");
        assert_eq!(
            long.to_string(),
            "notes: String should have at most 2000 characters"
        );

        assert_eq!(GoalTarget::parse("").unwrap().as_str(), "");
        assert!(GoalTarget::parse(&"a".repeat(255)).is_ok());
        assert_eq!(
            GoalTarget::parse(&"a".repeat(256)).unwrap_err().to_string(),
            "goal_target: String should have at most 255 characters"
        );
    }

    #[test]
    fn log_pages_default_and_report_every_problem() {
        assert_eq!(LogPage::new(None, None).unwrap(), LogPage::default());
        let page = LogPage::new(Some(200), Some(40)).unwrap();
        assert_eq!((page.limit(), page.offset()), (200, 40));

        let errors = LogPage::new(Some(0), Some(-1)).unwrap_err();
        let found: Vec<String> = errors.errors().iter().map(ToString::to_string).collect();
        assert_eq!(
            found,
            [
                "limit: Input should be greater than or equal to 1",
                "offset: Input should be greater than or equal to 0"
            ]
        );
        assert_eq!(
            LogPage::new(Some(201), None).unwrap_err().errors()[0].kind,
            "less_than_equal"
        );
    }
}
