#![doc = include_str!("../README.md")]

mod config;
mod error;
mod hasher;
mod jwt;
mod pool;
mod refresh;

pub use config::AuthConfig;
pub use error::AuthSetupError;
pub use hasher::{BcryptHasher, DEFAULT_BCRYPT_COST, DEFAULT_HASH_QUEUE};
pub use jwt::{CLOCK_LEEWAY_SECS, JwtTokenIssuer, random_secret};
pub use pool::PoolSize;
pub use refresh::{REFRESH_TOKEN_BYTES, generate_refresh_token, hash_refresh_token};
