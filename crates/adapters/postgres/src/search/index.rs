//! [`PgSearchIndex`]: full-text (`search_vector`, GIN) and similar-title (`pg_trgm` on
//! `media_title_key(title)`, GIN) queries over `media_items`, each one statement that
//! ranks, counts and pages the matches (plus a count for a page past the end), with
//! `in_collection` computed for the page's rows only.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel::sql_types::{
    Array, BigInt, Bool, Date, Float4, Integer, Jsonb, Nullable, Text, Timestamptz, Uuid as SqlUuid,
};
use serde_json::Value;
use tastebuds_kernel::MediaItemId;
use tastebuds_media::{IndexPage, IndexQuery, InternalHit, MediaItem, SearchError, SearchIndex};
use uuid::Uuid;

use crate::error::StoreError;
use crate::media::MediaTypeSql;
use crate::pool::PgPool;
use crate::schema::sql_types::MediaType as SqlMediaType;

/// [`SearchIndex`] on PostgreSQL.
#[derive(Clone, Debug)]
pub struct PgSearchIndex {
    pool: PgPool,
}

impl PgSearchIndex {
    /// An index using `pool`.
    #[must_use]
    pub fn new(pool: PgPool) -> Self {
        Self { pool }
    }
}

/// `$2`: the `types` filter as text labels (empty: all kinds). The cast to the enum
/// array keeps `ix_media_items_media_type` usable.
const TYPES: &str = "(cardinality($2::text[]) = 0 OR m.media_type = ANY($2::text[]::media_type[]))";

/// A page statement: the matches `matches` ranked by `score` (best first, then
/// lowercased title, then id), with the number of all matches on every row, then the
/// page's rows joined back for their columns and whether viewer `$5` has a state or any
/// log for each (false when anonymous). Counting in the same pass as ranking means the
/// heap pages of the matches are visited once, not once for the count and again for the
/// page: at a million items, a common word's ~27,000 matches cost that twice otherwise.
///
/// The matches are scored in a subquery the planner may not flatten (`OFFSET 0`): it
/// would otherwise compute the score above the window, so the window's row store would
/// hold every match's whole `search_vector` and spill to temporary files (26 MB written
/// and read again per common-word search at a million items).
fn page_sql(score: &str, matches: &str) -> String {
    format!(
        "WITH ranked AS ( \
           SELECT id, score, title_key, count(*) OVER () AS total \
           FROM (SELECT m.id, {score} AS score, lower(m.title) AS title_key \
                 {matches} OFFSET 0) scored \
           ORDER BY score DESC, title_key, id OFFSET $3 LIMIT $4) \
         SELECT p.id, p.media_type, p.title, p.subtitle, p.description, p.release_date, \
                p.cover_image_url, p.canonical_url, p.metadata, p.created_at, p.updated_at, \
                r.total, \
                ($5::uuid IS NOT NULL AND ( \
                    EXISTS (SELECT 1 FROM user_item_states s \
                            WHERE s.user_id = $5 AND s.media_item_id = p.id) \
                    OR EXISTS (SELECT 1 FROM user_item_logs l \
                               WHERE l.user_id = $5 AND l.media_item_id = p.id))) AS in_collection \
         FROM ranked r JOIN media_items p ON p.id = r.id \
         ORDER BY r.score DESC, r.title_key, r.id"
    )
}

/// Full-text statements (the count, for a page past the end, and the page) with the
/// tsquery builder `builder`.
fn full_text_sql(builder: &str) -> (String, String) {
    let matches = format!(
        "FROM media_items m, {builder}('english_unaccent', $1) q \
         WHERE m.search_vector @@ q AND {TYPES}"
    );
    let count = format!("SELECT count(*) AS total {matches}");
    let page = page_sql("ts_rank_cd(m.search_vector, q)", &matches);
    (count, page)
}

/// Similar-title statements; the threshold is set for the transaction.
fn similar_sql() -> (String, String) {
    let matches = format!(
        "FROM media_items m WHERE media_title_key(m.title) %> media_title_key($1) AND {TYPES}"
    );
    let count = format!("SELECT count(*) AS total {matches}");
    let page = page_sql(
        "word_similarity(media_title_key($1), media_title_key(m.title))",
        &matches,
    );
    (count, page)
}

#[derive(QueryableByName)]
struct Total {
    #[diesel(sql_type = BigInt)]
    total: i64,
}

#[derive(QueryableByName)]
struct HitRow {
    #[diesel(sql_type = SqlUuid)]
    id: Uuid,
    #[diesel(sql_type = SqlMediaType)]
    media_type: MediaTypeSql,
    #[diesel(sql_type = Text)]
    title: String,
    #[diesel(sql_type = Nullable<Text>)]
    subtitle: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    description: Option<String>,
    #[diesel(sql_type = Nullable<Date>)]
    release_date: Option<NaiveDate>,
    #[diesel(sql_type = Nullable<Text>)]
    cover_image_url: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    canonical_url: Option<String>,
    #[diesel(sql_type = Nullable<Jsonb>)]
    metadata: Option<Value>,
    #[diesel(sql_type = Timestamptz)]
    created_at: DateTime<Utc>,
    #[diesel(sql_type = Timestamptz)]
    updated_at: DateTime<Utc>,
    #[diesel(sql_type = BigInt)]
    total: i64,
    #[diesel(sql_type = Bool)]
    in_collection: bool,
}

impl From<HitRow> for InternalHit {
    fn from(row: HitRow) -> Self {
        Self {
            item: MediaItem {
                id: MediaItemId::from_uuid(row.id),
                media_type: row.media_type.0,
                title: row.title,
                subtitle: row.subtitle,
                description: row.description,
                release_date: row.release_date,
                cover_image_url: row.cover_image_url,
                canonical_url: row.canonical_url,
                metadata: row.metadata.unwrap_or(Value::Null),
                created_at: row.created_at,
                updated_at: row.updated_at,
            },
            in_collection: row.in_collection,
        }
    }
}

/// The bind values of one query.
#[derive(Clone)]
struct Binds {
    text: String,
    types: Vec<String>,
    offset: i64,
    limit: i32,
    viewer: Option<Uuid>,
}

impl From<&IndexQuery> for Binds {
    fn from(query: &IndexQuery) -> Self {
        Self {
            text: query.text.clone(),
            types: query.types.iter().map(|t| t.as_str().to_owned()).collect(),
            offset: i64::try_from(query.offset).unwrap_or(i64::MAX),
            limit: i32::try_from(query.limit).unwrap_or(i32::MAX),
            viewer: query.viewer.map(|viewer| viewer.as_uuid()),
        }
    }
}

/// Runs the page statement, and the count only when the page is empty (a page past
/// the end carries no row to read the total from).
fn count_and_page(
    conn: &mut PgConnection,
    (count, page): &(String, String),
    binds: &Binds,
) -> QueryResult<(i64, Vec<HitRow>)> {
    let rows = diesel::sql_query(page)
        .bind::<Text, _>(&binds.text)
        .bind::<Array<Text>, _>(&binds.types)
        .bind::<BigInt, _>(binds.offset)
        .bind::<Integer, _>(binds.limit)
        .bind::<Nullable<SqlUuid>, _>(binds.viewer)
        .load::<HitRow>(conn)?;
    if let Some(first) = rows.first() {
        return Ok((first.total, rows));
    }
    if binds.offset == 0 {
        return Ok((0, rows));
    }
    let total = diesel::sql_query(count)
        .bind::<Text, _>(&binds.text)
        .bind::<Array<Text>, _>(&binds.types)
        .get_result::<Total>(conn)?
        .total;
    Ok((total, rows))
}

fn to_page((total, rows): (i64, Vec<HitRow>)) -> IndexPage {
    IndexPage {
        hits: rows.into_iter().map(InternalHit::from).collect(),
        total: u64::try_from(total).unwrap_or(0),
    }
}

#[async_trait]
impl SearchIndex for PgSearchIndex {
    async fn full_text(&self, query: &IndexQuery) -> Result<IndexPage, SearchError> {
        let binds = Binds::from(query);
        self.pool
            .run(move |conn| {
                let web = full_text_sql("websearch_to_tsquery");
                match count_and_page(conn, &web, &binds) {
                    // A query websearch syntax will not take is re-run as plain words.
                    Err(diesel::result::Error::DatabaseError(..)) => {
                        count_and_page(conn, &full_text_sql("plainto_tsquery"), &binds)
                    }
                    other => other,
                }
                .map_err(StoreError::from)
            })
            .await
            .map(to_page)
            .map_err(|error| error.into_domain("searching the catalog"))
    }

    async fn similar_titles(&self, query: &IndexQuery) -> Result<IndexPage, SearchError> {
        let binds = Binds::from(query);
        let threshold = query.min_similarity;
        self.pool
            .run(move |conn| {
                conn.transaction(|conn| {
                    diesel::sql_query(
                        "SELECT set_config('pg_trgm.word_similarity_threshold', $1::text, true)",
                    )
                    .bind::<Float4, _>(threshold)
                    .execute(conn)?;
                    count_and_page(conn, &similar_sql(), &binds)
                })
                .map_err(StoreError::from)
            })
            .await
            .map(to_page)
            .map_err(|error| error.into_domain("searching similar titles"))
    }
}

#[cfg(test)]
mod tests {
    use diesel::sql_types::{Array, BigInt, Integer, Nullable, Text, Uuid as SqlUuid};
    use diesel::{QueryableByName, RunQueryDsl as _};
    use serde_json::Value;
    use tastebuds_testkit::TestDb;

    use super::{full_text_sql, similar_sql};

    #[derive(QueryableByName)]
    struct Plan {
        #[diesel(sql_type = Text, column_name = "QUERY PLAN")]
        json: String,
    }

    /// The output columns of every node right below a `WindowAgg` in `plan`.
    fn window_inputs(plan: &Value, into: &mut Vec<String>) {
        let children = plan["Plans"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default();
        if plan["Node Type"] == "WindowAgg" {
            for child in children {
                let output = child["Output"]
                    .as_array()
                    .map(Vec::as_slice)
                    .unwrap_or_default();
                into.extend(output.iter().filter_map(Value::as_str).map(str::to_owned));
            }
        }
        for child in children {
            window_inputs(child, into);
        }
    }

    #[test]
    fn the_count_over_the_matches_keeps_their_scores_not_the_columns_scored() {
        let db = TestDb::new();
        let mut conn = db.connect();
        for (_, page) in [full_text_sql("websearch_to_tsquery"), similar_sql()] {
            let plan = diesel::sql_query(format!("EXPLAIN (VERBOSE, FORMAT JSON) {page}"))
                .bind::<Text, _>("shadow")
                .bind::<Array<Text>, _>(Vec::<String>::new())
                .bind::<BigInt, _>(0)
                .bind::<Integer, _>(20)
                .bind::<Nullable<SqlUuid>, _>(None::<uuid::Uuid>)
                .get_result::<Plan>(&mut conn)
                .unwrap();
            let plan: Value = serde_json::from_str(&plan.json).unwrap();
            let mut inputs = Vec::new();
            window_inputs(&plan[0]["Plan"], &mut inputs);
            assert_eq!(inputs.len(), 3, "{inputs:?}");
            // Computed below the window, whether or not the subquery's scan stays.
            assert!(
                !inputs
                    .iter()
                    .any(|column| column == "m.search_vector" || column == "m.title"),
                "the window stores the columns the score is computed from: {inputs:?}"
            );
        }
    }
}
