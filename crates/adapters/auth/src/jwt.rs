//! HS256 access tokens (API.md §1.3) and the [`TokenIssuer`] port.
//!
//! Claims: `sub` (user UUID), `type` (`"access"`), `iat`, `exp` (Unix seconds).
//! Verification pins the algorithm to HS256 (so `alg: none`, HS512, RS256… are refused
//! before any signature check), requires `exp` and `sub`, and accepts only
//! `type: "access"`. Expiry is checked against the `now` the service passes in, with
//! no leeway, instead of jsonwebtoken's own wall-clock check, so that issuing and
//! verifying read the same clock.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
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

#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    sub: String,
    #[serde(rename = "type")]
    token_type: String,
    iat: i64,
    exp: i64,
}

/// Signs and verifies HS256 access tokens and makes opaque refresh tokens.
pub struct JwtTokenIssuer {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

impl std::fmt::Debug for JwtTokenIssuer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JwtTokenIssuer")
            .field("algorithm", &ALGORITHM)
            .finish_non_exhaustive()
    }
}

impl JwtTokenIssuer {
    /// An issuer signing with `secret`.
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
        validation.leeway = 0;
        Ok(Self {
            encoding: EncodingKey::from_secret(bytes),
            decoding: DecodingKey::from_secret(bytes),
            validation,
        })
    }
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
        if now.timestamp() >= claims.exp {
            return Err(TokenError::Expired);
        }
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
