//! `tastebuds ingest` against a wiremock Google Books.

use secrecy::ExposeSecret as _;
use tastebuds_testkit::TestDb;

use crate::tastebuds;

/// A recorded Google Books body, shared with the HTTP shell's tests.
macro_rules! google_fixture {
    ($name:literal) => {
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../http/tests/fixtures/google-books/",
            $name
        ))
    };
}

/// `tastebuds ingest <args>` on `db`, with Google Books at `upstream`; returns the exit
/// code and stdout.
async fn ingest(db: &TestDb, upstream: &wiremock::MockServer, args: &[&str]) -> (i32, String) {
    let mut command = tastebuds(&[&["ingest", "google_books"][..], args].concat());
    command
        .env("DATABASE_URL", db.url().expose_secret())
        .env(
            "TASTEBUDS__SOURCES__GOOGLE_BOOKS__BASE_URL",
            format!("{}/books/v1", upstream.uri()),
        )
        .env("TASTEBUDS__SOURCES__HTTP__MAX_RETRIES", "0")
        .env("RUST_LOG", "error");
    let output = tokio::task::spawn_blocking(move || command.output().expect("run the binary"))
        .await
        .expect("the binary's task");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.code().is_some(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.code().unwrap_or(-1), stdout)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ingest_stores_records_reports_each_and_fails_when_one_fails() {
    use wiremock::matchers::{method, path, query_param};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    // Arrange
    let db = TestDb::new();
    let upstream = MockServer::start().await;
    let json = |status: u16, body: &str| {
        ResponseTemplate::new(status).set_body_raw(body.to_owned(), "application/json")
    };
    Mock::given(method("GET"))
        .and(path("/books/v1/volumes/B1hSG45JCX4C"))
        .respond_with(json(200, google_fixture!("volume_B1hSG45JCX4C.json")))
        .expect(2) // created, then force-refreshed; the search hit is found stored
        .mount(&upstream)
        .await;
    Mock::given(method("GET"))
        .and(path("/books/v1/volumes/doesNotExist1"))
        .respond_with(json(
            404,
            google_fixture!("error_404_volume_not_found.json"),
        ))
        .expect(1)
        .mount(&upstream)
        .await;
    Mock::given(method("GET"))
        .and(path("/books/v1/volumes"))
        .and(query_param("q", "dune"))
        .and(query_param("maxResults", "1"))
        .respond_with(json(200, google_fixture!("volumes_search_dune.json")))
        .expect(1)
        .mount(&upstream)
        .await;

    // Act
    let (first_code, first) = ingest(&db, &upstream, &["B1hSG45JCX4C", "doesNotExist1"]).await;
    let (search_code, searched) =
        ingest(&db, &upstream, &["--search", "dune", "--max-results", "1"]).await;
    let (refresh_code, refreshed) =
        ingest(&db, &upstream, &["--force-refresh", "B1hSG45JCX4C"]).await;

    // Assert
    assert_eq!(first_code, 1, "{first}");
    assert!(
        first.contains("created 1, updated 0, unchanged 0, failed 1"),
        "{first}"
    );
    assert!(
        first
            .lines()
            .any(|line| line.starts_with("created") && line.contains("Dune")),
        "{first}"
    );
    assert!(
        first
            .lines()
            .any(|line| line.starts_with("failed") && line.contains("doesNotExist1: ")),
        "{first}"
    );
    assert_eq!(search_code, 0, "{searched}");
    assert!(
        searched.contains("created 0, updated 0, unchanged 1, failed 0"),
        "{searched}"
    );
    assert_eq!(refresh_code, 0, "{refreshed}");
    assert!(
        refreshed.contains("created 0, updated 1, unchanged 0, failed 0"),
        "{refreshed}"
    );
}
