//! The access-control matrix: one entry per operation of the OpenAPI document, keyed by
//! (method, path template), saying who may call it and what everyone else gets, and how
//! to make a valid call of it on a [`Fixture`].

use serde_json::{Value, json};

use super::support::Fixture;

/// Who may call an operation.
#[derive(Clone, Copy, Debug)]
pub enum Access {
    /// Purely public: anyone, signed in or not, gets `status` (the catalog, public menus,
    /// share links, health, sign-up and sign-in, the document).
    Public(u16),
    /// Any signed-in caller gets `status`, on their own data or the global catalog (a
    /// list of their own things, a create, a catalog write); anonymous callers get 401.
    /// Another user sees none of the owner's data.
    SignedIn(u16),
    /// One user's resource: the owner gets `status`; anyone else gets `denied` (status and
    /// detail), exactly what the same user gets for ids that do not exist; anonymous
    /// callers get 401.
    Owned {
        status: u16,
        denied: (u16, &'static str),
    },
}

/// One operation of the matrix.
pub struct Entry {
    pub method: &'static str,
    /// The path template, as the OpenAPI document writes it.
    pub path: &'static str,
    /// Appended to the path (`?q=…`).
    pub query: &'static str,
    pub access: Access,
    /// A valid body for the owner's call, if the operation takes one.
    pub body: fn(&Fixture) -> Option<Value>,
}

impl Entry {
    /// The (method, path template) key.
    pub fn key(&self) -> (String, String) {
        (self.method.to_owned(), self.path.to_owned())
    }
}

const fn entry(
    method: &'static str,
    path: &'static str,
    access: Access,
    body: fn(&Fixture) -> Option<Value>,
) -> Entry {
    Entry {
        method,
        path,
        query: "",
        access,
        body,
    }
}

fn none(_: &Fixture) -> Option<Value> {
    None
}

const MENU: (u16, &str) = (404, "Menu not found");

use Access::{Owned, Public, SignedIn};

/// Every operation of the API.
#[expect(clippy::too_many_lines, reason = "one table row per operation")]
pub fn entries() -> Vec<Entry> {
    vec![
        // Health and accounts.
        entry("GET", "/health", Public(200), none),
        entry("GET", "/api/health", Public(200), none),
        entry("POST", "/api/auth/register", Public(200), |_| {
            Some(
                json!({"email": format!("{}@matrix.example.com", uuid::Uuid::now_v7().simple()),
                        "password": super::support::PASSWORD}),
            )
        }),
        entry("POST", "/api/auth/login", Public(200), |f| {
            Some(json!({"email": f.owner.email, "password": super::support::PASSWORD}))
        }),
        entry("POST", "/api/auth/refresh", Public(200), |f| {
            Some(json!({"refresh_token": f.owner.refresh}))
        }),
        entry("POST", "/api/auth/logout", Public(204), none),
        Entry {
            query: "?include_expired=true&include_revoked=true",
            ..entry("GET", "/api/auth/sessions", SignedIn(200), none)
        },
        entry(
            "POST",
            "/api/auth/sessions/{token_id}/revoke",
            Owned {
                status: 204,
                denied: (404, "Session not found"),
            },
            none,
        ),
        entry("GET", "/api/me", SignedIn(200), none),
        // The catalog: global, readable by anyone, written by any signed-in user.
        entry("GET", "/api/media/{media_item_id}", Public(200), none),
        entry(
            "GET",
            "/api/media/{media_item_id}/availability",
            Public(200),
            none,
        ),
        entry(
            "PUT",
            "/api/media/{media_item_id}/availability",
            SignedIn(200),
            |_| {
                Some(
                    json!([{"provider": "Library", "region": "US", "format": "borrow",
                             "status": "available", "deeplink_url": "https://example.com/b",
                             "last_checked_at": "2025-01-01T00:00:00Z"}]),
                )
            },
        ),
        entry(
            "POST",
            "/api/media/availability/summary",
            Public(200),
            |f| Some(json!({"media_item_ids": [f.media, f.media_two]})),
        ),
        entry("POST", "/api/ingest/{source}", SignedIn(200), |_| {
            Some(json!({"external_id": "movie:603"}))
        }),
        Entry {
            query: "?q=book",
            ..entry("GET", "/api/search", Public(200), none)
        },
        entry(
            "GET",
            "/api/previews/{preview_id}",
            Owned {
                status: 200,
                denied: (404, "Preview not found"),
            },
            none,
        ),
        // Library: states and logs.
        entry("GET", "/api/me/states", SignedIn(200), none),
        entry(
            "PUT",
            "/api/me/states/{media_item_id}",
            SignedIn(200),
            |_| {
                Some(
                    json!({"status": "consumed", "rating": 9, "favorite": true, "notes": "good",
                            "started_at": "2025-01-02T03:04:05Z", "finished_at": "2025-02-01"}),
                )
            },
        ),
        entry("GET", "/api/me/library", SignedIn(200), none),
        entry("GET", "/api/me/logs", SignedIn(200), none),
        entry("POST", "/api/me/logs", SignedIn(201), |f| {
            Some(
                json!({"media_item_id": f.media, "log_type": "started", "notes": "began",
                        "minutes_spent": 30, "progress_percent": 10, "goal_target": "finish",
                        "goal_due_on": "2030-01-31", "logged_at": "2025-03-20T14:05:09.123456Z"}),
            )
        }),
        entry(
            "PATCH",
            "/api/me/logs/{log_id}",
            Owned {
                status: 200,
                denied: (404, "Log entry not found"),
            },
            |_| {
                Some(json!({"notes": "changed", "progress_percent": 100,
                            "logged_at": "2025-03-21T10:00:00+02:00"}))
            },
        ),
        entry(
            "DELETE",
            "/api/me/logs/{log_id}",
            Owned {
                status: 204,
                denied: (404, "Log entry not found"),
            },
            none,
        ),
        // Tags.
        entry("GET", "/api/tags", SignedIn(200), none),
        entry("POST", "/api/tags", SignedIn(201), |_| {
            Some(json!({"name": format!("tag-{}", uuid::Uuid::now_v7().simple())}))
        }),
        entry(
            "GET",
            "/api/tags/media/{media_item_id}",
            SignedIn(200),
            none,
        ),
        entry(
            "DELETE",
            "/api/tags/{tag_id}",
            Owned {
                status: 204,
                denied: (404, "Tag not found"),
            },
            none,
        ),
        entry(
            "POST",
            "/api/tags/{tag_id}/media",
            Owned {
                status: 201,
                denied: (400, "Tag not available"),
            },
            |f| Some(json!({"media_item_id": f.media_two})),
        ),
        entry(
            "DELETE",
            "/api/tags/{tag_id}/media/{media_item_id}",
            Owned {
                status: 204,
                denied: (404, "Tag not available"),
            },
            none,
        ),
        // Menus.
        entry("GET", "/api/menus", SignedIn(200), none),
        entry("POST", "/api/menus", SignedIn(201), |f| {
            Some(json!({"title": "Another", "courses": [
                {"title": "C", "position": 1, "items": [{"media_item_id": f.media, "position": 1}]}]}))
        }),
        owned("GET", "/api/menus/{menu_id}", 200, none),
        owned("PATCH", "/api/menus/{menu_id}", 200, |_| {
            Some(json!({"title": "Renamed", "is_public": false}))
        }),
        owned("DELETE", "/api/menus/{menu_id}", 204, none),
        owned("POST", "/api/menus/{menu_id}/reorder-courses", 200, |f| {
            Some(json!({"course_ids": [f.course_two, f.course]}))
        }),
        owned("POST", "/api/menus/{menu_id}/fork", 201, |_| {
            Some(json!({"note": "mine"}))
        }),
        owned("GET", "/api/menus/{menu_id}/lineage", 200, none),
        owned("POST", "/api/menus/{menu_id}/courses", 201, |f| {
            Some(json!({"title": "D", "position": 1, "items": [
                {"media_item_id": f.media_spare, "position": 1}]}))
        }),
        owned(
            "PATCH",
            "/api/menus/{menu_id}/courses/{course_id}",
            200,
            |_| Some(json!({"title": "A2", "intent": null})),
        ),
        owned(
            "DELETE",
            "/api/menus/{menu_id}/courses/{course_id}",
            204,
            none,
        ),
        owned(
            "POST",
            "/api/menus/{menu_id}/courses/{course_id}/items",
            201,
            |f| Some(json!({"media_item_id": f.media_spare, "position": 1, "notes": "new"})),
        ),
        owned(
            "POST",
            "/api/menus/{menu_id}/courses/{course_id}/reorder-items",
            200,
            |f| Some(json!({"item_ids": [f.item_two, f.item]})),
        ),
        owned(
            "PATCH",
            "/api/menus/{menu_id}/course-items/{item_id}",
            200,
            |_| Some(json!({"notes": null})),
        ),
        owned(
            "DELETE",
            "/api/menus/{menu_id}/course-items/{item_id}",
            204,
            none,
        ),
        owned("GET", "/api/menus/{menu_id}/pairings", 200, none),
        owned("POST", "/api/menus/{menu_id}/pairings", 201, |f| {
            Some(json!({"primary_course_item_id": f.item_two, "paired_course_item_id": f.item}))
        }),
        entry(
            "DELETE",
            "/api/menus/{menu_id}/pairings/{pairing_id}",
            Owned {
                status: 204,
                denied: (404, "Pairing not found"),
            },
            none,
        ),
        owned("GET", "/api/menus/{menu_id}/share-tokens", 200, none),
        owned("POST", "/api/menus/{menu_id}/share-tokens", 201, |_| {
            Some(json!({"expires_at": "2031-01-01T00:00:00Z"}))
        }),
        entry(
            "DELETE",
            "/api/menus/{menu_id}/share-tokens/{token_id}",
            Owned {
                status: 204,
                denied: (404, "Share token not found"),
            },
            none,
        ),
        // Public views (no authentication).
        entry("GET", "/api/public/menus/{slug}", Public(200), none),
        entry("GET", "/api/public/menus/{slug}/lineage", Public(200), none),
        entry("GET", "/api/public/menus/draft/{token}", Public(200), none),
    ]
}

/// A menu route: anyone but the owner gets `Menu not found`.
const fn owned(
    method: &'static str,
    path: &'static str,
    status: u16,
    body: fn(&Fixture) -> Option<Value>,
) -> Entry {
    entry(
        method,
        path,
        Owned {
            status,
            denied: MENU,
        },
        body,
    )
}
