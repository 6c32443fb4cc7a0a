//! Create, list (sorted), attach (idempotent), detach and delete one's own tags.

use actix_web::http::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::auth::support::{TestApp, assert_detail};
use crate::caller::{Caller, count, expect, global_tag, media_item};

fn names(tags: &Value) -> Vec<&str> {
    tags.as_array()
        .expect("an array of tags")
        .iter()
        .map(|tag| tag["name"].as_str().expect("a name"))
        .collect()
}

async fn create(caller: &Caller<'_>, name: &str) -> Uuid {
    let tag = expect(
        &caller.post("/api/tags", &json!({"name": name})).await,
        StatusCode::CREATED,
    );
    assert_eq!(tag.as_object().map(|tag| tag.len()), Some(2), "{tag}");
    tag["id"].as_str().expect("an id").parse().expect("a UUID")
}

#[actix_web::test]
async fn a_tag_is_created_listed_attached_once_detached_and_deleted_with_its_links() {
    let app = TestApp::new();
    let ada = Caller::sign_up(&app, "ada@example.com").await;
    let dune = media_item(&app, "Dune").await;

    let created = expect(
        &ada.post("/api/tags", &json!({"name": "  noir "})).await,
        StatusCode::CREATED,
    );
    assert_eq!(created["name"], "noir", "stored trimmed");
    let noir = created["id"].as_str().expect("an id").to_owned();

    let attach = format!("/api/tags/{noir}/media");
    for _ in 0..2 {
        let again = ada.post(&attach, &json!({"media_item_id": dune})).await;
        assert_eq!(expect(&again, StatusCode::CREATED), created);
    }
    let links = format!("SELECT count(*) FROM media_item_tags WHERE tag_id = '{noir}'");
    assert_eq!(count(&app, &links), 1, "attaching twice links once");
    let on_dune = format!("/api/tags/media/{dune}");
    assert_eq!(
        expect(&ada.get(&on_dune).await, StatusCode::OK),
        json!([created])
    );

    let detach = format!("/api/tags/{noir}/media/{dune}");
    expect(&ada.delete(&detach).await, StatusCode::NO_CONTENT);
    assert_eq!(expect(&ada.get(&on_dune).await, StatusCode::OK), json!([]));
    assert_detail(
        &ada.delete(&detach).await,
        StatusCode::NOT_FOUND,
        "Tag not assigned to media",
    );

    expect(
        &ada.post(&attach, &json!({"media_item_id": dune})).await,
        StatusCode::CREATED,
    );
    expect(
        &ada.delete(&format!("/api/tags/{noir}")).await,
        StatusCode::NO_CONTENT,
    );
    assert_eq!(count(&app, &links), 0, "its links went with it");
    assert_eq!(
        expect(&ada.get("/api/tags").await, StatusCode::OK),
        json!([])
    );
    assert_eq!(expect(&ada.get(&on_dune).await, StatusCode::OK), json!([]));
    assert_detail(
        &ada.delete(&format!("/api/tags/{noir}")).await,
        StatusCode::NOT_FOUND,
        "Tag not found",
    );
}

#[actix_web::test]
async fn tags_are_listed_by_lower_cased_name_then_name_in_code_point_order() {
    let app = TestApp::new();
    let ada = Caller::sign_up(&app, "ada@example.com").await;
    for name in ["Zed", "éclair", "b", "apple", "Éclair", "B", "_x"] {
        create(&ada, name).await;
    }
    global_tag(&app, "Cozy");

    let listed = expect(&ada.get("/api/tags").await, StatusCode::OK);

    // Lower-cased first (`_` < letters < `é`), then the exact name (`B` < `b`), by code
    // point: no collation folds the accent next to `e` or puts `_` last.
    assert_eq!(
        names(&listed),
        ["_x", "apple", "B", "b", "Cozy", "Zed", "Éclair", "éclair"]
    );

    let dune = media_item(&app, "Dune").await;
    for tag in listed.as_array().expect("tags") {
        let attach = format!("/api/tags/{}/media", tag["id"].as_str().expect("an id"));
        let answer = ada.post(&attach, &json!({"media_item_id": dune})).await;
        expect(&answer, StatusCode::CREATED);
    }
    let on_dune = expect(
        &ada.get(&format!("/api/tags/media/{dune}")).await,
        StatusCode::OK,
    );
    assert_eq!(on_dune, listed, "the item's tags come in the same order");
}

#[actix_web::test]
async fn a_duplicate_name_for_the_same_owner_is_a_409() {
    let app = TestApp::new();
    let ada = Caller::sign_up(&app, "ada@example.com").await;
    let bob = Caller::sign_up(&app, "bob@example.com").await;
    create(&ada, "noir").await;
    global_tag(&app, "cozy");

    for name in ["noir", " noir "] {
        assert_detail(
            &ada.post("/api/tags", &json!({"name": name})).await,
            StatusCode::CONFLICT,
            "Tag already exists",
        );
    }
    // Other owners and global tags do not conflict.
    create(&bob, "noir").await;
    create(&ada, "cozy").await;
    create(&ada, "Noir").await;
}

#[actix_web::test]
async fn blank_empty_and_over_long_names_are_refused() {
    let app = TestApp::new();
    let ada = Caller::sign_up(&app, "ada@example.com").await;

    assert_detail(
        &ada.post("/api/tags", &json!({"name": "   "})).await,
        StatusCode::BAD_REQUEST,
        "Tag name cannot be blank",
    );
    for (name, kind) in [
        (String::new(), "string_too_short"),
        ("a".repeat(65), "string_too_long"),
    ] {
        let answer = ada.post("/api/tags", &json!({"name": name})).await;
        let detail = expect(&answer, StatusCode::UNPROCESSABLE_ENTITY)["detail"].clone();
        assert_eq!(detail[0]["type"], kind, "{detail}");
        assert_eq!(detail[0]["loc"], json!(["body", "name"]));
    }
    let missing = ada.post("/api/tags", &json!({})).await;
    let detail = expect(&missing, StatusCode::UNPROCESSABLE_ENTITY)["detail"].clone();
    assert_eq!(detail[0]["type"], "missing", "{detail}");

    create(&ada, &"é".repeat(64)).await;
    assert_eq!(count(&app, "SELECT count(*) FROM tags"), 1);
}

#[actix_web::test]
async fn an_unknown_item_is_a_400_on_attach_and_has_no_tags() {
    let app = TestApp::new();
    let ada = Caller::sign_up(&app, "ada@example.com").await;
    let noir = create(&ada, "noir").await;
    let nowhere = Uuid::now_v7();

    assert_detail(
        &ada.post(
            &format!("/api/tags/{noir}/media"),
            &json!({"media_item_id": nowhere}),
        )
        .await,
        StatusCode::BAD_REQUEST,
        "Media item not found",
    );
    assert_eq!(
        expect(
            &ada.get(&format!("/api/tags/media/{nowhere}")).await,
            StatusCode::OK
        ),
        json!([])
    );
    assert_detail(
        &ada.delete(&format!("/api/tags/{noir}/media/{nowhere}"))
            .await,
        StatusCode::NOT_FOUND,
        "Tag not assigned to media",
    );
}
