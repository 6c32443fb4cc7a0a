//! [`RandomShareTokens`], the production [`ShareTokenGenerator`]: 24 random bytes from
//! the operating system (through UUID v4, so no I/O crate is needed), in URL-safe base64
//! without padding, which is exactly 32 characters (API.md §2.9).

use uuid::Uuid;

use crate::ports::ShareTokenGenerator;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Share-link secrets from the system's random source.
#[derive(Clone, Copy, Debug, Default)]
pub struct RandomShareTokens;

impl ShareTokenGenerator for RandomShareTokens {
    fn generate(&self) -> String {
        // A v4 UUID holds 14 bytes untouched by its version (byte 6) and variant (byte
        // 8) bits; two of them give the 24 random bytes needed.
        let fully_random = |id: Uuid| {
            let bytes = id.into_bytes();
            [&bytes[..6], &bytes[7..8], &bytes[9..]].concat()
        };
        let mut bytes = fully_random(Uuid::new_v4());
        bytes.extend(fully_random(Uuid::new_v4()));
        bytes.truncate(24);
        encode_url_safe(&bytes)
    }
}

/// Whether `text` could be a stored share secret: 1 to 64 (the column's width) URL-safe
/// base64 characters. Anything else is answered as an unknown link without asking the
/// store (a NUL character, say, which PostgreSQL text cannot even hold).
pub(crate) fn could_be_secret(text: &str) -> bool {
    (1..=64).contains(&text.len()) && text.bytes().all(|byte| ALPHABET.contains(&byte))
}

/// URL-safe base64 of `bytes` whose length is a multiple of 3 (no padding needed).
fn encode_url_safe(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() / 3 * 4);
    for chunk in bytes.chunks_exact(3) {
        let n = (u32::from(chunk[0]) << 16) | (u32::from(chunk[1]) << 8) | u32::from(chunk[2]);
        for shift in [18, 12, 6, 0] {
            out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_url_safe_text_of_at_most_64_characters_could_be_a_secret() {
        assert!(could_be_secret(&RandomShareTokens.generate()));
        assert!(could_be_secret(&"a".repeat(64)));
        assert!(!could_be_secret(&"a".repeat(65)));
        assert!(!could_be_secret(""));
        assert!(!could_be_secret("abc\0def"));
        assert!(!could_be_secret("abc def"));
    }

    #[test]
    fn secrets_are_32_url_safe_characters_and_differ() {
        let generator = RandomShareTokens;
        let (first, second) = (generator.generate(), generator.generate());
        assert_eq!(first.len(), 32);
        assert!(
            first
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
        assert_ne!(first, second);
    }

    #[test]
    fn encoding_matches_rfc_4648_url_safe() {
        assert_eq!(encode_url_safe(b"foobar"), "Zm9vYmFy");
        assert_eq!(encode_url_safe(&[0xfb, 0xff, 0xbf]), "-_-_");
    }
}
