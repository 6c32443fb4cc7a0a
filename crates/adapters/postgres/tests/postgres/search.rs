//! The search stores against a real database: every §5.6 rule of the full-text query,
//! the similar-title fallback query, the `types` filter, paging, `in_collection`, the
//! atomic quota counter, previews, and the plans the indexes give.

use std::sync::Arc;

use chrono::{Duration, TimeZone as _, Utc};
use diesel::sql_types::{Text, Uuid as SqlUuid};
use diesel::{QueryableByName, RunQueryDsl as _};
use tastebuds_kernel::{MediaItemId, UserId};
use tastebuds_media::search::SIMILARITY_THRESHOLD;
use tastebuds_media::testing::external_media;
use tastebuds_media::{
    BookDetail, ExternalMedia, IndexQuery, MediaCatalog, MediaDetails, MediaType, MusicDetail,
    PreviewStore, QuotaCounter, SearchIndex, SourceName, UpsertMode,
};
use tastebuds_postgres::{PgMediaCatalog, PgPreviewStore, PgQuotaCounter, PgSearchIndex};
use tastebuds_testkit::TestDb;
use uuid::Uuid;

use crate::support::{PlanLine, insert_user, plan_text};

fn record(media_type: MediaType, title: &str) -> ExternalMedia {
    let id = Uuid::now_v7().simple().to_string();
    let mut record = external_media(SourceName::GoogleBooks, &id, media_type, title);
    record.description = None;
    record.canonical_url = None;
    record.details = MediaDetails::Book(BookDetail::default());
    record
}

async fn store(db: &TestDb, record: &ExternalMedia) -> MediaItemId {
    PgMediaCatalog::new(db.pool())
        .upsert(record, UpsertMode::InsertOrKeep)
        .await
        .unwrap()
        .id
}

fn query(text: &str) -> IndexQuery {
    IndexQuery {
        text: text.to_owned(),
        types: Vec::new(),
        offset: 0,
        limit: 20,
        viewer: None,
        min_similarity: SIMILARITY_THRESHOLD,
    }
}

async fn titles(index: &PgSearchIndex, query: &IndexQuery) -> Vec<String> {
    let page = index.full_text(query).await.unwrap();
    page.hits.into_iter().map(|hit| hit.item.title).collect()
}

async fn similar(index: &PgSearchIndex, query: &IndexQuery) -> Vec<String> {
    let page = index.similar_titles(query).await.unwrap();
    page.hits.into_iter().map(|hit| hit.item.title).collect()
}

#[tokio::test]
async fn title_matches_outrank_creator_matches_and_creators_and_descriptions_are_searchable() {
    let db = TestDb::new();
    let mut by_herbert = record(MediaType::Book, "Dune");
    by_herbert.details = MediaDetails::Book(BookDetail {
        authors: Some(vec!["Frank Herbert".into()]),
        ..BookDetail::default()
    });
    store(&db, &by_herbert).await;
    store(&db, &record(MediaType::Book, "Herbert West: Reanimator")).await;
    let mut song = record(MediaType::Music, "Harder Better Faster Stronger");
    song.details = MediaDetails::Music(MusicDetail {
        artist_name: Some("Daft Punk".into()),
        ..MusicDetail::default()
    });
    store(&db, &song).await;
    let mut described = record(MediaType::Movie, "Heat");
    described.description = Some("Thieves and detectives in Los Angeles".into());
    store(&db, &described).await;

    let index = PgSearchIndex::new(db.pool());
    assert_eq!(
        titles(&index, &query("herbert")).await,
        ["Herbert West: Reanimator", "Dune"]
    );
    assert_eq!(
        titles(&index, &query("daft punk")).await,
        ["Harder Better Faster Stronger"]
    );
    assert_eq!(titles(&index, &query("detectives")).await, ["Heat"]);
}

#[tokio::test]
async fn accents_and_stray_punctuation_are_ignored_and_extension_edits_are_followed() {
    let db = TestDb::new();
    let cafe = store(&db, &record(MediaType::Book, "Café Society")).await;
    let index = PgSearchIndex::new(db.pool());
    for q in ["Cafe", "\"Cafe", "café", "cafe)"] {
        assert_eq!(titles(&index, &query(q)).await, ["Café Society"], "{q}");
    }
    assert!(titles(&index, &query("lovecraft")).await.is_empty());
    diesel::sql_query(
        "UPDATE book_items SET authors = '[\"H. P. Lovecraft\"]' WHERE media_item_id = $1",
    )
    .bind::<SqlUuid, _>(cafe.as_uuid())
    .execute(&mut db.connect())
    .unwrap();
    assert_eq!(titles(&index, &query("lovecraft")).await, ["Café Society"]);
}

#[tokio::test]
async fn websearch_syntax_excludes_and_ors_and_the_tie_breaks_are_title_then_id() {
    let db = TestDb::new();
    for title in ["Red Dawn", "red planet", "Blue Planet", "Red Dawn"] {
        store(&db, &record(MediaType::Movie, title)).await;
    }
    let index = PgSearchIndex::new(db.pool());
    assert_eq!(titles(&index, &query("red -dawn")).await, ["red planet"]);
    assert_eq!(
        titles(&index, &query("dawn or blue")).await,
        ["Blue Planet", "Red Dawn", "Red Dawn"]
    );
    let page = index.full_text(&query("red dawn")).await.unwrap();
    assert!(
        page.hits[0].item.id < page.hits[1].item.id,
        "equal titles by id"
    );
}

#[tokio::test]
async fn the_types_filter_and_paging_apply_with_a_total_of_every_match() {
    let db = TestDb::new();
    for i in 0..5 {
        store(&db, &record(MediaType::Book, &format!("Alpha {i}"))).await;
    }
    store(&db, &record(MediaType::Game, "Alpha Game")).await;
    let index = PgSearchIndex::new(db.pool());
    let mut q = query("alpha");
    q.types = vec![MediaType::Book];
    q.limit = 2;
    q.offset = 4;
    let page = index.full_text(&q).await.unwrap();
    assert_eq!(page.total, 5);
    assert_eq!(page.hits.len(), 1);
    q.types = vec![MediaType::Game, MediaType::Music];
    q.offset = 0;
    assert_eq!(titles(&index, &q).await, ["Alpha Game"]);
    q.offset = 10;
    let past_the_end = index.full_text(&q).await.unwrap();
    assert_eq!((past_the_end.total, past_the_end.hits.len()), (1, 0));
}

#[tokio::test]
async fn similar_titles_find_misspellings_on_unaccented_titles() {
    let db = TestDb::new();
    store(&db, &record(MediaType::Movie, "The Matrix")).await;
    store(&db, &record(MediaType::Game, "Pokémon Red")).await;
    store(&db, &record(MediaType::Book, "Gardening")).await;
    let index = PgSearchIndex::new(db.pool());
    assert!(
        titles(&index, &query("matirx")).await.is_empty(),
        "no full-text hit"
    );
    assert_eq!(similar(&index, &query("matirx")).await, ["The Matrix"]);
    assert_eq!(similar(&index, &query("pokemn")).await, ["Pokémon Red"]);
    let mut q = query("pokemn");
    q.types = vec![MediaType::Book];
    assert!(similar(&index, &q).await.is_empty());
    assert!(similar(&index, &query("zzqx")).await.is_empty());
}

#[tokio::test]
async fn in_collection_is_true_for_the_viewers_states_and_logs_only() {
    let db = TestDb::new();
    let mut conn = db.connect();
    let stated = store(&db, &record(MediaType::Book, "Shared One")).await;
    let logged = store(&db, &record(MediaType::Book, "Shared Two")).await;
    store(&db, &record(MediaType::Book, "Shared Three")).await;
    let viewer = insert_user(&mut conn);
    let other = insert_user(&mut conn);
    diesel::sql_query(
        "INSERT INTO user_item_states (id, user_id, media_item_id, status) \
         VALUES ($1, $2, $3, 'consumed')",
    )
    .bind::<SqlUuid, _>(Uuid::now_v7())
    .bind::<SqlUuid, _>(viewer)
    .bind::<SqlUuid, _>(stated.as_uuid())
    .execute(&mut conn)
    .unwrap();
    diesel::sql_query(
        "INSERT INTO user_item_logs (id, user_id, media_item_id, log_type) VALUES ($1, $2, $3, 'note')",
    )
    .bind::<SqlUuid, _>(Uuid::now_v7())
    .bind::<SqlUuid, _>(viewer)
    .bind::<SqlUuid, _>(logged.as_uuid())
    .execute(&mut conn)
    .unwrap();

    let index = PgSearchIndex::new(db.pool());
    let flags = |page: tastebuds_media::IndexPage| -> Vec<(String, bool)> {
        page.hits
            .into_iter()
            .map(|h| (h.item.title, h.in_collection))
            .collect()
    };
    let mut q = query("shared");
    assert!(
        flags(index.full_text(&q).await.unwrap())
            .iter()
            .all(|(_, f)| !f)
    );
    q.viewer = Some(UserId::from_uuid(other));
    assert!(
        flags(index.full_text(&q).await.unwrap())
            .iter()
            .all(|(_, f)| !f)
    );
    q.viewer = Some(UserId::from_uuid(viewer));
    let mut got = flags(index.full_text(&q).await.unwrap());
    got.sort();
    assert_eq!(
        got,
        [
            ("Shared One".to_owned(), true),
            ("Shared Three".to_owned(), false),
            ("Shared Two".to_owned(), true)
        ]
    );
}

#[tokio::test]
async fn the_quota_counter_is_atomic_under_concurrent_searches_and_restarts_per_window() {
    let db = TestDb::new();
    let user = UserId::from_uuid(insert_user(&mut db.connect()));
    let counter = Arc::new(PgQuotaCounter::new(db.pool()));
    let window = Utc.with_ymd_and_hms(2026, 1, 1, 12, 0, 0).unwrap();
    let calls: Vec<_> = (0..8)
        .map(|_| {
            let counter = Arc::clone(&counter);
            tokio::spawn(async move { counter.increment(user, window).await.unwrap() })
        })
        .collect();
    let mut counts = Vec::new();
    for call in calls {
        counts.push(call.await.unwrap());
    }
    counts.sort_unstable();
    assert_eq!(counts, (1..=8).collect::<Vec<u32>>());
    let next = window + Duration::seconds(60);
    assert_eq!(counter.increment(user, next).await.unwrap(), 1);
    assert_eq!(
        counter.increment(user, window).await.unwrap(),
        2,
        "a lagging window counts in the newer one"
    );
}

#[tokio::test]
async fn previews_upsert_per_owner_and_key_round_trip_and_expire() {
    let db = TestDb::new();
    let mut conn = db.connect();
    let owner = UserId::from_uuid(insert_user(&mut conn));
    let other = UserId::from_uuid(insert_user(&mut conn));
    let store = PgPreviewStore::new(db.pool());
    let now = Utc::now();
    let records = vec![
        external_media(
            SourceName::Tmdb,
            "movie:603",
            MediaType::Movie,
            "The Matrix",
        ),
        external_media(
            SourceName::Lastfm,
            "Daft Punk::One More Time",
            MediaType::Music,
            "One More Time",
        ),
    ];
    let first = store
        .save(owner, records.clone(), now + Duration::seconds(300))
        .await
        .unwrap();
    assert_eq!(first.len(), 2);
    assert_eq!(first[0].record, records[0], "every field round-trips");
    assert_eq!(first[1].record, records[1]);
    let again = store
        .save(owner, records[..1].to_vec(), now + Duration::seconds(400))
        .await
        .unwrap();
    assert_eq!(
        again[0].id, first[0].id,
        "a repeated hit keeps its preview id"
    );
    let others = store.save(other, records[..1].to_vec(), now).await.unwrap();
    assert_ne!(others[0].id, first[0].id);
    assert_eq!(
        store
            .get(first[0].id)
            .await
            .unwrap()
            .unwrap()
            .expires_at
            .timestamp(),
        (now + Duration::seconds(400)).timestamp()
    );

    assert_eq!(
        store.purge_expired(now).await.unwrap(),
        1,
        "only the other user's expired one"
    );
    assert!(store.get(others[0].id).await.unwrap().is_none());
    store.delete(first[1].id).await.unwrap();
    assert!(store.get(first[1].id).await.unwrap().is_none());
    assert!(store.get(first[0].id).await.unwrap().is_some());
}

/// The plan of `sql` with `text` bound as `$1` (and no types, no viewer).
fn plan(conn: &mut diesel::PgConnection, sql: &str, text: &str) -> String {
    plan_text(
        diesel::sql_query(format!("EXPLAIN {sql}"))
            .bind::<Text, _>(text)
            .load::<PlanLine>(conn)
            .unwrap(),
    )
}

#[test]
fn the_indexes_answer_common_and_rare_words_and_misspellings() {
    let db = TestDb::new();
    let mut conn = db.connect();
    // 5,000 items with a description each: every 100th title has the common word (50
    // items, 1 %), one has the rare word. VACUUM flushes the GIN pending lists, as
    // autovacuum would: a bulk load left in them makes the planner avoid the indexes.
    diesel::sql_query(
        "INSERT INTO media_items (id, media_type, title, description)
         SELECT gen_random_uuid(), (ARRAY['book','movie','game','music']::media_type[])[1 + i % 4],
                CASE WHEN i % 100 = 0 THEN 'The Shadow Chronicles ' || i
                     WHEN i = 1234 THEN 'Zeppelin Quixotic'
                     ELSE 'Volume ' || md5(i::text) END,
                repeat(md5((i * 7)::text) || ' ', 4)
         FROM generate_series(1, 5000) AS i",
    )
    .execute(&mut conn)
    .unwrap();
    diesel::sql_query("VACUUM ANALYZE media_items")
        .execute(&mut conn)
        .unwrap();

    let full_text = "SELECT m.id FROM media_items m, websearch_to_tsquery('english_unaccent', $1) q \
                     WHERE m.search_vector @@ q ORDER BY ts_rank_cd(m.search_vector, q) DESC LIMIT 20";
    for word in ["shadow", "quixotic"] {
        let plan = plan(&mut conn, full_text, word);
        println!("{word}:\n{plan}");
        assert!(plan.contains("ix_media_items_search_vector"), "{plan}");
        assert!(!plan.contains("Seq Scan"), "{plan}");
    }
    diesel::sql_query("SET pg_trgm.word_similarity_threshold = 0.4")
        .execute(&mut conn)
        .unwrap();
    let similar = "SELECT m.id FROM media_items m \
                   WHERE media_title_key(m.title) %> media_title_key($1) \
                   ORDER BY word_similarity(media_title_key($1), media_title_key(m.title)) DESC LIMIT 20";
    let plan = plan(&mut conn, similar, "zeplin");
    println!("zeplin:\n{plan}");
    assert!(plan.contains("ix_media_items_title_key_trgm"), "{plan}");
    assert!(!plan.contains("Seq Scan"), "{plan}");
}

/// Every GIN index of the catalog takes new items at once: with a pending list
/// (`fastupdate`, PostgreSQL's default) each search scans the list linearly until vacuum.
#[test]
fn the_catalogs_gin_indexes_keep_no_pending_list() {
    #[derive(QueryableByName)]
    struct GinIndex {
        #[diesel(sql_type = Text)]
        name: String,
        #[diesel(sql_type = Text)]
        options: String,
    }
    let db = TestDb::new();
    let mut conn = db.connect();
    let indexes = diesel::sql_query(
        "SELECT c.relname::text AS name, coalesce(array_to_string(c.reloptions, ','), '') AS options
         FROM pg_index i
         JOIN pg_class c ON c.oid = i.indexrelid
         JOIN pg_am a ON a.oid = c.relam
         WHERE i.indrelid = 'media_items'::regclass AND a.amname = 'gin'
         ORDER BY 1",
    )
    .load::<GinIndex>(&mut conn)
    .unwrap();
    let names: Vec<&str> = indexes.iter().map(|index| index.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "ix_media_items_search_vector",
            "ix_media_items_title_key_trgm"
        ]
    );
    for index in &indexes {
        assert!(
            index.options.contains("fastupdate=off"),
            "{} has options {:?}",
            index.name,
            index.options
        );
    }
}
