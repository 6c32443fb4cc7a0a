//! The tagging domain's error. Messages are the API's (§2.8).

use tastebuds_kernel::{FieldErrors, Unavailable};

use crate::models::{TagName, TagNameError};

/// Why a tagging operation failed.
#[derive(Debug, thiserror::Error)]
pub enum TaggingError {
    /// The name was whitespace only (a 400).
    #[error("Tag name cannot be blank")]
    BlankName,
    /// The input broke field rules (a 422).
    #[error("invalid input: {0}")]
    Validation(FieldErrors),
    /// The owner already has a tag with this name (the `(owner_id, name)` unique).
    #[error("Tag `{0}` already exists")]
    DuplicateName(TagName),
    /// The tag is unknown, someone else's, or global (for delete).
    #[error("Tag not found")]
    TagNotFound,
    /// The tag is unknown or someone else's (for attach and detach).
    #[error("Tag not available")]
    TagNotAvailable,
    /// The media item is not in the catalog.
    #[error("Media item not found")]
    UnknownMedia,
    /// The tag is not on the media item.
    #[error("Tag not assigned to media")]
    NotAssigned,
    /// Storage cannot be reached right now; the same call may succeed later (a 503).
    #[error(transparent)]
    Unavailable(#[from] Unavailable),
    /// A storage or programming failure; opaque to clients (a 500).
    #[error("unexpected tagging error")]
    Unexpected(#[source] anyhow::Error),
}

impl From<TagNameError> for TaggingError {
    fn from(error: TagNameError) -> Self {
        match error {
            TagNameError::Blank => Self::BlankName,
            TagNameError::Invalid(field) => Self::Validation(field.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_errors_become_a_blank_name_or_a_validation_error() {
        assert!(matches!(
            TaggingError::from(TagName::parse("  ").unwrap_err()),
            TaggingError::BlankName
        ));
        let TaggingError::Validation(errors) = TaggingError::from(TagName::parse("").unwrap_err())
        else {
            panic!("expected a validation error");
        };
        assert_eq!(errors.errors()[0].kind, "string_too_short");
    }

    #[test]
    fn an_unreachable_store_is_unavailable_not_unexpected() {
        let error = TaggingError::from(Unavailable::new("database", "connection refused"));
        assert!(matches!(error, TaggingError::Unavailable(_)));
        assert_eq!(error.to_string(), "database unavailable");
    }
}
