//! [`Email`]: a trimmed, lowercased, syntactically valid address.
//!
//! The rules follow what the previous server's validator (pydantic's `EmailStr`, i.e.
//! `email-validator` without deliverability checks) accepted, so existing accounts stay
//! reachable: a dot-atom local part (Unicode letters allowed, no quoted strings), a
//! domain of at least two labels, no IP literals, and the RFC 5321 length limits (254 in
//! all, which also fits the `varchar(255)` column).

use std::fmt;

use tastebuds_kernel::FieldError;

/// Longest accepted address, in characters (RFC 5321 path limit; fits `varchar(255)`).
pub const MAX_EMAIL_CHARS: usize = 254;
const MAX_LOCAL_CHARS: usize = 64;
const MAX_DOMAIN_CHARS: usize = 253;
const MAX_LABEL_CHARS: usize = 63;
/// ASCII characters allowed in a dot-atom local part besides letters and digits.
const LOCAL_SPECIALS: &str = "!#$%&'*+-/=?^_`{|}~.";

/// A valid email address, trimmed and lowercased (the form in which it is stored and
/// compared, so uniqueness is case-insensitive).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    /// Trims, lowercases and validates `raw`.
    ///
    /// # Errors
    /// A `value_error` [`FieldError`] at `email` whose message starts with
    /// `value is not a valid email address: ` and says what is wrong.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let normalized = raw.trim().to_lowercase();
        match check(&normalized) {
            Ok(()) => Ok(Self(normalized)),
            Err(reason) => Err(FieldError::new(
                "email",
                "value_error",
                format!("value is not a valid email address: {reason}"),
            )
            .with_input(raw)),
        }
    }

    /// The normalized address.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Unwraps the normalized address.
    #[must_use]
    pub fn into_inner(self) -> String {
        self.0
    }
}

impl AsRef<str> for Email {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn check(email: &str) -> Result<(), String> {
    let Some((local, domain)) = email.rsplit_once('@') else {
        return Err("An email address must have an @-sign.".to_owned());
    };
    let total = email.chars().count();
    if total > MAX_EMAIL_CHARS {
        return Err(format!(
            "The email address is too long ({} characters too many).",
            total - MAX_EMAIL_CHARS
        ));
    }
    check_local(local)?;
    check_domain(domain)
}

fn check_local(local: &str) -> Result<(), String> {
    if local.is_empty() {
        return Err("There must be something before the @-sign.".to_owned());
    }
    let length = local.chars().count();
    if length > MAX_LOCAL_CHARS {
        return Err(format!(
            "The email address is too long before the @-sign ({} characters too many).",
            length - MAX_LOCAL_CHARS
        ));
    }
    let bad = invalid_chars(local, |c| {
        c.is_ascii_alphanumeric()
            || LOCAL_SPECIALS.contains(c)
            || (!c.is_ascii() && !c.is_whitespace() && !c.is_control())
    });
    if !bad.is_empty() {
        return Err(format!(
            "The email address contains invalid characters before the @-sign: {bad}."
        ));
    }
    if local.starts_with('.') {
        return Err("An email address cannot start with a period.".to_owned());
    }
    if local.ends_with('.') {
        return Err(
            "An email address cannot have a period immediately before the @-sign.".to_owned(),
        );
    }
    if local.contains("..") {
        return Err("An email address cannot have two periods in a row.".to_owned());
    }
    Ok(())
}

fn check_domain(domain: &str) -> Result<(), String> {
    if domain.is_empty() {
        return Err("There must be something after the @-sign.".to_owned());
    }
    if domain.chars().count() > MAX_DOMAIN_CHARS {
        return Err("The email address is too long after the @-sign.".to_owned());
    }
    let bad = invalid_chars(domain, |c| {
        c.is_ascii_alphanumeric() || c == '-' || c == '.' || (!c.is_ascii() && c.is_alphanumeric())
    });
    if !bad.is_empty() {
        return Err(format!(
            "The part after the @-sign contains invalid characters: {bad}."
        ));
    }
    if domain.starts_with('.') {
        return Err(
            "An email address cannot have a period immediately after the @-sign.".to_owned(),
        );
    }
    if domain.ends_with('.') {
        return Err("An email address cannot end with a period.".to_owned());
    }
    if domain.contains("..") {
        return Err("An email address cannot have two periods in a row.".to_owned());
    }
    for label in domain.split('.') {
        if label.starts_with('-') || label.ends_with('-') {
            return Err(
                "The part after the @-sign cannot have a label that starts or ends with a hyphen."
                    .to_owned(),
            );
        }
        if label.chars().count() > MAX_LABEL_CHARS {
            return Err("The part after the @-sign has a label that is too long.".to_owned());
        }
    }
    let Some((_, top_level)) = domain.rsplit_once('.') else {
        return Err("The part after the @-sign is not valid. It should have a period.".to_owned());
    };
    if top_level.chars().all(|c| c.is_ascii_digit()) {
        return Err(
            "The part after the @-sign is not valid. It is not within a valid top-level domain."
                .to_owned(),
        );
    }
    Ok(())
}

/// The distinct characters of `part` that `allowed` rejects, quoted and comma-separated
/// (empty when all are allowed).
fn invalid_chars(part: &str, allowed: impl Fn(char) -> bool) -> String {
    let mut bad: Vec<char> = part.chars().filter(|&c| !allowed(c)).collect();
    bad.sort_unstable();
    bad.dedup();
    bad.iter()
        .map(|c| format!("{:?}", c.to_string()))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use tastebuds_kernel::PathSegment;

    use super::*;

    #[test]
    fn normalizes_by_trimming_and_lowercasing() {
        let email = Email::parse("  Alice.Smith+Menus@Example.COM \n").unwrap();
        assert_eq!(email.as_str(), "alice.smith+menus@example.com");
    }

    #[test]
    fn accepts_ordinary_and_international_addresses() {
        for ok in [
            "a@b.co",
            "first.last@sub.example.org",
            "o'brien@example.ie",
            "user_name-1@my-domain.io",
            "josé@exämple.com",
            "x@xn--bcher-kva.example",
        ] {
            assert!(Email::parse(ok).is_ok(), "{ok} should be valid");
        }
    }

    #[test]
    fn rejects_malformed_addresses_with_value_error() {
        let cases = [
            ("", "must have an @-sign"),
            ("plainaddress", "must have an @-sign"),
            ("@example.com", "something before the @-sign"),
            ("user@", "something after the @-sign"),
            ("a b@example.com", "invalid characters before the @-sign"),
            ("a@b@example.com", "invalid characters before the @-sign"),
            (
                "\"quoted\"@example.com",
                "invalid characters before the @-sign",
            ),
            (".user@example.com", "cannot start with a period"),
            ("user.@example.com", "immediately before the @-sign"),
            ("us..er@example.com", "two periods in a row"),
            ("user@localhost", "should have a period"),
            ("user@exa_mple.com", "invalid characters"),
            ("user@[127.0.0.1]", "invalid characters"),
            ("user@.example.com", "immediately after the @-sign"),
            ("user@example.com.", "cannot end with a period"),
            ("user@example..com", "two periods in a row"),
            ("user@-example.com", "hyphen"),
            ("user@example-.com", "hyphen"),
            ("user@127.0.0.1", "top-level domain"),
        ];
        for (raw, needle) in cases {
            let error = Email::parse(raw).unwrap_err();
            assert_eq!(error.kind, "value_error", "{raw}");
            assert_eq!(error.path, vec![PathSegment::from("email")], "{raw}");
            assert!(
                error
                    .message
                    .starts_with("value is not a valid email address: "),
                "{raw}: {}",
                error.message
            );
            assert!(error.message.contains(needle), "{raw}: {}", error.message);
            assert_eq!(error.input, Some(raw.into()));
        }
    }

    #[test]
    fn enforces_length_limits() {
        let local_64 = "a".repeat(64);
        assert!(Email::parse(&format!("{local_64}@example.com")).is_ok());
        let error = Email::parse(&format!("{local_64}b@example.com")).unwrap_err();
        assert!(
            error
                .message
                .contains("too long before the @-sign (1 characters too many)")
        );

        let label = "d".repeat(63);
        assert!(Email::parse(&format!("u@{label}.com")).is_ok());
        let error = Email::parse(&format!("u@{label}d.com")).unwrap_err();
        assert!(error.message.contains("label that is too long"));

        // 254 characters in all is the most accepted.
        let domain = format!(
            "{}.{}.{}.com",
            "a".repeat(63),
            "b".repeat(63),
            "c".repeat(57)
        );
        let local = "l".repeat(MAX_EMAIL_CHARS - 1 - domain.len());
        let longest = format!("{local}@{domain}");
        assert_eq!(longest.len(), MAX_EMAIL_CHARS);
        assert!(Email::parse(&longest).is_ok());
        let error = Email::parse(&format!("l{longest}")).unwrap_err();
        assert!(
            error.message.contains("too long (1 characters too many)"),
            "{}",
            error.message
        );
    }
}
