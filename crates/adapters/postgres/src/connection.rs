//! A single, unpooled connection: for migrations and one-off administration.

use anyhow::Context as _;
use diesel::{Connection as _, PgConnection};
use secrecy::{ExposeSecret as _, SecretString};

/// Opens one connection to `url`.
///
/// # Errors
/// Fails when the server cannot be reached or refuses the connection. The URL itself is
/// never part of the error (it may carry a password).
pub fn connect(url: &SecretString) -> anyhow::Result<PgConnection> {
    PgConnection::establish(url.expose_secret()).context("connecting to PostgreSQL")
}
