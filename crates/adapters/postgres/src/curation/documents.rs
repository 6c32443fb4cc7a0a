//! Menu documents: menus, every course, item and pairing under them and the media cards
//! of their items in **one statement**, one row per menu. The rows under a menu come
//! back as arrays of anonymous records (`ARRAY(SELECT ROW(…) …)`), decoded in binary
//! like any column, so one round trip and one snapshot serve a whole menu view.
//!
//! The statement is a hand-written [`QueryFragment`] with a static query id, so Diesel
//! prepares it once per connection and filter (a `sql_query` would be parsed and planned
//! on every call). Each record lists the columns of its `Stored*` row in field order.

use diesel::deserialize::Queryable;
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::sql_types::{
    Array, Bool, Date, Int4, Jsonb, Nullable, Record, Text, Timestamptz, Uuid as SqlUuid,
};
use tastebuds_curation::MenusWithCards;
use tastebuds_kernel::MediaCard;

use super::load::assemble;
use super::rows::{StoredCourse, StoredItem, StoredMenu, StoredPairing};
use super::{Failure, corrupt};
use crate::media::CardRow;
use crate::schema::sql_types::MediaType;

/// The columns of a [`StoredMenu`], in field order.
type MenuSql = (
    SqlUuid,
    SqlUuid,
    Text,
    Nullable<Text>,
    Text,
    Bool,
    Timestamptz,
    Timestamptz,
);
/// The columns of a [`StoredCourse`], in field order.
type CourseSql = (
    SqlUuid,
    SqlUuid,
    Text,
    Nullable<Text>,
    Nullable<Text>,
    Int4,
    Timestamptz,
);
/// The columns of a [`StoredItem`], in field order.
type ItemSql = (SqlUuid, SqlUuid, SqlUuid, Nullable<Text>, Int4, Timestamptz);
/// The columns of a [`StoredPairing`], in field order.
type PairingSql = (
    SqlUuid,
    SqlUuid,
    SqlUuid,
    SqlUuid,
    Nullable<Text>,
    Nullable<Text>,
    Timestamptz,
    Timestamptz,
);
/// The columns of a [`CardRow`], in field order.
type CardSql = (
    SqlUuid,
    MediaType,
    Text,
    Nullable<Text>,
    Nullable<Text>,
    Nullable<Date>,
    Nullable<Text>,
    Nullable<Text>,
    Nullable<Jsonb>,
);

/// The record of a row read as `Sql`, as Rust values.
type Fields<Row, Sql> = <Row as Queryable<Sql, Pg>>::Row;

/// One menu document as decoded.
type Document = (
    Fields<StoredMenu, MenuSql>,
    Vec<Fields<StoredCourse, CourseSql>>,
    Vec<Fields<StoredItem, ItemSql>>,
    Vec<Fields<StoredPairing, PairingSql>>,
    Vec<Fields<CardRow, CardSql>>,
);

/// Everything before the filter. The items of a menu are read twice (as rows and as the
/// set of cards to read); both are index lookups on `courses.menu_id` and
/// `course_items.course_id`.
const SELECT: &str = "SELECT \
    ROW(menus.id, menus.owner_id, menus.title, menus.description, menus.slug, \
        menus.is_public, menus.created_at, menus.updated_at), \
    ARRAY(SELECT ROW(c.id, c.menu_id, c.title, c.description, c.intent, c.position, \
            c.updated_at) \
        FROM courses c WHERE c.menu_id = menus.id), \
    ARRAY(SELECT ROW(i.id, i.course_id, i.media_item_id, i.notes, i.position, i.updated_at) \
        FROM course_items i JOIN courses c ON c.id = i.course_id \
        WHERE c.menu_id = menus.id), \
    ARRAY(SELECT ROW(p.id, p.menu_id, p.primary_course_item_id, p.paired_course_item_id, \
            p.relationship, p.note, p.created_at, p.updated_at) \
        FROM menu_item_pairings p WHERE p.menu_id = menus.id), \
    ARRAY(SELECT ROW(m.id, m.media_type, m.title, m.subtitle, m.description, \
            m.release_date, m.cover_image_url, m.canonical_url, m.metadata) \
        FROM media_items m \
        WHERE m.id IN (SELECT i.media_item_id \
            FROM course_items i JOIN courses c ON c.id = i.course_id \
            WHERE c.menu_id = menus.id)) \
    FROM menus WHERE ";

/// `SELECT <menu documents> FROM menus WHERE <filter>`, where `filter` is a Diesel
/// expression on `menus` (`menus::slug.eq(…)`).
#[derive(Debug, Clone, QueryId)]
pub(super) struct MenuDocuments<F> {
    filter: F,
}

impl<F> MenuDocuments<F> {
    /// The documents of the menus `filter` picks.
    pub(super) fn filtered(filter: F) -> Self {
        Self { filter }
    }
}

impl<F: QueryFragment<Pg>> QueryFragment<Pg> for MenuDocuments<F> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        out.push_sql(SELECT);
        self.filter.walk_ast(out.reborrow())
    }
}

impl<F> Query for MenuDocuments<F> {
    type SqlType = (
        Record<MenuSql>,
        Array<Record<CourseSql>>,
        Array<Record<ItemSql>>,
        Array<Record<PairingSql>>,
        Array<Record<CardSql>>,
    );
}

impl<F> RunQueryDsl<PgConnection> for MenuDocuments<F> {}

/// Reads the documents of the menus `query` picks.
pub(super) fn read<F>(
    conn: &mut PgConnection,
    query: MenuDocuments<F>,
) -> Result<MenusWithCards, Failure>
where
    F: QueryFragment<Pg> + QueryId,
{
    let documents: Vec<Document> = query.load(conn)?;
    decode(documents).map_err(|error| corrupt(error, "reading menus with their cards"))
}

/// The menus and cards of `documents`.
fn decode(documents: Vec<Document>) -> anyhow::Result<MenusWithCards> {
    let (mut menus, mut courses, mut items, mut pairings, mut cards) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (menu, menu_courses, menu_items, menu_pairings, menu_cards) in documents {
        menus.push(build::<StoredMenu, MenuSql>(menu)?);
        for course in menu_courses {
            courses.push(build::<StoredCourse, CourseSql>(course)?);
        }
        for item in menu_items {
            items.push(build::<StoredItem, ItemSql>(item)?);
        }
        for pairing in menu_pairings {
            pairings.push(build::<StoredPairing, PairingSql>(pairing)?);
        }
        for card in menu_cards {
            cards.push(MediaCard::from(build::<CardRow, CardSql>(card)?));
        }
    }
    Ok(MenusWithCards {
        menus: assemble(menus, courses, items, pairings)?,
        cards,
    })
}

/// The `Row` read as `Sql` from its decoded record.
fn build<Row: Queryable<Sql, Pg>, Sql>(fields: Row::Row) -> anyhow::Result<Row> {
    Row::build(fields).map_err(|error| anyhow::anyhow!("{error}"))
}
