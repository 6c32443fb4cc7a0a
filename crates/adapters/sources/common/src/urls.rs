//! URL helpers: secret redaction for logs, https upgrades for image links, and host
//! checks for ingest URLs.

use url::Url;

/// Query parameters whose values never reach a log line.
const SECRET_PARAMS: [&str; 6] = [
    "api_key",
    "key",
    "client_secret",
    "access_token",
    "token",
    "client_id",
];

/// The URL with the values of secret-bearing query parameters (`api_key`, `key`,
/// `client_secret`, …) replaced by `REDACTED`, for logging.
#[must_use]
pub fn redact_url(url: &Url) -> String {
    if url.query().is_none() {
        return url.to_string();
    }
    let mut redacted = url.clone();
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(name, value)| {
            let secret = SECRET_PARAMS.iter().any(|p| name.eq_ignore_ascii_case(p));
            let value = if secret {
                "REDACTED".to_owned()
            } else {
                value.into_owned()
            };
            (name.into_owned(), value)
        })
        .collect();
    redacted.query_pairs_mut().clear().extend_pairs(pairs);
    redacted.to_string()
}

/// An image URL made fit for `cover_image_url`: trimmed, protocol-relative (`//host/…`)
/// and `http://` links upgraded to `https://`; an empty string or a non-web scheme is
/// `None`.
#[must_use]
pub fn https_url(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if let Some(rest) = raw.strip_prefix("//") {
        return Some(format!("https://{rest}"));
    }
    if let Some(rest) = strip_prefix_ignore_case(raw, "http://") {
        return Some(format!("https://{rest}"));
    }
    if let Some(rest) = strip_prefix_ignore_case(raw, "https://") {
        return (!rest.is_empty()).then(|| format!("https://{rest}"));
    }
    None
}

/// Whether an ingest identifier is meant as a web URL (`http://` or `https://`, any case).
#[must_use]
pub fn is_web_url(input: &str) -> bool {
    strip_prefix_ignore_case(input, "http://").is_some()
        || strip_prefix_ignore_case(input, "https://").is_some()
}

/// Whether `host` lies under the domain a brand registers per country: `brand.<tld>`,
/// `brand.co.<tld>` or `brand.com.<tld>`, with any subdomain in front (`books.google.com`,
/// `books.google.co.uk`, `www.lastfm.com.br`). A look-alike (`google.evil.com`,
/// `evilgoogle.com`, `google.com.evil.net`) is not. Case and a trailing dot are ignored.
#[must_use]
pub fn is_brand_host(host: &str, brand: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let labels: Vec<&str> = host.split('.').collect();
    let Some(position) = labels.iter().rposition(|label| *label == brand) else {
        return false;
    };
    match labels.get(position + 1..).unwrap_or_default() {
        [tld] => is_country_or_generic_tld(tld),
        [second, tld] => matches!(*second, "co" | "com") && is_country_or_generic_tld(tld),
        _ => false,
    }
}

/// `com`, `de`, `uk`…: two or three ASCII letters.
fn is_country_or_generic_tld(label: &str) -> bool {
    (2..=3).contains(&label.len()) && label.bytes().all(|b| b.is_ascii_lowercase())
}

fn strip_prefix_ignore_case<'a>(value: &'a str, prefix: &str) -> Option<&'a str> {
    let head = value.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &value[prefix.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_redacted_and_other_parameters_kept() {
        let url = Url::parse(
            "https://ws.audioscrobbler.com/2.0/?method=track.getInfo&api_key=s3cret&track=caf%C3%A9&KEY=x",
        )
        .unwrap();
        let redacted = redact_url(&url);
        assert!(!redacted.contains("s3cret"), "{redacted}");
        assert!(redacted.contains("api_key=REDACTED"));
        assert!(redacted.contains("KEY=REDACTED"));
        assert!(redacted.contains("method=track.getInfo"));
        assert!(redacted.contains("track=caf%C3%A9"));
        let plain = Url::parse("https://api.igdb.com/v4/games").unwrap();
        assert_eq!(redact_url(&plain), "https://api.igdb.com/v4/games");
    }

    #[test]
    fn image_links_are_upgraded_to_https() {
        assert_eq!(
            https_url("http://books.google.com/books/content?id=x&zoom=1").as_deref(),
            Some("https://books.google.com/books/content?id=x&zoom=1")
        );
        assert_eq!(
            https_url("//images.igdb.com/igdb/image/upload/t_thumb/co1wyy.jpg").as_deref(),
            Some("https://images.igdb.com/igdb/image/upload/t_thumb/co1wyy.jpg")
        );
        assert_eq!(
            https_url(" https://a.b/c ").as_deref(),
            Some("https://a.b/c")
        );
        assert_eq!(https_url(""), None);
        assert_eq!(https_url("ftp://a.b/c"), None);
        assert_eq!(https_url("javascript:alert(1)"), None);
    }

    #[test]
    fn brand_hosts_are_the_brand_domains_and_their_subdomains_only() {
        for host in [
            "google.com",
            "books.google.com",
            "books.google.co.uk",
            "play.google.com.br",
            "BOOKS.Google.DE.",
        ] {
            assert!(is_brand_host(host, "google"), "{host}");
        }
        for host in [
            "google.evil.com",
            "evilgoogle.com",
            "google-books.com",
            "google.com.evil.net",
            "books.google.example",
            "google",
            "",
        ] {
            assert!(!is_brand_host(host, "google"), "{host}");
        }
    }

    #[test]
    fn web_urls_are_recognised_by_scheme() {
        assert!(is_web_url("HTTPS://www.last.fm/music/x/_/y"));
        assert!(is_web_url("http://books.google.com/books?id=x"));
        assert!(!is_web_url("httpd::Track"));
        assert!(!is_web_url("ftp://x"));
    }
}
