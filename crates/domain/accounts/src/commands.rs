//! Validated inputs of the use cases. Each `parse` collects every field error at once,
//! so a request body with a bad email and a short password reports both.

use tastebuds_kernel::FieldErrors;

use crate::display_name::DisplayName;
use crate::email::Email;
use crate::password::{NewPassword, PasswordAttempt};

/// A sign-up request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Registration {
    /// The address to register (stored lowercased).
    pub email: Email,
    /// The chosen password.
    pub password: NewPassword,
    /// An optional display name.
    pub display_name: Option<DisplayName>,
}

impl Registration {
    /// Validates the raw fields of a sign-up request.
    ///
    /// # Errors
    /// Every invalid field at once, with the errors of [`Email::parse`],
    /// [`NewPassword::parse`] and [`DisplayName::parse`].
    pub fn parse(
        email: &str,
        password: &str,
        display_name: Option<&str>,
    ) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let email = errors.collect(Email::parse(email));
        let password = errors.collect(NewPassword::parse(password));
        let display_name = match display_name {
            Some(raw) => errors.collect(DisplayName::parse(raw)).flatten(),
            None => None,
        };
        match (email, password) {
            (Some(email), Some(password)) if errors.is_empty() => Ok(Self {
                email,
                password,
                display_name,
            }),
            _ => Err(errors),
        }
    }
}

/// A login request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credentials {
    /// The address to sign in as (matched case-insensitively).
    pub email: Email,
    /// The presented password.
    pub password: PasswordAttempt,
}

impl Credentials {
    /// Validates the raw fields of a login request.
    ///
    /// # Errors
    /// Every invalid field at once, with the errors of [`Email::parse`] and
    /// [`PasswordAttempt::new`].
    pub fn parse(email: &str, password: &str) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let email = errors.collect(Email::parse(email));
        let password = errors.collect(PasswordAttempt::new(password));
        match (email, password) {
            (Some(email), Some(password)) => Ok(Self { email, password }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(errors: &FieldErrors) -> Vec<(String, &'static str)> {
        errors
            .errors()
            .iter()
            .map(|e| {
                (
                    e.to_string().split(':').next().unwrap_or("").to_owned(),
                    e.kind,
                )
            })
            .collect()
    }

    #[test]
    fn registration_normalizes_fields() {
        let registration =
            Registration::parse(" New@Example.com ", "password1", Some("  Ada ")).unwrap();
        assert_eq!(registration.email.as_str(), "new@example.com");
        assert_eq!(registration.display_name.unwrap().as_str(), "Ada");
        let blank = Registration::parse("a@b.co", "password1", Some("   ")).unwrap();
        assert_eq!(blank.display_name, None);
    }

    #[test]
    fn registration_reports_every_invalid_field() {
        let long_name = "n".repeat(256);
        let errors = Registration::parse("nope", "short", Some(&long_name)).unwrap_err();
        assert_eq!(
            kinds(&errors),
            vec![
                ("email".to_owned(), "value_error"),
                ("password".to_owned(), "string_too_short"),
                ("display_name".to_owned(), "string_too_long"),
            ]
        );
    }

    #[test]
    fn registration_fails_on_display_name_alone() {
        let long_name = "n".repeat(256);
        let errors = Registration::parse("a@b.co", "password1", Some(&long_name)).unwrap_err();
        assert_eq!(
            kinds(&errors),
            vec![("display_name".to_owned(), "string_too_long")]
        );
    }

    #[test]
    fn credentials_accept_short_passwords_but_not_bad_emails() {
        let credentials = Credentials::parse("USER@example.com", "x").unwrap();
        assert_eq!(credentials.email.as_str(), "user@example.com");
        let errors = Credentials::parse("user", "").unwrap_err();
        assert_eq!(
            kinds(&errors),
            vec![
                ("email".to_owned(), "value_error"),
                ("password".to_owned(), "string_too_short"),
            ]
        );
    }
}
