//! The plans of the search and list queries the server runs, at the largest dataset: the
//! runner calls the real PostgreSQL stores in-process (the code the server runs), records
//! every statement they send through a Diesel instrumentation, and `EXPLAIN`s each read
//! with its own bind values through psql. A sequential scan on one of the big tables
//! fails the run.

mod binds;

use std::sync::{LazyLock, Mutex, Once};

use anyhow::Context as _;
use diesel::connection::{Instrumentation, InstrumentationEvent, set_default_instrumentation};
use secrecy::SecretString;
use tastebuds_curation::{MenuLookup, MenuQueries as _, Slug};
use tastebuds_kernel::{MediaItemId, MenuId, UserId};
use tastebuds_media::{AvailabilityStore as _, IndexQuery, SearchIndex as _};
use tastebuds_postgres::{
    PgAvailabilityStore, PgConfig, PgMenuQueries, PgPool, PgSearchIndex, PgUserStateRepository,
};
use tastebuds_user_state::{LogFilter, UserStateRepository as _};

use crate::dataset::shape::{Kind, Shape, id};
use crate::dataset::words::{COMMON_WORD, MISSPELT_WORD, RARE_WORD};
use crate::psql;

/// Tables on which a sequential scan fails the run.
pub const BIG_TABLES: [&str; 4] = [
    "media_items",
    "course_items",
    "user_item_states",
    "user_item_logs",
];

static SENT: LazyLock<Mutex<Vec<String>>> = LazyLock::new(Mutex::default);

struct Recorder;

impl Instrumentation for Recorder {
    fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
        if let InstrumentationEvent::StartQuery { query, .. } = event
            && let Ok(mut sent) = SENT.lock()
        {
            sent.push(query.to_string());
        }
    }
}

/// One explained statement.
pub struct Plan {
    /// Which store call sent it.
    pub call: String,
    /// The plan's lines.
    pub lines: Vec<String>,
    /// The plan lines that scan a big table sequentially.
    pub seq_scans: Vec<String>,
}

/// What [`explain_all`] found.
pub struct Plans {
    /// Every explained read.
    pub plans: Vec<Plan>,
    /// Statements that could not be explained, with why.
    pub skipped: Vec<String>,
}

impl Plans {
    /// Whether any plan scans a big table sequentially.
    #[must_use]
    pub fn has_seq_scan(&self) -> bool {
        self.plans.iter().any(|plan| !plan.seq_scans.is_empty())
    }
}

/// Runs every search and list read of the stores against the dataset at `url` and
/// explains what they sent.
///
/// # Errors
/// Fails when the pool cannot be built or a store call fails.
pub async fn explain_all(url: &SecretString) -> anyhow::Result<Plans> {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let _ = set_default_instrumentation(|| Some(Box::new(Recorder)));
    });
    let pool = PgPool::build(url, &PgConfig::default()).context("connecting to the dataset")?;
    let user = UserId::from_uuid(id(Kind::User, 0));
    let search = PgSearchIndex::new(pool.clone());
    let query = |text: &str| IndexQuery {
        text: text.to_owned(),
        types: Vec::new(),
        offset: 0,
        limit: 20,
        viewer: Some(user),
        min_similarity: tastebuds_media::search::SIMILARITY_THRESHOLD,
    };
    let mut calls: Vec<(String, Vec<String>)> = Vec::new();
    let mut record = |call: &str| {
        let sent = SENT
            .lock()
            .map(|mut sent| std::mem::take(&mut *sent))
            .unwrap_or_default();
        calls.push((call.to_owned(), sent));
    };
    record("(connection set-up)");
    search.full_text(&query(COMMON_WORD)).await?;
    record(&format!("search full text `{COMMON_WORD}`"));
    search.full_text(&query(RARE_WORD)).await?;
    record(&format!("search full text `{RARE_WORD}`"));
    let mut typed = query(COMMON_WORD);
    typed.types = vec![tastebuds_media::MediaType::Book];
    search.full_text(&typed).await?;
    record(&format!("search full text `{COMMON_WORD}` types=book"));
    search.similar_titles(&query(MISSPELT_WORD)).await?;
    record(&format!("search similar titles `{MISSPELT_WORD}`"));
    let hits: Vec<MediaItemId> = (0..20)
        .map(|n| MediaItemId::from_uuid(id(Kind::Item, n)))
        .collect();
    PgAvailabilityStore::new(pool.clone())
        .list_many(&hits)
        .await?;
    record("availability of a page of hits");

    let states = PgUserStateRepository::new(pool.clone());
    states.library_items(user).await?;
    record("library items");
    states.list_states(user).await?;
    record("list states");
    states.list_logs(user, LogFilter::default()).await?;
    record("list logs");

    let menus = PgMenuQueries::new(pool.clone());
    menus.menu(MenuId::from_uuid(id(Kind::Menu, 0))).await?;
    record("menu by id");
    let slug = Slug::parse(&Shape::menu_slug(0)).map_err(|error| anyhow::anyhow!("{error}"))?;
    menus.menu_by_slug(&slug).await?;
    record("menu by slug");
    menus.menus_of_owner(user).await?;
    record("menus of owner");
    menus.media_cards(&hits).await?;
    record("media cards of a menu");
    let menu = MenuId::from_uuid(id(Kind::Menu, 0));
    menus.menus_with_cards(MenuLookup::Id(menu)).await?;
    record("menu view by id (with cards)");
    menus
        .menus_with_cards(MenuLookup::Slug(slug.clone()))
        .await?;
    record("menu view by slug (with cards)");
    menus.menus_with_cards(MenuLookup::Owner(user)).await?;
    record("menu views of owner (with cards)");
    menus.menu_stamps(MenuLookup::Id(menu)).await?;
    record("menu stamp by id");
    menus.menu_stamps(MenuLookup::Slug(slug.clone())).await?;
    record("menu stamp by slug");
    menus.menu_stamps(MenuLookup::Owner(user)).await?;
    record("menu stamps of owner");
    menus.taken_slugs(&slug).await?;
    record("taken slugs");
    drop(pool);

    let mut plans = Vec::new();
    let mut skipped = Vec::new();
    for (call, statements) in calls {
        for printed in statements {
            if !is_read(&printed) {
                continue;
            }
            match explain(url, &printed) {
                Ok(lines) => {
                    let seq_scans = seq_scans(&lines);
                    plans.push(Plan {
                        call: call.clone(),
                        lines,
                        seq_scans,
                    });
                }
                Err(error) => skipped.push(format!("{call}: {error:#}")),
            }
        }
    }
    Ok(Plans { plans, skipped })
}

/// A statement worth explaining: a query over tables, not set-up or `set_config`.
fn is_read(printed: &str) -> bool {
    let sql = printed.trim_start().to_ascii_uppercase();
    (sql.starts_with("SELECT") || sql.starts_with("WITH"))
        && sql.contains(" FROM ")
        && !sql.contains("SET_CONFIG")
}

fn explain(url: &SecretString, printed: &str) -> anyhow::Result<Vec<String>> {
    let (sql, binds) = binds::split(printed).map_err(|error| anyhow::anyhow!(error))?;
    let threshold = tastebuds_media::search::SIMILARITY_THRESHOLD;
    let script = if binds.is_empty() {
        format!("SET pg_trgm.word_similarity_threshold = {threshold}; EXPLAIN {sql}")
    } else {
        format!(
            "SET pg_trgm.word_similarity_threshold = {threshold}; PREPARE bench_plan AS {sql}; \
             EXPLAIN EXECUTE bench_plan({})",
            binds.join(", ")
        )
    };
    let output = psql::query(url, &script)?;
    Ok(output.lines().map(str::to_owned).collect())
}

/// The lines of `plan` that scan a big table sequentially.
fn seq_scans(plan: &[String]) -> Vec<String> {
    plan.iter()
        .filter(|line| {
            BIG_TABLES.iter().any(|table| {
                line.split_whitespace()
                    .collect::<Vec<_>>()
                    .windows(4)
                    .any(|w| w[0] == "Seq" && w[1] == "Scan" && w[2] == "on" && w[3] == *table)
            })
        })
        .map(|line| line.trim().to_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_big_tables_scanned_sequentially_are_flagged() {
        let plan: Vec<String> = [
            "Limit  (cost=1.0..2.0 rows=20 width=8)",
            "  ->  Parallel Seq Scan on media_items m  (cost=0.00..9.0 rows=1 width=8)",
            "  ->  Seq Scan on courses  (cost=0.00..1.0 rows=1 width=8)",
            "  ->  Index Scan using user_item_states_pkey on user_item_states s",
            "  ->  Seq Scan on media_items_archive x",
        ]
        .map(str::to_owned)
        .to_vec();
        assert_eq!(
            seq_scans(&plan),
            vec!["->  Parallel Seq Scan on media_items m  (cost=0.00..9.0 rows=1 width=8)"]
        );
    }

    #[test]
    fn reads_are_told_from_set_up_statements() {
        assert!(is_read("SELECT count(*) FROM media_items m -- binds: []"));
        assert!(!is_read(
            "SELECT set_config('x', $1::text, true) -- binds: [\"0.4\"]"
        ));
        assert!(!is_read("BEGIN"));
        assert!(!is_read("SET TIME ZONE 'UTC'"));
    }
}
