//! A deserialization failure with its path, turned into a located [`FieldError`].

use serde_json::Value;
use serde_path_to_error::Segment;
use tastebuds_kernel::{FieldError, PathSegment};

use crate::error::{Location, classify};

/// The path serde_path_to_error recorded, as field-path segments. It stops at the first
/// segment it cannot name (inside an untagged enum or a flattened map), so `loc` is
/// shorter rather than wrong.
pub(super) fn segments(path: &serde_path_to_error::Path) -> Vec<PathSegment> {
    let mut segments = Vec::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => segments.push(PathSegment::Index(*index)),
            Segment::Map { key } => segments.push(PathSegment::Key(key.clone())),
            Segment::Enum { variant } => segments.push(PathSegment::Key(variant.clone())),
            Segment::Unknown => break,
        }
    }
    segments
}

/// Builds the validation error for `message` at `path` under `location`.
///
/// `input_at` returns the input found at a path (`Value::Null` when there is none): the
/// failing value itself, or the object that lacks a missing field.
pub(super) fn field_error(
    location: Location,
    mut path: Vec<PathSegment>,
    message: &str,
    input_at: impl Fn(&[PathSegment]) -> Value,
) -> FieldError {
    let classified = classify(message);
    let mut input = input_at(&path);
    if let Some(field) = classified.field {
        if path.last() != Some(&PathSegment::Key(field.clone())) {
            path.push(PathSegment::Key(field));
        }
        if classified.kind != "missing" {
            input = input_at(&path);
        }
    }
    let mut located = Vec::with_capacity(path.len() + 1);
    located.push(PathSegment::from(location.as_str()));
    located.extend(path);
    FieldError {
        path: located,
        kind: classified.kind,
        message: classified.msg,
        input: Some(input),
        ctx: classified.ctx,
    }
}
