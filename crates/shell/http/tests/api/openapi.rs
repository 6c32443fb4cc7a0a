//! The OpenAPI document and the docs UI.

use std::collections::{BTreeMap, BTreeSet};

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use serde_json::{Value, json};
use tastebuds_http::route_table::RouteTable;
use tastebuds_http::{openapi, redoc};

use crate::helpers::{call, offline_state};

/// The document as the app serves it, parsed by an independent OpenAPI 3.1 model.
async fn served_document() -> oas3::OpenApiV3Spec {
    let answer = call(offline_state(), TestRequest::get().uri("/openapi.json")).await;
    assert_eq!(answer.status, StatusCode::OK);
    answer.assert_json_content_type();
    let text = String::from_utf8(answer.body.to_vec()).expect("UTF-8 document");
    oas3::from_json(text).expect("a valid OpenAPI 3.1 document")
}

#[actix_web::test]
async fn the_document_is_openapi_3_1_and_its_references_resolve() {
    let spec = served_document().await;

    let version = spec.validate_version().expect("a supported version");
    assert_eq!((version.major, version.minor), (3, 1));
    for (path, method, operation) in spec.operations() {
        let responses = operation.responses(&spec);
        assert!(
            !responses.is_empty(),
            "{method} {path} documents no response"
        );
        for (status, response) in responses {
            for (media_type, content) in &response.content {
                content.schema(&spec).unwrap_or_else(|error| {
                    panic!("{method} {path} {status} {media_type}: {error}")
                });
            }
        }
    }
}

/// The route table derived from the registrations, as the app derives it.
fn route_table() -> RouteTable {
    RouteTable::from_document(&openapi::document()).with_gets(openapi::tooling_paths())
}

#[actix_web::test]
async fn the_fallback_allows_exactly_the_documented_methods() {
    // The registrations generate the document, so a route cannot be served undocumented;
    // the fallback's `Allow` must agree with what the served document says.
    let spec = served_document().await;
    let mut documented: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, method, _) in spec.operations() {
        documented
            .entry(path)
            .or_default()
            .insert(method.as_str().to_owned());
    }
    assert!(!documented.is_empty());

    for (path, methods) in documented {
        let unserved = ["PATCH", "PUT", "DELETE", "POST", "GET"]
            .into_iter()
            .find(|method| !methods.contains(*method))
            .expect("a method the path does not serve");
        let request = TestRequest::default()
            .method(unserved.parse().expect("HTTP method"))
            .uri(&path.replace(['{', '}'], ""));

        let answer = call(offline_state(), request).await;

        assert_eq!(
            answer.status,
            StatusCode::METHOD_NOT_ALLOWED,
            "{unserved} {path}"
        );
        let allowed = methods.into_iter().collect::<Vec<_>>().join(", ");
        assert_eq!(answer.header("allow"), Some(allowed.as_str()), "{path}");
    }
}

#[actix_web::test]
async fn every_route_in_the_table_is_served() {
    let table = route_table();
    assert!(
        table.routes().len() > 3,
        "the table lists the API's operations"
    );

    for route in table.routes() {
        let uri = route
            .path
            .replace(['{', '}'], "")
            .replace("_:.*", "index.html");
        let request = TestRequest::default()
            .method(route.method.parse().expect("HTTP method"))
            .uri(&uri);

        let answer = call(offline_state(), request).await;

        assert!(
            answer.status != StatusCode::NOT_FOUND
                && answer.status != StatusCode::METHOD_NOT_ALLOWED,
            "{} {} answered {}",
            route.method,
            route.path,
            answer.status
        );
    }
}

#[actix_web::test]
async fn the_docs_ui_is_served_from_the_binary() {
    let redirect = call(offline_state(), TestRequest::get().uri("/docs")).await;
    assert_eq!(redirect.status, StatusCode::TEMPORARY_REDIRECT);
    assert_eq!(redirect.header("location"), Some("/docs/"));

    let page = call(offline_state(), TestRequest::get().uri("/docs/")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.header("content-type")
            .unwrap_or_default()
            .starts_with("text/html")
    );
    assert!(String::from_utf8_lossy(&page.body).contains("swagger-ui"));

    let script = call(
        offline_state(),
        TestRequest::get().uri("/docs/swagger-initializer.js"),
    )
    .await;
    assert_eq!(script.status, StatusCode::OK);
    assert!(String::from_utf8_lossy(&script.body).contains("/openapi.json"));

    let bundle = call(
        offline_state(),
        TestRequest::get().uri("/docs/swagger-ui-bundle.js"),
    )
    .await;
    assert_eq!(bundle.status, StatusCode::OK);
    assert!(bundle.body.len() > 100_000, "the bundle is embedded");
}

#[actix_web::test]
async fn response_objects_require_every_field_they_always_send() {
    // API.md §1.6: every field of a response object is always present, `null` when
    // empty; a generated client must not see them as optional.
    let answer = call(offline_state(), TestRequest::get().uri("/openapi.json")).await;
    let document = answer.json();
    let schemas = &document["components"]["schemas"];

    for name in [
        "IngestResponse",
        "MediaItemDetailResponse",
        "MediaItemResponse",
        "MediaSourceResponse",
        "BookDetailResponse",
        "MovieDetailResponse",
        "GameDetailResponse",
        "MusicDetailResponse",
        "IngestionReport",
        "SourceHealthView",
        "CircuitView",
        "OperationView",
        "RepeatedFailure",
        "MenuResponse",
        "PublicMenuResponse",
        "CourseResponse",
        "CourseItemResponse",
        "PairingResponse",
        "ShareTokenResponse",
        "DraftMenuResponse",
        "LineageMenuResponse",
        "LineageSourceResponse",
        "MenuLineageResponse",
        "TagResponse",
        "UserItemStateResponse",
        "UserItemLogResponse",
        "LibraryResponse",
        "LibraryItemResponse",
        "LibrarySummaryResponse",
        "AvailabilityResponse",
        "AvailabilitySummaryResponse",
        "StatusCountsResponse",
    ] {
        let schema = &schemas[name];
        let parts = match schema.get("allOf").and_then(Value::as_array) {
            Some(parts) => parts.clone(),
            None => vec![schema.clone()],
        };
        let mut checked = 0;
        for part in parts {
            let Some(properties) = part.get("properties").and_then(Value::as_object) else {
                continue;
            };
            let required: Vec<&str> = part["required"]
                .as_array()
                .map(|names| names.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            for property in properties.keys() {
                assert!(
                    required.contains(&property.as_str()),
                    "{name}.{property} is sent always but not required"
                );
                checked += 1;
            }
        }
        assert!(checked > 0, "{name} has no properties: {schema}");
    }
}

#[actix_web::test]
async fn the_docs_ui_calls_no_online_validator() {
    let script = call(
        offline_state(),
        TestRequest::get().uri("/docs/swagger-initializer.js"),
    )
    .await;

    let script = String::from_utf8_lossy(&script.body);
    assert!(
        script.contains(r#""validatorUrl": "none""#),
        "Swagger UI would load its badge from validator.swagger.io: {script}"
    );
}

#[actix_web::test]
async fn redoc_is_served_offline_from_the_binary() {
    let page = call(offline_state(), TestRequest::get().uri("/redoc")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.header("content-type")
            .unwrap_or_default()
            .starts_with("text/html")
    );
    let html = String::from_utf8_lossy(&page.body).into_owned();
    assert!(
        html.contains(r#"<redoc spec-url="/openapi.json">"#),
        "{html}"
    );
    let script_path = redoc::script_path();
    assert!(
        html.contains(&format!(r#"<script src="{script_path}">"#)),
        "the page loads the local script: {html}"
    );
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "{html}"
    );

    let script = call(offline_state(), TestRequest::get().uri(&script_path)).await;
    assert_eq!(script.status, StatusCode::OK);
    assert!(
        script
            .header("content-type")
            .unwrap_or_default()
            .starts_with("text/javascript")
    );
    assert!(
        script
            .header("cache-control")
            .unwrap_or_default()
            .contains("max-age=31536000"),
        "the versioned script is cached for long"
    );
    assert!(script.body.len() > 500_000, "the bundle is embedded");
    assert!(String::from_utf8_lossy(&script.body[..200]).contains("redoc"));
}

#[actix_web::test]
async fn redoc_paths_serve_only_get() {
    let answer = call(offline_state(), TestRequest::post().uri("/redoc")).await;

    assert_eq!(answer.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(answer.header("allow"), Some("GET"));
}

#[actix_web::test]
async fn tag_state_and_log_operations_document_their_enums_limits_and_errors() {
    let answer = call(offline_state(), TestRequest::get().uri("/openapi.json")).await;
    let document = answer.json();
    let schemas = &document["components"]["schemas"];

    assert_eq!(
        schemas["UserItemStatus"]["enum"],
        serde_json::json!([
            "consumed",
            "currently_consuming",
            "want_to_consume",
            "paused",
            "dropped"
        ])
    );
    assert_eq!(
        schemas["LogType"]["enum"],
        serde_json::json!(["started", "progress", "finished", "note", "goal"])
    );
    for (schema, field, limit, value) in [
        ("CreateTagBody", "name", "maxLength", 64),
        ("CreateTagBody", "name", "minLength", 1),
        ("CreateLogBody", "notes", "maxLength", 2000),
        ("CreateLogBody", "goal_target", "maxLength", 255),
        ("CreateLogBody", "progress_percent", "maximum", 100),
        ("CreateLogBody", "minutes_spent", "minimum", 0),
        ("UpdateLogBody", "notes", "maxLength", 2000),
        ("UpdateLogBody", "goal_target", "maxLength", 255),
        ("PutStateBody", "rating", "minimum", 0),
        ("PutStateBody", "rating", "maximum", 10),
    ] {
        assert_eq!(
            schemas[schema]["properties"][field][limit], value,
            "{schema}.{field} {limit}: {}",
            schemas[schema]
        );
    }
    assert!(schemas["CreateLogBody"]["example"].is_object());

    let paths = &document["paths"];
    for (path, method, statuses) in [
        ("/api/tags", "get", &["200", "401", "429", "503"][..]),
        (
            "/api/tags",
            "post",
            &["201", "400", "401", "409", "422", "429", "503"],
        ),
        (
            "/api/tags/{tag_id}",
            "delete",
            &["204", "401", "404", "422"],
        ),
        (
            "/api/tags/media/{media_item_id}",
            "get",
            &["200", "401", "422"],
        ),
        (
            "/api/tags/{tag_id}/media",
            "post",
            &["201", "400", "401", "422"],
        ),
        (
            "/api/tags/{tag_id}/media/{media_item_id}",
            "delete",
            &["204", "401", "404", "422"],
        ),
        ("/api/me/states", "get", &["200", "401"]),
        (
            "/api/me/states/{media_item_id}",
            "put",
            &["200", "401", "404", "422"],
        ),
        ("/api/me/library", "get", &["200", "401"]),
        ("/api/me/logs", "get", &["200", "401", "422"]),
        ("/api/me/logs", "post", &["201", "401", "404", "422"]),
        (
            "/api/me/logs/{log_id}",
            "patch",
            &["200", "401", "404", "422"],
        ),
        (
            "/api/me/logs/{log_id}",
            "delete",
            &["204", "401", "404", "422"],
        ),
    ] {
        let responses = &paths[path][method]["responses"];
        for status in statuses {
            assert!(
                responses.get(*status).is_some(),
                "{method} {path} does not document {status}: {responses}"
            );
        }
    }
    let limit = paths["/api/me/logs"]["get"]["parameters"]
        .as_array()
        .and_then(|parameters| parameters.iter().find(|p| p["name"] == "limit"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(limit["schema"]["maximum"], 200, "{limit}");
    assert_eq!(limit["schema"]["default"], 50, "{limit}");
}

#[actix_web::test]
async fn availability_operations_document_their_schemas_limits_enums_and_errors() {
    let answer = call(offline_state(), TestRequest::get().uri("/openapi.json")).await;
    let document = answer.json();
    let paths = &document["paths"];
    let schemas = &document["components"]["schemas"];
    let statuses = |operation: &Value| -> Vec<String> {
        let mut codes: Vec<String> = operation["responses"]
            .as_object()
            .expect("responses")
            .keys()
            .cloned()
            .collect();
        codes.sort();
        codes
    };

    let item = &paths["/api/media/{media_item_id}/availability"];
    assert_eq!(statuses(&item["get"]), ["200", "422", "429", "503"]);
    assert!(item["get"].get("security").is_none(), "reading is public");
    assert_eq!(
        statuses(&item["put"]),
        ["200", "401", "404", "422", "429", "503"]
    );
    assert!(item["put"]["security"].is_array());
    let summary = &paths["/api/media/availability/summary"]["post"];
    assert_eq!(statuses(summary), ["200", "422", "429", "503"]);

    let entry = &schemas["AvailabilityEntryBody"]["properties"];
    assert_eq!(entry["provider"]["maxLength"], 120);
    assert_eq!(entry["provider"]["minLength"], 1);
    assert_eq!(entry["format"]["maxLength"], 64);
    assert_eq!(entry["deeplink_url"]["maxLength"], 1024);
    assert!(entry["region"]["pattern"].is_string());
    assert_eq!(
        schemas["AvailabilityStatusDto"]["enum"],
        json!(["available", "unavailable", "unknown"])
    );
    assert_eq!(
        schemas["SummaryBody"]["properties"]["media_item_ids"]["maxItems"],
        500
    );
}

/// `name`'s schema in the document, following `$ref`s.
fn resolve<'a>(document: &'a Value, schema: &'a Value) -> &'a Value {
    let mut schema = schema;
    while let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let name = reference.trim_start_matches("#/components/schemas/");
        schema = &document["components"]["schemas"][name];
    }
    schema
}

/// Whether a request body's media type carries an example, on itself or on its schema
/// (an optional body is `oneOf: [null, Body]`: the body's example counts).
fn has_example(document: &Value, content: &Value) -> bool {
    if content.get("example").is_some() || content.get("examples").is_some() {
        return true;
    }
    let schema = resolve(document, &content["schema"]);
    if schema.get("example").is_some() || schema.get("examples").is_some() {
        return true;
    }
    schema["oneOf"].as_array().is_some_and(|branches| {
        branches
            .iter()
            .map(|branch| resolve(document, branch))
            .any(|branch| branch.get("example").is_some())
    })
}

/// Every operation of the served document, as (path, method, operation).
fn operations(document: &Value) -> Vec<(String, String, Value)> {
    let mut found = Vec::new();
    for (path, item) in document["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("path item") {
            if ["get", "post", "put", "patch", "delete"].contains(&method.as_str()) {
                found.push((path.clone(), method.clone(), operation.clone()));
            }
        }
    }
    found
}

#[actix_web::test]
async fn every_operation_documents_examples_enums_limits_security_and_its_errors() {
    // Issue 12 item 4: what a client generator and a schema-driven fuzzer rely on.
    let answer = call(offline_state(), TestRequest::get().uri("/openapi.json")).await;
    let document = answer.json();
    let operations = operations(&document);
    assert!(operations.len() > 50, "{} operations", operations.len());
    let mut problems = Vec::new();

    for (path, method, operation) in &operations {
        let at = format!("{} {path}", method.to_uppercase());
        let responses = operation["responses"].as_object().expect("responses");
        let documents = |status: &str| responses.contains_key(status);
        let security = operation["security"].as_array();
        let parameters = operation["parameters"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let body = operation.get("requestBody");

        if let Some(body) = body {
            for (media_type, content) in body["content"].as_object().expect("content") {
                if !has_example(&document, content) {
                    problems.push(format!("{at}: the {media_type} body has no example"));
                }
            }
        }
        for parameter in &parameters {
            let name = parameter["name"].as_str().unwrap_or_default();
            let schema = resolve(&document, &parameter["schema"]);
            if name == "source" && parameter["in"] == "path" && !schema["enum"].is_array() {
                problems.push(format!("{at}: path parameter `source` has no enum"));
            }
            if schema["type"] == "integer" && schema.get("minimum").is_none() {
                problems.push(format!("{at}: integer parameter `{name}` has no minimum"));
            }
            if name == "limit" && schema.get("maximum").is_none() {
                problems.push(format!("{at}: `limit` has no maximum"));
            }
            // `q` has no upper bound in API.md (connectors get all of it).
            let plain_string = schema["type"] == "string"
                && schema.get("enum").is_none()
                && schema.get("format").is_none()
                && name != "q";
            if plain_string && schema.get("maxLength").is_none() {
                problems.push(format!("{at}: string parameter `{name}` has no maxLength"));
            }
        }
        // Signed-in operations answer 401; optional sign-in is marked by `{}`.
        if let Some(security) = security {
            if !documents("401") {
                problems.push(format!("{at}: requires sign-in but documents no 401"));
            }
            let schemes: BTreeSet<String> = security
                .iter()
                .flat_map(|requirement| requirement.as_object().expect("requirement").keys())
                .cloned()
                .collect();
            if schemes != BTreeSet::from(["bearer".to_owned(), "cookie".to_owned()]) {
                problems.push(format!(
                    "{at}: security is not bearer or cookie: {security:?}"
                ));
            }
        }
        // Anything a client sends can be malformed: 422 in the documented shape. A slug
        // or share secret no menu could hold is only `Menu not found`.
        let free_text =
            |p: &Value| p["in"] == "path" && (p["name"] == "slug" || p["name"] == "token");
        let takes_input = body.is_some() || parameters.iter().any(|p| !free_text(p));
        if takes_input && !documents("422") {
            problems.push(format!("{at}: takes input but documents no 422"));
        }
        if path.starts_with("/api") && !documents("429") {
            problems.push(format!("{at}: rate-limited but documents no 429"));
        }
        if path.starts_with("/api") && !documents("503") {
            problems.push(format!("{at}: uses the database but documents no 503"));
        }
        for (status, response) in responses {
            if !status.starts_with(['4', '5']) {
                continue;
            }
            let schema = resolve(
                &document,
                &response["content"]["application/json"]["schema"],
            );
            let fields = schema["required"].as_array().cloned().unwrap_or_default();
            let detail_is_list = schema["properties"]["detail"]["type"] == "array";
            let shaped = fields.contains(&json!("detail")) && (detail_is_list == (status == "422"));
            // The readiness probe's 503 is its own report, documented as such.
            let readiness_report = path == "/api/health" && status == "503";
            if !shaped && !readiness_report {
                problems.push(format!(
                    "{at}: {status} is not a {{detail}} error: {schema}"
                ));
            }
        }
    }

    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let optional = &document["paths"]["/api/search"]["get"]["security"];
    assert_eq!(
        optional,
        &json!([{}, {"bearer": []}, {"cookie": []}]),
        "optional sign-in is marked optional"
    );
    let ingest = &document["paths"]["/api/ingest/{source}"]["post"]["parameters"][0];
    assert_eq!(
        resolve(&document, &ingest["schema"])["enum"],
        json!(["google_books", "tmdb", "igdb", "lastfm"])
    );
}

/// Every `$ref` under `value`, with where it was found.
fn references(value: &Value, at: &str, found: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                if key == "$ref"
                    && let Some(target) = inner.as_str()
                {
                    found.push((at.to_owned(), target.to_owned()));
                }
                references(inner, &format!("{at}/{key}"), found);
            }
        }
        Value::Array(items) => {
            for (index, inner) in items.iter().enumerate() {
                references(inner, &format!("{at}/{index}"), found);
            }
        }
        _ => {}
    }
}

#[actix_web::test]
async fn every_reference_in_the_document_resolves() {
    // Parameters too: schemathesis skipped `sources` of GET /api/search while its enum
    // was a dangling `#/components/schemas/SearchSourceDto`.
    let answer = call(offline_state(), TestRequest::get().uri("/openapi.json")).await;
    let document = answer.json();
    let mut found = Vec::new();
    references(&document, "", &mut found);
    assert!(found.len() > 100, "{} references", found.len());

    let dangling: Vec<String> = found
        .into_iter()
        .filter(|(_, target)| document.pointer(target.trim_start_matches('#')).is_none())
        .map(|(at, target)| format!("{at} -> {target}"))
        .collect();
    assert!(dangling.is_empty(), "{}", dangling.join("\n"));
}

/// The component schemas `schema` refers to, directly or through the ones it reaches.
fn reachable_components(document: &Value, schema: &Value, found: &mut BTreeSet<String>) {
    let mut references_found = Vec::new();
    references(schema, "", &mut references_found);
    for (_, target) in references_found {
        let name = target
            .trim_start_matches("#/components/schemas/")
            .to_owned();
        if found.insert(name.clone()) {
            let component = document["components"]["schemas"][&name].clone();
            reachable_components(document, &component, found);
        }
    }
}

/// `Name.property` of every string property of the component `name` without a
/// `maxLength`, enum, format or pattern.
fn unbounded_strings(document: &Value, name: &str) -> Vec<String> {
    let schema = &document["components"]["schemas"][name];
    let mut found = Vec::new();
    for (property, inner) in schema["properties"].as_object().into_iter().flatten() {
        let is_string = match &inner["type"] {
            Value::Array(types) => types.iter().any(|kind| kind == "string"),
            single => single == "string",
        };
        let bounded = ["maxLength", "enum", "format", "pattern"]
            .iter()
            .any(|key| inner.get(*key).is_some());
        if is_string && !bounded {
            found.push(format!("{name}.{property}"));
        }
    }
    found
}

#[actix_web::test]
async fn request_strings_are_bounded_like_their_columns() {
    let answer = call(offline_state(), TestRequest::get().uri("/openapi.json")).await;
    let document = answer.json();
    let mut components = BTreeSet::new();
    for (_, _, operation) in operations(&document) {
        reachable_components(&document, &operation["requestBody"], &mut components);
    }
    assert!(components.contains("CourseCreateBody"), "{components:?}");
    let found: BTreeSet<String> = components
        .iter()
        .flat_map(|name| unbounded_strings(&document, name))
        .collect();

    // Unbounded on purpose: `text` columns (docs/schema.md), a password checked against
    // its hash, and an opaque refresh token looked up by hash.
    let unbounded: BTreeSet<String> = [
        "CourseCreateBody.description",
        "CourseCreateBody.intent",
        "CoursePatchBody.description",
        "CoursePatchBody.intent",
        "ForkBody.description",
        "ForkBody.note",
        "ItemCreateBody.notes",
        "ItemPatchBody.notes",
        "MenuCreateBody.description",
        "MenuPatchBody.description",
        "PairingBody.note",
        "PutStateBody.notes",
        "LoginBody.password",
        "RefreshBody.refresh_token",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    assert_eq!(found, unbounded, "strings without maxLength");
}
