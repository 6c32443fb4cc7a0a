//! The committed `schema.rs` matches what the migrations create, without diesel_cli:
//! its `diesel::table!` blocks are parsed and compared with `information_schema`.

use std::collections::BTreeSet;

use diesel::sql_types::{Integer, Nullable, Text};
use diesel::{QueryableByName, RunQueryDsl as _};
use tastebuds_testkit::TestDb;

const SCHEMA_RS: &str = include_str!("../../src/schema.rs");

/// `table.column: Type` lines, with `Nullable<…>` and `max_length` as Diesel writes them.
fn from_schema_rs(source: &str) -> BTreeSet<String> {
    let mut columns = BTreeSet::new();
    // The table whose column list is open (`name (primary key) {` … `}`).
    let mut table: Option<String> = None;
    let mut max_length: Option<String> = None;
    let mut sql_name: Option<String> = None;
    for line in source.lines().map(str::trim) {
        let Some(current) = table.as_deref() else {
            table = line
                .strip_suffix('{')
                .and_then(|head| head.split_once(" ("))
                .map(|(name, _)| name)
                .filter(|name| !name.contains(' ') && !name.contains(':'))
                .map(str::to_owned);
            continue;
        };
        if line == "}" {
            table = None;
        } else if let Some(value) = attribute(line, "max_length") {
            max_length = Some(value);
        } else if let Some(value) = attribute(line, "sql_name") {
            sql_name = Some(value.trim_matches('"').to_owned());
        } else if let Some((name, ty)) = line.trim_end_matches(',').split_once(" -> ") {
            let name = sql_name.take().unwrap_or_else(|| name.to_owned());
            let length = max_length
                .take()
                .map(|n| format!(" max_length={n}"))
                .unwrap_or_default();
            columns.insert(format!("{current}.{name}: {ty}{length}"));
        }
    }
    columns
}

fn attribute(line: &str, name: &str) -> Option<String> {
    let inner = line.strip_prefix("#[")?.strip_suffix(']')?;
    let (key, value) = inner.split_once('=')?;
    (key.trim() == name).then(|| value.trim().to_owned())
}

#[derive(QueryableByName)]
struct Column {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Text)]
    is_nullable: String,
    #[diesel(sql_type = Text)]
    udt_name: String,
    #[diesel(sql_type = Text)]
    data_type: String,
    #[diesel(sql_type = Nullable<Integer>)]
    character_maximum_length: Option<i32>,
}

/// The same lines, from a freshly migrated database.
fn from_database() -> BTreeSet<String> {
    let db = TestDb::new();
    let mut conn = db.connect();
    let columns: Vec<Column> = diesel::sql_query(
        "SELECT table_name::text, column_name::text, is_nullable::text, udt_name::text,
                data_type::text, character_maximum_length::int4
         FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name <> '__diesel_schema_migrations'",
    )
    .load(&mut conn)
    .unwrap();
    columns
        .into_iter()
        .map(|column| {
            let base = diesel_type(&column.udt_name, &column.data_type);
            let ty = if column.is_nullable == "YES" {
                format!("Nullable<{base}>")
            } else {
                base
            };
            let length = column
                .character_maximum_length
                .map(|n| format!(" max_length={n}"))
                .unwrap_or_default();
            format!("{}.{}: {ty}{length}", column.table_name, column.column_name)
        })
        .collect()
}

/// Diesel's name for a PostgreSQL type, as `print-schema` writes it.
fn diesel_type(udt_name: &str, data_type: &str) -> String {
    let known = match udt_name {
        "uuid" => "Uuid",
        "varchar" => "Varchar",
        "text" => "Text",
        "int2" => "Int2",
        "int4" => "Int4",
        "int8" => "Int8",
        "bool" => "Bool",
        "timestamptz" => "Timestamptz",
        "timestamp" => "Timestamp",
        "date" => "Date",
        "jsonb" => "Jsonb",
        "json" => "Json",
        "float8" => "Float8",
        // Generated as a custom `sql_types::Tsvector` (no extra crate).
        "tsvector" => "Tsvector",
        _ if data_type == "USER-DEFINED" => return pascal_case(udt_name),
        other => return format!("<unmapped {other}>"),
    };
    known.to_owned()
}

fn pascal_case(snake: &str) -> String {
    snake
        .split('_')
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

#[test]
fn schema_rs_matches_the_migrations() {
    let committed = from_schema_rs(SCHEMA_RS);
    let migrated = from_database();
    let only_in_schema_rs: Vec<_> = committed.difference(&migrated).collect();
    let only_in_database: Vec<_> = migrated.difference(&committed).collect();
    assert!(
        only_in_schema_rs.is_empty() && only_in_database.is_empty(),
        "schema.rs drifted from the migrations; regenerate it with `just schema`.\n\
         only in schema.rs: {only_in_schema_rs:#?}\nonly in the migrated database: {only_in_database:#?}"
    );
}

#[test]
fn the_parser_reads_columns_types_and_attributes() {
    let source = r#"
diesel::table! {
    use diesel::sql_types::*;
    use super::sql_types::MediaType;

    things (id) {
        id -> Uuid,
        #[max_length = 12]
        name -> Nullable<Varchar>,
        #[sql_name = "type"]
        type_ -> MediaType,
    }
}
"#;
    let columns: Vec<String> = from_schema_rs(source).into_iter().collect();
    assert_eq!(
        columns,
        [
            "things.id: Uuid",
            "things.name: Nullable<Varchar> max_length=12",
            "things.type: MediaType",
        ]
    );
    assert!(
        from_schema_rs(SCHEMA_RS).len() > 100,
        "the committed schema.rs parses"
    );
    assert_eq!(pascal_case("user_item_log_type"), "UserItemLogType");
}
