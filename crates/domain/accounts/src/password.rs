//! Password policy and the secret-carrying types.
//!
//! - [`NewPassword`] (register): at least [`MIN_PASSWORD_CHARS`] characters and at most
//!   [`MAX_PASSWORD_BYTES`] UTF-8 bytes. bcrypt only reads 72 bytes, so a longer password
//!   is refused rather than silently truncated.
//! - [`PasswordAttempt`] (login): any non-empty string, so hashes made before the byte
//!   limit existed (from longer, truncated passwords) still verify.
//! - [`PasswordHash`]: an opaque stored hash (bcrypt `$2b$…`).
//!
//! None of them shows its content in `Debug`, and validation errors never echo the
//! password back (`input` stays empty), so nothing secret reaches a log by accident.

use std::fmt;

use tastebuds_kernel::FieldError;

/// Fewest characters (Unicode scalar values) a new password may have.
pub const MIN_PASSWORD_CHARS: usize = 8;
/// Most UTF-8 bytes a new password may have (bcrypt's input limit).
pub const MAX_PASSWORD_BYTES: usize = 72;

const FIELD: &str = "password";
const REDACTED: &str = "[REDACTED]";

/// A password chosen at registration, already checked against the policy.
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

impl NewPassword {
    /// Checks `raw` against the registration policy. Whitespace is significant and kept.
    ///
    /// # Errors
    /// A [`FieldError`] at `password`: `string_too_short` (ctx `min_length` 8) for fewer
    /// than 8 characters, `string_too_long` (ctx `max_length` 72) for more than 72 bytes.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        if raw.chars().count() < MIN_PASSWORD_CHARS {
            return Err(without_input(FieldError::too_short(
                FIELD,
                MIN_PASSWORD_CHARS,
                raw,
            )));
        }
        if raw.len() > MAX_PASSWORD_BYTES {
            return Err(FieldError::new(
                FIELD,
                "string_too_long",
                format!("String should have at most {MAX_PASSWORD_BYTES} bytes (UTF-8)"),
            )
            .with_ctx("max_length", MAX_PASSWORD_BYTES));
        }
        Ok(Self(raw.to_owned()))
    }

    /// The plain password, for the hasher only.
    #[must_use]
    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("NewPassword").field(&REDACTED).finish()
    }
}

/// A password presented at login. Not held to the registration policy beyond being
/// non-empty: it only has to match a stored hash.
#[derive(Clone, PartialEq, Eq)]
pub struct PasswordAttempt(String);

impl PasswordAttempt {
    /// Wraps a login password.
    ///
    /// # Errors
    /// A `string_too_short` [`FieldError`] at `password` (ctx `min_length` 1) when `raw`
    /// is empty.
    pub fn new(raw: &str) -> Result<Self, FieldError> {
        if raw.is_empty() {
            return Err(without_input(FieldError::too_short(FIELD, 1, raw)));
        }
        Ok(Self(raw.to_owned()))
    }

    /// The plain password, for the hasher only.
    #[must_use]
    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for PasswordAttempt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("PasswordAttempt").field(&REDACTED).finish()
    }
}

/// A stored password hash, opaque to the domain (only the [`PasswordHasher`] reads it).
///
/// [`PasswordHasher`]: crate::ports::PasswordHasher
#[derive(Clone, PartialEq, Eq)]
pub struct PasswordHash(String);

impl PasswordHash {
    /// Wraps a hash produced by the hasher or read from storage.
    #[must_use]
    pub fn new(hash: impl Into<String>) -> Self {
        Self(hash.into())
    }

    /// The encoded hash, for storage and verification.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("PasswordHash").field(&REDACTED).finish()
    }
}

fn without_input(mut error: FieldError) -> FieldError {
    error.input = None;
    error
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn new_password_needs_eight_characters_not_bytes() {
        let error = NewPassword::parse("short").unwrap_err();
        assert_eq!(error.kind, "string_too_short");
        assert_eq!(error.ctx.unwrap()["min_length"], json!(8));
        assert_eq!(error.input, None, "the password is never echoed");
        // Seven two-byte characters are 14 bytes but still too short.
        assert!(NewPassword::parse("ééééééé").is_err());
        assert!(NewPassword::parse("éééééééé").is_ok());
        assert!(NewPassword::parse("12345678").is_ok());
    }

    #[test]
    fn new_password_refuses_more_than_72_bytes_instead_of_truncating() {
        assert!(NewPassword::parse(&"a".repeat(72)).is_ok());
        let error = NewPassword::parse(&"a".repeat(73)).unwrap_err();
        assert_eq!(error.kind, "string_too_long");
        assert_eq!(error.ctx.unwrap()["max_length"], json!(72));
        assert_eq!(error.input, None);
        // 37 two-byte characters: 37 characters but 74 bytes.
        assert!(NewPassword::parse(&"é".repeat(37)).is_err());
        assert!(NewPassword::parse(&"é".repeat(36)).is_ok());
    }

    #[test]
    fn new_password_keeps_whitespace() {
        let password = NewPassword::parse(" pass word ").unwrap();
        assert_eq!(password.expose_secret(), " pass word ");
    }

    #[test]
    fn attempt_accepts_anything_non_empty() {
        assert!(PasswordAttempt::new("x").is_ok());
        assert!(PasswordAttempt::new(&"a".repeat(200)).is_ok());
        let error = PasswordAttempt::new("").unwrap_err();
        assert_eq!(error.kind, "string_too_short");
        assert_eq!(error.ctx.unwrap()["min_length"], json!(1));
    }

    #[test]
    fn secrets_stay_out_of_debug() {
        let new = NewPassword::parse("hunter2hunter2").unwrap();
        let attempt = PasswordAttempt::new("hunter2hunter2").unwrap();
        let hash = PasswordHash::new("$2b$12$secretsecret");
        for shown in [
            format!("{new:?}"),
            format!("{attempt:?}"),
            format!("{hash:?}"),
        ] {
            assert!(!shown.contains("hunter2"), "{shown}");
            assert!(!shown.contains("secret"), "{shown}");
            assert!(shown.contains("REDACTED"), "{shown}");
        }
    }
}
