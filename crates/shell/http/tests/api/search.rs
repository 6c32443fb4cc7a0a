//! `GET /api/search` and `GET /api/previews/{id}` through the real app: internal ranking,
//! the typo fallback, `types`, paging, `in_collection`, the concurrent fan-out against
//! wiremock upstreams (order, dedupe, a slow source cut at its budget, a failing
//! source), the quota, previews and previews added as course items.

use std::time::{Duration, Instant};

use actix_web::http::StatusCode;
use actix_web::http::header::AUTHORIZATION;
use actix_web::test::TestRequest;
use serde_json::{Value, json};
use tastebuds_media::testing::external_media;
use tastebuds_media::{MediaCatalog, MediaType, SourceName, UpsertMode};
use tastebuds_postgres::PgMediaCatalog;
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

use crate::helpers::Answer;

mod nested_previews;
use crate::ingest::support::{IngestApp, json_response};

/// Stores an item through the real catalog store; returns its id.
async fn seed(app: &IngestApp, media_type: MediaType, title: &str, url: Option<&str>) -> String {
    let id = uuid::Uuid::now_v7().simple().to_string();
    let mut record = external_media(SourceName::GoogleBooks, &id, media_type, title);
    record.canonical_url = url.map(str::to_owned);
    record.description = None;
    PgMediaCatalog::new(app.db.pool())
        .upsert(&record, UpsertMode::InsertOrKeep)
        .await
        .expect("stored")
        .id
        .to_string()
}

async fn search(app: &IngestApp, query: &str, token: Option<&str>) -> Answer {
    let mut request = TestRequest::get().uri(&format!("/api/search?{query}"));
    if let Some(token) = token {
        request = request.insert_header((AUTHORIZATION, format!("Bearer {token}")));
    }
    app.send(request).await
}

fn ok(answer: &Answer) -> Value {
    assert_eq!(
        answer.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    answer.json()
}

fn titles(body: &Value) -> Vec<String> {
    body["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|hit| hit["title"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// TMDB answers movie and TV searches.
async fn mount_tmdb(app: &IngestApp) {
    Mock::given(method("GET"))
        .and(path("/3/search/movie"))
        .respond_with(json_response(
            200,
            r#"{"results":[{"id":603,"title":"The Matrix","release_date":"1999-03-30"},
                            {"id":604,"title":"The Matrix Reloaded","release_date":"2003-05-15"}]}"#,
        ))
        .mount(&app.upstream)
        .await;
    Mock::given(method("GET"))
        .and(path("/3/search/tv"))
        .respond_with(json_response(
            200,
            r#"{"results":[{"id":1399,"name":"Matrix TV"}]}"#,
        ))
        .mount(&app.upstream)
        .await;
}

#[actix_web::test]
async fn internal_search_ranks_filters_pages_and_falls_back_to_similar_titles() {
    let app = IngestApp::new().await;
    seed(&app, MediaType::Movie, "The Matrix", None).await;
    seed(&app, MediaType::Book, "Matrix Algebra", None).await;
    seed(&app, MediaType::Game, "Pokémon Red", None).await;

    let body = ok(&search(&app, "q=matrix", None).await);
    assert_eq!(body["source"], "internal");
    assert_eq!(body["metadata"]["internal_match"], "full_text");
    assert_eq!(body["metadata"]["paging"]["total_internal"], 2);
    assert!(body["metadata"].get("dedupe_reasons").is_none());
    assert!(
        body["metadata"]["counts"]
            .get("external_returned")
            .is_none()
    );
    let hit = &body["results"][0];
    for key in [
        "preview_id",
        "source_name",
        "source_id",
        "preview_expires_at",
        "availability_summary",
    ] {
        assert!(hit[key].is_null(), "{key}");
    }
    assert_eq!(hit["in_collection"], false);

    let body = ok(&search(&app, "q=matrix%20-algebra", None).await);
    assert_eq!(
        titles(&body),
        ["The Matrix"],
        "an excluded term never comes back"
    );
    let body = ok(&search(&app, "q=matrix&types=book", None).await);
    assert_eq!(titles(&body), ["Matrix Algebra"]);
    let body = ok(&search(&app, "q=matrix&per_page=1&page=2", None).await);
    assert_eq!(body["results"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        body["metadata"]["paging"],
        json!({"page": 2, "per_page": 1, "offset": 1, "total_internal": 2})
    );

    let body = ok(&search(&app, "q=pokemn", None).await);
    assert_eq!(body["metadata"]["internal_match"], "similar_title");
    assert_eq!(titles(&body), ["Pokémon Red"]);
    let body = ok(&search(&app, "q=matirx", None).await);
    // Equally similar (both hold the word "matrix"): lower-cased title breaks the tie.
    assert_eq!(titles(&body), ["Matrix Algebra", "The Matrix"]);

    let invalid = search(&app, "q=a&per_page=51&external_per_source=0", None).await;
    assert_eq!(invalid.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(invalid.json()["detail"].as_array().map(Vec::len), Some(3));
}

#[actix_web::test]
async fn in_collection_is_the_signed_in_callers_own() {
    let app = IngestApp::new().await;
    let id = seed(&app, MediaType::Book, "Collected Stories", None).await;
    let logged = app
        .send(
            TestRequest::post()
                .uri("/api/me/logs")
                .insert_header((AUTHORIZATION, format!("Bearer {}", app.token)))
                .set_json(json!({"media_item_id": id, "log_type": "note"})),
        )
        .await;
    assert!(
        logged.status.is_success(),
        "{}",
        String::from_utf8_lossy(&logged.body)
    );
    let anonymous = ok(&search(&app, "q=collected", None).await);
    assert_eq!(anonymous["results"][0]["in_collection"], false);
    let stale = ok(&search(&app, "q=collected", Some("not-a-token")).await);
    assert_eq!(
        stale["results"][0]["in_collection"], false,
        "an invalid token is anonymous"
    );
    let mine = ok(&search(&app, "q=collected", Some(&app.token)).await);
    assert_eq!(mine["results"][0]["in_collection"], true);
}

#[actix_web::test]
async fn external_search_needs_a_signed_in_caller() {
    let app = IngestApp::new().await;
    for query in ["q=dune&include_external=true", "q=dune&sources=tmdb"] {
        let answer = search(&app, query, None).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
        assert_eq!(
            answer.json()["detail"],
            "Authentication required for external search"
        );
    }
}

#[actix_web::test]
async fn the_fan_out_is_concurrent_ordered_deduplicated_and_survives_slow_and_failing_sources() {
    let app = IngestApp::with(|settings| {
        settings.sources.search_budget_ms.google_books = 300;
    })
    .await;
    seed(
        &app,
        MediaType::Movie,
        "The Matrix",
        Some("https://www.themoviedb.org/movie/603/"),
    )
    .await;
    mount_tmdb(&app).await;
    // Google Books hangs past its budget; Last.fm fails; IGDB has no token endpoint.
    Mock::given(method("GET"))
        .and(path("/books/v1/volumes"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
        .mount(&app.upstream)
        .await;
    Mock::given(method("GET"))
        .and(path("/2.0/"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&app.upstream)
        .await;

    let started = Instant::now();
    let body = ok(&search(
        &app,
        "q=matrix&include_external=true&external_per_source=5",
        Some(&app.token),
    )
    .await);
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(body["source"], "internal+external");
    let results = body["results"].as_array().expect("results");
    let sources: Vec<&Value> = results.iter().map(|hit| &hit["source_name"]).collect();
    assert_eq!(sources, [&Value::Null, &json!("tmdb"), &json!("tmdb")]);
    let mut ids: Vec<&str> = results[1..]
        .iter()
        .filter_map(|h| h["source_id"].as_str())
        .collect();
    ids.sort_unstable();
    assert_eq!(
        ids,
        ["movie:604", "tv:1399"],
        "ids as stored on ingest; movie:603 deduped"
    );
    for hit in &results[1..] {
        assert_eq!(hit["id"], hit["preview_id"]);
        assert!(hit["preview_expires_at"].is_string());
        assert_eq!(hit["in_collection"], false);
    }
    let metadata = &body["metadata"];
    assert_eq!(metadata["dedupe_reasons"], json!({"canonical_url": 1}));
    assert_eq!(
        metadata["counts"],
        json!({"internal": 1, "external_ingested": 2, "external_returned": 2, "external_deduped": 1})
    );
    assert_eq!(
        metadata["source_counts"],
        json!({"internal": 1, "external": 2, "google_books": 0, "tmdb": 2, "igdb": 0, "lastfm": 0})
    );
    let tmdb = &metadata["source_metrics"]["tmdb"];
    assert_eq!(
        (
            tmdb["returned"].clone(),
            tmdb["ingested"].clone(),
            tmdb["deduped"].clone()
        ),
        (json!(2), json!(2), json!(1))
    );
    assert!(tmdb["search_ms"].is_number());
    assert!(
        metadata["source_metrics"]["google_books"]["search_ms"].is_null(),
        "cut at its budget"
    );
    assert!(metadata["source_metrics"]["lastfm"]["search_ms"].is_null());
    assert_eq!(app.rows("external_search_previews"), 2);

    let page_two = ok(&search(
        &app,
        "q=matrix&include_external=true&page=2",
        Some(&app.token),
    )
    .await);
    assert!(page_two["metadata"].get("dedupe_reasons").is_none());
    assert_eq!(
        page_two["metadata"]["source_counts"],
        json!({"internal": 0}),
        "page 2 does not fan out"
    );
}

#[actix_web::test]
async fn the_quota_refuses_the_search_after_the_maximum_even_when_they_race() {
    let app = IngestApp::with(|settings| {
        settings.search.quota_max_requests = 2;
    })
    .await;
    mount_tmdb(&app).await;
    let query = "q=matrix&sources=tmdb";
    let searches = (0..4).map(|_| search(&app, query, Some(&app.token)));
    let answers = futures_util::future::join_all(searches).await;
    let passed = answers
        .iter()
        .filter(|a| a.status == StatusCode::OK)
        .count();
    assert_eq!(passed, 2);
    let refused = answers
        .iter()
        .find(|a| a.status == StatusCode::TOO_MANY_REQUESTS)
        .expect("a refused search");
    assert_eq!(
        refused.json()["detail"],
        "External search quota exceeded (2 requests per 60s)"
    );
    let wait: u64 = refused
        .header("retry-after")
        .and_then(|v| v.parse().ok())
        .expect("Retry-After");
    assert!((1..=60).contains(&wait));
    assert_eq!(
        ok(&search(&app, "q=matrix", Some(&app.token)).await)["source"],
        "internal",
        "internal search is not counted"
    );
}

async fn first_preview(app: &IngestApp) -> Value {
    mount_tmdb(app).await;
    let body = ok(&search(app, "q=matrix&sources=tmdb&types=movie", Some(&app.token)).await);
    body["results"][0].clone()
}

#[actix_web::test]
async fn previews_are_their_owners_until_they_expire() {
    let app = IngestApp::new().await;
    let hit = first_preview(&app).await;
    let id = hit["preview_id"].as_str().expect("a preview id");
    let get = |token: String| {
        app.send(
            TestRequest::get()
                .uri(&format!("/api/previews/{id}"))
                .insert_header((AUTHORIZATION, format!("Bearer {token}"))),
        )
    };
    let mine = ok(&get(app.token.clone()).await);
    assert_eq!(mine["source_id"], "movie:603");
    assert_eq!(mine["source_url"], "https://www.themoviedb.org/movie/603");
    assert!(mine["movie"].is_object() && mine["book"].is_null());

    let other = IngestApp::new().await;
    let theirs = app
        .send(
            TestRequest::get()
                .uri(&format!("/api/previews/{id}"))
                .insert_header((AUTHORIZATION, format!("Bearer {}", register(&app).await))),
        )
        .await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND);
    assert_eq!(theirs.json()["detail"], "Preview not found");
    drop(other);

    diesel::RunQueryDsl::execute(
        diesel::sql_query(
            "UPDATE external_search_previews SET expires_at = now() - interval '1 second'",
        ),
        &mut app.db.connect(),
    )
    .expect("expired");
    let expired = get(app.token.clone()).await;
    assert_eq!(expired.status, StatusCode::NOT_FOUND);
    assert_eq!(expired.json()["detail"], "Preview expired");
}

/// Registers another user on `app`; returns its token.
async fn register(app: &IngestApp) -> String {
    let answer = app
        .send(
            TestRequest::post()
                .uri("/api/auth/register")
                .set_json(json!({
                    "email": format!("{}@search.example.com", uuid::Uuid::now_v7().simple()),
                    "password": "correct horse battery",
                })),
        )
        .await;
    answer.json()["access_token"]
        .as_str()
        .expect("a token")
        .to_owned()
}

#[actix_web::test]
async fn a_preview_added_to_a_course_is_ingested_once_and_someone_elses_is_unknown() {
    let app = IngestApp::new().await;
    let hit = first_preview(&app).await;
    let preview_id = hit["preview_id"].as_str().expect("a preview id").to_owned();
    let create_menu = |token: String| {
        app.send(
            TestRequest::post()
                .uri("/api/menus")
                .insert_header((AUTHORIZATION, format!("Bearer {token}")))
                .set_json(
                    json!({"title": "Cyberpunk", "courses": [{"title": "Films", "position": 1}]}),
                ),
        )
    };
    let add = |token: String, menu: Value, media: String| {
        let menu_id = menu["id"].as_str().unwrap_or_default().to_owned();
        let course_id = menu["courses"][0]["id"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        app.send(
            TestRequest::post()
                .uri(&format!("/api/menus/{menu_id}/courses/{course_id}/items"))
                .insert_header((AUTHORIZATION, format!("Bearer {token}")))
                .set_json(json!({"media_item_id": media, "position": 1})),
        )
    };
    let stranger = register(&app).await;
    let their_menu = create_menu(stranger.clone()).await.json();
    let refused = add(stranger, their_menu, preview_id.clone()).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    assert_eq!(refused.json()["detail"], "Media item not found");

    let menu = create_menu(app.token.clone()).await.json();
    let added = add(app.token.clone(), menu.clone(), preview_id.clone()).await;
    assert_eq!(
        added.status,
        StatusCode::CREATED,
        "{}",
        String::from_utf8_lossy(&added.body)
    );
    let item = added.json();
    assert_ne!(item["media_item_id"], json!(preview_id));
    assert_eq!(item["media_item"]["title"], "The Matrix");
    assert_eq!(app.rows("external_search_previews"), 0);
    assert_eq!(app.rows("media_items"), 1);
    let again = add(app.token.clone(), menu, preview_id).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND, "the preview is gone");
}

#[actix_web::test]
async fn internal_hits_carry_the_availability_summary_of_their_rows() {
    let app = IngestApp::new().await;
    let listed = seed(&app, MediaType::Movie, "Solaris", None).await;
    seed(&app, MediaType::Book, "Solaris Stories", None).await;
    let token = register(&app).await;
    let put = app
        .send(
            TestRequest::put()
                .uri(&format!("/api/media/{listed}/availability"))
                .insert_header((AUTHORIZATION, format!("Bearer {token}")))
                .set_json(json!([
                    {"provider": "Criterion Channel", "region": "US", "format": "stream",
                     "status": "available"},
                    {"provider": "Library", "region": "global", "format": "borrow",
                     "status": "unknown"},
                ])),
        )
        .await;
    assert_eq!(
        put.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&put.body)
    );

    let body = ok(&search(&app, "q=solaris", None).await);
    let hits = body["results"].as_array().expect("results");
    assert_eq!(hits.len(), 2);
    let (with_rows, without): (Vec<&Value>, Vec<&Value>) =
        hits.iter().partition(|hit| hit["id"] == listed.as_str());
    let summary = &with_rows[0]["availability_summary"];
    assert_eq!(
        summary["providers"],
        json!(["Criterion Channel", "Library"])
    );
    assert_eq!(summary["regions"], json!(["US", "global"]));
    assert_eq!(summary["formats"], json!(["borrow", "stream"]));
    assert_eq!(
        summary["status_counts"],
        json!({"available": 1, "unavailable": 0, "unknown": 1})
    );
    assert!(summary["last_checked_at"].is_string());
    assert!(
        without[0]["availability_summary"].is_null(),
        "an item without rows has no summary"
    );
}

#[actix_web::test]
async fn an_external_search_with_the_token_of_a_deleted_user_is_a_401_not_a_500() {
    let app = IngestApp::new().await;
    mount_tmdb(&app).await;
    let token = register(&app).await;
    diesel::RunQueryDsl::execute(
        diesel::sql_query("DELETE FROM users"),
        &mut app.db.connect(),
    )
    .expect("user deleted");

    let answer = search(&app, "q=matrix&sources=tmdb", Some(&token)).await;

    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert_eq!(answer.json(), json!({"detail": "User not found"}));
}

#[actix_web::test]
async fn a_nul_character_in_the_query_is_a_422_not_a_500() {
    let app = IngestApp::new().await;

    let answer = search(&app, "q=mat%00rix", None).await;

    assert_eq!(
        answer.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    let detail = &answer.json()["detail"][0];
    assert_eq!(detail["loc"], json!(["query", "q"]));
    assert_eq!(detail["type"], "value_error");
}

#[actix_web::test]
async fn an_open_circuit_drops_only_that_sources_hits_and_metadata_says_so() {
    let app = IngestApp::with(|settings| settings.sources.http.max_retries = 0).await;
    mount_tmdb(&app).await;
    // Google Books fails until its breaker opens (3 failures); the fourth search never
    // reaches it.
    Mock::given(method("GET"))
        .and(path("/books/v1/volumes"))
        .respond_with(json_response(
            503,
            r#"{"error":{"code":503,"message":"Backend Error","status":"UNAVAILABLE"}}"#,
        ))
        .expect(3)
        .mount(&app.upstream)
        .await;
    let query =
        "q=matrix&include_external=true&sources=google_books&sources=tmdb&external_per_source=5";
    for _ in 0..3 {
        ok(&search(&app, query, Some(&app.token)).await);
    }

    let body = ok(&search(&app, query, Some(&app.token)).await);

    assert_eq!(body["source"], "internal+external");
    let sources: Vec<&Value> = body["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|hit| &hit["source_name"])
        .collect();
    assert_eq!(sources, [&json!("tmdb"); 3], "only TMDB's hits");
    let metadata = &body["metadata"];
    assert_eq!(
        metadata["counts"],
        json!({"internal": 0, "external_ingested": 3, "external_returned": 3, "external_deduped": 0})
    );
    assert_eq!(
        metadata["source_counts"],
        json!({"internal": 0, "external": 3, "google_books": 0, "tmdb": 3})
    );
    let google = &metadata["source_metrics"]["google_books"];
    assert_eq!(
        (&google["returned"], &google["ingested"], &google["deduped"]),
        (&json!(0), &json!(0), &json!(0))
    );
    assert!(
        google["search_ms"].is_null(),
        "the open circuit did not search"
    );
    assert!(google["fetch_ms"].is_number());
    assert_eq!(google["dedupe_reasons"], json!({}));
    assert!(metadata["source_metrics"]["tmdb"]["search_ms"].is_number());
    assert!(
        metadata.get("dedupe_reasons").is_none(),
        "nothing was deduplicated"
    );
    assert_eq!(
        metadata["paging"],
        json!({"page": 1, "per_page": 20, "offset": 0, "total_internal": 0})
    );
    // `expect(3)` is checked when the double drops: the open circuit made no call.
}
