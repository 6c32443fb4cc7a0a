//! Opaque refresh tokens: 64 bytes from the OS RNG, URL-safe base64 without padding
//! (86 characters); only their SHA-256 hex digest is ever stored.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::TryRngCore as _;
use rand::rngs::OsRng;
use sha2::{Digest as _, Sha256};
use tastebuds_accounts::{IssuedRefreshToken, TokenError};

/// Random bytes in a refresh token.
pub const REFRESH_TOKEN_BYTES: usize = 64;

/// A new refresh token and its digest.
///
/// # Errors
/// [`TokenError::Issue`] when the OS RNG is unavailable.
pub fn generate_refresh_token() -> Result<IssuedRefreshToken, TokenError> {
    let mut bytes = [0_u8; REFRESH_TOKEN_BYTES];
    OsRng
        .try_fill_bytes(&mut bytes)
        .map_err(|error| TokenError::Issue(anyhow::Error::new(error).context("OS RNG failed")))?;
    let token = URL_SAFE_NO_PAD.encode(bytes);
    let hash = hash_refresh_token(&token);
    Ok(IssuedRefreshToken { token, hash })
}

/// The lowercase SHA-256 hex digest of `token` (64 characters).
#[must_use]
pub fn hash_refresh_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_86_url_safe_characters_of_64_random_bytes() {
        let issued = generate_refresh_token().unwrap();
        assert_eq!(issued.token.len(), 86);
        assert!(
            issued
                .token
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
            "{}",
            issued.token
        );
        assert_eq!(URL_SAFE_NO_PAD.decode(&issued.token).unwrap().len(), 64);
        let other = generate_refresh_token().unwrap();
        assert_ne!(issued.token, other.token);
    }

    #[test]
    fn only_the_sha256_hex_digest_is_kept() {
        let issued = generate_refresh_token().unwrap();
        assert_eq!(issued.hash, hash_refresh_token(&issued.token));
        assert_eq!(issued.hash.len(), 64);
        assert!(!issued.hash.contains(&issued.token));
        // Known answer: SHA-256("abc").
        assert_eq!(
            hash_refresh_token("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
