//! Menu slugs (API.md §5.3): generated once from the title, unique across all users,
//! never changed afterwards.

use std::fmt;
use std::str::FromStr;

/// A menu's URL slug: non-empty lowercase ASCII letters, digits and `-`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Slug(String);

/// A stored or requested slug that is not of slug shape.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a valid slug")]
pub struct InvalidSlug(pub String);

impl Slug {
    /// Longest slug the `menus.slug` column holds.
    pub const MAX_LEN: usize = 255;
    /// Longest generated base, leaving room for a `-<n>` collision suffix.
    pub const MAX_BASE_LEN: usize = 240;
    /// What a title with no usable character becomes.
    pub const FALLBACK: &'static str = "menu";
    /// The slug generation never yields: `/api/public/menus/draft/…` is the share-link
    /// route, so a menu slugged `draft` could not have its public lineage reached.
    pub const RESERVED: &'static str = "draft";
    /// What a title that would yield [`Slug::RESERVED`] becomes instead.
    pub const RESERVED_REPLACEMENT: &'static str = "draft-menu";

    /// The base slug of `title`, following API.md §5.3 exactly:
    ///
    /// 1. decode HTML entities (`&amp;` → `&`, `&#233;` → `é`);
    /// 2. transliterate to ASCII (`Café` → `Cafe`, `ß` → `ss`);
    /// 3. lowercase;
    /// 4. drop commas that sit between two digits (`1,000` → `1000`);
    /// 5. turn each run of characters other than `[a-z0-9]` into a single `-`;
    /// 6. trim `-` from both ends.
    ///
    /// Then, as our own rules: a base longer than [`Slug::MAX_BASE_LEN`] is cut there
    /// (and re-trimmed), an empty result becomes [`Slug::FALLBACK`] (`menu`), and
    /// [`Slug::RESERVED`] (`draft`) becomes [`Slug::RESERVED_REPLACEMENT`] (`draft-menu`).
    /// Collisions are resolved by the caller with [`Slug::first_free`].
    #[must_use]
    pub fn generate(title: &str) -> Self {
        let decoded = html_escape::decode_html_entities(title);
        let lowered = deunicode::deunicode(&decoded).to_ascii_lowercase();
        let chars: Vec<char> = lowered.chars().collect();

        let mut slug = String::with_capacity(chars.len());
        let mut pending_dash = false;
        for (i, &c) in chars.iter().enumerate() {
            if c == ',' && is_between_digits(&chars, i) {
                continue;
            }
            if c.is_ascii_lowercase() || c.is_ascii_digit() {
                // Leading separators are dropped: nothing to separate yet.
                if pending_dash && !slug.is_empty() {
                    slug.push('-');
                }
                pending_dash = false;
                slug.push(c);
            } else {
                // Trailing separators are dropped: never flushed.
                pending_dash = true;
            }
        }

        if slug.len() > Self::MAX_BASE_LEN {
            // The slug is ASCII, so any byte index is a char boundary.
            slug.truncate(Self::MAX_BASE_LEN);
            slug.truncate(slug.trim_end_matches('-').len());
        }
        match slug.as_str() {
            "" => Self(Self::FALLBACK.to_owned()),
            Self::RESERVED => Self(Self::RESERVED_REPLACEMENT.to_owned()),
            _ => Self(slug),
        }
    }

    /// `base-n`, the `n`-th candidate when `base` is taken (`n` starts at 2).
    #[must_use]
    pub fn with_suffix(&self, n: u32) -> Self {
        Self(format!("{}-{n}", self.0))
    }

    /// `self` if it is not in `taken`, else the first of `self-2`, `self-3`, … that is
    /// not. `taken` lists the stored slugs that could block `self` (any superset will do).
    #[must_use]
    pub fn first_free(&self, taken: &[Slug]) -> Self {
        if !taken.contains(self) {
            return self.clone();
        }
        (2..=u32::MAX)
            .map(|n| self.with_suffix(n))
            .find(|candidate| !taken.contains(candidate))
            // `taken` is finite, so a free candidate always exists before u32::MAX.
            .unwrap_or_else(|| self.with_suffix(u32::MAX))
    }

    /// Accepts a stored or requested slug: 1..=255 characters from `[a-z0-9-]`.
    ///
    /// # Errors
    /// [`InvalidSlug`] for anything else.
    pub fn parse(input: &str) -> Result<Self, InvalidSlug> {
        let valid = !input.is_empty()
            && input.len() <= Self::MAX_LEN
            && input
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if valid {
            Ok(Self(input.to_owned()))
        } else {
            Err(InvalidSlug(input.to_owned()))
        }
    }

    /// The slug text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The slug text, owned.
    #[must_use]
    pub fn into_inner(self) -> String {
        self.0
    }
}

fn is_between_digits(chars: &[char], i: usize) -> bool {
    let before = i.checked_sub(1).and_then(|j| chars.get(j));
    let after = chars.get(i + 1);
    before.is_some_and(char::is_ascii_digit) && after.is_some_and(char::is_ascii_digit)
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Slug {
    type Err = InvalidSlug;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl AsRef<str> for Slug {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slug(title: &str) -> String {
        Slug::generate(title).into_inner()
    }

    #[test]
    fn generation_follows_the_six_steps() {
        let cases = [
            ("Neo Noir Night", "neo-noir-night"),
            ("Café", "cafe"),
            ("Straße der Ölmühle", "strasse-der-olmuhle"),
            ("Don't Look Up", "don-t-look-up"),
            ("Tom &amp; Jerry", "tom-jerry"),
            ("&eacute;t&eacute; &#233;t&#xE9;", "ete-ete"),
            ("1,000 Nights", "1000-nights"),
            ("1,000,000 Ways", "1000000-ways"),
            ("Apples, Pears", "apples-pears"),
            ("1, 2, 3", "1-2-3"),
            ("  --Hello,   World!!  ", "hello-world"),
            ("UPPER_and_lower", "upper-and-lower"),
            ("Top 10: 2024", "top-10-2024"),
        ];
        for (title, expected) in cases {
            assert_eq!(slug(title), expected, "title {title:?}");
        }
    }

    #[test]
    fn a_title_without_usable_characters_becomes_menu() {
        for title in ["", "   ", "!!!", "&amp;", "---"] {
            assert_eq!(slug(title), "menu", "title {title:?}");
        }
    }

    #[test]
    fn draft_is_never_generated() {
        assert_eq!(slug("Draft"), "draft-menu");
        assert_eq!(slug("  draft!! "), "draft-menu");
        assert_eq!(slug("Draft 2"), "draft-2");
        assert_eq!(slug("Drafts"), "drafts");
    }

    #[test]
    fn long_titles_are_cut_to_the_base_length_without_a_trailing_dash() {
        assert_eq!(slug(&"a".repeat(300)).len(), Slug::MAX_BASE_LEN);

        let title = format!("{} {}", "a".repeat(Slug::MAX_BASE_LEN - 1), "b".repeat(20));
        let cut = slug(&title);
        assert_eq!(cut, "a".repeat(Slug::MAX_BASE_LEN - 1));
    }

    #[test]
    fn generated_slugs_are_valid_and_stable_under_regeneration() {
        for title in ["Neo Noir Night", "Café ß", "Draft", "", "北京 Nights"] {
            let generated = Slug::generate(title);
            assert_eq!(Slug::parse(generated.as_str()), Ok(generated.clone()));
            assert_eq!(Slug::generate(generated.as_str()), generated);
        }
    }

    #[test]
    fn collisions_take_the_first_free_numbered_suffix() {
        let base = Slug::generate("Neo Noir Night");
        assert_eq!(base.with_suffix(2).as_str(), "neo-noir-night-2");

        assert_eq!(base.first_free(&[]), base);
        assert_eq!(
            base.first_free(std::slice::from_ref(&base)).as_str(),
            "neo-noir-night-2"
        );
        let taken = [base.clone(), base.with_suffix(2), base.with_suffix(4)];
        assert_eq!(base.first_free(&taken).as_str(), "neo-noir-night-3");
        // Only the base itself blocks the base.
        assert_eq!(base.first_free(&[base.with_suffix(2)]), base);
    }

    #[test]
    fn parse_accepts_slug_shapes_only() {
        assert!(Slug::parse("neo-noir-night-2").is_ok());
        assert!(Slug::parse("draft").is_ok());
        for bad in ["", "Neo", "a b", "café", "a_b", &"a".repeat(256)] {
            assert_eq!(
                Slug::parse(bad),
                Err(InvalidSlug(bad.to_owned())),
                "{bad:?}"
            );
        }
    }
}
