//! Turns serde's error messages into the validation types of API.md §1.4.
//!
//! serde reports failures as text only, so the wording of serde's own `de::Error`
//! constructors (`missing field`, `invalid type`, `unknown variant`, …), of the std
//! `FromStr` errors, and of the deserializers in use (uuid, chrono, actix's path
//! deserializer) is matched here. A custom deserializer picks its type by starting its
//! message with pydantic's wording (see [`crate::wire`]); anything unrecognised becomes
//! `value_error`.

use serde_json::{Map, Value};

/// A classified failure, before it is placed at a location.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Classified {
    /// The validation type.
    pub kind: &'static str,
    /// The message.
    pub msg: String,
    /// Extra context (`enum` lists the expected values).
    pub ctx: Option<Map<String, Value>>,
    /// The field the message names (a missing or unknown field): it extends the path,
    /// and the input is then the object that lacks or has it.
    pub field: Option<String>,
}

impl Classified {
    fn new(kind: &'static str, msg: impl Into<String>) -> Self {
        Self {
            kind,
            msg: msg.into(),
            ctx: None,
            field: None,
        }
    }
}

/// Messages of custom deserializers (and of pydantic itself) that name their type.
const PYDANTIC_PREFIXES: &[(&str, &str)] = &[
    ("Input should be a valid datetime", "datetime_parsing"),
    ("Input should be a valid date", "date_parsing"),
    ("Input should be a valid boolean", "bool_parsing"),
    ("Input should be a valid integer", "int_parsing"),
    ("Input should be a valid number", "float_parsing"),
    ("Input should be a valid UUID", "uuid_parsing"),
    ("Input should be a valid string", "string_type"),
];

/// The messages of `ParseIntError`, `ParseFloatError` and `ParseBoolError`.
const STD_PARSE_ERRORS: &[(&str, Scalar)] = &[
    ("invalid digit found in string", Scalar::Int),
    ("cannot parse integer from empty string", Scalar::Int),
    ("number too large to fit in target type", Scalar::Int),
    ("number too small to fit in target type", Scalar::Int),
    ("invalid float literal", Scalar::Float),
    ("cannot parse float from empty string", Scalar::Float),
    ("provided string was not `true` or `false`", Scalar::Bool),
];

/// What a failed value should have been.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scalar {
    Int,
    Float,
    Bool,
    Str,
    Uuid,
    DateTime,
    Date,
    List,
    Object,
}

/// Classifies one serde error message (without any position suffix).
pub(crate) fn classify(message: &str) -> Classified {
    if let Some(field) = backticked_after(message, "missing field `") {
        return Classified {
            field: Some(field),
            ..Classified::new("missing", "Field required")
        };
    }
    if let Some(field) = backticked_after(message, "unknown field `") {
        return Classified {
            field: Some(field),
            ..Classified::new("extra_forbidden", "Extra inputs are not permitted")
        };
    }
    if message.starts_with("unknown variant `") {
        return enum_error(message);
    }
    if let Some(rest) = message.strip_prefix("UUID parsing failed: ") {
        return Classified::new(
            "uuid_parsing",
            format!("Input should be a valid UUID, {rest}"),
        );
    }
    if let Some(classified) = invalid_type_or_value(message) {
        return classified;
    }
    if let Some(target) = actix_path_target(message) {
        return scalar_error(scalar_named(target), true, message);
    }
    if let Some((_, scalar)) = STD_PARSE_ERRORS.iter().find(|(text, _)| message == *text) {
        return scalar_error(Some(*scalar), true, message);
    }
    if let Some((_, kind)) = PYDANTIC_PREFIXES
        .iter()
        .find(|(prefix, _)| message.starts_with(prefix))
    {
        return Classified::new(kind, message);
    }
    Classified::new("value_error", format!("Value error, {message}"))
}

/// Removes serde_json's ` at line L column C` suffix.
pub(crate) fn strip_position(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    text.strip_suffix(&suffix)
        .map_or(text.clone(), str::to_owned)
}

/// `invalid type: X, expected Y` and `invalid value: X, expected Y`.
fn invalid_type_or_value(message: &str) -> Option<Classified> {
    let (is_type, rest) = if let Some(rest) = message.strip_prefix("invalid type: ") {
        (true, rest)
    } else {
        (false, message.strip_prefix("invalid value: ")?)
    };
    let (unexpected, expected) = rest.rsplit_once(", expected ")?;
    let was_string = unexpected.starts_with("string ");
    // The message quotes the input; keep it out of `msg` (and so out of the logs).
    Some(scalar_error(
        scalar_named(expected),
        !is_type || was_string,
        &format!("expected {expected}"),
    ))
}

/// actix's path deserializer: `can not parse "abc" to a u32`.
fn actix_path_target(message: &str) -> Option<&str> {
    message
        .strip_prefix("can not parse ")?
        .rsplit_once(" to a ")
        .map(|(_, target)| target)
}

/// Which scalar an `expected …` phrase or a type name asks for.
fn scalar_named(expected: &str) -> Option<Scalar> {
    const INTS: &[&str] = &[
        "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize",
    ];
    let expected = expected.trim();
    let scalar = if expected.contains("UUID") {
        Scalar::Uuid
    } else if INTS.contains(&expected)
        || expected.starts_with("an integer")
        || expected.starts_with("a nonzero")
    {
        Scalar::Int
    } else if matches!(expected, "f32" | "f64") || expected.starts_with("a float") {
        Scalar::Float
    } else if matches!(expected, "bool" | "a boolean") || expected.contains("\"true\"") {
        Scalar::Bool
    } else if matches!(
        expected,
        "a string" | "a borrowed string" | "a character" | "char" | "String"
    ) {
        Scalar::Str
    } else if expected.contains("date and time") || expected.contains("datetime") {
        Scalar::DateTime
    } else if expected.contains("date") {
        Scalar::Date
    } else if expected.starts_with("a sequence")
        || expected.starts_with("a tuple")
        || expected.starts_with("tuple")
        || expected.starts_with("an array")
    {
        Scalar::List
    } else if expected.starts_with("struct ") || expected.starts_with("a map") {
        Scalar::Object
    } else {
        return None;
    };
    Some(scalar)
}

/// The pydantic type and message for a scalar failure. `parsing` is true when the input
/// had the right JSON type (or was a string) but the wrong content.
fn scalar_error(scalar: Option<Scalar>, parsing: bool, message: &str) -> Classified {
    let (parse_kind, type_kind, parse_msg, type_msg) = match scalar {
        Some(Scalar::Int) => (
            "int_parsing",
            "int_type",
            "Input should be a valid integer, unable to parse string as an integer",
            "Input should be a valid integer",
        ),
        Some(Scalar::Float) => (
            "float_parsing",
            "float_type",
            "Input should be a valid number, unable to parse string as a number",
            "Input should be a valid number",
        ),
        Some(Scalar::Bool) => (
            "bool_parsing",
            "bool_type",
            "Input should be a valid boolean, unable to interpret input",
            "Input should be a valid boolean",
        ),
        Some(Scalar::Str) => (
            "string_type",
            "string_type",
            "Input should be a valid string",
            "Input should be a valid string",
        ),
        Some(Scalar::Uuid) => (
            "uuid_parsing",
            "uuid_type",
            "Input should be a valid UUID",
            "UUID input should be a string",
        ),
        Some(Scalar::DateTime) => (
            "datetime_parsing",
            "datetime_type",
            "Input should be a valid datetime",
            "Input should be a valid datetime",
        ),
        Some(Scalar::Date) => (
            "date_parsing",
            "date_type",
            "Input should be a valid date in the format YYYY-MM-DD",
            "Input should be a valid date",
        ),
        Some(Scalar::List) => (
            "list_type",
            "list_type",
            "Input should be a valid list",
            "Input should be a valid list",
        ),
        Some(Scalar::Object) => (
            "model_attributes_type",
            "model_attributes_type",
            "Input should be a valid dictionary or object to extract fields from",
            "Input should be a valid dictionary or object to extract fields from",
        ),
        None => {
            return Classified::new("value_error", format!("Value error, {message}"));
        }
    };
    if parsing {
        Classified::new(parse_kind, parse_msg)
    } else {
        Classified::new(type_kind, type_msg)
    }
}

/// `unknown variant `x`, expected one of `a`, `b``: pydantic's `enum` error.
fn enum_error(message: &str) -> Classified {
    let expected_part = message
        .split_once(", expected ")
        .map_or("", |(_, expected)| expected);
    let options: Vec<String> = expected_part
        .split('`')
        .skip(1)
        .step_by(2)
        .map(|option| format!("'{option}'"))
        .collect();
    let expected = match options.as_slice() {
        [] => String::new(),
        [only] => only.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    };
    let mut ctx = Map::new();
    ctx.insert("expected".to_owned(), Value::String(expected.clone()));
    Classified {
        ctx: Some(ctx),
        ..Classified::new("enum", format!("Input should be {expected}"))
    }
}

/// The text between `prefix` and the next backtick.
fn backticked_after(message: &str, prefix: &str) -> Option<String> {
    let rest = message.strip_prefix(prefix)?;
    rest.split_once('`').map(|(name, _)| name.to_owned())
}
