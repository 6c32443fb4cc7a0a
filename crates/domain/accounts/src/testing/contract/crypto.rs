//! Contract suites of [`PasswordHasher`] and [`TokenIssuer`].
#![expect(
    clippy::expect_used,
    reason = "a contract suite is a test: it fails loudly on the first broken promise"
)]

use chrono::TimeDelta;
use tastebuds_kernel::UserId;

use super::base_time;
use crate::password::{NewPassword, PasswordAttempt, PasswordHash};
use crate::ports::{PasswordHasher, TokenIssuer};
use crate::token::TokenError;

/// Checks every promise of [`PasswordHasher`] against `hasher`.
///
/// # Panics
/// On the first broken promise, naming it.
pub async fn password_hasher_contract(hasher: &dyn PasswordHasher) {
    let password = NewPassword::parse("correct horse battery").expect("valid password");
    let hash = hasher.hash(&password).await.expect("hash");
    assert_ne!(
        hash.as_str(),
        password.expose_secret(),
        "the hash is not the password"
    );
    let right = PasswordAttempt::new("correct horse battery").expect("attempt");
    let wrong = PasswordAttempt::new("correct horse battery!").expect("attempt");
    assert!(
        hasher.verify(&right, &hash).await.expect("verify"),
        "the password verifies"
    );
    assert!(
        !hasher.verify(&wrong, &hash).await.expect("verify"),
        "another password fails"
    );

    for malformed in ["", "not a hash", "$2b$04$tooshort", "$2b$99$"] {
        let verified = hasher
            .verify(&right, &PasswordHash::new(malformed))
            .await
            .expect("a malformed hash is Ok(false), not an error");
        assert!(!verified, "a malformed hash never verifies: {malformed:?}");
    }
    hasher
        .verify_dummy(&right)
        .await
        .expect("a dummy verification succeeds");
}

/// Checks every promise of [`TokenIssuer`] against `tokens`.
///
/// # Panics
/// On the first broken promise, naming it.
pub fn token_issuer_contract(tokens: &dyn TokenIssuer) {
    access_tokens_round_trip_until_expiry(tokens);
    refresh_tokens_are_fresh_and_hashed(tokens);
}

fn access_tokens_round_trip_until_expiry(tokens: &dyn TokenIssuer) {
    let user = UserId::new();
    let now = base_time();
    let wanted = now + TimeDelta::minutes(30);
    let access = tokens
        .issue_access(user, now, wanted)
        .expect("issue an access token");
    assert!(
        access.expires_at <= wanted && access.expires_at > wanted - TimeDelta::seconds(1),
        "expires_at is the requested expiry (at most truncated to the second)"
    );
    for at in [now, access.expires_at - TimeDelta::seconds(1)] {
        assert_eq!(
            tokens
                .verify_access(&access.token, at)
                .expect("a live token verifies"),
            user
        );
    }
    for at in [access.expires_at, access.expires_at + TimeDelta::hours(1)] {
        assert!(
            matches!(
                tokens.verify_access(&access.token, at),
                Err(TokenError::Expired)
            ),
            "a token is dead from its expiry on"
        );
    }
    let other = tokens
        .issue_access(UserId::new(), now, wanted)
        .expect("issue an access token");
    assert_ne!(other.token, access.token, "tokens differ per user");
    for garbage in [
        String::new(),
        "garbage".to_owned(),
        format!("{}x", access.token),
    ] {
        assert!(
            matches!(
                tokens.verify_access(&garbage, now),
                Err(TokenError::Invalid(_))
            ),
            "{garbage:?} is rejected as invalid"
        );
    }
}

fn refresh_tokens_are_fresh_and_hashed(tokens: &dyn TokenIssuer) {
    let first = tokens.new_refresh_token().expect("a refresh token");
    let second = tokens.new_refresh_token().expect("a refresh token");
    assert_ne!(first.token, second.token, "every refresh token is new");
    assert_ne!(first.hash, second.hash, "different tokens hash differently");
    assert_ne!(
        first.token, first.hash,
        "only the hash is meant to be stored"
    );
    assert_eq!(
        first.hash,
        tokens.hash_refresh_token(&first.token),
        "hash is reproducible"
    );
    assert_eq!(first.hash.len(), 64, "a SHA-256 hex digest has 64 digits");
    assert!(
        first
            .hash
            .chars()
            .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c)),
        "the digest is lowercase hex"
    );
}
