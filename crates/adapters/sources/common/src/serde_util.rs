//! Serde helpers for upstream payloads.

use serde::{Deserialize, Deserializer};

/// Deserializes `null` as the type's default (`[]`, `""`, …): upstreams send `null` where
/// their documentation promises a list. Use with `#[serde(default, deserialize_with = …)]`.
///
/// # Errors
/// Whatever the inner type's deserializer reports for a value of the wrong shape.
pub fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Option::<T>::deserialize(deserializer).map(Option::unwrap_or_default)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Show {
        #[serde(default, deserialize_with = "null_as_default")]
        genres: Vec<String>,
    }

    #[test]
    fn null_and_missing_lists_are_empty() {
        let null: Show = serde_json::from_str(r#"{"genres": null}"#).unwrap();
        let missing: Show = serde_json::from_str("{}").unwrap();
        let some: Show = serde_json::from_str(r#"{"genres": ["Drama"]}"#).unwrap();
        assert!(null.genres.is_empty() && missing.genres.is_empty());
        assert_eq!(some.genres, ["Drama"]);
        assert!(serde_json::from_str::<Show>(r#"{"genres": 3}"#).is_err());
    }
}
