//! The rows of every table of a synthetic dataset, as CSV lines for `COPY … FROM STDIN`.

use std::fmt::Write as _;

use crate::dataset::shape::{
    COURSES_PER_MENU, ITEMS_PER_COURSE, Kind, MENUS, Shape, TAGS_PER_USER, USERS, id,
};
use crate::dataset::words::{self, Draw};

/// One table's load: its `COPY` statement and how many rows it gets.
pub struct Table {
    /// The table name.
    pub name: &'static str,
    /// The column list of the `COPY`.
    pub columns: &'static str,
    /// How many rows [`Table::row`] produces (indexes `0..rows`).
    pub rows: u64,
    row: fn(&Shape, &Context, u64, &mut String),
}

/// Values shared by every row.
pub struct Context {
    /// The bcrypt hash of [`crate::dataset::shape::PASSWORD`] every user gets.
    pub password_hash: String,
}

impl Table {
    /// Appends row `n` as one CSV line (with its newline) to `out`.
    pub fn row(&self, shape: &Shape, context: &Context, n: u64, out: &mut String) {
        (self.row)(shape, context, n, out);
        out.push('\n');
    }
}

/// Every table, parents first. Extension tables come before `media_items` because the
/// loader fills `media_items.search_vector` with the product's own insert trigger, which
/// reads them.
#[must_use]
pub fn tables(shape: &Shape) -> Vec<Table> {
    let per_kind = |kind: u64| (shape.items + 3 - kind) / 4;
    let states: u64 = (0..USERS).map(|u| shape.states_of(u)).sum();
    vec![
        Table {
            name: "book_items",
            columns: "media_item_id, authors, page_count, publisher, language, isbn_13",
            rows: per_kind(0),
            row: book_row,
        },
        Table {
            name: "movie_items",
            columns: "media_item_id, runtime_minutes, directors, producers, tmdb_type",
            rows: per_kind(1),
            row: movie_row,
        },
        Table {
            name: "game_items",
            columns: "media_item_id, platforms, developers, publishers, genres",
            rows: per_kind(2),
            row: game_row,
        },
        Table {
            name: "music_items",
            columns: "media_item_id, artist_name, album_name, track_number, duration_ms",
            rows: per_kind(3),
            row: music_row,
        },
        Table {
            name: "media_items",
            columns: "id, media_type, title, subtitle, description, release_date, cover_image_url, canonical_url, metadata",
            rows: shape.items,
            row: item_row,
        },
        Table {
            name: "media_sources",
            columns: "id, media_item_id, source_name, external_id, canonical_url, raw_payload",
            rows: shape.items,
            row: source_row,
        },
        Table {
            name: "users",
            columns: "id, email, hashed_password, display_name",
            rows: USERS,
            row: user_row,
        },
        Table {
            name: "user_item_states",
            columns: "id, user_id, media_item_id, status, rating, favorite, started_at, finished_at, created_at, updated_at",
            rows: states,
            row: state_row,
        },
        Table {
            name: "user_item_logs",
            columns: "id, user_id, media_item_id, log_type, minutes_spent, progress_percent, logged_at, created_at, updated_at",
            rows: states * 2,
            row: log_row,
        },
        Table {
            name: "tags",
            columns: "id, owner_id, name",
            rows: USERS * TAGS_PER_USER,
            row: tag_row,
        },
        Table {
            name: "media_item_tags",
            columns: "id, media_item_id, tag_id",
            rows: states,
            row: item_tag_row,
        },
        Table {
            name: "menus",
            columns: "id, owner_id, title, description, slug, is_public",
            rows: MENUS,
            row: menu_row,
        },
        Table {
            name: "courses",
            columns: "id, menu_id, title, position",
            rows: MENUS * COURSES_PER_MENU,
            row: course_row,
        },
        Table {
            name: "course_items",
            columns: "id, course_id, media_item_id, notes, position",
            rows: MENUS * COURSES_PER_MENU * ITEMS_PER_COURSE,
            row: course_item_row,
        },
    ]
}

/// Appends `fields` as one CSV record (no newline): `None` is an empty unquoted field
/// (NULL); text is quoted when it holds a comma, quote, newline or is empty.
pub fn csv(out: &mut String, fields: &[Option<&str>]) {
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let Some(text) = field else { continue };
        if text.is_empty() || text.contains([',', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&text.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(text);
        }
    }
}

fn json_names(names: &[String]) -> String {
    serde_json::Value::from(names.to_vec()).to_string()
}

/// The `n`-th item of kind `kind` (0 book, 1 movie, 2 game, 3 music) is catalog item
/// `4 n + kind`.
fn item_of_kind(kind: u64, n: u64) -> u64 {
    4 * n + kind
}

fn book_row(_: &Shape, _: &Context, n: u64, out: &mut String) {
    let item = item_of_kind(0, n);
    let authors = json_names(&[words::person(10, item)]);
    let pages = (100 + item % 700).to_string();
    let isbn = format!("978{:010}", item % 10_000_000_000);
    let publisher = format!("{} Press", words::person(11, item));
    csv(
        out,
        &[
            Some(&id(Kind::Item, item).to_string()),
            Some(&authors),
            Some(&pages),
            Some(&publisher),
            Some("en"),
            Some(&isbn),
        ],
    );
}

fn movie_row(_: &Shape, _: &Context, n: u64, out: &mut String) {
    let item = item_of_kind(1, n);
    let directors = json_names(&[words::person(12, item)]);
    let producers = json_names(&[words::person(13, item), words::person(14, item)]);
    let runtime = (80 + item % 100).to_string();
    csv(
        out,
        &[
            Some(&id(Kind::Item, item).to_string()),
            Some(&runtime),
            Some(&directors),
            Some(&producers),
            Some("movie"),
        ],
    );
}

fn game_row(_: &Shape, _: &Context, n: u64, out: &mut String) {
    let item = item_of_kind(2, n);
    let platforms = json_names(&["PC".to_owned(), "PlayStation 5".to_owned()]);
    let developers = json_names(&[format!("{} Studio", words::person(15, item))]);
    let publishers = json_names(&[format!("{} Games", words::person(16, item))]);
    let genres = json_names(&[["Adventure", "Puzzle", "Role-playing (RPG)", "Strategy"]
        [usize::try_from(item % 4).unwrap_or(0)]
    .to_owned()]);
    csv(
        out,
        &[
            Some(&id(Kind::Item, item).to_string()),
            Some(&platforms),
            Some(&developers),
            Some(&publishers),
            Some(&genres),
        ],
    );
}

fn music_row(_: &Shape, _: &Context, n: u64, out: &mut String) {
    let item = item_of_kind(3, n);
    let artist = words::person(17, item);
    let album = words::title(item ^ 0x5555);
    let track = (1 + item % 12).to_string();
    let duration = (120_000 + item % 240_000).to_string();
    csv(
        out,
        &[
            Some(&id(Kind::Item, item).to_string()),
            Some(&artist),
            Some(&album),
            Some(&track),
            Some(&duration),
        ],
    );
}

const MEDIA_TYPES: [&str; 4] = ["book", "movie", "game", "music"];
const SOURCES: [&str; 4] = ["google_books", "tmdb", "igdb", "lastfm"];

fn item_row(_: &Shape, _: &Context, n: u64, out: &mut String) {
    let kind = usize::try_from(n % 4).unwrap_or(0);
    let title = words::title(n);
    let description = words::description(n);
    let subtitle = n.is_multiple_of(3).then(|| words::title(n ^ 0xAAAA));
    let mut draw = Draw::new(3, n);
    let date = format!(
        "{}-{:02}-{:02}",
        1950 + draw.below(76),
        1 + draw.below(12),
        1 + draw.below(28)
    );
    let cover = format!("https://images.bench.test/{n}.jpg");
    let url = format!("https://bench.test/{}/{n}", MEDIA_TYPES[kind]);
    csv(
        out,
        &[
            Some(&id(Kind::Item, n).to_string()),
            Some(MEDIA_TYPES[kind]),
            Some(&title),
            subtitle.as_deref(),
            Some(&description),
            Some(&date),
            Some(&cover),
            Some(&url),
            Some("{}"),
        ],
    );
}

fn source_row(_: &Shape, _: &Context, n: u64, out: &mut String) {
    let kind = usize::try_from(n % 4).unwrap_or(0);
    let external = format!("bench-{n}");
    let url = format!("https://bench.test/{}/{n}", MEDIA_TYPES[kind]);
    let payload = serde_json::json!({"id": external, "title": words::title(n)}).to_string();
    csv(
        out,
        &[
            Some(&id(Kind::Source, n).to_string()),
            Some(&id(Kind::Item, n).to_string()),
            Some(SOURCES[kind]),
            Some(&external),
            Some(&url),
            Some(&payload),
        ],
    );
}

fn user_row(_: &Shape, context: &Context, n: u64, out: &mut String) {
    let name = words::person(20, n);
    csv(
        out,
        &[
            Some(&id(Kind::User, n).to_string()),
            Some(&Shape::email(n)),
            Some(&context.password_hash),
            Some(&name),
        ],
    );
}

/// Which (user, k) the `n`-th state is, walking users in order.
fn state_at(shape: &Shape, mut n: u64) -> (u64, u64) {
    let bench = shape.states_of(0);
    if n < bench {
        return (0, n);
    }
    n -= bench;
    let per_user = shape.states_of(1).max(1);
    (1 + n / per_user, n % per_user)
}

/// A timestamp `minutes` minutes after a fixed instant.
fn at(minutes: u64) -> String {
    let days = minutes / 1_440 % 300;
    let hours = minutes / 60 % 24;
    let mins = minutes % 60;
    let month = 1 + days / 28 % 10;
    let day = 1 + days % 28;
    format!("2026-{month:02}-{day:02} {hours:02}:{mins:02}:00+00")
}

const STATUSES: [&str; 5] = [
    "want_to_consume",
    "currently_consuming",
    "paused",
    "consumed",
    "dropped",
];

fn state_row(shape: &Shape, _: &Context, n: u64, out: &mut String) {
    let (user, k) = state_at(shape, n);
    let item = shape.state_item(user, k);
    let status = STATUSES[usize::try_from((user + k) % 5).unwrap_or(0)];
    let rating = ((user + k) % 11).to_string();
    let favorite = if k % 7 == 0 { "t" } else { "f" };
    let stamp = at(user * 97 + k * 13);
    let started = (status != "want_to_consume").then(|| at((user * 97 + k * 13).saturating_sub(1)));
    let finished = (status == "consumed").then(|| stamp.clone());
    csv(
        out,
        &[
            Some(&id(Kind::State, n).to_string()),
            Some(&id(Kind::User, user).to_string()),
            Some(&id(Kind::Item, item).to_string()),
            Some(status),
            Some(&rating),
            Some(favorite),
            started.as_deref(),
            finished.as_deref(),
            Some(&stamp),
            Some(&stamp),
        ],
    );
}

fn log_row(shape: &Shape, _: &Context, n: u64, out: &mut String) {
    let (user, k) = state_at(shape, n / 2);
    let item = shape.state_item(user, k);
    let (log_type, percent) = if n.is_multiple_of(2) {
        ("started", None)
    } else {
        ("progress", Some(((k * 17) % 101).to_string()))
    };
    let stamp = at(user * 97 + k * 13 + n % 2);
    let minutes = (15 + n % 120).to_string();
    csv(
        out,
        &[
            Some(&id(Kind::Log, n).to_string()),
            Some(&id(Kind::User, user).to_string()),
            Some(&id(Kind::Item, item).to_string()),
            Some(log_type),
            Some(&minutes),
            percent.as_deref(),
            Some(&stamp),
            Some(&stamp),
            Some(&stamp),
        ],
    );
}

fn tag_row(_: &Shape, _: &Context, n: u64, out: &mut String) {
    let user = n / TAGS_PER_USER;
    let name = format!("tag-{}", n % TAGS_PER_USER);
    csv(
        out,
        &[
            Some(&id(Kind::Tag, n).to_string()),
            Some(&id(Kind::User, user).to_string()),
            Some(&name),
        ],
    );
}

/// Every state's item gets one of its owner's tags.
fn item_tag_row(shape: &Shape, _: &Context, n: u64, out: &mut String) {
    let (user, k) = state_at(shape, n);
    let item = shape.state_item(user, k);
    let tag = user * TAGS_PER_USER + k % TAGS_PER_USER;
    csv(
        out,
        &[
            Some(&id(Kind::ItemTag, n).to_string()),
            Some(&id(Kind::Item, item).to_string()),
            Some(&id(Kind::Tag, tag).to_string()),
        ],
    );
}

fn menu_row(_: &Shape, _: &Context, n: u64, out: &mut String) {
    let title = format!("Bench menu {n}");
    let mut description = String::new();
    let _ = write!(description, "Five courses around {}.", words::title(n));
    csv(
        out,
        &[
            Some(&id(Kind::Menu, n).to_string()),
            Some(&id(Kind::User, Shape::menu_owner(n)).to_string()),
            Some(&title),
            Some(&description),
            Some(&Shape::menu_slug(n)),
            Some(if n.is_multiple_of(2) { "t" } else { "f" }),
        ],
    );
}

fn course_row(_: &Shape, _: &Context, n: u64, out: &mut String) {
    let menu = n / COURSES_PER_MENU;
    let position = (n % COURSES_PER_MENU + 1).to_string();
    let title = format!("Course {position}");
    csv(
        out,
        &[
            Some(&id(Kind::Course, n).to_string()),
            Some(&id(Kind::Menu, menu).to_string()),
            Some(&title),
            Some(&position),
        ],
    );
}

fn course_item_row(shape: &Shape, _: &Context, n: u64, out: &mut String) {
    let course = n / ITEMS_PER_COURSE;
    let i = n % ITEMS_PER_COURSE;
    let item = shape.course_item(course, i);
    let position = (i + 1).to_string();
    csv(
        out,
        &[
            Some(&id(Kind::CourseItem, n).to_string()),
            Some(&id(Kind::Course, course).to_string()),
            Some(&id(Kind::Item, item).to_string()),
            None,
            Some(&position),
        ],
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_only_what_needs_it_and_leaves_null_empty() {
        let mut out = String::new();
        csv(
            &mut out,
            &[
                Some("plain"),
                None,
                Some(r#"["a, b","c"]"#),
                Some(""),
                Some("東京"),
            ],
        );
        assert_eq!(out, r#"plain,,"[""a, b"",""c""]","",東京"#);
    }

    #[test]
    fn every_table_row_has_as_many_fields_as_columns() {
        let shape = Shape { items: 1_000 };
        let context = Context {
            password_hash: "$2b$04$abc".to_owned(),
        };
        for table in tables(&shape) {
            let columns = table.columns.split(',').count();
            for n in [0, table.rows / 2, table.rows - 1] {
                let mut line = String::new();
                table.row(&shape, &context, n, &mut line);
                assert_eq!(
                    parse_fields(line.trim_end_matches('\n')),
                    columns,
                    "{} row {n}: {line}",
                    table.name
                );
            }
        }
    }

    #[test]
    fn the_extension_rows_cover_every_item_exactly_once() {
        let shape = Shape { items: 10 };
        let counts: Vec<u64> = tables(&shape).iter().take(4).map(|t| t.rows).collect();
        assert_eq!(counts, vec![3, 3, 2, 2]);
    }

    #[test]
    fn states_walk_the_bench_user_first_then_every_user() {
        let shape = Shape { items: 10_000 };
        assert_eq!(state_at(&shape, 0), (0, 0));
        assert_eq!(state_at(&shape, 199), (0, 199));
        assert_eq!(state_at(&shape, 200), (1, 0));
        assert_eq!(state_at(&shape, 200 + 50 * 999 - 1), (999, 49));
    }

    /// Counts the fields of one CSV record.
    fn parse_fields(line: &str) -> usize {
        let mut fields = 1;
        let mut quoted = false;
        for c in line.chars() {
            match c {
                '"' => quoted = !quoted,
                ',' if !quoted => fields += 1,
                _ => {}
            }
        }
        fields
    }
}
