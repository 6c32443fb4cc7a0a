//! The tagging store against a real database: the domain's port contract suite, the
//! constraint names it maps by, the owner cascade, and an unreachable database.

use tastebuds_kernel::{MediaItemId, TagId, UserId};
use tastebuds_postgres::{PgConfig, PgPool, PgTagRepository};
use tastebuds_tagging::testing::tag_repository_contract;
use tastebuds_tagging::{Tag, TagName, TagRepository, TaggingError};
use tastebuds_testkit::TestDb;
use uuid::Uuid;

use crate::support::{Seeder, count, insert_media_item, insert_user};

fn tag(owner: Option<Uuid>, name: &str) -> Tag {
    Tag {
        id: TagId::new(),
        owner: owner.map(UserId::from_uuid),
        name: TagName::parse(name).unwrap(),
    }
}

#[tokio::test]
async fn pg_tags_keep_the_contract() {
    let db = TestDb::new();
    tag_repository_contract(&PgTagRepository::new(db.pool()), &Seeder::new(&db)).await;
}

#[tokio::test]
async fn constraint_violations_map_by_name() {
    let db = TestDb::new();
    let repo = PgTagRepository::new(db.pool());
    let mut conn = db.connect();
    let (owner, item) = (
        insert_user(&mut conn),
        insert_media_item(&mut conn, "book", "Dune"),
    );

    // tags_owner_id_name_key: the duplicate's name comes back, nothing is stored.
    let first = tag(Some(owner), "noir");
    repo.insert(&first).await.unwrap();
    let again = tag(Some(owner), "noir");
    match repo.insert(&again).await {
        Err(TaggingError::DuplicateName(name)) => assert_eq!(name.as_str(), "noir"),
        other => panic!("expected DuplicateName, got {other:?}"),
    }
    assert_eq!(count(&mut conn, "SELECT count(*) FROM tags"), 1);
    // The same name is free for another owner and for global tags.
    repo.insert(&tag(Some(insert_user(&mut conn)), "noir"))
        .await
        .unwrap();
    repo.insert(&tag(None, "noir")).await.unwrap();

    // media_item_tags_media_item_id_fkey / _tag_id_fkey.
    assert!(matches!(
        repo.link(first.id, MediaItemId::new()).await,
        Err(TaggingError::UnknownMedia)
    ));
    assert!(matches!(
        repo.link(TagId::new(), MediaItemId::from_uuid(item)).await,
        Err(TaggingError::TagNotAvailable)
    ));
    // media_item_tags_media_item_id_tag_id_key: linking twice keeps one row.
    for _ in 0..2 {
        repo.link(first.id, MediaItemId::from_uuid(item))
            .await
            .unwrap();
    }
    assert_eq!(count(&mut conn, "SELECT count(*) FROM media_item_tags"), 1);
}

#[tokio::test]
async fn deleting_a_user_deletes_their_tags_and_links_but_not_global_ones() {
    let db = TestDb::new();
    let repo = PgTagRepository::new(db.pool());
    let mut conn = db.connect();
    let (owner, item) = (
        insert_user(&mut conn),
        MediaItemId::from_uuid(insert_media_item(&mut conn, "book", "Dune")),
    );
    let own = tag(Some(owner), "mine");
    let global = tag(None, "everyone's");
    for t in [&own, &global] {
        repo.insert(t).await.unwrap();
        repo.link(t.id, item).await.unwrap();
    }

    diesel::RunQueryDsl::execute(
        diesel::sql_query("DELETE FROM users WHERE id = $1")
            .bind::<diesel::sql_types::Uuid, _>(owner),
        &mut conn,
    )
    .unwrap();

    assert_eq!(repo.find(own.id).await.unwrap(), None);
    assert_eq!(repo.find(global.id).await.unwrap(), Some(global.clone()));
    let left = repo
        .on_item_owned_or_global(item, UserId::from_uuid(owner))
        .await
        .unwrap();
    assert_eq!(left, vec![global]);
    assert_eq!(count(&mut conn, "SELECT count(*) FROM media_item_tags"), 1);
}

#[tokio::test]
async fn an_unreachable_database_is_unavailable() {
    let config = PgConfig {
        connect_timeout_ms: 200,
        ..PgConfig::default()
    };
    let pool = PgPool::build(&TestDb::unreachable_url(), &config).unwrap();
    let repo = PgTagRepository::new(pool);
    assert!(matches!(
        repo.find(TagId::new()).await,
        Err(TaggingError::Unavailable(_))
    ));
    assert!(matches!(
        repo.insert(&tag(None, "x")).await,
        Err(TaggingError::Unavailable(_))
    ));
}
