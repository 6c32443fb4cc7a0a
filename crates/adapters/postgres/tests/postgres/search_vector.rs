//! The trigger-maintained `search_vector`: weights, extension fields, accent folding.

use diesel::sql_types::{Text, Uuid as SqlUuid};
use diesel::{PgConnection, RunQueryDsl as _};
use tastebuds_testkit::TestDb;
use uuid::Uuid;

use crate::support::{count, insert_media_item};

/// How many items match the `english_unaccent` query `tsquery` (built with `builder`).
fn matches(conn: &mut PgConnection, builder: &str, tsquery: &str) -> i64 {
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        count: i64,
    }
    diesel::sql_query(format!(
        "SELECT count(*) FROM media_items WHERE search_vector @@ {builder}('english_unaccent', $1)"
    ))
    .bind::<Text, _>(tsquery)
    .get_result::<Count>(conn)
    .unwrap()
    .count
}

fn exec(conn: &mut PgConnection, sql: &str, item: Uuid) {
    diesel::sql_query(sql)
        .bind::<SqlUuid, _>(item)
        .execute(conn)
        .unwrap();
}

#[test]
fn book_authors_are_searchable_and_follow_changes() {
    let db = TestDb::new();
    let mut conn = db.connect();
    let dune = insert_media_item(&mut conn, "book", "Dune");
    assert_eq!(matches(&mut conn, "websearch_to_tsquery", "herbert"), 0);

    exec(
        &mut conn,
        r#"INSERT INTO book_items (media_item_id, authors, publisher, isbn_13)
           VALUES ($1, '["Frank Herbert"]', 'Chilton', '9780441013593')"#,
        dune,
    );
    assert_eq!(matches(&mut conn, "websearch_to_tsquery", "herbert"), 1);
    assert_eq!(matches(&mut conn, "websearch_to_tsquery", "chilton"), 1);
    assert_eq!(
        matches(&mut conn, "websearch_to_tsquery", "9780441013593"),
        1
    );
    // Weights: extension fields D, title A.
    assert_eq!(matches(&mut conn, "to_tsquery", "herbert:D"), 1);
    assert_eq!(matches(&mut conn, "to_tsquery", "herbert:ABC"), 0);
    assert_eq!(matches(&mut conn, "to_tsquery", "dune:A"), 1);

    exec(
        &mut conn,
        r#"UPDATE book_items SET authors = '["Someone Else"]' WHERE media_item_id = $1"#,
        dune,
    );
    assert_eq!(matches(&mut conn, "websearch_to_tsquery", "herbert"), 0);
    assert_eq!(matches(&mut conn, "websearch_to_tsquery", "someone"), 1);

    exec(
        &mut conn,
        "DELETE FROM book_items WHERE media_item_id = $1",
        dune,
    );
    assert_eq!(matches(&mut conn, "websearch_to_tsquery", "someone"), 0);
    assert_eq!(matches(&mut conn, "websearch_to_tsquery", "dune"), 1);
}

#[test]
fn title_subtitle_and_description_are_weighted_and_updated() {
    let db = TestDb::new();
    let mut conn = db.connect();
    let item = insert_media_item(&mut conn, "movie", "Heat");
    exec(
        &mut conn,
        "UPDATE media_items SET subtitle = 'A Los Angeles crime saga',
                                description = 'Thieves and detectives' WHERE id = $1",
        item,
    );
    assert_eq!(matches(&mut conn, "to_tsquery", "saga:B"), 1);
    assert_eq!(matches(&mut conn, "to_tsquery", "detectives:C"), 1);
    assert_eq!(
        matches(&mut conn, "websearch_to_tsquery", "thief"),
        0,
        "only matching stems"
    );
    assert_eq!(matches(&mut conn, "websearch_to_tsquery", "thieves"), 1);
    exec(
        &mut conn,
        "UPDATE media_items SET title = 'Collateral' WHERE id = $1",
        item,
    );
    assert_eq!(matches(&mut conn, "websearch_to_tsquery", "heat"), 0);
    assert_eq!(matches(&mut conn, "to_tsquery", "collateral:A"), 1);
}

#[test]
fn every_extension_table_feeds_the_vector() {
    let db = TestDb::new();
    let mut conn = db.connect();
    let movie = insert_media_item(&mut conn, "movie", "Alien");
    let game = insert_media_item(&mut conn, "game", "Hades");
    let album = insert_media_item(&mut conn, "music", "Blue");
    exec(
        &mut conn,
        r#"INSERT INTO movie_items (media_item_id, directors, producers)
           VALUES ($1, '["Ridley Scott"]', '["Gordon Carroll"]')"#,
        movie,
    );
    exec(
        &mut conn,
        r#"INSERT INTO game_items (media_item_id, platforms, developers, publishers, genres)
           VALUES ($1, '["Switch"]', '["Supergiant"]', '["Annapurna"]', '["Roguelike"]')"#,
        game,
    );
    exec(
        &mut conn,
        "INSERT INTO music_items (media_item_id, artist_name, album_name)
         VALUES ($1, 'Joni Mitchell', 'Ladies of the Canyon')",
        album,
    );
    for word in [
        "ridley",
        "carroll",
        "switch",
        "supergiant",
        "annapurna",
        "roguelike",
        "mitchell",
        "canyon",
    ] {
        assert_eq!(
            matches(&mut conn, "to_tsquery", &format!("{word}:D")),
            1,
            "{word}"
        );
    }
    // A JSON value that is not an array of strings does not break the trigger.
    exec(
        &mut conn,
        r#"UPDATE game_items SET genres = '{"main": "Action"}' WHERE media_item_id = $1"#,
        game,
    );
    assert_eq!(matches(&mut conn, "websearch_to_tsquery", "action"), 1);
}

#[test]
fn accents_are_ignored_both_ways() {
    let db = TestDb::new();
    let mut conn = db.connect();
    insert_media_item(&mut conn, "book", "Café Society");
    insert_media_item(&mut conn, "book", "Creme Brulee");
    assert_eq!(matches(&mut conn, "websearch_to_tsquery", "Cafe"), 1);
    assert_eq!(matches(&mut conn, "websearch_to_tsquery", "\"Cafe"), 1);
    assert_eq!(
        matches(&mut conn, "websearch_to_tsquery", "crème brûlée"),
        1
    );
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) FROM media_items WHERE title % 'Cafe Societi'"
        ),
        1,
        "trigram"
    );
}
