//! [`DisplayName`]: an optional, trimmed name shown instead of the email.

use std::fmt;

use tastebuds_kernel::FieldError;

/// Most characters a display name may have (the `varchar(255)` column).
pub const MAX_DISPLAY_NAME_CHARS: usize = 255;

const FIELD: &str = "display_name";

/// A non-empty, trimmed display name of at most 255 characters, without NUL characters
/// (which PostgreSQL cannot store in text).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DisplayName(String);

impl DisplayName {
    /// Trims `raw`; an empty result means "no display name" (`Ok(None)`).
    ///
    /// # Errors
    /// A [`FieldError`] at `display_name`: `string_too_long` (ctx `max_length` 255) when
    /// the trimmed name is longer than 255 characters, `value_error` when it contains a
    /// NUL character.
    pub fn parse(raw: &str) -> Result<Option<Self>, FieldError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Ok(None);
        }
        if trimmed.contains('\0') {
            return Err(FieldError::new(
                FIELD,
                "value_error",
                "Value error, the display name must not contain NUL characters",
            )
            .with_input(raw));
        }
        if trimmed.chars().count() > MAX_DISPLAY_NAME_CHARS {
            return Err(FieldError::too_long(FIELD, MAX_DISPLAY_NAME_CHARS, raw));
        }
        Ok(Some(Self(trimmed.to_owned())))
    }

    /// The name.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for DisplayName {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DisplayName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn trims_and_treats_blank_as_absent() {
        assert_eq!(
            DisplayName::parse("  Ada  ").unwrap().unwrap().as_str(),
            "Ada"
        );
        assert_eq!(DisplayName::parse("").unwrap(), None);
        assert_eq!(DisplayName::parse(" \t\n ").unwrap(), None);
    }

    #[test]
    fn limits_length_in_characters() {
        assert!(DisplayName::parse(&"é".repeat(255)).unwrap().is_some());
        let padded = format!("  {}  ", "n".repeat(255));
        assert!(DisplayName::parse(&padded).unwrap().is_some());
        let error = DisplayName::parse(&"n".repeat(256)).unwrap_err();
        assert_eq!(error.kind, "string_too_long");
        assert_eq!(error.ctx.unwrap()["max_length"], json!(255));
    }

    #[test]
    fn refuses_nul_characters_that_postgres_cannot_store() {
        let error = DisplayName::parse("Ada\0Lovelace").unwrap_err();
        assert_eq!(error.kind, "value_error");
        assert_eq!(error.path, vec![tastebuds_kernel::PathSegment::from(FIELD)]);
        assert_eq!(error.input, Some(json!("Ada\0Lovelace")));
        // Other control characters are text PostgreSQL stores.
        assert!(DisplayName::parse("Ada\tLovelace").unwrap().is_some());
    }
}
