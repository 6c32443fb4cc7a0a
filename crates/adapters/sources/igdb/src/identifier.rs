//! Ingest identifiers for IGDB (API.md §2.6, §6.4): a numeric game id only. The id goes
//! into an Apicalypse query, so anything but ASCII digits is refused before any call.

use tastebuds_media::{SourceError, SourceLookup};

/// Parses an ingest identifier; the stored id is the number itself.
///
/// # Errors
/// `InvalidIdentifier` for anything but a game id (URLs included).
pub(crate) fn parse(input: &str) -> Result<SourceLookup, SourceError> {
    let id = game_id(input)?.to_string();
    Ok(SourceLookup {
        key: id.clone(),
        canonical_id: Some(id),
    })
}

/// The numeric game id of an identifier or lookup key.
///
/// # Errors
/// As [`parse`].
pub(crate) fn game_id(input: &str) -> Result<u64, SourceError> {
    let input = input.trim();
    if input.is_empty() || !input.bytes().all(|b| b.is_ascii_digit()) {
        return Err(SourceError::InvalidIdentifier(format!(
            "`{input}` is not an IGDB game id (digits only)"
        )));
    }
    input
        .parse()
        .map_err(|_| SourceError::InvalidIdentifier(format!("`{input}` is out of range")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_are_the_stored_id() {
        let lookup = parse(" 7346 ").unwrap();
        assert_eq!(lookup.key, "7346");
        assert_eq!(lookup.canonical_id.as_deref(), Some("7346"));
        assert_eq!(parse("007346").unwrap().key, "7346");
    }

    #[test]
    fn everything_else_is_refused() {
        for input in [
            "",
            "abc",
            "1942; fields *",
            "1942 x",
            "-1",
            "+5",
            "١٢٣",
            "https://www.igdb.com/games/hades--1",
            "99999999999999999999999",
        ] {
            assert!(
                matches!(game_id(input), Err(SourceError::InvalidIdentifier(_))),
                "{input:?}"
            );
        }
    }
}
