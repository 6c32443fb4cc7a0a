//! The embedded migrations apply, revert completely and re-apply.

use std::collections::BTreeSet;

use diesel::sql_types::Text;
use diesel::{PgConnection, QueryableByName, RunQueryDsl as _};
use tastebuds_postgres::migrations;
use tastebuds_testkit::TestDb;

use crate::support;

/// Every user-visible object of the database, as `kind name` lines, minus Diesel's
/// bookkeeping table.
fn catalog(conn: &mut PgConnection) -> BTreeSet<String> {
    #[derive(QueryableByName)]
    struct Object {
        #[diesel(sql_type = Text)]
        object: String,
    }
    let query = r"
        SELECT 'relation ' || c.relname AS object FROM pg_class c
            WHERE c.relnamespace = 'public'::regnamespace
        UNION ALL SELECT 'type ' || t.typname FROM pg_type t
            WHERE t.typnamespace = 'public'::regnamespace
        UNION ALL SELECT 'function ' || p.proname FROM pg_proc p
            WHERE p.pronamespace = 'public'::regnamespace
        UNION ALL SELECT 'extension ' || e.extname FROM pg_extension e
        UNION ALL SELECT 'ts_config ' || cfg.cfgname FROM pg_ts_config cfg
            WHERE cfg.cfgnamespace = 'public'::regnamespace
        UNION ALL SELECT 'trigger ' || tg.tgname FROM pg_trigger tg
            JOIN pg_class c ON c.oid = tg.tgrelid
            WHERE c.relnamespace = 'public'::regnamespace AND NOT tg.tgisinternal";
    diesel::sql_query(query)
        .load::<Object>(conn)
        .unwrap()
        .into_iter()
        .map(|o| o.object)
        .filter(|object| !object.contains("__diesel_schema_migrations"))
        .collect()
}

fn revert_all(conn: &mut PgConnection) -> Vec<String> {
    let mut reverted = Vec::new();
    while let Some(name) = migrations::revert_last(conn).unwrap() {
        reverted.push(name);
    }
    reverted
}

#[test]
fn up_down_up_leaves_nothing_behind_and_works_again() {
    let db = TestDb::empty();
    let mut conn = db.connect();
    let before = catalog(&mut conn);

    let applied = migrations::run_pending(&mut conn).unwrap();
    let all: Vec<String> = migrations::status(&mut conn)
        .unwrap()
        .into_iter()
        .map(|status| {
            assert!(status.applied, "{} not applied", status.name);
            status.name
        })
        .collect();
    assert_eq!(applied, all);
    assert_eq!(
        applied.first().map(String::as_str),
        Some("00000000000000_diesel_initial_setup")
    );
    assert!(catalog(&mut conn).len() > before.len());

    let mut reverted = revert_all(&mut conn);
    reverted.reverse();
    assert_eq!(reverted, all, "every migration is reverted, newest first");
    let after = catalog(&mut conn);
    assert_eq!(
        after.symmetric_difference(&before).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "down.sql files must remove exactly what up.sql created"
    );
    assert!(
        migrations::status(&mut conn)
            .unwrap()
            .iter()
            .all(|s| !s.applied)
    );

    assert_eq!(migrations::run_pending(&mut conn).unwrap(), all);
    let user = support::insert_user(&mut conn);
    support::insert_tag(&mut conn, Some(user), "comfort");
    support::insert_media_item(&mut conn, "book", "Dune");
    assert_eq!(support::count(&mut conn, "SELECT count(*) FROM tags"), 1);
}

#[test]
fn run_pending_is_a_no_op_when_current_and_revert_on_empty_is_none() {
    let db = TestDb::new();
    let mut conn = db.connect();
    assert_eq!(
        migrations::run_pending(&mut conn).unwrap(),
        Vec::<String>::new()
    );

    let empty = TestDb::empty();
    let mut conn = empty.connect();
    assert_eq!(migrations::revert_last(&mut conn).unwrap(), None);
}

#[test]
fn revert_last_names_the_newest_migration() {
    let db = TestDb::new();
    let mut conn = db.connect();
    let newest = migrations::status(&mut conn).unwrap().pop().unwrap();
    assert_eq!(
        migrations::revert_last(&mut conn).unwrap(),
        Some(newest.name.clone())
    );
    let status = migrations::status(&mut conn).unwrap();
    assert!(!status.last().unwrap().applied);
    assert_eq!(
        migrations::run_pending(&mut conn).unwrap(),
        vec![newest.name]
    );
}

#[test]
fn fingerprint_is_a_sha256_hex_digest() {
    assert_eq!(migrations::FINGERPRINT.len(), 64);
    assert!(
        migrations::FINGERPRINT
            .chars()
            .all(|c| c.is_ascii_hexdigit())
    );
}
