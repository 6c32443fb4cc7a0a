//! docs/schema.md describes every table, column, constraint, index and trigger that the
//! migrations create: a migration that adds one fails here until the page says what it
//! is, and a page that names a dropped table or column fails too.

use std::collections::{BTreeMap, BTreeSet};

use diesel::sql_types::Text;
use diesel::{PgConnection, QueryableByName, RunQueryDsl as _};
use tastebuds_testkit::TestDb;

const DOC: &str = include_str!("../../../../../docs/schema.md");

#[derive(QueryableByName)]
struct Named {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    name: String,
}

fn named(conn: &mut PgConnection, sql: &str) -> Vec<Named> {
    diesel::sql_query(sql).load(conn).unwrap()
}

/// The page's tables (`### \`name\`` headings), each with its section's text and the
/// columns of its table (`| \`column\` | …` rows).
fn documented() -> BTreeMap<String, (String, BTreeSet<String>)> {
    let mut tables: BTreeMap<String, (String, BTreeSet<String>)> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in DOC.lines() {
        if let Some(heading) = line.strip_prefix("### ") {
            current = heading
                .trim()
                .strip_prefix('`')
                .and_then(|rest| rest.strip_suffix('`'))
                .map(str::to_owned);
            if let Some(table) = &current {
                tables.entry(table.clone()).or_default();
            }
            continue;
        }
        if line.starts_with("## ") {
            current = None;
        }
        let Some(table) = &current else { continue };
        let entry = tables.entry(table.clone()).or_default();
        entry.0.push_str(line);
        entry.0.push('\n');
        if let Some(column) = line
            .strip_prefix("| `")
            .and_then(|rest| rest.split_once('`'))
            .map(|(column, _)| column)
        {
            entry.1.insert(column.to_owned());
        }
    }
    tables
}

#[test]
fn the_schema_page_names_every_table_column_constraint_index_and_trigger() {
    let db = TestDb::new();
    let mut conn = db.connect();
    let columns = named(
        &mut conn,
        "SELECT table_name::text, column_name::text AS name FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name <> '__diesel_schema_migrations'
         ORDER BY table_name, ordinal_position",
    );
    let constraints = named(
        &mut conn,
        "SELECT c.conrelid::regclass::text AS table_name, c.conname::text AS name
         FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
         WHERE n.nspname = 'public' AND c.conrelid <> 0 AND c.contype <> 'n'
           AND c.conrelid::regclass::text <> '__diesel_schema_migrations'",
    );
    let indexes = named(
        &mut conn,
        "SELECT tablename::text AS table_name, indexname::text AS name FROM pg_indexes
         WHERE schemaname = 'public' AND tablename <> '__diesel_schema_migrations'",
    );
    let triggers = named(
        &mut conn,
        "SELECT t.tgrelid::regclass::text AS table_name, t.tgname::text AS name
         FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND NOT t.tgisinternal",
    );

    let doc = documented();
    let mut problems = Vec::new();
    let tables: BTreeSet<&str> = columns.iter().map(|c| c.table_name.as_str()).collect();
    for table in &tables {
        if !doc.contains_key(*table) {
            problems.push(format!(
                "table `{table}`: add a section headed ### `{table}` with a column table"
            ));
        }
    }
    for column in &columns {
        let Some((_, documented_columns)) = doc.get(&column.table_name) else {
            continue;
        };
        if !documented_columns.contains(&column.name) {
            problems.push(format!(
                "column `{table}.{name}`: add the row | `{name}` | <type> | <null> | <default> | <notes> | \
                 under ### `{table}`",
                table = column.table_name,
                name = column.name
            ));
        }
    }
    for (kind, rows) in [
        ("constraint", &constraints),
        ("index", &indexes),
        ("trigger", &triggers),
    ] {
        for row in rows {
            let mentioned = doc
                .get(&row.table_name)
                .is_some_and(|(text, _)| text.contains(&format!("`{}`", row.name)));
            if !mentioned {
                problems.push(format!(
                    "{kind} `{name}` on `{table}`: name it (as `{name}`, with its definition) in the \
                     Constraints/Indexes/Triggers list under ### `{table}`",
                    name = row.name,
                    table = row.table_name
                ));
            }
        }
    }
    for (table, (_, documented_columns)) in &doc {
        if !tables.contains(table.as_str()) {
            problems.push(format!("section ### `{table}`: no such table, remove it"));
            continue;
        }
        for column in documented_columns {
            if !columns
                .iter()
                .any(|c| c.table_name == *table && c.name == *column)
            {
                problems.push(format!(
                    "`{table}.{column}`: no such column, remove its row"
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "docs/schema.md is out of date with the migrations:\n  {}",
        problems.join("\n  ")
    );
}

#[test]
fn the_page_parser_reads_sections_and_column_rows() {
    let doc = documented();
    let (text, columns) = &doc["users"];
    assert!(columns.contains("email") && columns.contains("hashed_password"));
    assert!(text.contains("`users_email_key`"));
    assert!(!columns.contains("Column"), "the header row is no column");
    assert!(doc.len() >= 21, "{:?}", doc.keys());
}
