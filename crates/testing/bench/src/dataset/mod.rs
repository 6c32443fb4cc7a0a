//! Synthetic datasets at scale, kept between runs in databases named by size
//! (`tastebuds_bench_10k`, `tastebuds_bench_1m`). A database is reused when its comment
//! says it holds a complete load of this shape from the current migrations' template;
//! otherwise it is dropped, cloned from the template and loaded again.

mod load;
pub mod rows;
pub mod shape;
pub mod words;

use std::time::{Duration, Instant};

use anyhow::Context as _;
use secrecy::SecretString;
use tastebuds_testkit::{Server, TestDb, template_database};

use crate::psql;
use shape::{PASSWORD, Shape};

/// A dataset ready to be measured.
pub struct Dataset {
    /// Its shape.
    pub shape: Shape,
    /// Its database's URL.
    pub url: SecretString,
    /// How long the load took, when this run loaded it (`None`: reused).
    pub loaded_in: Option<Duration>,
}

/// The comment that marks a complete load.
fn marker(shape: &Shape, template: &str) -> String {
    format!(
        "tastebuds-bench dataset v2: items={}, template={template}",
        shape.items
    )
}

/// The dataset of `shape`, loaded now unless a complete one is there; every user's
/// password is `bench-password` hashed at `bcrypt_cost`.
///
/// # Errors
/// Fails when no PostgreSQL server answers, psql is missing, or the load fails.
pub fn ensure(shape: Shape, bcrypt_cost: u32) -> anyhow::Result<Dataset> {
    // Creating (and dropping) a test database builds the template when it is stale.
    drop(TestDb::try_new().context("preparing the migrated template database")?);
    let server = Server::get()?;
    let template = template_database();
    let database = shape.database();
    let maintenance = server.url_for("postgres");
    let url = server.url_for(&database);
    let wanted = marker(&shape, &template);
    let current = psql::query(
        &maintenance,
        &format!(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = {}",
            psql::literal(&database)
        ),
    )?;
    let hash = bcrypt::hash(PASSWORD, bcrypt_cost).context("hashing the users' password")?;
    if current == wanted {
        println!(
            "dataset {database}: reusing the complete load of {} items",
            shape.items
        );
        rehash_if_needed(&url, &hash, bcrypt_cost)?;
        return Ok(Dataset {
            shape,
            url,
            loaded_in: None,
        });
    }
    println!("dataset {database}: loading {} items", shape.items);
    let started = Instant::now();
    psql::query(
        &maintenance,
        &format!("DROP DATABASE IF EXISTS {database} WITH (FORCE)"),
    )?;
    psql::query(
        &maintenance,
        &format!("CREATE DATABASE {database} TEMPLATE {template} STRATEGY = FILE_COPY"),
    )?;
    load::load(
        &url,
        &shape,
        &rows::Context {
            password_hash: hash,
        },
    )?;
    println!("dataset {database}: VACUUM ANALYZE");
    psql::query(&url, "VACUUM (ANALYZE)")?;
    psql::query(
        &maintenance,
        &format!(
            "COMMENT ON DATABASE {database} IS {}",
            psql::literal(&wanted)
        ),
    )?;
    let loaded_in = started.elapsed();
    println!(
        "dataset {database}: {} items loaded in {:.0} s",
        shape.items,
        loaded_in.as_secs_f64()
    );
    Ok(Dataset {
        shape,
        url,
        loaded_in: Some(loaded_in),
    })
}

/// Re-hashes the users' password when the dataset was loaded at another bcrypt cost, so
/// logins verify at the cost being measured.
fn rehash_if_needed(url: &SecretString, hash: &str, cost: u32) -> anyhow::Result<()> {
    psql::query(
        url,
        &format!(
            "UPDATE users SET hashed_password = {} WHERE hashed_password NOT LIKE {}",
            psql::literal(hash),
            psql::literal(&format!("$2_${cost:02}$%"))
        ),
    )?;
    Ok(())
}
