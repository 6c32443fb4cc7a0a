//! Counting rows in assertions, and raw SQL for set-up.

use diesel::{PgConnection, RunQueryDsl as _};

/// The value of a `SELECT count(*) …` query.
///
/// # Panics
/// When the query fails or does not return one `count` column; the message names the
/// query.
#[must_use]
pub fn count(conn: &mut PgConnection, query: &str) -> i64 {
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        count: i64,
    }
    diesel::sql_query(query)
        .get_result::<Count>(conn)
        .unwrap_or_else(|error| panic!("`{query}` failed: {error}"))
        .count
}

/// Runs `sql` (one or more statements, no results), for test set-up.
///
/// # Panics
/// When it fails; the message names the SQL.
pub fn execute(conn: &mut PgConnection, sql: &str) {
    use diesel::connection::SimpleConnection as _;
    conn.batch_execute(sql)
        .unwrap_or_else(|error| panic!("`{sql}` failed: {error}"));
}
