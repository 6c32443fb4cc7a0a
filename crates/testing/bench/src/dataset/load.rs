//! Loading a dataset in one transaction through a streamed `psql` script: the loaded
//! tables' secondary indexes and foreign keys are dropped before the `COPY`s and rebuilt
//! after them, with the same definitions (a sorted index build is far faster than a
//! million inserts into GIN, and re-adding a foreign key checks every row in one join
//! instead of one lookup per row), and `media_items.search_vector` is filled by the
//! product's own insert trigger, the extension rows being loaded first so it finds them.

use std::io::{BufWriter, Read as _, Write as _};
use std::process::Stdio;
use std::time::Duration;

use anyhow::{Context as _, bail};
use indicatif::{ProgressBar, ProgressStyle};
use secrecy::SecretString;

use crate::dataset::rows::{Context, tables};
use crate::dataset::shape::Shape;
use crate::psql;

/// The extension tables, whose `AFTER` triggers would re-`UPDATE` every item.
const EXTENSIONS: [&str; 4] = ["book_items", "movie_items", "game_items", "music_items"];

/// Saves and drops the secondary indexes and foreign keys of the tables in `{tables}`.
const BEFORE: &str = r"
BEGIN;
SET LOCAL maintenance_work_mem = '256MB';
CREATE TEMP TABLE bench_indexes ON COMMIT DROP AS
    SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
    FROM pg_index i
    WHERE i.indrelid = ANY({tables})
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid);
CREATE TEMP TABLE bench_foreign_keys ON COMMIT DROP AS
    SELECT conrelid::regclass::text AS tbl, conname::text AS name,
           pg_get_constraintdef(oid) AS def
    FROM pg_constraint
    WHERE contype = 'f' AND conrelid = ANY({tables});
DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT name FROM bench_indexes LOOP
        EXECUTE format('DROP INDEX %s', r.name);
    END LOOP;
    FOR r IN SELECT tbl, name FROM bench_foreign_keys LOOP
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', r.tbl, r.name);
    END LOOP;
END $$;
";

/// Re-creates what [`BEFORE`] dropped and commits.
const AFTER: &str = r"
DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT tbl, name, def FROM bench_foreign_keys LOOP
        EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s', r.tbl, r.name, r.def);
    END LOOP;
    FOR r IN SELECT def FROM bench_indexes LOOP
        EXECUTE r.def;
    END LOOP;
END $$;
COMMIT;
";

/// Loads `shape` into the empty, migrated database at `url`, showing progress.
///
/// # Errors
/// Fails when psql fails (the transaction then leaves the database empty).
pub fn load(url: &SecretString, shape: &Shape, context: &Context) -> anyhow::Result<()> {
    let tables = tables(shape);
    let total: u64 = tables.iter().map(|t| t.rows).sum();
    let bar = ProgressBar::new(total).with_style(
        ProgressStyle::with_template(
            "{msg:>16} [{bar:40}] {human_pos}/{human_len} rows ({per_sec}, eta {eta})",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    let mut child = psql::command(url)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .context("starting psql (install the PostgreSQL client)")?;
    let written = match child.stdin.take() {
        Some(stdin) => stream(stdin, shape, context, &tables, &bar),
        None => Err(anyhow::anyhow!("psql has no stdin")),
    };
    bar.finish_and_clear();
    let spinner =
        ProgressBar::new_spinner().with_message("building indexes and foreign keys, committing");
    spinner.enable_steady_tick(Duration::from_millis(200));
    let status = child.wait().context("waiting for psql")?;
    spinner.finish_and_clear();
    let mut errors = String::new();
    if let Some(mut stderr) = child.stderr.take() {
        let _ = stderr.read_to_string(&mut errors);
    }
    if !status.success() {
        bail!("loading the dataset failed: {}", errors.trim());
    }
    written.context("streaming the dataset to psql")?;
    Ok(())
}

fn stream(
    stdin: std::process::ChildStdin,
    shape: &Shape,
    context: &Context,
    tables: &[crate::dataset::rows::Table],
    bar: &ProgressBar,
) -> anyhow::Result<()> {
    let mut out = BufWriter::with_capacity(1 << 20, stdin);
    let names: Vec<String> = tables.iter().map(|t| format!("'{}'", t.name)).collect();
    let array = format!("ARRAY[{}]::regclass[]", names.join(", "));
    out.write_all(BEFORE.replace("{tables}", &array).as_bytes())?;
    for table in EXTENSIONS {
        writeln!(
            out,
            "ALTER TABLE {table} DISABLE TRIGGER {table}_search_vector;"
        )?;
    }
    let mut line = String::with_capacity(1_024);
    for table in tables {
        bar.set_message(table.name);
        writeln!(
            out,
            "COPY {} ({}) FROM STDIN (FORMAT csv);",
            table.name, table.columns
        )?;
        for n in 0..table.rows {
            line.clear();
            table.row(shape, context, n, &mut line);
            out.write_all(line.as_bytes())?;
            if n % 4_096 == 4_095 {
                bar.inc(4_096);
            }
        }
        bar.inc(table.rows % 4_096);
        writeln!(out, "\\.")?;
    }
    for table in EXTENSIONS {
        writeln!(
            out,
            "ALTER TABLE {table} ENABLE TRIGGER {table}_search_vector;"
        )?;
    }
    out.write_all(AFTER.as_bytes())?;
    out.flush()?;
    Ok(())
}
