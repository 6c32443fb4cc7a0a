//! The curation stores against a real database: the domain's port contract suite, and
//! what the suite cannot express: constraint names, deferred position keys, rollback of
//! half-applied change sets, cascades, serialized concurrent changes, atomic counting and
//! an unreachable database.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, TimeDelta, Utc};
use diesel::PgConnection;
use tastebuds_curation::testing::{CurationFixtures, CurationStores, curation_store_contract};
use tastebuds_curation::{
    CourseItemRow, CourseRow, CourseTitle, CurationError, MenuAggregate, MenuChange, MenuChangeSet,
    MenuQueries, MenuRepository, MenuRow, MenuTitle, NewLineage, PairingRow, Position, ShareToken,
    ShareTokenRepository, Slug,
};
use tastebuds_kernel::{
    CourseId, CourseItemId, MediaItemId, MenuId, PairingId, ShareTokenId, UserId,
};
use tastebuds_postgres::{
    PgConfig, PgMenuQueries, PgMenuRepository, PgPool, PgShareTokenRepository,
};
use tastebuds_testkit::TestDb;
use tokio::sync::Barrier;

use crate::support::{PlanLine, count, insert_media_item, insert_user, plan_text};

/// The three stores on one pool, plus a connection for fixtures and raw checks. The
/// database is declared last so the pools close first.
struct Stores {
    menus: PgMenuRepository,
    tokens: PgShareTokenRepository,
    queries: PgMenuQueries,
    conn: Mutex<PgConnection>,
    _db: TestDb,
}

impl Stores {
    fn new() -> Self {
        let db = TestDb::new();
        let pool = db.pool();
        Self {
            menus: PgMenuRepository::new(pool.clone()),
            tokens: PgShareTokenRepository::new(pool.clone()),
            queries: PgMenuQueries::new(pool),
            conn: Mutex::new(db.connect()),
            _db: db,
        }
    }

    fn count(&self, query: &str) -> i64 {
        count(&mut self.conn.lock().unwrap(), query)
    }
}

#[async_trait]
impl CurationFixtures for Stores {
    async fn user(&self) -> UserId {
        UserId::from_uuid(insert_user(&mut self.conn.lock().unwrap()))
    }

    async fn media_item(&self) -> MediaItemId {
        let mut conn = self.conn.lock().unwrap();
        MediaItemId::from_uuid(insert_media_item(&mut conn, "book", "A book"))
    }
}

fn at(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_742_479_509, 123_456_000).unwrap() + TimeDelta::seconds(seconds)
}

fn slug(base: &str) -> Slug {
    Slug::parse(&format!("{base}-{}", uuid::Uuid::now_v7().simple())).unwrap()
}

fn menu_row(owner: UserId, slug: Slug) -> MenuRow {
    MenuRow {
        id: MenuId::new(),
        owner_id: owner,
        title: MenuTitle::parse("Tasting").unwrap(),
        description: Some("A menu".to_owned()),
        slug,
        is_public: false,
        created_at: at(0),
        updated_at: at(0),
    }
}

fn course(menu_id: MenuId, position: i64) -> CourseRow {
    CourseRow {
        id: CourseId::new(),
        menu_id,
        title: CourseTitle::parse(&format!("Course {position}")).unwrap(),
        description: None,
        intent: Some("warm up".to_owned()),
        position: Position::new(position).unwrap(),
        updated_at: at(1),
    }
}

fn item(course_id: CourseId, media_item_id: MediaItemId, position: i64) -> CourseItemRow {
    CourseItemRow {
        id: CourseItemId::new(),
        course_id,
        media_item_id,
        notes: None,
        position: Position::new(position).unwrap(),
        updated_at: at(2),
    }
}

fn pairing(menu_id: MenuId, primary: CourseItemId, paired: CourseItemId) -> PairingRow {
    PairingRow {
        id: PairingId::new(),
        menu_id,
        primary_course_item_id: primary,
        paired_course_item_id: paired,
        relationship: None,
        note: Some("together".to_owned()),
        created_at: at(3),
        updated_at: at(3),
    }
}

/// A stored menu of a new user with two courses of two items each and one pairing.
async fn stored_menu(stores: &Stores) -> MenuAggregate {
    let owner = stores.user().await;
    let mut menu = MenuAggregate::empty(menu_row(owner, slug("menu")));
    let id = menu.menu.id;
    menu.courses = vec![course(id, 1), course(id, 2)];
    for course in &menu.courses {
        for position in 1..=2 {
            let media = stores.media_item().await;
            menu.items.push(item(course.id, media, position));
        }
    }
    menu.pairings = vec![pairing(id, menu.items[0].id, menu.items[3].id)];
    stores.menus.insert_menu(menu.clone(), None).await.unwrap();
    menu
}

/// A change that ignores what it loads and returns the writes `before` → `after`.
fn change_to(before: &MenuAggregate, after: MenuAggregate) -> MenuChange {
    let set = MenuChangeSet::between(before, after);
    Box::new(move |_| Ok(set))
}

async fn load(stores: &Stores, id: MenuId) -> Option<MenuAggregate> {
    let mut menu = stores.queries.menu(id).await.unwrap()?;
    menu.courses.sort_by_key(|row| row.id);
    menu.items.sort_by_key(|row| row.id);
    menu.pairings.sort_by_key(|row| row.id);
    Some(menu)
}

fn sorted(mut menu: MenuAggregate) -> MenuAggregate {
    menu.courses.sort_by_key(|row| row.id);
    menu.items.sort_by_key(|row| row.id);
    menu.pairings.sort_by_key(|row| row.id);
    menu
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pg_curation_stores_keep_the_contract() {
    let stores = Stores::new();
    curation_store_contract(CurationStores {
        menus: &stores.menus,
        share_tokens: &stores.tokens,
        queries: &stores.queries,
        fixtures: &stores,
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inserts_map_constraint_names_to_domain_errors() {
    let stores = Stores::new();
    let taken = stored_menu(&stores).await;

    // The slug key: SlugTaken with the very slug.
    let mut clash = MenuAggregate::empty(menu_row(taken.menu.owner_id, taken.menu.slug.clone()));
    let result = stores.menus.insert_menu(clash.clone(), None).await;
    assert!(
        matches!(&result, Err(CurationError::SlugTaken(s)) if *s == taken.menu.slug),
        "{result:?}"
    );

    // The media foreign key.
    clash.menu.slug = slug("unknown-media");
    let first = course(clash.menu.id, 1);
    clash.items = vec![item(first.id, MediaItemId::new(), 1)];
    clash.courses = vec![first];
    let result = stores.menus.insert_menu(clash.clone(), None).await;
    assert!(
        matches!(result, Err(CurationError::UnknownMedia)),
        "{result:?}"
    );

    // The pairing key: the same ordered pair twice.
    clash.items[0].media_item_id = stores.media_item().await;
    let second = item(clash.courses[0].id, stores.media_item().await, 2);
    clash.pairings = vec![
        pairing(clash.menu.id, clash.items[0].id, second.id),
        pairing(clash.menu.id, clash.items[0].id, second.id),
    ];
    clash.items.push(second);
    let result = stores.menus.insert_menu(clash.clone(), None).await;
    assert!(
        matches!(result, Err(CurationError::PairingExists)),
        "{result:?}"
    );

    // The lineage source foreign key.
    clash.pairings.pop();
    let lineage = NewLineage {
        source_menu_id: MenuId::new(),
        created_by: clash.menu.owner_id,
        note: None,
        created_at: at(4),
    };
    let result = stores.menus.insert_menu(clash.clone(), Some(lineage)).await;
    assert!(
        matches!(result, Err(CurationError::MenuNotFound)),
        "{result:?}"
    );

    let id = clash.menu.id;
    assert_eq!(
        stores.count(&format!("SELECT count(*) FROM menus WHERE id = '{id}'")),
        0,
        "failed inserts write nothing"
    );
    assert_eq!(
        stores.count(&format!(
            "SELECT count(*) FROM courses WHERE menu_id = '{id}'"
        )),
        0,
        "not even the rows written before the failing statement"
    );
    stores.menus.insert_menu(clash, None).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changes_map_constraint_names_to_domain_errors() {
    let stores = Stores::new();
    let menu = stored_menu(&stores).await;
    let other = stored_menu(&stores).await;

    let mut unknown = menu.clone();
    unknown
        .items
        .push(item(menu.courses[1].id, MediaItemId::new(), 3));
    let result = stores
        .menus
        .change_menu(menu.menu.id, change_to(&menu, unknown))
        .await;
    assert!(
        matches!(result, Err(CurationError::UnknownMedia)),
        "{result:?}"
    );

    let mut moved = menu.clone();
    moved.items[0].media_item_id = MediaItemId::new();
    let result = stores
        .menus
        .change_menu(menu.menu.id, change_to(&menu, moved))
        .await;
    assert!(
        matches!(result, Err(CurationError::UnknownMedia)),
        "an updated item too: {result:?}"
    );

    let mut twin = menu.clone();
    let existing = &menu.pairings[0];
    twin.pairings.push(pairing(
        menu.menu.id,
        existing.primary_course_item_id,
        existing.paired_course_item_id,
    ));
    let result = stores
        .menus
        .change_menu(menu.menu.id, change_to(&menu, twin))
        .await;
    assert!(
        matches!(result, Err(CurationError::PairingExists)),
        "{result:?}"
    );

    let mut renamed = menu.clone();
    renamed.menu.slug = other.menu.slug.clone();
    let result = stores
        .menus
        .change_menu(menu.menu.id, change_to(&menu, renamed))
        .await;
    assert!(
        matches!(&result, Err(CurationError::SlugTaken(s)) if *s == other.menu.slug),
        "{result:?}"
    );

    // A position clash left at commit is a bug of the caller, never a domain error.
    let mut clash = menu.clone();
    clash.courses[1].position = Position::FIRST;
    let result = stores
        .menus
        .change_menu(menu.menu.id, change_to(&menu, clash))
        .await;
    assert!(
        matches!(result, Err(CurationError::Unexpected(_))),
        "{result:?}"
    );

    assert_eq!(load(&stores, menu.menu.id).await, Some(sorted(menu)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_set_may_swap_positions_in_any_order() {
    let stores = Stores::new();
    let menu = stored_menu(&stores).await;

    let mut after = menu.clone();
    after.courses[0].position = Position::new(2).unwrap();
    after.courses[1].position = Position::FIRST;
    after.items[0].position = Position::new(2).unwrap();
    after.items[1].position = Position::FIRST;
    // Shift the other course's items down and put a new one first; the siblings keep
    // their updated_at (the store writes timestamps as given).
    after.items[2].position = Position::new(2).unwrap();
    after.items[3].position = Position::new(3).unwrap();
    let new_item = CourseItemRow {
        updated_at: at(9),
        ..item(menu.courses[1].id, stores.media_item().await, 1)
    };
    after.items.push(new_item);
    let set = stores
        .menus
        .change_menu(menu.menu.id, change_to(&menu, after.clone()))
        .await
        .unwrap();

    assert_eq!(set.courses.updated.len(), 2);
    assert_eq!(load(&stores, menu.menu.id).await, Some(sorted(after)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_change_writes_nothing() {
    let stores = Stores::new();
    let menu = stored_menu(&stores).await;

    let refuse: MenuChange = Box::new(|_| Err(CurationError::ItemIdsMismatch));
    let result = stores.menus.change_menu(menu.menu.id, refuse).await;
    assert!(
        matches!(result, Err(CurationError::ItemIdsMismatch)),
        "{result:?}"
    );

    // Deletes and updates succeed, then an insert fails: all of it rolls back.
    let mut after = menu.clone();
    after.menu.title = MenuTitle::parse("Renamed").unwrap();
    after.pairings.clear();
    after
        .items
        .retain(|row| row.course_id != menu.courses[1].id);
    after.courses.truncate(1);
    after.items[0].notes = Some("edited".to_owned());
    after
        .items
        .push(item(menu.courses[0].id, MediaItemId::new(), 3));
    let result = stores
        .menus
        .change_menu(menu.menu.id, change_to(&menu, after))
        .await;
    assert!(
        matches!(result, Err(CurationError::UnknownMedia)),
        "{result:?}"
    );

    assert_eq!(load(&stores, menu.menu.id).await, Some(sorted(menu)));
}

/// More rows than fit in one statement's 65,535 bind parameters (six per item) are
/// inserted and updated in full: the writes are split, not refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_menu_past_one_statements_bind_limit_is_written_and_changed_whole() {
    const ITEMS: i64 = 12_000;
    let stores = Stores::new();
    let owner = stores.user().await;
    let media = stores.media_item().await;
    let mut menu = MenuAggregate::empty(menu_row(owner, slug("huge")));
    let id = menu.menu.id;
    menu.courses = vec![course(id, 1)];
    let course_id = menu.courses[0].id;
    menu.items = (1..=ITEMS)
        .map(|position| item(course_id, media, position))
        .collect();
    stores.menus.insert_menu(menu.clone(), None).await.unwrap();
    assert_eq!(load(&stores, id).await, Some(sorted(menu.clone())));

    // Reverse the order: every row changes, all in one change set.
    let mut after = menu.clone();
    for row in &mut after.items {
        row.position = Position::new(ITEMS + 1 - i64::from(row.position.get())).unwrap();
        row.notes = Some("reversed".to_owned());
    }
    stores
        .menus
        .change_menu(id, change_to(&menu, after.clone()))
        .await
        .unwrap();
    assert_eq!(load(&stores, id).await, Some(sorted(after)));
    assert_eq!(stores.count("SELECT count(*) FROM course_items"), ITEMS);
}

/// The revision of menu `id`, as stored.
fn revision(stores: &Stores, id: MenuId) -> i64 {
    stores.count(&format!(
        "SELECT revision AS count FROM menus WHERE id = '{id}'"
    ))
}

/// Runs `sql` on the fixtures connection.
fn execute(stores: &Stores, sql: &str) {
    tastebuds_testkit::execute(&mut stores.conn.lock().unwrap(), sql);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_menu_revision_advances_once_per_statement_and_with_its_items_cards() {
    let stores = Stores::new();
    let menu = stored_menu(&stores).await;
    let other = stored_menu(&stores).await;
    let (id, other_id) = (menu.menu.id, other.menu.id);
    let shown = menu.items[0].media_item_id;

    // Four items change in one statement: one step.
    let before = revision(&stores, id);
    let mut after = menu.clone();
    for item in &mut after.items {
        item.notes = Some("four at once".to_owned());
    }
    stores
        .menus
        .change_menu(id, change_to(&menu, after))
        .await
        .unwrap();
    assert_eq!(revision(&stores, id), before + 1, "one statement, one step");

    // Writes to an item that leave its card alone do not advance the menus listing it.
    let before = revision(&stores, id);
    execute(
        &stores,
        &format!(
            "UPDATE media_items SET search_vector = search_vector, updated_at = now() \
             WHERE id = '{shown}'"
        ),
    );
    assert_eq!(revision(&stores, id), before, "card unchanged");

    // A card change advances every menu listing the item, and only those.
    let others = revision(&stores, other_id);
    execute(
        &stores,
        &format!("UPDATE media_items SET title = 'Renamed' WHERE id = '{shown}'"),
    );
    assert_eq!(revision(&stores, id), before + 1, "card changed");
    execute(
        &stores,
        &format!("UPDATE media_items SET metadata = '{{\"k\": 1}}' WHERE id = '{shown}'"),
    );
    assert_eq!(revision(&stores, id), before + 2, "card metadata changed");
    assert_eq!(revision(&stores, other_id), others, "a menu not listing it");

    // Deleting the item removes it from the menu (a cascade): the menu advances.
    let before = revision(&stores, id);
    execute(
        &stores,
        &format!("DELETE FROM media_items WHERE id = '{shown}'"),
    );
    assert!(revision(&stores, id) > before, "listed item deleted");
    assert_eq!(revision(&stores, other_id), others, "a menu not listing it");
}

#[test]
fn the_taken_slug_lookup_is_an_index_range_scan_under_any_collation() {
    use diesel::RunQueryDsl as _;

    let db = TestDb::new();
    let mut conn = db.connect();
    // Only whether the index can serve the prefix: the planner would rightly scan a
    // table this small.
    tastebuds_testkit::execute(&mut conn, "SET enable_seqscan = off");
    let plan = plan_text(
        diesel::sql_query("EXPLAIN SELECT slug FROM menus WHERE slug LIKE 'summer-reads%'")
            .load::<PlanLine>(&mut conn)
            .unwrap(),
    );
    assert!(plan.contains("ix_menus_slug_prefix"), "{plan}");
    assert!(plan.contains("Index Cond"), "{plan}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deleting_a_menu_leaves_no_orphans() {
    let stores = Stores::new();
    let source = stored_menu(&stores).await;
    let doomed = stored_menu(&stores).await;
    let fork = stored_menu(&stores).await;
    let owner = doomed.menu.owner_id;
    let lineage = |source_menu_id| {
        Some(NewLineage {
            source_menu_id,
            created_by: owner,
            note: Some("riff".to_owned()),
            created_at: at(5),
        })
    };
    // Lineage rows in both directions: source → doomed → fork.
    stores.menus.delete_menu(doomed.menu.id).await.unwrap();
    stores
        .menus
        .insert_menu(doomed.clone(), lineage(source.menu.id))
        .await
        .unwrap();
    stores.menus.delete_menu(fork.menu.id).await.unwrap();
    stores
        .menus
        .insert_menu(fork.clone(), lineage(doomed.menu.id))
        .await
        .unwrap();
    for n in 0..2 {
        stores
            .tokens
            .insert_share_token(&token(doomed.menu.id, &format!("doomed-{n}")))
            .await
            .unwrap();
    }

    stores.menus.delete_menu(doomed.menu.id).await.unwrap();

    let id = doomed.menu.id;
    for (what, query) in [
        (
            "menu",
            format!("SELECT count(*) FROM menus WHERE id = '{id}'"),
        ),
        (
            "courses",
            format!("SELECT count(*) FROM courses WHERE menu_id = '{id}'"),
        ),
        (
            "items",
            format!(
                "SELECT count(*) FROM course_items i LEFT JOIN courses c ON c.id = i.course_id
                 WHERE c.id IS NULL OR c.menu_id = '{id}'"
            ),
        ),
        (
            "pairings",
            format!("SELECT count(*) FROM menu_item_pairings WHERE menu_id = '{id}'"),
        ),
        (
            "share tokens",
            format!("SELECT count(*) FROM menu_share_tokens WHERE menu_id = '{id}'"),
        ),
        (
            "lineage",
            format!(
                "SELECT count(*) FROM menu_lineage
                 WHERE source_menu_id = '{id}' OR forked_menu_id = '{id}'"
            ),
        ),
    ] {
        assert_eq!(stores.count(&query), 0, "{what} of the deleted menu remain");
    }
    assert_eq!(
        stores.count("SELECT count(*) FROM menus"),
        2,
        "the others stay"
    );
    assert_eq!(
        stores.count("SELECT count(*) FROM course_items"),
        8,
        "their items stay"
    );
    let result = stores.menus.delete_menu(id).await;
    assert!(
        matches!(result, Err(CurationError::MenuNotFound)),
        "{result:?}"
    );
}

fn token(menu_id: MenuId, secret: &str) -> ShareToken {
    ShareToken {
        id: ShareTokenId::new(),
        menu_id,
        token: format!("{secret}-{}", uuid::Uuid::now_v7().simple()),
        expires_at: None,
        revoked_at: None,
        last_accessed_at: None,
        access_count: 0,
        created_at: at(0),
    }
}

/// A change that puts a new item first in `course`, shifting the others down, from
/// what it loaded (what the service does), after a pause that lets rivals queue up.
fn insert_first(course: CourseId, media: MediaItemId, pause: Duration) -> MenuChange {
    Box::new(move |loaded: MenuAggregate| {
        std::thread::sleep(pause);
        let mut after = loaded.clone();
        for row in after.items.iter_mut().filter(|row| row.course_id == course) {
            row.position = row.position.next();
        }
        after.items.push(item(course, media, 1));
        Ok(MenuChangeSet::between(&loaded, after))
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_changes_of_one_menu_serialize() {
    let stores = Arc::new(Stores::new());
    let menu = stored_menu(&stores).await;
    let course = menu.courses[0].id;
    const RACERS: usize = 6;
    let mut media = Vec::new();
    for _ in 0..RACERS {
        media.push(stores.media_item().await);
    }

    let barrier = Arc::new(Barrier::new(RACERS));
    let racers: Vec<_> = media
        .into_iter()
        .map(|media| {
            let (stores, barrier) = (stores.clone(), barrier.clone());
            tokio::spawn(async move {
                barrier.wait().await;
                let change = insert_first(course, media, Duration::from_millis(30));
                stores.menus.change_menu(menu.menu.id, change).await
            })
        })
        .collect();
    for racer in racers {
        racer.await.unwrap().unwrap();
    }

    let stored = load(&stores, menu.menu.id).await.unwrap();
    let mut positions: Vec<i32> = stored
        .items
        .iter()
        .filter(|row| row.course_id == course)
        .map(|row| row.position.get())
        .collect();
    positions.sort_unstable();
    let dense: Vec<i32> = (1..=i32::try_from(RACERS + 2).unwrap()).collect();
    assert_eq!(positions, dense, "every insert landed, positions dense");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_accesses_are_all_counted() {
    let stores = Arc::new(Stores::new());
    let menu = stored_menu(&stores).await;
    let link = token(menu.menu.id, "counted");
    stores.tokens.insert_share_token(&link).await.unwrap();
    const ACCESSES: u32 = 24;

    let barrier = Arc::new(Barrier::new(ACCESSES as usize));
    let accesses: Vec<_> = (0..ACCESSES)
        .map(|n| {
            let (stores, barrier) = (stores.clone(), barrier.clone());
            tokio::spawn(async move {
                barrier.wait().await;
                let when = at(i64::from(n) + 10);
                stores.tokens.record_share_access(link.id, when).await
            })
        })
        .collect();
    let mut counts = Vec::new();
    for access in accesses {
        counts.push(access.await.unwrap().unwrap().access_count);
    }

    counts.sort_unstable();
    assert_eq!(
        counts,
        (1..=ACCESSES).collect::<Vec<_>>(),
        "each saw its own count"
    );
    let stored = stores.tokens.share_token(link.id).await.unwrap().unwrap();
    assert_eq!(stored.access_count, ACCESSES);
}

#[tokio::test]
async fn an_unreachable_database_is_unavailable() {
    let config = PgConfig {
        connect_timeout_ms: 300,
        ..PgConfig::default()
    };
    let pool = PgPool::build(&TestDb::unreachable_url(), &config).unwrap();
    let menus = PgMenuRepository::new(pool.clone());
    let queries = PgMenuQueries::new(pool.clone());
    let tokens = PgShareTokenRepository::new(pool);

    let results = [
        menus.delete_menu(MenuId::new()).await.err(),
        queries.menu(MenuId::new()).await.err(),
        tokens.share_token(ShareTokenId::new()).await.err(),
    ];
    for result in results {
        assert!(
            matches!(result, Some(CurationError::Unavailable(_))),
            "{result:?}"
        );
    }
}

// --- How many statements the service's reads and writes send -----------------------

/// The service over the stores of a fresh database whose statements are recorded, an
/// owner, and `media` catalog items.
struct Counted {
    service: tastebuds_curation::CurationService,
    owner: UserId,
    media: Vec<MediaItemId>,
    db: TestDb,
}

impl Counted {
    fn new(media: usize) -> Self {
        crate::statements::record_statements();
        let db = TestDb::new();
        let pool = db.pool();
        let service = tastebuds_curation::CurationService::new(
            Arc::new(PgMenuRepository::new(pool.clone())),
            Arc::new(PgShareTokenRepository::new(pool.clone())),
            Arc::new(PgMenuQueries::new(pool)),
            Arc::new(tastebuds_curation::RandomShareTokens),
            Arc::new(tastebuds_kernel::SystemClock),
        );
        let mut conn = db.connect();
        let owner = UserId::from_uuid(insert_user(&mut conn));
        let media = (0..media)
            .map(|i| MediaItemId::from_uuid(insert_media_item(&mut conn, "book", &format!("B{i}"))))
            .collect();
        Self {
            service,
            owner,
            media,
            db,
        }
    }

    /// A menu of `courses` courses of `items` items each, every item paired with the
    /// next one.
    async fn menu(&self, courses: usize, items: usize) -> tastebuds_curation::Menu {
        use tastebuds_curation::{CourseDraft, ItemDraft, MenuDraft};
        let draft = MenuDraft {
            title: MenuTitle::parse("Counted").unwrap(),
            description: None,
            is_public: true,
            courses: (0..courses)
                .map(|c| CourseDraft {
                    title: CourseTitle::parse("Course").unwrap(),
                    description: None,
                    intent: None,
                    position: Position::nth(c),
                    items: (0..items)
                        .map(|i| ItemDraft {
                            media_item_id: self.media[(c * items + i) % self.media.len()],
                            notes: None,
                            position: Position::nth(i),
                        })
                        .collect(),
                })
                .collect(),
        };
        let menu = self.service.create_menu(self.owner, draft).await.unwrap();
        let ids: Vec<CourseItemId> = menu
            .courses
            .iter()
            .flat_map(|course| course.items.iter().map(|item| item.id))
            .collect();
        for pair in ids.windows(2) {
            let draft = tastebuds_curation::PairingDraft::new(pair[0], pair[1], None, None);
            self.service
                .create_pairing(self.owner, menu.id, draft.unwrap())
                .await
                .unwrap();
        }
        menu
    }
}

/// A full menu read (menu, courses, items, media cards, pairings) is one statement,
/// for 5 courses × 10 items as for one course of one item; so are the owner's
/// list and the public read; adding an item that shifts every other one sends as many
/// statements for either menu.
#[tokio::test]
async fn reads_and_adds_take_a_fixed_number_of_statements() {
    let counted = Counted::new(50);
    let (small, big) = (counted.menu(1, 1).await, counted.menu(5, 10).await);
    let (service, owner, db) = (&counted.service, counted.owner, &counted.db);
    // Connect first: establishing a connection sends set-up statements of its own.
    service.get_menu(owner, small.id).await.unwrap();

    let mut reads = Vec::new();
    let mut publics = Vec::new();
    for menu in [&small, &big] {
        let (read, sent) = crate::statements::during(db, service.get_menu(owner, menu.id)).await;
        assert_eq!(read.unwrap().courses.len(), menu.courses.len());
        reads.push(sent);
        let (public, sent) = crate::statements::during(db, service.public_menu(&menu.slug)).await;
        public.unwrap();
        publics.push(sent);
    }
    assert_eq!(reads[0].len(), reads[1].len(), "{reads:#?}");
    assert_eq!(publics[0].len(), publics[1].len(), "{publics:#?}");
    println!(
        "full menu read: {} statements\n{}",
        reads[1].len(),
        reads[1].join("\n")
    );

    let (list, listed) = crate::statements::during(db, service.list_menus(owner)).await;
    assert_eq!(list.unwrap().len(), 2);
    let other = UserId::from_uuid(insert_user(&mut db.connect()));
    service.list_menus(other).await.unwrap();
    assert!(listed.len() <= reads[1].len() + 1, "{listed:#?}");

    let mut adds = Vec::new();
    for menu in [&small, &big] {
        let draft = tastebuds_curation::ItemDraft {
            media_item_id: counted.media[0],
            notes: None,
            position: Position::FIRST,
        };
        let add = service.add_item(owner, menu.id, menu.courses[0].id, draft);
        let (item, sent) = crate::statements::during(db, add).await;
        assert_eq!(item.unwrap().position, Position::FIRST);
        adds.push(sent);
    }
    assert_eq!(adds[0].len(), adds[1].len(), "{adds:#?}");
    println!(
        "adding an item: {} statements\n{}",
        adds[1].len(),
        adds[1].join("\n")
    );
    // Besides the pool's `SELECT 1` check on each connection checkout (one per port
    // call): the read is one statement (the menu, every row under it and the media
    // cards); the add is one transaction that locks and loads, shifts in one upsert and
    // inserts in one.
    let work = |sent: &[String]| sent.iter().filter(|sql| sql.as_str() != "SELECT 1").count();
    assert_eq!(work(&reads[1]), 1, "{reads:#?}");
    assert_eq!(work(&publics[1]), 1, "{publics:#?}");
    assert_eq!(work(&listed), 1, "{listed:#?}");
    assert!(work(&adds[1]) <= 10, "{adds:#?}");
}
