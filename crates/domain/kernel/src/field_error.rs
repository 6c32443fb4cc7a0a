//! Validation errors shared by every domain crate.
//!
//! A [`FieldError`] names the field that failed (a path of keys and indices), a stable
//! machine-readable `kind` (the validation type names of API.md §1.4, e.g.
//! `string_too_short`), a human message and optional context. The HTTP shell turns a
//! [`FieldErrors`] into the 422 `detail` array, prefixing the location (`body`, `query`…).

use std::fmt;

use serde_json::{Map, Value};

/// One segment of a field path: an object key or an array index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathSegment {
    /// An object key.
    Key(String),
    /// An array index.
    Index(usize),
}

impl From<&str> for PathSegment {
    fn from(key: &str) -> Self {
        Self::Key(key.to_owned())
    }
}

impl From<usize> for PathSegment {
    fn from(index: usize) -> Self {
        Self::Index(index)
    }
}

/// A single invalid field.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldError {
    /// Where the field sits, relative to the input root.
    pub path: Vec<PathSegment>,
    /// Stable error type, e.g. `missing`, `string_too_short`, `value_error`.
    pub kind: &'static str,
    /// Human-readable message.
    pub message: String,
    /// The offending input value, when known.
    pub input: Option<Value>,
    /// Extra context, e.g. `{"min_length": 8}`.
    pub ctx: Option<Map<String, Value>>,
}

impl FieldError {
    /// A new error at `field` (a top-level key).
    pub fn new(field: &str, kind: &'static str, message: impl Into<String>) -> Self {
        Self {
            path: vec![PathSegment::from(field)],
            kind,
            message: message.into(),
            input: None,
            ctx: None,
        }
    }

    /// Attaches the offending input.
    #[must_use]
    pub fn with_input(mut self, input: impl Into<Value>) -> Self {
        self.input = Some(input.into());
        self
    }

    /// Adds one context entry.
    #[must_use]
    pub fn with_ctx(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.ctx
            .get_or_insert_with(Map::new)
            .insert(key.to_owned(), value.into());
        self
    }

    /// Prefixes the path, e.g. to nest an item error under `courses[2]`.
    #[must_use]
    pub fn nested_under(mut self, prefix: &[PathSegment]) -> Self {
        let mut path = prefix.to_vec();
        path.append(&mut self.path);
        self.path = path;
        self
    }

    /// `string_too_short` with the pydantic-style message and context.
    pub fn too_short(field: &str, min: usize, input: &str) -> Self {
        let unit = if min == 1 { "character" } else { "characters" };
        Self::new(
            field,
            "string_too_short",
            format!("String should have at least {min} {unit}"),
        )
        .with_input(input)
        .with_ctx("min_length", min)
    }

    /// `string_too_long` with the pydantic-style message and context.
    pub fn too_long(field: &str, max: usize, input: &str) -> Self {
        let unit = if max == 1 { "character" } else { "characters" };
        Self::new(
            field,
            "string_too_long",
            format!("String should have at most {max} {unit}"),
        )
        .with_input(input)
        .with_ctx("max_length", max)
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.path.iter().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            match segment {
                PathSegment::Key(key) => f.write_str(key)?,
                PathSegment::Index(index) => write!(f, "{index}")?,
            }
        }
        write!(f, ": {}", self.message)
    }
}

/// Every field error found in one input; never empty when returned as an error.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    /// An empty collection to accumulate into.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Records one error.
    pub fn push(&mut self, error: FieldError) {
        self.0.push(error);
    }

    /// Records the error of `result`, if any, and returns its value.
    pub fn collect<T>(&mut self, result: Result<T, FieldError>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.push(error);
                None
            }
        }
    }

    /// Appends every error of `other`.
    pub fn extend(&mut self, other: FieldErrors) {
        self.0.extend(other.0);
    }

    /// True when nothing was recorded.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The recorded errors.
    #[must_use]
    pub fn errors(&self) -> &[FieldError] {
        &self.0
    }

    /// `Ok(())` if empty, else `Err(self)`.
    ///
    /// # Errors
    /// Returns `self` when at least one error was recorded.
    pub fn into_result(self) -> Result<(), FieldErrors> {
        if self.is_empty() { Ok(()) } else { Err(self) }
    }
}

impl From<FieldError> for FieldErrors {
    fn from(error: FieldError) -> Self {
        Self(vec![error])
    }
}

impl IntoIterator for FieldErrors {
    type Item = FieldError;
    type IntoIter = std::vec::IntoIter<FieldError>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for FieldErrors {}
