//! Validated values of the curation domain. Each constructor returns the
//! [`FieldError`] the HTTP shell reports (API.md §1.4), relative to the field itself, so
//! callers can nest it (`courses[2].title`) and collect every error at once.

use std::fmt;

use tastebuds_kernel::FieldError;

/// Counts characters, as `varchar(n)` does.
fn char_len(s: &str) -> usize {
    s.chars().count()
}

fn bounded_text(field: &str, value: &str, max: usize) -> Result<(), FieldError> {
    let len = char_len(value);
    if len == 0 {
        Err(FieldError::too_short(field, 1, value))
    } else if len > max {
        Err(FieldError::too_long(field, max, value))
    } else {
        Ok(())
    }
}

/// A menu title: trimmed, 1..=255 characters.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct MenuTitle(String);

impl MenuTitle {
    /// Longest title (`menus.title` is `varchar(255)`).
    pub const MAX_LEN: usize = 255;

    /// Trims `input` and checks its length.
    ///
    /// # Errors
    /// `string_too_short` at `title` when nothing but whitespace is left,
    /// `string_too_long` when more than 255 characters are.
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let trimmed = input.trim();
        bounded_text("title", trimmed, Self::MAX_LEN).map_err(|e| e.with_input(input))?;
        Ok(Self(trimmed.to_owned()))
    }

    /// The title.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A course title: 1..=255 characters, kept as given (not trimmed, as the API always
/// did; only menu titles are trimmed).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CourseTitle(String);

impl CourseTitle {
    /// Longest title (`courses.title` is `varchar(255)`).
    pub const MAX_LEN: usize = 255;

    /// Checks the length of `input`.
    ///
    /// # Errors
    /// `string_too_short` at `title` when empty, `string_too_long` when longer than 255
    /// characters.
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        bounded_text("title", input, Self::MAX_LEN)?;
        Ok(Self(input.to_owned()))
    }

    /// The title.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A pairing's relationship label: at most 120 characters.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PairingRelationship(String);

impl PairingRelationship {
    /// Longest label (`menu_item_pairings.relationship` is `varchar(120)`).
    pub const MAX_LEN: usize = 120;

    /// Checks the length of `input`.
    ///
    /// # Errors
    /// `string_too_long` at `relationship` when longer than 120 characters.
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        if char_len(input) > Self::MAX_LEN {
            return Err(FieldError::too_long("relationship", Self::MAX_LEN, input));
        }
        Ok(Self(input.to_owned()))
    }

    /// The label.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A 1-based position of a course in its menu or of an item in its course.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Position(i32);

impl Position {
    /// The first position.
    pub const FIRST: Self = Self(1);

    /// Checks that `value` is at least 1 (and fits the `int` column).
    ///
    /// # Errors
    /// `greater_than_equal` (ctx `ge: 1`) at `position` when `value` ≤ 0;
    /// `less_than_equal` (ctx `le: 2147483647`) when it exceeds the column.
    pub fn new(value: i64) -> Result<Self, FieldError> {
        if value < 1 {
            return Err(FieldError::new(
                "position",
                "greater_than_equal",
                "Input should be greater than or equal to 1",
            )
            .with_input(value)
            .with_ctx("ge", 1));
        }
        i32::try_from(value).map(Self).map_err(|_| {
            FieldError::new(
                "position",
                "less_than_equal",
                format!("Input should be less than or equal to {}", i32::MAX),
            )
            .with_input(value)
            .with_ctx("le", i32::MAX)
        })
    }

    /// The position of the element at 0-based `index` in a dense list (`index + 1`),
    /// saturating at the column's maximum.
    #[must_use]
    pub fn nth(index: usize) -> Self {
        Self(
            i32::try_from(index)
                .ok()
                .and_then(|i| i.checked_add(1))
                .unwrap_or(i32::MAX),
        )
    }

    /// The position as stored.
    #[must_use]
    pub const fn get(self) -> i32 {
        self.0
    }

    /// The 0-based index of this position in a dense list (`position - 1`).
    #[must_use]
    pub fn index(self) -> usize {
        usize::try_from(self.0 - 1).unwrap_or(0)
    }

    /// The next position down the list, saturating at the column's maximum.
    #[must_use]
    pub const fn next(self) -> Self {
        Self(self.0.saturating_add(1))
    }

    /// The previous position up the list, never before [`Position::FIRST`].
    #[must_use]
    pub const fn prev(self) -> Self {
        if self.0 > 1 {
            Self(self.0 - 1)
        } else {
            Self::FIRST
        }
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn menu_titles_are_trimmed_and_bounded() {
        assert_eq!(
            MenuTitle::parse("  Neo Noir  ").unwrap().as_str(),
            "Neo Noir"
        );
        assert!(MenuTitle::parse(&"é".repeat(255)).is_ok());

        let blank = MenuTitle::parse("   ").unwrap_err();
        assert_eq!(blank.kind, "string_too_short");
        assert_eq!(
            blank.to_string(),
            "title: String should have at least 1 character"
        );
        assert_eq!(blank.input, Some("   ".into()));

        let long = MenuTitle::parse(&"a".repeat(256)).unwrap_err();
        assert_eq!(long.kind, "string_too_long");
        assert_eq!(long.ctx.unwrap()["max_length"], 255);
    }

    #[test]
    fn course_titles_are_bounded_but_not_trimmed() {
        assert_eq!(
            CourseTitle::parse(" Starters ").unwrap().as_str(),
            " Starters "
        );
        assert_eq!(CourseTitle::parse("").unwrap_err().kind, "string_too_short");
        assert!(CourseTitle::parse(&"a".repeat(255)).is_ok());
        assert_eq!(
            CourseTitle::parse(&"a".repeat(256)).unwrap_err().kind,
            "string_too_long"
        );
    }

    #[test]
    fn relationships_hold_at_most_120_characters() {
        assert!(PairingRelationship::parse("").is_ok());
        assert!(PairingRelationship::parse(&"ß".repeat(120)).is_ok());
        let error = PairingRelationship::parse(&"a".repeat(121)).unwrap_err();
        assert_eq!(error.kind, "string_too_long");
        assert_eq!(
            error.to_string(),
            "relationship: String should have at most 120 characters"
        );
    }

    #[test]
    fn positions_start_at_one() {
        assert_eq!(Position::new(1).unwrap(), Position::FIRST);
        assert_eq!(Position::new(7).unwrap().get(), 7);
        for bad in [0, -1, i64::MIN] {
            let error = Position::new(bad).unwrap_err();
            assert_eq!(error.kind, "greater_than_equal", "{bad}");
            assert_eq!(error.ctx.unwrap()["ge"], 1);
            assert_eq!(error.input, Some(bad.into()));
        }
        let error = Position::new(i64::from(i32::MAX) + 1).unwrap_err();
        assert_eq!(error.kind, "less_than_equal");
    }

    #[test]
    fn nth_is_one_based() {
        assert_eq!(Position::nth(0), Position::FIRST);
        assert_eq!(Position::nth(4).get(), 5);
        assert_eq!(Position::nth(usize::MAX).get(), i32::MAX);
        assert_eq!(Position::nth(4).index(), 4);
    }

    #[test]
    fn next_and_prev_step_by_one_within_bounds() {
        assert_eq!(Position::FIRST.next().get(), 2);
        assert_eq!(Position::FIRST.prev(), Position::FIRST);
        assert_eq!(Position::nth(4).prev().get(), 4);
        assert_eq!(Position::nth(usize::MAX).next().get(), i32::MAX);
    }
}
