#![doc = include_str!("../README.md")]

mod blocking;
mod config;
mod error;
mod hasher;
mod jwt;
mod refresh;

pub use config::AuthConfig;
pub use error::AuthSetupError;
pub use hasher::{BcryptHasher, DEFAULT_BCRYPT_COST};
pub use jwt::{CLOCK_LEEWAY_SECS, JwtTokenIssuer, random_secret};
pub use refresh::{REFRESH_TOKEN_BYTES, generate_refresh_token, hash_refresh_token};
