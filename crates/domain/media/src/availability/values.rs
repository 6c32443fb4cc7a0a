//! The validated parts of an availability entry, each within its column
//! (`media_item_availability`, API.md §4): [`Provider`] (1–120 characters), [`Format`]
//! (1–64) and [`DeepLink`] (an http or https URL of at most 1024 characters). The region
//! has its own module ([`crate::availability::Region`]).
//!
//! Text is trimmed first; U+0000 is refused (PostgreSQL stores it in no text column).
//! Errors are [`FieldError`]s at the field's name, so the shell can nest them under the
//! entry's index.

use std::fmt;

use tastebuds_kernel::FieldError;

/// `media_item_availability.provider`.
pub const PROVIDER_MAX_CHARS: usize = 120;
/// `media_item_availability.format`.
pub const FORMAT_MAX_CHARS: usize = 64;
/// `media_item_availability.deeplink_url`.
pub const DEEPLINK_MAX_CHARS: usize = 1024;

/// Who offers the item (`Netflix`, `Apple TV`, `Bookshop.org`, …): 1–120 characters.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Provider(String);

impl Provider {
    /// Trims `raw` and checks its length.
    ///
    /// # Errors
    /// `string_too_short` / `string_too_long` / `value_error` (U+0000) at `provider`.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        bounded_text("provider", raw, PROVIDER_MAX_CHARS).map(Self)
    }

    /// The name.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// How it is offered (`stream`, `rent`, `buy`, `free`, `library`, …): 1–64 characters.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Format(String);

impl Format {
    /// Streaming as part of a subscription (TMDB `flatrate`).
    pub const STREAM: &'static str = "stream";
    /// Rental.
    pub const RENT: &'static str = "rent";
    /// Purchase.
    pub const BUY: &'static str = "buy";
    /// Free, with or without ads.
    pub const FREE: &'static str = "free";

    /// Trims `raw` and checks its length.
    ///
    /// # Errors
    /// `string_too_short` / `string_too_long` / `value_error` (U+0000) at `format`.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        bounded_text("format", raw, FORMAT_MAX_CHARS).map(Self)
    }

    /// The name.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Where to go to watch, read, play or listen: an absolute `http` or `https` URL with a
/// host, at most 1024 characters, without whitespace or control characters.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DeepLink(String);

impl DeepLink {
    /// Trims `raw` and checks it.
    ///
    /// # Errors
    /// `string_too_long` or `url_scheme` / `url_parsing` at `deeplink_url`.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        const FIELD: &str = "deeplink_url";
        let link = raw.trim();
        if link.chars().count() > DEEPLINK_MAX_CHARS {
            return Err(FieldError::too_long(FIELD, DEEPLINK_MAX_CHARS, raw));
        }
        let Some((scheme, rest)) = link.split_once("://") else {
            return Err(url_error(
                FIELD,
                "url_parsing",
                "relative URL without a base",
                raw,
            ));
        };
        if !(scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")) {
            return Err(url_error(
                FIELD,
                "url_scheme",
                "URL scheme should be 'http' or 'https'",
                raw,
            ));
        }
        let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
        let host = host.rsplit('@').next().unwrap_or_default();
        if host.is_empty() || host.starts_with(':') {
            return Err(url_error(FIELD, "url_parsing", "empty host", raw));
        }
        if link.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(url_error(
                FIELD,
                "url_parsing",
                "invalid character in URL",
                raw,
            ));
        }
        Ok(Self(link.to_owned()))
    }

    /// The URL.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// `raw` trimmed, 1..=`max` characters, without U+0000.
fn bounded_text(field: &str, raw: &str, max: usize) -> Result<String, FieldError> {
    let text = raw.trim();
    let chars = text.chars().count();
    if chars == 0 {
        return Err(FieldError::too_short(field, 1, raw));
    }
    if chars > max {
        return Err(FieldError::too_long(field, max, raw));
    }
    if text.contains('\0') {
        return Err(FieldError::new(
            field,
            "value_error",
            "Value error, must not contain a NUL character",
        )
        .with_input(raw));
    }
    Ok(text.to_owned())
}

fn url_error(field: &str, kind: &'static str, message: &str, raw: &str) -> FieldError {
    FieldError::new(
        field,
        kind,
        format!("Input should be a valid URL, {message}"),
    )
    .with_input(raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn providers_and_formats_are_trimmed_and_bounded() {
        assert_eq!(
            Provider::parse("  Netflix ").map(|p| p.0),
            Ok("Netflix".to_owned())
        );
        assert_eq!(
            Provider::parse("   ").map_err(|e| e.kind),
            Err("string_too_short")
        );
        let long = "p".repeat(PROVIDER_MAX_CHARS + 1);
        assert_eq!(
            Provider::parse(&long).map_err(|e| e.kind),
            Err("string_too_long")
        );
        assert!(Provider::parse(&"é".repeat(PROVIDER_MAX_CHARS)).is_ok());
        let long = "f".repeat(FORMAT_MAX_CHARS + 1);
        assert_eq!(
            Format::parse(&long).map_err(|e| e.kind),
            Err("string_too_long")
        );
        assert_eq!(
            Format::parse("a\0b").map_err(|e| e.kind),
            Err("value_error")
        );
    }

    #[test]
    fn deep_links_are_http_or_https_with_a_host() {
        assert!(DeepLink::parse("https://www.netflix.com/title/20557937").is_ok());
        assert!(DeepLink::parse("HTTP://example.com").is_ok());
        for (bad, kind) in [
            ("ftp://example.com/x", "url_scheme"),
            ("javascript://alert(1)", "url_scheme"),
            ("example.com/x", "url_parsing"),
            ("https:///path", "url_parsing"),
            ("https://exa mple.com", "url_parsing"),
        ] {
            assert_eq!(DeepLink::parse(bad).map_err(|e| e.kind), Err(kind), "{bad}");
        }
        let long = format!("https://example.com/{}", "x".repeat(DEEPLINK_MAX_CHARS));
        assert_eq!(
            DeepLink::parse(&long).map_err(|e| e.kind),
            Err("string_too_long")
        );
    }
}
