//! What one stored catalog record may hold (API.md §4 "Catalog"), and fitting upstream
//! records to it.
//!
//! Upstreams do not bound their values, and one value the database refuses fails the
//! whole upsert. So a record is fitted before it reaches the storage port:
//! - free text with a limit (the title, a publisher, an artist or album name) is cut to
//!   the limit on a character boundary (`varchar(n)` counts characters, not bytes);
//! - values that are useless once cut (URLs, language codes, ISBNs, `tmdb_type`) are
//!   dropped instead;
//! - U+0000 is removed from every string, JSON included: PostgreSQL stores it neither in
//!   text columns nor in `jsonb`;
//! - the external id is the catalog key and cannot be changed: one that is too long or
//!   holds U+0000 is refused with [`MediaError::InvalidIdentifier`] (only a free-form
//!   identifier such as Last.fm's `Artist::Track` can get there).
//!
//! Fields without a length limit (`description`, the JSON columns, the extension lists)
//! keep their length; the JSON columns have their own byte caps ([`crate::payload`]).

use serde_json::Value;

use crate::error::MediaError;
use crate::source::{ExternalMedia, MediaDetails};

/// `media_items.title`.
pub const TITLE_MAX_CHARS: usize = 500;
/// `media_items.cover_image_url`, `media_items.canonical_url`, `media_sources.canonical_url`.
pub const URL_MAX_CHARS: usize = 1024;
/// `media_sources.external_id`.
pub const EXTERNAL_ID_MAX_CHARS: usize = 255;
/// `book_items.publisher`, `music_items.artist_name`, `music_items.album_name`.
pub const NAME_MAX_CHARS: usize = 255;
/// `book_items.language`.
pub const LANGUAGE_MAX_CHARS: usize = 64;
/// `book_items.isbn_10`, `book_items.isbn_13`, `movie_items.tmdb_type`.
pub const CODE_MAX_CHARS: usize = 32;

/// Fits `record` to the catalog's columns (see the [module docs](self)).
///
/// # Errors
/// [`MediaError::InvalidIdentifier`] when the record's external id is longer than
/// [`EXTERNAL_ID_MAX_CHARS`] or holds U+0000.
pub fn fit_columns(mut record: ExternalMedia) -> Result<ExternalMedia, MediaError> {
    let id_chars = record.external_id.chars().count();
    if id_chars > EXTERNAL_ID_MAX_CHARS {
        return Err(MediaError::InvalidIdentifier(format!(
            "the {} record's id is {id_chars} characters long; at most \
             {EXTERNAL_ID_MAX_CHARS} can be stored",
            record.source
        )));
    }
    if record.external_id.contains(NUL) {
        return Err(MediaError::InvalidIdentifier(format!(
            "the {} record's id contains a NUL character",
            record.source
        )));
    }
    strip_nul(&mut record.title);
    cut(&mut record.title, TITLE_MAX_CHARS);
    strip_nul_opt(&mut record.description);
    fit_url(&mut record.cover_image_url);
    fit_url(&mut record.canonical_url);
    fit_url(&mut record.source_url);
    strip_nul_json(&mut record.metadata);
    strip_nul_json(&mut record.raw_payload);
    match &mut record.details {
        MediaDetails::Book(book) => {
            strip_nul_list(&mut book.authors);
            fit_name(&mut book.publisher);
            fit_code(&mut book.language, LANGUAGE_MAX_CHARS);
            fit_code(&mut book.isbn_10, CODE_MAX_CHARS);
            fit_code(&mut book.isbn_13, CODE_MAX_CHARS);
        }
        MediaDetails::Movie(movie) => {
            strip_nul_list(&mut movie.directors);
            strip_nul_list(&mut movie.producers);
            fit_code(&mut movie.tmdb_type, CODE_MAX_CHARS);
        }
        MediaDetails::Game(game) => {
            for list in [
                &mut game.platforms,
                &mut game.developers,
                &mut game.publishers,
                &mut game.genres,
            ] {
                strip_nul_list(list);
            }
        }
        MediaDetails::Music(music) => {
            fit_name(&mut music.artist_name);
            fit_name(&mut music.album_name);
        }
    }
    Ok(record)
}

/// The one character PostgreSQL cannot store.
const NUL: char = '\0';

fn strip_nul(text: &mut String) {
    if text.contains(NUL) {
        text.retain(|c| c != NUL);
    }
}

fn strip_nul_opt(text: &mut Option<String>) {
    if let Some(text) = text {
        strip_nul(text);
    }
}

fn strip_nul_list(list: &mut Option<Vec<String>>) {
    for item in list.iter_mut().flatten() {
        strip_nul(item);
    }
}

/// Removes U+0000 from every string and object key of `value`.
fn strip_nul_json(value: &mut Value) {
    match value {
        Value::String(text) => strip_nul(text),
        Value::Array(items) => items.iter_mut().for_each(strip_nul_json),
        Value::Object(object) => {
            if object.keys().any(|key| key.contains(NUL)) {
                *object = std::mem::take(object)
                    .into_iter()
                    .map(|(mut key, value)| {
                        strip_nul(&mut key);
                        (key, value)
                    })
                    .collect();
            }
            object.values_mut().for_each(strip_nul_json);
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// A name: U+0000 removed, cut to [`NAME_MAX_CHARS`].
fn fit_name(name: &mut Option<String>) {
    strip_nul_opt(name);
    if let Some(name) = name {
        cut(name, NAME_MAX_CHARS);
    }
}

/// A URL: dropped when it holds U+0000 (no valid URL does) or is too long.
fn fit_url(url: &mut Option<String>) {
    if url.as_ref().is_some_and(|url| url.contains(NUL)) {
        *url = None;
    }
    drop_longer(url, URL_MAX_CHARS);
}

/// A code (language, ISBN, `tmdb_type`): U+0000 removed, dropped when too long.
fn fit_code(code: &mut Option<String>, max: usize) {
    strip_nul_opt(code);
    drop_longer(code, max);
}

/// Cuts `text` to its first `max` characters, without trailing whitespace.
fn cut(text: &mut String, max: usize) {
    if let Some((end, _)) = text.char_indices().nth(max) {
        text.truncate(end);
        let kept = text.trim_end().len();
        text.truncate(kept);
    }
}

/// Drops a value longer than `max` characters.
fn drop_longer(value: &mut Option<String>, max: usize) {
    if value
        .as_ref()
        .is_some_and(|text| text.chars().count() > max)
    {
        *value = None;
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::kind::{MediaType, SourceName};
    use crate::testing::external_media;

    fn book() -> ExternalMedia {
        external_media(SourceName::GoogleBooks, "vol1", MediaType::Book, "Dune")
    }

    fn book_detail(record: &ExternalMedia) -> &crate::BookDetail {
        match &record.details {
            MediaDetails::Book(book) => book,
            other => panic!("not a book: {other:?}"),
        }
    }

    #[test]
    fn a_record_within_the_limits_is_kept_unchanged() {
        let record = book();

        assert_eq!(fit_columns(record.clone()).unwrap(), record);
    }

    #[test]
    fn values_at_their_limits_are_kept() {
        let mut record = book();
        record.title = "é".repeat(TITLE_MAX_CHARS);
        record.external_id = "ü".repeat(EXTERNAL_ID_MAX_CHARS);
        record.cover_image_url = Some(format!("https://a/{}", "b".repeat(URL_MAX_CHARS - 10)));

        assert_eq!(fit_columns(record.clone()).unwrap(), record);
    }

    #[test]
    fn long_text_is_cut_on_a_character_boundary() {
        let mut record = book();
        record.title = format!("{}  {}", "日".repeat(TITLE_MAX_CHARS - 2), "x".repeat(50));
        if let MediaDetails::Book(book) = &mut record.details {
            book.publisher = Some("P".repeat(NAME_MAX_CHARS + 1));
        }

        let fitted = fit_columns(record).unwrap();

        assert_eq!(
            fitted.title,
            "日".repeat(TITLE_MAX_CHARS - 2),
            "trailing blanks go"
        );
        assert_eq!(
            book_detail(&fitted).publisher.as_deref(),
            Some("P".repeat(NAME_MAX_CHARS).as_str())
        );
    }

    #[test]
    fn values_that_cannot_be_cut_are_dropped() {
        let long_url = Some(format!("https://x.test/{}", "a".repeat(URL_MAX_CHARS)));
        let mut record = book();
        record.cover_image_url.clone_from(&long_url);
        record.canonical_url.clone_from(&long_url);
        record.source_url = long_url;
        if let MediaDetails::Book(book) = &mut record.details {
            book.language = Some("l".repeat(LANGUAGE_MAX_CHARS + 1));
            book.isbn_13 = Some("9".repeat(CODE_MAX_CHARS + 1));
        }

        let fitted = fit_columns(record).unwrap();

        assert_eq!(fitted.cover_image_url, None);
        assert_eq!(fitted.canonical_url, None);
        assert_eq!(fitted.source_url, None);
        assert_eq!(book_detail(&fitted).language, None);
        assert_eq!(book_detail(&fitted).isbn_13, None);
        assert_eq!(
            book_detail(&fitted).isbn_10.as_deref(),
            Some("0441013597"),
            "values within their limits stay"
        );
    }

    #[test]
    fn music_names_are_cut_and_tmdb_types_dropped() {
        let mut music = external_media(SourceName::Lastfm, "a::b", MediaType::Music, "Song");
        if let MediaDetails::Music(detail) = &mut music.details {
            detail.artist_name = Some("A".repeat(NAME_MAX_CHARS + 5));
            detail.album_name = Some("B".repeat(NAME_MAX_CHARS + 5));
        }
        let mut movie = external_media(SourceName::Tmdb, "movie:1", MediaType::Movie, "Film");
        if let MediaDetails::Movie(detail) = &mut movie.details {
            detail.tmdb_type = Some("t".repeat(CODE_MAX_CHARS + 1));
        }

        let MediaDetails::Music(music) = fit_columns(music).unwrap().details else {
            panic!("not music");
        };
        let MediaDetails::Movie(movie) = fit_columns(movie).unwrap().details else {
            panic!("not a movie");
        };

        assert_eq!(music.artist_name.map(|n| n.len()), Some(NAME_MAX_CHARS));
        assert_eq!(music.album_name.map(|n| n.len()), Some(NAME_MAX_CHARS));
        assert_eq!(movie.tmdb_type, None);
    }

    #[test]
    fn nul_characters_are_removed_everywhere_postgres_would_refuse_them() {
        let mut record = book();
        record.title = "Du\0ne".to_owned();
        record.description = Some("a\0b".to_owned());
        record.cover_image_url = Some("https://img.test/\0.jpg".to_owned());
        record.metadata = json!({"tags": ["x\0y"], "k\0ey": {"n": 1}});
        record.raw_payload = json!([{"deep": ["\0"]}, "\0z", 3]);
        if let MediaDetails::Book(book) = &mut record.details {
            book.authors = Some(vec!["Frank\0 Herbert".to_owned()]);
            book.publisher = Some("Pen\0guin".to_owned());
        }

        let fitted = fit_columns(record).unwrap();

        assert_eq!(fitted.title, "Dune");
        assert_eq!(fitted.description.as_deref(), Some("ab"));
        assert_eq!(fitted.cover_image_url, None);
        assert_eq!(fitted.metadata, json!({"tags": ["xy"], "key": {"n": 1}}));
        assert_eq!(fitted.raw_payload, json!([{"deep": [""]}, "z", 3]));
        let book = book_detail(&fitted);
        assert_eq!(book.authors, Some(vec!["Frank Herbert".to_owned()]));
        assert_eq!(book.publisher.as_deref(), Some("Penguin"));
    }

    #[test]
    fn an_external_id_with_a_nul_is_an_invalid_identifier() {
        let mut record = book();
        record.external_id = "a::b\0c".to_owned();

        let error = fit_columns(record).unwrap_err();

        assert!(
            matches!(error, MediaError::InvalidIdentifier(ref message) if message.contains("NUL")),
            "{error:?}"
        );
    }

    #[test]
    fn an_external_id_over_the_limit_is_an_invalid_identifier() {
        let mut record = book();
        record.external_id = "x".repeat(EXTERNAL_ID_MAX_CHARS + 1);

        let error = fit_columns(record).unwrap_err();

        assert!(
            matches!(error, MediaError::InvalidIdentifier(ref message)
                if message.contains("256 characters") && message.contains("google_books")),
            "{error:?}"
        );
    }
}
