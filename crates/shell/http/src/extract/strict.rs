//! A JSON value as a deserializer that takes a struct from an object only.
//!
//! serde's derived structs also accept a sequence of their fields in declaration order,
//! and `serde_json::Value` offers one whenever it holds an array, so a body such as
//! `["ada@example.com", "secret-password"]` would pass for `{email, password}`. API.md
//! §1.4 expects pydantic's answer instead: `model_attributes_type` at the struct's
//! location. [`Strict`] gives it at every depth: it hands maps and sequences to the
//! visitor with their members wrapped in [`Strict`] again, refuses anything but an object
//! where a struct is asked for, and leaves every other request to `serde_json`.
//!
//! Map keys are deserialized as plain strings (no numeric map keys, which no body uses).

use serde::Deserializer;
use serde::de::value::BorrowedStrDeserializer;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Unexpected, Visitor};
use serde::forward_to_deserialize_any;
use serde_json::{Error, Map, Value};

/// A borrowed JSON value whose structs must be objects (see the [module docs](self)).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Strict<'de>(pub(crate) &'de Value);

impl<'de> Strict<'de> {
    fn invalid_type(self, expected: &dyn de::Expected) -> Error {
        let unexpected = match self.0 {
            Value::Null => Unexpected::Unit,
            Value::Bool(value) => Unexpected::Bool(*value),
            Value::Number(number) => {
                if let Some(value) = number.as_u64() {
                    Unexpected::Unsigned(value)
                } else if let Some(value) = number.as_i64() {
                    Unexpected::Signed(value)
                } else {
                    Unexpected::Float(number.as_f64().unwrap_or(f64::NAN))
                }
            }
            Value::String(text) => Unexpected::Str(text),
            Value::Array(_) => Unexpected::Seq,
            Value::Object(_) => Unexpected::Map,
        };
        de::Error::invalid_type(unexpected, expected)
    }
}

/// Visits `array` with every element wrapped, insisting that the visitor takes them all.
fn visit_array<'de, V: Visitor<'de>>(array: &'de [Value], visitor: V) -> Result<V::Value, Error> {
    let mut elements = Elements(array.iter());
    let visited = visitor.visit_seq(&mut elements)?;
    if elements.0.len() == 0 {
        Ok(visited)
    } else {
        Err(de::Error::invalid_length(
            array.len(),
            &"fewer elements in array",
        ))
    }
}

/// Visits `object` with every value wrapped, insisting that the visitor takes them all.
fn visit_object<'de, V: Visitor<'de>>(
    object: &'de Map<String, Value>,
    visitor: V,
) -> Result<V::Value, Error> {
    let mut entries = Entries {
        iter: object.iter(),
        value: None,
    };
    let visited = visitor.visit_map(&mut entries)?;
    if entries.iter.len() == 0 {
        Ok(visited)
    } else {
        Err(de::Error::invalid_length(
            object.len(),
            &"fewer elements in map",
        ))
    }
}

impl<'de> Deserializer<'de> for Strict<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Array(array) => visit_array(array, visitor),
            Value::Object(object) => visit_object(object, visitor),
            scalar => scalar.deserialize_any(visitor),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Array(array) => visit_array(array, visitor),
            _ => Err(self.invalid_type(&visitor)),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Object(object) => visit_object(object, visitor),
            _ => Err(self.invalid_type(&visitor)),
        }
    }

    /// The one change from `serde_json`: an array is not a struct.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.0.deserialize_enum(name, variants, visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct identifier
    }
}

/// The elements of an array, each [`Strict`].
struct Elements<'de>(std::slice::Iter<'de, Value>);

impl<'de> SeqAccess<'de> for Elements<'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        self.0
            .next()
            .map(|element| seed.deserialize(Strict(element)))
            .transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

/// The entries of an object, each value [`Strict`].
struct Entries<'de> {
    iter: serde_json::map::Iter<'de>,
    value: Option<&'de Value>,
}

impl<'de> MapAccess<'de> for Entries<'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some((key, value)) = self.iter.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        seed.deserialize(BorrowedStrDeserializer::new(key))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        match self.value.take() {
            Some(value) => seed.deserialize(Strict(value)),
            None => Err(de::Error::custom("value is missing")),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Deserialize;
    use serde_json::json;

    use super::*;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Inner {
        name: String,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Outer {
        id: u32,
        inner: Inner,
        items: Vec<Inner>,
        note: Option<String>,
        tags: BTreeMap<String, bool>,
    }

    fn strict<T: for<'de> Deserialize<'de>>(value: &Value) -> Result<T, Error> {
        T::deserialize(Strict(value))
    }

    #[test]
    fn objects_deserialize_as_with_serde_json() {
        let value = json!({
            "id": 7, "inner": {"name": "a"}, "items": [{"name": "b"}],
            "note": null, "tags": {"x": true}
        });
        let expected: Outer = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(strict::<Outer>(&value).unwrap(), expected);
    }

    #[test]
    fn arrays_are_not_structs_at_any_depth() {
        // serde_json alone accepts all three.
        for value in [
            json!([7, {"name": "a"}, [], null, {}]),
            json!({"id": 7, "inner": ["a"], "items": [], "note": null, "tags": {}}),
            json!({"id": 7, "inner": {"name": "a"}, "items": [["b"]], "note": null, "tags": {}}),
        ] {
            assert!(serde_json::from_value::<Outer>(value.clone()).is_ok());
            let error = strict::<Outer>(&value).unwrap_err().to_string();
            assert!(
                error.starts_with("invalid type: sequence, expected struct"),
                "{value}: {error}"
            );
        }
    }

    #[test]
    fn scalars_options_and_lists_keep_their_errors() {
        assert_eq!(strict::<Option<u8>>(&json!(null)).unwrap(), None);
        assert_eq!(strict::<Option<u8>>(&json!(3)).unwrap(), Some(3));
        assert_eq!(strict::<Vec<u8>>(&json!([1, 2])).unwrap(), vec![1, 2]);
        assert_eq!(strict::<(u8, u8)>(&json!([1, 2])).unwrap(), (1, 2));
        assert!(strict::<(u8,)>(&json!([1, 2])).is_err(), "extra elements");
        assert_eq!(
            strict::<Inner>(&json!("x")).unwrap_err().to_string(),
            "invalid type: string \"x\", expected struct Inner"
        );
        assert_eq!(
            strict::<String>(&json!(5)).unwrap_err().to_string(),
            "invalid type: integer `5`, expected a string"
        );
    }
}
