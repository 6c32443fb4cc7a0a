//! `tastebuds seed` and `tastebuds reset-db` on a fresh database.

use std::collections::BTreeMap;
use std::process::{Output, Stdio};

use diesel::sql_types::{Nullable, Text};
use diesel::{PgConnection, QueryableByName, RunQueryDsl as _};
use secrecy::ExposeSecret as _;
use serde_json::{Value, json};
use tastebuds_http::{Application, Settings};
use tastebuds_testkit::{TestDb, count};

use crate::tastebuds;

/// Every table the seed writes, with the rows one run leaves.
const SEEDED_ROWS: &[(&str, i64)] = &[
    ("users", 1),
    ("refresh_tokens", 1),
    ("media_items", 10),
    ("media_sources", 10),
    ("book_items", 2),
    ("movie_items", 3),
    ("game_items", 2),
    ("music_items", 3),
    ("tags", 3),
    ("media_item_tags", 10),
    ("user_item_states", 9),
    ("user_item_logs", 15),
    ("menus", 2),
    ("courses", 5),
    ("course_items", 10),
    ("menu_item_pairings", 1),
    ("menu_share_tokens", 1),
    // 7 entered by the seed, 28 from the TMDB watch providers of The Matrix.
    ("media_item_availability", 35),
];

/// Runs the binary with `args` on `db` (demo-fast bcrypt, the server port `port`).
async fn run_on(db: &TestDb, port: u16, args: &'static [&'static str]) -> Output {
    let mut command = tastebuds(args);
    command
        .env("DATABASE_URL", db.url().expose_secret())
        .env("PORT", port.to_string())
        .env("TASTEBUDS__AUTH__BCRYPT_COST", "4")
        .env("RUST_LOG", "error")
        .stdin(Stdio::null());
    tokio::task::spawn_blocking(move || command.output().expect("run the binary"))
        .await
        .expect("the binary's task")
}

fn stdout(output: &Output) -> String {
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    text
}

/// Every row of every seeded table, as text, so two snapshots differ when any column
/// of any row (an `updated_at`, a counter) does.
fn snapshot(conn: &mut PgConnection) -> BTreeMap<&'static str, String> {
    #[derive(QueryableByName)]
    struct Rows {
        #[diesel(sql_type = Nullable<Text>)]
        rows: Option<String>,
    }
    SEEDED_ROWS
        .iter()
        .map(|(table, _)| {
            let query =
                format!("SELECT string_agg(t::text, '\n' ORDER BY t::text) AS rows FROM {table} t");
            let rows = diesel::sql_query(&query)
                .get_result::<Rows>(conn)
                .unwrap_or_else(|error| panic!("{query}: {error}"))
                .rows
                .unwrap_or_default();
            (*table, rows)
        })
        .collect()
}

/// The URL printed after `label` in the summary.
fn printed_url(out: &str, label: &str) -> String {
    out.lines()
        .find_map(|line| line.trim_start().strip_prefix(label))
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("no `{label}` line in:\n{out}"))
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seed_creates_everything_once_and_a_second_run_changes_nothing() {
    // Arrange: an unmigrated database, and a server on it to try the printed URLs.
    let db = TestDb::empty();
    let mut settings = Settings::default();
    settings.server.port = 0;
    let settings = settings.validate().expect("valid settings");

    // Act
    let first = stdout(&run_on(&db, 0, &["seed"]).await);
    let mut conn = db.connect();
    let after_first = snapshot(&mut conn);
    let application = Application::build(&settings, db.pool())
        .await
        .expect("bind");
    let port = application.port();
    let handle = application.handle();
    let server = tokio::spawn(application.run_until_stopped());
    let second = stdout(&run_on(&db, port, &["seed"]).await);
    let after_second = snapshot(&mut conn);

    // Assert: the first run created everything, step by step.
    for step in ["user", "media", "tags", "library", "menus", "availability"] {
        let line = first
            .lines()
            .find(|line| line.starts_with(&format!("seed: {step} ")))
            .unwrap_or_else(|| panic!("no {step} line in:\n{first}"));
        assert!(line.contains("created"), "{line}");
        assert!(!line.contains("already"), "{line}");
    }
    assert!(
        first.contains("seed: media 10 items (10 created)"),
        "{first}"
    );
    assert!(first.contains("demo@tastebuds.local"), "{first}");
    assert!(first.contains("tastebuds-demo"), "{first}");
    for (table, rows) in SEEDED_ROWS {
        assert_eq!(
            count(&mut conn, &format!("SELECT count(*) FROM {table}")),
            *rows,
            "{table}"
        );
    }
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(DISTINCT status) FROM user_item_states"
        ),
        5,
        "every status of API.md §5.7"
    );
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(DISTINCT log_type) FROM user_item_logs"
        ),
        5,
        "every log type"
    );
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(DISTINCT media_type) FROM media_items"
        ),
        5
    );
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(DISTINCT source_name) FROM media_sources"
        ),
        4
    );
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) FROM tags WHERE owner_id IS NULL"
        ),
        1,
        "one global tag"
    );
    assert_eq!(
        count(&mut conn, "SELECT count(*) FROM menus WHERE is_public"),
        1
    );

    // The second run changed nothing and said so.
    assert_eq!(after_first, after_second);
    for step in ["user", "media", "tags", "library", "menus", "availability"] {
        assert!(
            second
                .lines()
                .any(|line| line.starts_with(&format!("seed: {step} "))
                    && line.ends_with("(already seeded: nothing to do)")),
            "{step}: {second}"
        );
    }
    assert!(second.contains("nothing changed"), "{second}");

    // The printed URLs and credentials work on the server.
    let client = reqwest::Client::new();
    let public = client
        .get(printed_url(&second, "public menu"))
        .send()
        .await
        .expect("GET the public menu");
    assert_eq!(public.status(), 200);
    let public: Value = public.json().await.expect("JSON");
    assert_eq!(public["title"], "Worlds to Get Lost In");
    assert_eq!(public["courses"].as_array().map(Vec::len), Some(3));
    let shared = client
        .get(printed_url(&second, "share link"))
        .send()
        .await
        .expect("GET the share link");
    assert_eq!(shared.status(), 200);
    let shared: Value = shared.json().await.expect("JSON");
    assert_eq!(shared["menu"]["title"], "Rainy Sunday (draft)");
    let login = client
        .post(format!("http://127.0.0.1:{port}/api/auth/login"))
        .json(&json!({"email": "demo@tastebuds.local", "password": "tastebuds-demo"}))
        .send()
        .await
        .expect("POST login");
    assert_eq!(login.status(), 200);

    handle.stop(true).await;
    server.await.expect("server task").expect("server result");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reset_db_asks_for_confirmation_then_drops_and_seeds_again() {
    // Arrange
    let db = TestDb::new();
    stdout(&run_on(&db, 8000, &["seed"]).await);
    let first_user: String = {
        #[derive(QueryableByName)]
        struct Id {
            #[diesel(sql_type = Text)]
            id: String,
        }
        diesel::sql_query("SELECT id::text AS id FROM users")
            .get_result::<Id>(&mut db.connect())
            .expect("the demo user")
            .id
    };
    // A row the seed does not make: reset-db must drop it.
    diesel::sql_query("UPDATE menus SET title = 'Renamed by hand' WHERE is_public")
        .execute(&mut db.connect())
        .expect("rename");

    // Act
    let refused = run_on(&db, 8000, &["reset-db"]).await;
    let renamed = "SELECT count(*) FROM menus WHERE title = 'Renamed by hand'";
    let renamed_after_refusal = count(&mut db.connect(), renamed);
    let reset = stdout(&run_on(&db, 8000, &["reset-db", "--yes"]).await);

    // Assert
    assert!(!refused.status.success());
    let refusal = String::from_utf8_lossy(&refused.stderr);
    assert!(refusal.contains("--yes"), "{refusal}");
    assert_eq!(
        renamed_after_refusal, 1,
        "nothing was dropped without confirmation"
    );
    assert!(
        reset.contains("dropped and re-created the database"),
        "{reset}"
    );
    assert!(
        reset.contains("seed: user demo@tastebuds.local (created)"),
        "{reset}"
    );
    let mut conn = db.connect();
    for (table, rows) in SEEDED_ROWS {
        assert_eq!(
            count(&mut conn, &format!("SELECT count(*) FROM {table}")),
            *rows,
            "{table}"
        );
    }
    assert_eq!(
        count(
            &mut conn,
            &format!("SELECT count(*) FROM users WHERE id::text = '{first_user}'")
        ),
        0,
        "a new demo user"
    );
    assert_eq!(count(&mut conn, renamed), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_demo_user_with_another_password_is_left_alone_and_the_run_says_so() {
    use tastebuds_accounts::{Credentials, Registration};

    // Arrange: someone registered the demo email with their own password.
    let db = TestDb::new();
    let mut settings = Settings::default();
    settings.auth.bcrypt_cost = 4;
    let settings = settings.validate().expect("valid settings");
    let services = tastebuds_http::Services::build(&settings, &db.pool()).expect("services");
    let own = Registration::parse("demo@tastebuds.local", "my own secret", None).expect("valid");
    let user = services
        .accounts
        .register(own)
        .await
        .expect("register")
        .user;

    // Act
    let out = stdout(&run_on(&db, 8000, &["seed"]).await);

    // Assert
    assert!(
        out.contains("seed: user demo@tastebuds.local exists with another password"),
        "{out}"
    );
    assert!(!out.contains("password     tastebuds-demo"), "{out}");
    let mine = Credentials::parse("demo@tastebuds.local", "my own secret").expect("valid");
    let kept = services
        .accounts
        .check_credentials(&mine)
        .await
        .expect("unchanged password");
    assert_eq!(kept.id, user.id);
    let mut conn = db.connect();
    assert_eq!(count(&mut conn, "SELECT count(*) FROM users"), 1);
    assert_eq!(
        count(
            &mut conn,
            &format!(
                "SELECT count(*) FROM menus WHERE owner_id::text = '{}'",
                user.id
            )
        ),
        2,
        "the demo data is the existing user's"
    );
}
