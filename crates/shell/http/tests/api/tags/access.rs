//! Whose tags a caller sees and touches (API.md §5.8): another user's tag is invisible
//! and unavailable; a global tag is visible and attachable by all, deletable by none.

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use serde_json::json;
use uuid::Uuid;

use crate::auth::support::{TestApp, assert_detail};
use crate::caller::{Caller, count, expect, global_tag, media_item};

#[actix_web::test]
async fn another_users_tag_is_unavailable_and_invisible() {
    let app = TestApp::new();
    let ada = Caller::sign_up(&app, "ada@example.com").await;
    let bob = Caller::sign_up(&app, "bob@example.com").await;
    let dune = media_item(&app, "Dune").await;
    let tag = expect(
        &ada.post("/api/tags", &json!({"name": "private"})).await,
        StatusCode::CREATED,
    );
    let id = tag["id"].as_str().expect("an id");
    expect(
        &ada.post(
            &format!("/api/tags/{id}/media"),
            &json!({"media_item_id": dune}),
        )
        .await,
        StatusCode::CREATED,
    );

    assert_detail(
        &bob.post(
            &format!("/api/tags/{id}/media"),
            &json!({"media_item_id": dune}),
        )
        .await,
        StatusCode::BAD_REQUEST,
        "Tag not available",
    );
    assert_detail(
        &bob.delete(&format!("/api/tags/{id}/media/{dune}")).await,
        StatusCode::NOT_FOUND,
        "Tag not available",
    );
    assert_detail(
        &bob.delete(&format!("/api/tags/{id}")).await,
        StatusCode::NOT_FOUND,
        "Tag not found",
    );
    assert_eq!(
        expect(&bob.get("/api/tags").await, StatusCode::OK),
        json!([])
    );
    assert_eq!(
        expect(
            &bob.get(&format!("/api/tags/media/{dune}")).await,
            StatusCode::OK
        ),
        json!([])
    );

    // Nothing Bob did touched Ada's tag or its link.
    assert_eq!(
        expect(
            &ada.get(&format!("/api/tags/media/{dune}")).await,
            StatusCode::OK
        ),
        json!([tag])
    );
}

#[actix_web::test]
async fn an_unknown_tag_is_a_400_on_attach_and_a_404_on_detach() {
    let app = TestApp::new();
    let ada = Caller::sign_up(&app, "ada@example.com").await;
    let dune = media_item(&app, "Dune").await;
    let unknown = Uuid::now_v7();

    assert_detail(
        &ada.post(
            &format!("/api/tags/{unknown}/media"),
            &json!({"media_item_id": dune}),
        )
        .await,
        StatusCode::BAD_REQUEST,
        "Tag not available",
    );
    assert_detail(
        &ada.delete(&format!("/api/tags/{unknown}/media/{dune}"))
            .await,
        StatusCode::NOT_FOUND,
        "Tag not available",
    );
}

#[actix_web::test]
async fn a_global_tag_is_visible_and_attachable_by_all_and_deletable_by_none() {
    let app = TestApp::new();
    let ada = Caller::sign_up(&app, "ada@example.com").await;
    let bob = Caller::sign_up(&app, "bob@example.com").await;
    let (dune, solaris) = (
        media_item(&app, "Dune").await,
        media_item(&app, "Solaris").await,
    );
    let classic = global_tag(&app, "classic");
    let expected = json!([{"id": classic, "name": "classic"}]);

    for (caller, item) in [(&ada, dune), (&bob, solaris)] {
        assert_eq!(
            expect(&caller.get("/api/tags").await, StatusCode::OK),
            expected
        );
        let attached = caller
            .post(
                &format!("/api/tags/{classic}/media"),
                &json!({"media_item_id": item}),
            )
            .await;
        assert_eq!(expect(&attached, StatusCode::CREATED), expected[0]);
        assert_detail(
            &caller.delete(&format!("/api/tags/{classic}")).await,
            StatusCode::NOT_FOUND,
            "Tag not found",
        );
    }
    // The links are everyone's: each sees the other's.
    for caller in [&ada, &bob] {
        for item in [dune, solaris] {
            let tags = caller.get(&format!("/api/tags/media/{item}")).await;
            assert_eq!(expect(&tags, StatusCode::OK), expected);
        }
    }
    expect(
        &bob.delete(&format!("/api/tags/{classic}/media/{dune}"))
            .await,
        StatusCode::NO_CONTENT,
    );
    assert_eq!(count(&app, "SELECT count(*) FROM tags"), 1);
    assert_eq!(count(&app, "SELECT count(*) FROM media_item_tags"), 1);
}

#[actix_web::test]
async fn every_tag_route_requires_a_token() {
    let app = TestApp::new();
    let id = Uuid::now_v7();
    for request in [
        TestRequest::get().uri("/api/tags"),
        TestRequest::post()
            .uri("/api/tags")
            .set_json(json!({"name": "noir"})),
        TestRequest::delete().uri(&format!("/api/tags/{id}")),
        TestRequest::get().uri(&format!("/api/tags/media/{id}")),
        TestRequest::post()
            .uri(&format!("/api/tags/{id}/media"))
            .set_json(json!({"media_item_id": id})),
        TestRequest::delete().uri(&format!("/api/tags/{id}/media/{id}")),
    ] {
        assert_detail(
            &app.send(request).await,
            StatusCode::UNAUTHORIZED,
            "Invalid token",
        );
    }
}
