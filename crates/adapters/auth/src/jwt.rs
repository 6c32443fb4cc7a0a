//! HS256 access tokens (API.md §1.3) and the [`TokenIssuer`] port.
//!
//! Claims: `sub` (user UUID), `type` (`"access"`), `iat`, `exp` (Unix seconds).
//! Verification pins the algorithm to HS256 (so `alg: none`, HS512, RS256… are refused
//! before any signature check), requires `exp`, `iat` and `sub`, and accepts only
//! `type: "access"`. Time is checked against the `now` the service passes in, instead
//! of jsonwebtoken's own wall-clock check, so that issuing and verifying read the same
//! clock:
//! - `exp` with no leeway (a token is dead from its expiry on);
//! - `iat` and, when present, `nbf` may lie at most [`CLOCK_LEEWAY_SECS`] in the future
//!   (a token "issued tomorrow" was not issued by this server's clock);
//! - `exp - iat` may exceed the configured access lifetime by at most
//!   [`CLOCK_LEEWAY_SECS`], so that a token minted with a leaked key or by a bug cannot
//!   live for years: the lifetime a token claims is bounded by what this server issues.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, TimeDelta, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::TryRngCore as _;
use rand::rngs::OsRng;
use secrecy::{ExposeSecret as _, SecretString};
use serde::{Deserialize, Serialize};
use tastebuds_accounts::{AccessToken, IssuedRefreshToken, TokenError, TokenIssuer};
use tastebuds_kernel::UserId;

use crate::error::AuthSetupError;
use crate::refresh;

/// The only `type` claim accepted.
const ACCESS_TYPE: &str = "access";
const ALGORITHM: Algorithm = Algorithm::HS256;
/// How far `iat` and `nbf` may lie in the future, and how much longer than the access
/// lifetime `exp - iat` may be, in seconds: room for clock skew between the servers
/// behind one load balancer, never a grace period after `exp`.
pub const CLOCK_LEEWAY_SECS: i64 = 60;
/// The longest access lifetime accepted when none is configured (API.md §1.3: 30 min).
const DEFAULT_MAX_LIFETIME_SECS: i64 = 30 * 60;

#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    sub: String,
    #[serde(rename = "type")]
    token_type: String,
    iat: i64,
    exp: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    nbf: Option<i64>,
}

/// Signs and verifies HS256 access tokens and makes opaque refresh tokens.
pub struct JwtTokenIssuer {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    max_lifetime_secs: i64,
}

impl std::fmt::Debug for JwtTokenIssuer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JwtTokenIssuer")
            .field("algorithm", &ALGORITHM)
            .field("max_lifetime_secs", &self.max_lifetime_secs)
            .finish_non_exhaustive()
    }
}

impl JwtTokenIssuer {
    /// An issuer signing with `secret` that accepts access tokens living at most the
    /// default 30 minutes (see [`with_max_lifetime`](Self::with_max_lifetime)).
    ///
    /// # Errors
    /// [`AuthSetupError::EmptySecret`] when `secret` is empty.
    pub fn new(secret: &SecretString) -> Result<Self, AuthSetupError> {
        let bytes = secret.expose_secret().as_bytes();
        if bytes.is_empty() {
            return Err(AuthSetupError::EmptySecret);
        }
        let mut validation = Validation::new(ALGORITHM);
        validation.set_required_spec_claims(&["exp", "sub"]);
        validation.validate_exp = false;
        validation.validate_nbf = false;
        validation.leeway = 0;
        Ok(Self {
            encoding: EncodingKey::from_secret(bytes),
            decoding: DecodingKey::from_secret(bytes),
            validation,
            max_lifetime_secs: DEFAULT_MAX_LIFETIME_SECS,
        })
    }

    /// The same issuer, accepting access tokens whose `exp - iat` is at most `lifetime`
    /// (plus [`CLOCK_LEEWAY_SECS`]): the configured access-token lifetime.
    #[must_use]
    pub fn with_max_lifetime(mut self, lifetime: TimeDelta) -> Self {
        self.max_lifetime_secs = lifetime.num_seconds();
        self
    }
}

/// Refuses claims whose `iat` or `nbf` lie in the future beyond the leeway, or that claim
/// a longer life than this server issues; then refuses an expired token.
fn check_times(claims: &Claims, now: i64, max_lifetime_secs: i64) -> Result<(), TokenError> {
    let latest_start = now.saturating_add(CLOCK_LEEWAY_SECS);
    if claims.iat > latest_start {
        return Err(TokenError::Invalid("issued in the future".to_owned()));
    }
    if claims.nbf.is_some_and(|nbf| nbf > latest_start) {
        return Err(TokenError::Invalid("not valid yet (nbf)".to_owned()));
    }
    let claimed_lifetime = claims.exp.saturating_sub(claims.iat);
    if claimed_lifetime > max_lifetime_secs.saturating_add(CLOCK_LEEWAY_SECS) {
        return Err(TokenError::Invalid(format!(
            "claims a lifetime of {claimed_lifetime} s, longer than the {max_lifetime_secs} s issued"
        )));
    }
    if now >= claims.exp {
        return Err(TokenError::Expired);
    }
    Ok(())
}

/// A fresh random signing secret (64 bytes from the OS RNG, URL-safe base64), for a
/// development server started without one. Tokens signed with it die with the process.
///
/// # Errors
/// [`TokenError::Issue`] when the OS RNG is unavailable.
pub fn random_secret() -> Result<SecretString, TokenError> {
    let mut bytes = [0_u8; 64];
    OsRng
        .try_fill_bytes(&mut bytes)
        .map_err(|error| TokenError::Issue(anyhow::Error::new(error).context("OS RNG failed")))?;
    Ok(SecretString::from(URL_SAFE_NO_PAD.encode(bytes)))
}

impl TokenIssuer for JwtTokenIssuer {
    fn issue_access(
        &self,
        user: UserId,
        issued_at: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<AccessToken, TokenError> {
        let claims = Claims {
            sub: user.to_string(),
            token_type: ACCESS_TYPE.to_owned(),
            iat: issued_at.timestamp(),
            exp: expires_at.timestamp(),
            nbf: None,
        };
        let token = jsonwebtoken::encode(&Header::new(ALGORITHM), &claims, &self.encoding)
            .map_err(|error| TokenError::Issue(anyhow::Error::new(error).context("JWT signing")))?;
        // The token carries whole seconds; report the expiry it really has.
        let expires_at = DateTime::from_timestamp(claims.exp, 0).ok_or_else(|| {
            TokenError::Issue(anyhow::anyhow!("expiry {} is out of range", claims.exp))
        })?;
        Ok(AccessToken { token, expires_at })
    }

    fn verify_access(&self, token: &str, now: DateTime<Utc>) -> Result<UserId, TokenError> {
        let claims = jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation)
            .map_err(|error| TokenError::Invalid(error.to_string()))?
            .claims;
        if claims.token_type != ACCESS_TYPE {
            return Err(TokenError::Invalid(format!(
                "token type {:?} is not an access token",
                claims.token_type
            )));
        }
        check_times(&claims, now.timestamp(), self.max_lifetime_secs)?;
        claims
            .sub
            .parse()
            .map_err(|_| TokenError::Invalid("subject is not a user id".to_owned()))
    }

    fn new_refresh_token(&self) -> Result<IssuedRefreshToken, TokenError> {
        refresh::generate_refresh_token()
    }

    fn hash_refresh_token(&self, token: &str) -> String {
        refresh::hash_refresh_token(token)
    }
}

#[cfg(test)]
mod tests;
