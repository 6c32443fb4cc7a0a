//! Menu views are served from rendered bodies while their menu is unchanged: every change
//! under a menu, and every change to the card of an item in it, whoever makes it, shows in
//! the next read, to the owner and in public; a stored body never reaches someone who may
//! not read the menu; a reader holding the current `ETag` gets `304 Not Modified`.

use actix_web::http::StatusCode;
use actix_web::http::header::IF_NONE_MATCH;
use actix_web::test::TestRequest;
use serde_json::{Value, json};

use super::support::{MenuApp, expect, id};
use crate::auth::support::{assert_detail, bearer};

#[actix_web::test]
async fn every_change_shows_in_the_next_read_of_either_view() {
    let app = MenuApp::new();
    let (owner, stranger) = (app.user().await, app.user().await);
    let (a, b) = (app.media("Alpha").await, app.media("Beta").await);
    let menu = app
        .create_menu(
            &owner,
            &json!({"title": "Kept", "is_public": true, "courses": [{"title": "C", "position": 1,
                "items": [{"media_item_id": a, "position": 1}, {"media_item_id": b, "position": 2}]}]}),
        )
        .await;
    let menu_id = id(&menu, "/id");
    let own_uri = format!("/api/menus/{menu_id}");
    let public_uri = format!("/api/public/menus/{}", id(&menu, "/slug"));
    let item = id(&menu, "/courses/0/items/0/id");
    let read = async |uri: &str| {
        let answer = if uri == own_uri {
            app.get(&owner, uri).await
        } else {
            app.anonymous_get(uri).await
        };
        answer.assert_json_content_type();
        expect(&answer, StatusCode::OK)
    };

    // Read twice: the second answer is the same document.
    for uri in [&own_uri, &public_uri] {
        assert_eq!(read(uri).await, read(uri).await, "{uri}");
    }
    assert_eq!(
        read(&own_uri).await,
        menu,
        "the owner reads what create answered"
    );

    // A stored body is no pass: a stranger still gets 404 for the owner's view.
    let theirs = app.get(&stranger, &own_uri).await;
    assert_detail(&theirs, StatusCode::NOT_FOUND, "Menu not found");

    // An item's notes, through the API.
    app.patch(
        &owner,
        &format!("/api/menus/{menu_id}/course-items/{item}"),
        &json!({"notes": "Read this first"}),
    )
    .await;
    for uri in [&own_uri, &public_uri] {
        let shown = read(uri).await;
        assert_eq!(
            shown["courses"][0]["items"][0]["notes"], "Read this first",
            "{uri}"
        );
    }

    // A new course, through the API.
    app.add_course(
        &owner,
        &menu_id,
        &json!({"title": "Dessert", "position": 2}),
    )
    .await;
    for uri in [&own_uri, &public_uri] {
        assert_eq!(read(uri).await["courses"][1]["title"], "Dessert", "{uri}");
    }

    // A card change made outside the API (another process, a migration, psql).
    tastebuds_testkit::execute(
        &mut app.app.db.connect(),
        &format!("UPDATE media_items SET title = 'Alpha, revised' WHERE id = '{a}'"),
    );
    for uri in [&own_uri, &public_uri] {
        let shown = read(uri).await;
        let title = &shown["courses"][0]["items"][0]["media_item"]["title"];
        assert_eq!(title, "Alpha, revised", "{uri}");
    }

    // Hidden: the public view goes at once, the owner's stays.
    app.patch(&owner, &own_uri, &json!({"is_public": false}))
        .await;
    let hidden = app.anonymous_get(&public_uri).await;
    assert_detail(&hidden, StatusCode::NOT_FOUND, "Menu not found");
    assert_eq!(read(&own_uri).await["is_public"], false);

    // Deleted: both views go.
    app.delete(&owner, &own_uri).await;
    let gone = app.get(&owner, &own_uri).await;
    assert_detail(&gone, StatusCode::NOT_FOUND, "Menu not found");
}

#[actix_web::test]
async fn a_reader_holding_the_current_etag_gets_304_until_the_menu_changes() {
    let app = MenuApp::new();
    let (owner, stranger) = (app.user().await, app.user().await);
    let a = app.media("Alpha").await;
    let menu = app
        .create_menu(
            &owner,
            &json!({"title": "Tagged", "is_public": true, "courses": [{"title": "C", "position": 1,
                "items": [{"media_item_id": a, "position": 1}]}]}),
        )
        .await;
    let menu_id = id(&menu, "/id");
    let own_uri = format!("/api/menus/{menu_id}");
    let public_uri = format!("/api/public/menus/{}", id(&menu, "/slug"));
    let conditional = |uri: &str, token: Option<&str>, tag: &str| {
        let mut request = TestRequest::get()
            .uri(uri)
            .insert_header((IF_NONE_MATCH, tag.to_owned()));
        if let Some(token) = token {
            request = request.insert_header(bearer(token));
        }
        app.send(request)
    };

    for (uri, token, caching) in [
        (&own_uri, Some(owner.as_str()), "private, no-cache"),
        (&public_uri, None, "no-cache"),
    ] {
        let first = match token {
            Some(token) => app.get(token, uri).await,
            None => app.anonymous_get(uri).await,
        };
        let body = expect(&first, StatusCode::OK);
        let tag = first.header("etag").expect("an ETag").to_owned();
        assert!(
            tag.starts_with('"') && tag.contains(&menu_id),
            "{uri}: {tag}"
        );
        assert_eq!(first.header("cache-control"), Some(caching), "{uri}");

        let unchanged = conditional(uri, token, &tag).await;
        assert_eq!(unchanged.status, StatusCode::NOT_MODIFIED, "{uri}");
        assert!(unchanged.body.is_empty(), "{uri}");
        assert_eq!(unchanged.header("etag"), Some(tag.as_str()), "{uri}");
        let weak = conditional(uri, token, &format!("\"other\", W/{tag}")).await;
        assert_eq!(
            weak.status,
            StatusCode::NOT_MODIFIED,
            "{uri}: weak comparison"
        );
        let any = conditional(uri, token, "*").await;
        assert_eq!(any.status, StatusCode::NOT_MODIFIED, "{uri}: *");
        let other = conditional(uri, token, "\"not-this-one\"").await;
        assert_eq!(expect(&other, StatusCode::OK), body, "{uri}: another tag");
    }

    // The owner's tag is no key: a stranger still gets 404, and so does the public view
    // of a menu made private, whatever tag the reader holds.
    let owners_tag = app.get(&owner, &own_uri).await;
    let owners_tag = owners_tag.header("etag").unwrap_or_default().to_owned();
    let theirs = conditional(&own_uri, Some(&stranger), &owners_tag).await;
    assert_detail(&theirs, StatusCode::NOT_FOUND, "Menu not found");

    // A change gives a new tag: the old one now gets the new body.
    app.patch(&owner, &own_uri, &json!({"title": "Retitled"}))
        .await;
    let changed = conditional(&own_uri, Some(&owner), &owners_tag).await;
    assert_eq!(expect(&changed, StatusCode::OK)["title"], "Retitled");
    assert_ne!(changed.header("etag"), Some(owners_tag.as_str()));

    let public_tag = app.anonymous_get(&public_uri).await;
    let public_tag = public_tag.header("etag").unwrap_or_default().to_owned();
    app.patch(&owner, &own_uri, &json!({"is_public": false}))
        .await;
    let hidden = conditional(&public_uri, None, &public_tag).await;
    assert_detail(&hidden, StatusCode::NOT_FOUND, "Menu not found");
}

#[actix_web::test]
async fn the_list_of_menus_shows_every_change_and_every_menu() {
    let app = MenuApp::new();
    let (owner, stranger) = (app.user().await, app.user().await);
    let a = app.media("Alpha").await;
    let first = app
        .create_menu(
            &owner,
            &json!({"title": "First", "courses": [{"title": "C", "position": 1,
                "items": [{"media_item_id": a, "position": 1}]}]}),
        )
        .await;
    let first_id = id(&first, "/id");
    let item = id(&first, "/courses/0/items/0/id");
    let listed = async || {
        let answer = app.get(&owner, "/api/menus").await;
        answer.assert_json_content_type();
        let mut menus = expect(&answer, StatusCode::OK)
            .as_array()
            .cloned()
            .unwrap_or_default();
        menus.sort_by_key(|menu| menu["created_at"].to_string());
        menus
    };

    assert_eq!(listed().await, vec![first.clone()], "what create answered");
    assert_eq!(listed().await, vec![first.clone()], "read again");

    app.patch(
        &owner,
        &format!("/api/menus/{first_id}/course-items/{item}"),
        &json!({"notes": "Listed"}),
    )
    .await;
    let menus = listed().await;
    assert_eq!(menus[0]["courses"][0]["items"][0]["notes"], "Listed");

    let second = app.menu(&owner, "Second").await;
    let menus = listed().await;
    let titles: Vec<&Value> = menus.iter().map(|menu| &menu["title"]).collect();
    assert_eq!(titles, ["First", "Second"]);
    assert_eq!(menus[1], second);

    tastebuds_testkit::execute(
        &mut app.app.db.connect(),
        &format!("UPDATE media_items SET title = 'Alpha, listed' WHERE id = '{a}'"),
    );
    let menus = listed().await;
    assert_eq!(
        menus[0]["courses"][0]["items"][0]["media_item"]["title"],
        "Alpha, listed"
    );

    app.delete(&owner, &format!("/api/menus/{first_id}")).await;
    assert_eq!(listed().await, vec![second]);
    let theirs = app.get(&stranger, "/api/menus").await;
    assert_eq!(expect(&theirs, StatusCode::OK), json!([]));
}
