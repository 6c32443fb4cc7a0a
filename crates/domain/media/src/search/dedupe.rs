//! Deduplication of external hits (API.md §5.6 "External hits").
//!
//! Each hit has ONE key: its canonical URL (trailing `/` stripped, case-folded) when it
//! has one; otherwise (type, normalized title, release date) when it has a date;
//! otherwise (type, normalized title). An external hit is dropped when its key was
//! already seen on this page's internal hits or on an earlier external hit; the reason
//! is the kind of key that matched.

use std::collections::HashSet;

use chrono::NaiveDate;

use crate::kind::MediaType;

/// Why a hit was dropped as a duplicate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DedupeReason {
    /// Same canonical URL.
    CanonicalUrl,
    /// Same type, normalized title and release date.
    TitleReleaseDate,
    /// Same type and normalized title (neither had a URL or a date).
    TitleOnly,
}

impl DedupeReason {
    /// The wire name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::CanonicalUrl => "canonical_url",
            Self::TitleReleaseDate => "title_release_date",
            Self::TitleOnly => "title_only",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Key {
    Url(String),
    TitleDate(MediaType, String, NaiveDate),
    Title(MediaType, String),
}

impl Key {
    fn of(
        media_type: MediaType,
        title: &str,
        release_date: Option<NaiveDate>,
        url: Option<&str>,
    ) -> Self {
        let url = url.map(str::trim).filter(|url| !url.is_empty());
        match (url, release_date) {
            (Some(url), _) => Self::Url(url.trim_end_matches('/').to_lowercase()),
            (None, Some(date)) => Self::TitleDate(media_type, normalize_title(title), date),
            (None, None) => Self::Title(media_type, normalize_title(title)),
        }
    }

    const fn reason(&self) -> DedupeReason {
        match self {
            Self::Url(_) => DedupeReason::CanonicalUrl,
            Self::TitleDate(..) => DedupeReason::TitleReleaseDate,
            Self::Title(..) => DedupeReason::TitleOnly,
        }
    }
}

/// A title reduced to lowercase ASCII words: accents and punctuation do not make two
/// hits different.
#[must_use]
pub fn normalize_title(title: &str) -> String {
    deunicode::deunicode(title)
        .to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The keys seen so far on one page.
#[derive(Debug, Default)]
pub struct Deduper {
    seen: HashSet<Key>,
}

impl Deduper {
    /// Records a hit that is kept whatever (an internal hit).
    pub fn remember(
        &mut self,
        media_type: MediaType,
        title: &str,
        release_date: Option<NaiveDate>,
        url: Option<&str>,
    ) {
        self.seen
            .insert(Key::of(media_type, title, release_date, url));
    }

    /// Records a hit, or tells why it duplicates one seen before.
    ///
    /// # Errors
    /// The [`DedupeReason`] when the hit's key was already seen.
    pub fn admit(
        &mut self,
        media_type: MediaType,
        title: &str,
        release_date: Option<NaiveDate>,
        url: Option<&str>,
    ) -> Result<(), DedupeReason> {
        let key = Key::of(media_type, title, release_date, url);
        let reason = key.reason();
        if self.seen.insert(key) {
            Ok(())
        } else {
            Err(reason)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, 1, 1)
    }

    #[test]
    fn urls_match_without_trailing_slash_and_case() {
        let mut seen = Deduper::default();
        seen.remember(
            MediaType::Movie,
            "The Matrix",
            date(1999),
            Some("https://x.org/Movie/603/"),
        );
        assert_eq!(
            seen.admit(
                MediaType::Movie,
                "Other",
                None,
                Some("https://X.org/movie/603")
            ),
            Err(DedupeReason::CanonicalUrl)
        );
    }

    #[test]
    fn without_url_the_title_and_date_or_the_title_alone_match() {
        let mut seen = Deduper::default();
        assert_eq!(
            seen.admit(MediaType::Book, "Café Society!", date(2001), None),
            Ok(())
        );
        assert_eq!(
            seen.admit(MediaType::Book, "cafe  society", date(2001), None),
            Err(DedupeReason::TitleReleaseDate)
        );
        assert_eq!(
            seen.admit(MediaType::Book, "cafe society", date(2002), None),
            Ok(())
        );
        assert_eq!(
            seen.admit(MediaType::Movie, "cafe society", date(2001), None),
            Ok(())
        );
        assert_eq!(seen.admit(MediaType::Game, "Hades", None, None), Ok(()));
        assert_eq!(
            seen.admit(MediaType::Game, "HADES", None, None),
            Err(DedupeReason::TitleOnly)
        );
    }

    #[test]
    fn a_url_key_never_matches_a_title_key() {
        let mut seen = Deduper::default();
        seen.remember(
            MediaType::Game,
            "Hades",
            None,
            Some("https://igdb.com/games/hades"),
        );
        assert_eq!(seen.admit(MediaType::Game, "Hades", None, None), Ok(()));
        assert_eq!(DedupeReason::TitleOnly.as_str(), "title_only");
    }
}
