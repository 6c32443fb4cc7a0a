//! Tags and their names.

use std::cmp::Ordering;
use std::fmt;

use tastebuds_kernel::{FieldError, TagId, UserId};

/// A tag name: 1..=64 characters as sent, stored trimmed and never blank.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TagName(String);

/// Why a tag name was refused.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum TagNameError {
    /// Only whitespace was sent (a 400 `Tag name cannot be blank`, API.md §2.8).
    #[error("Tag name cannot be blank")]
    Blank,
    /// Empty or too long (a 422 field error at `name`).
    #[error("{0}")]
    Invalid(FieldError),
}

impl TagName {
    /// Longest name (`tags.name` is `varchar(64)`).
    pub const MAX_LEN: usize = 64;

    /// Validates `input` the way the API always has: the length (1..=64 characters) is
    /// checked on the input as sent, then it is trimmed and must not be blank.
    ///
    /// # Errors
    /// [`TagNameError::Invalid`] (`string_too_short` / `string_too_long` at `name`) for
    /// an empty or over-long input; [`TagNameError::Blank`] for whitespace only.
    pub fn parse(input: &str) -> Result<Self, TagNameError> {
        let len = input.chars().count();
        if len == 0 {
            return Err(TagNameError::Invalid(FieldError::too_short(
                "name", 1, input,
            )));
        }
        if len > Self::MAX_LEN {
            return Err(TagNameError::Invalid(FieldError::too_long(
                "name",
                Self::MAX_LEN,
                input,
            )));
        }
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(TagNameError::Blank);
        }
        Ok(Self(trimmed.to_owned()))
    }

    /// The name.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TagName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A tag: private to its owner, or global when it has none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tag {
    /// The tag's id.
    pub id: TagId,
    /// Its owner; `None` for a global tag (visible to everyone, created by operators).
    pub owner: Option<UserId>,
    /// Its name, unique per owner.
    pub name: TagName,
}

impl Tag {
    /// Whether nobody owns it.
    #[must_use]
    pub fn is_global(&self) -> bool {
        self.owner.is_none()
    }

    /// Whether `user` may see, attach and detach it: theirs, or global.
    #[must_use]
    pub fn is_usable_by(&self, user: UserId) -> bool {
        self.owner.is_none_or(|owner| owner == user)
    }

    /// Whether `user` may delete it: theirs only (global tags cannot be deleted via the
    /// API).
    #[must_use]
    pub fn is_deletable_by(&self, user: UserId) -> bool {
        self.owner == Some(user)
    }

    /// The API's tag order (§2.8): by the lower-cased name, then the name, both compared
    /// by code point (Rust's `str` order), then by id so that equal names still sort
    /// the same way every time. Independent of any database collation.
    #[must_use]
    pub fn cmp_by_name(&self, other: &Self) -> Ordering {
        let (mine, theirs) = (self.name.as_str(), other.name.as_str());
        mine.to_lowercase()
            .cmp(&theirs.to_lowercase())
            .then_with(|| mine.cmp(theirs))
            .then_with(|| self.id.cmp(&other.id))
    }
}

/// Sorts `tags` in the API's order ([`Tag::cmp_by_name`]).
pub fn sort_by_name(tags: &mut [Tag]) {
    tags.sort_by(Tag::cmp_by_name);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed() {
        assert_eq!(TagName::parse("  noir ").unwrap().as_str(), "noir");
        assert_eq!(TagName::parse("x").unwrap().as_str(), "x");
        assert!(TagName::parse(&"ü".repeat(64)).is_ok());
    }

    #[test]
    fn whitespace_only_is_blank_not_a_field_error() {
        assert_eq!(TagName::parse("   "), Err(TagNameError::Blank));
        assert_eq!(TagName::parse("\t"), Err(TagNameError::Blank));
        assert_eq!(TagNameError::Blank.to_string(), "Tag name cannot be blank");
    }

    #[test]
    fn empty_and_over_long_names_are_field_errors() {
        let Err(TagNameError::Invalid(empty)) = TagName::parse("") else {
            panic!("empty name accepted");
        };
        assert_eq!(empty.kind, "string_too_short");
        assert_eq!(
            empty.to_string(),
            "name: String should have at least 1 character"
        );

        let Err(TagNameError::Invalid(long)) = TagName::parse(&"a".repeat(65)) else {
            panic!("65 characters accepted");
        };
        assert_eq!(long.kind, "string_too_long");
        assert_eq!(long.ctx.unwrap()["max_length"], 64);

        // The length is checked as sent, before trimming.
        let padded = format!(" {} ", "a".repeat(63));
        assert!(matches!(
            TagName::parse(&padded),
            Err(TagNameError::Invalid(_))
        ));
    }

    fn tag(name: &str) -> Tag {
        Tag {
            id: TagId::new(),
            owner: None,
            name: TagName::parse(name).unwrap(),
        }
    }

    #[test]
    fn tags_sort_by_lower_cased_name_then_name_by_code_point() {
        let mut tags: Vec<Tag> = ["b", "Zed", "a", "B", "éclair", "Éclair", "_x", "Apple"]
            .into_iter()
            .map(tag)
            .collect();
        sort_by_name(&mut tags);
        let names: Vec<&str> = tags.iter().map(|t| t.name.as_str()).collect();
        // `_` (U+005F) sorts before the letters once lower-cased, `é` (U+00E9) after `z`;
        // between equal lower-cased names the upper-case one (smaller code point) is first.
        assert_eq!(
            names,
            ["_x", "a", "Apple", "B", "b", "Zed", "Éclair", "éclair"]
        );
    }

    #[test]
    fn private_tags_are_usable_by_their_owner_and_global_ones_by_all() {
        let owner = UserId::new();
        let stranger = UserId::new();
        let name = TagName::parse("noir").unwrap();
        let private = Tag {
            id: TagId::new(),
            owner: Some(owner),
            name: name.clone(),
        };
        let global = Tag {
            id: TagId::new(),
            owner: None,
            name,
        };

        assert!(private.is_usable_by(owner) && private.is_deletable_by(owner));
        assert!(!private.is_usable_by(stranger) && !private.is_deletable_by(stranger));
        assert!(global.is_global() && !private.is_global());
        assert!(global.is_usable_by(stranger));
        assert!(!global.is_deletable_by(owner));
    }
}
