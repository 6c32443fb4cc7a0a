//! `tastebuds reset-db`: the confirmation, and dropping and re-creating the database
//! `serve` would use, before it is migrated and seeded.

use std::io::{BufRead as _, IsTerminal as _, Write as _};

use tastebuds_postgres::provision::{self, DatabaseOrigin, Provisioned};

/// Asks for confirmation unless `yes`, then drops and re-creates the provisioned
/// database.
///
/// # Errors
/// No confirmation (stdin is not a terminal and `--yes` is missing, or the answer was not
/// the database's name); a URL that names no database; a failed `DROP` or `CREATE`.
pub fn recreate(provisioned: &Provisioned, yes: bool) -> anyhow::Result<()> {
    let database = provision::database_of(&provisioned.url)?;
    if !yes {
        confirm(&database, &provisioned.origin)?;
    }
    provision::recreate_database(&provisioned.url)?;
    super::say(&format!(
        "reset-db: dropped and re-created the database {database}"
    ));
    Ok(())
}

/// Reads the database's name back from a terminal.
fn confirm(database: &str, origin: &DatabaseOrigin) -> anyhow::Result<()> {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        anyhow::bail!(
            "reset-db drops the database `{database}` and everything in it, and stdin is not a \
             terminal to ask on: pass --yes to confirm"
        );
    }
    let whose = match origin {
        DatabaseOrigin::Configured => "the configured DATABASE_URL",
        DatabaseOrigin::LocalServer => "the PostgreSQL server on 127.0.0.1:5432",
        DatabaseOrigin::PrivateCluster { .. } => "the private PostgreSQL cluster",
    };
    eprint!(
        "reset-db drops the database `{database}` of {whose} and everything in it, then \
         migrates and seeds it again.\nType the database name to go on: "
    );
    std::io::stderr().flush()?;
    let mut answer = String::new();
    stdin.lock().read_line(&mut answer)?;
    if answer.trim() == database {
        Ok(())
    } else {
        anyhow::bail!("not confirmed: nothing was dropped")
    }
}
