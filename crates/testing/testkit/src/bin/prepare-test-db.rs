//! Prepares the test server: rebuilds the template database and drops the databases
//! left behind by killed test processes. Run it before a test run (e.g. as a nextest
//! setup script), never during one.

use anyhow::Context as _;
use clap::Parser;
use diesel::sql_types::Text;
use diesel::{QueryableByName, RunQueryDsl as _};
use tastebuds_postgres::provision::PrivateCluster;
use tastebuds_testkit::{Server, TEST_DATABASE_PREFIX, private_cluster_dir};

/// Prepare the PostgreSQL server the tests use.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    /// Stop the shared private test cluster (if one runs) instead.
    #[arg(long)]
    stop_cluster: bool,
}

#[derive(QueryableByName)]
struct Database {
    #[diesel(sql_type = Text)]
    datname: String,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    if args.stop_cluster {
        return stop_cluster();
    }
    let server = Server::get()?;
    tastebuds_testkit::rebuild_template(server)?;
    println!("rebuilt the template database");
    let mut conn = server.maintenance()?;
    let leftovers: Vec<Database> =
        diesel::sql_query("SELECT datname FROM pg_database WHERE datname LIKE $1 ORDER BY datname")
            .bind::<Text, _>(format!("{}%", TEST_DATABASE_PREFIX.replace('_', "\\_")))
            .load(&mut conn)
            .context("listing leftover test databases")?;
    for Database { datname } in &leftovers {
        diesel::sql_query(format!(
            "DROP DATABASE IF EXISTS \"{datname}\" WITH (FORCE)"
        ))
        .execute(&mut conn)
        .with_context(|| format!("dropping {datname}"))?;
    }
    println!("dropped {} leftover test database(s)", leftovers.len());
    Ok(())
}

fn stop_cluster() -> anyhow::Result<()> {
    let dir = private_cluster_dir();
    match PrivateCluster::running(&dir)? {
        Some(cluster) => {
            cluster.stop()?;
            println!("stopped the private test cluster in {}", dir.display());
        }
        None => println!(
            "the private test cluster in {} is not running",
            dir.display()
        ),
    }
    Ok(())
}
