//! [`RenderedMenus`]: menu views kept as the JSON bodies they were sent as, one per menu
//! and view, each with the revision of the menu it shows.
//!
//! A menu read first reads the menu's stamp (one indexed row, checking the caller may see
//! it). While the menu's revision is the one a stored body was rendered at, that body is
//! the answer; otherwise the menu is read and rendered again and the new body replaces
//! the old one. PostgreSQL advances a menu's revision with every committed change to what
//! its view shows (docs/schema.md), so whichever server process or tool made the change,
//! no stale body is served.
//!
//! A body is stored under the revision read **before** the menu was read, so it is never
//! older than its revision says: at worst newer, which only costs the next reader a
//! render.
//!
//! The stamp also makes menu views conditional: each answer carries an entity tag of the
//! menu, its revision and this build, with `Cache-Control: no-cache` (`private` for the
//! owner's view), and a client whose `If-None-Match` names the current tag gets `304 Not
//! Modified` without a body. The stamp read has already decided who may see the menu, so
//! a 304 reveals nothing a 200 would not.

use std::collections::HashMap;
use std::sync::Arc;

use actix_web::http::header::{
    CacheControl, CacheDirective, ContentType, ETag, EntityTag, Header as _, IfNoneMatch,
};
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse};
use quick_cache::Weighter;
use quick_cache::sync::Cache;
use serde::Serialize;
use tastebuds_curation::{MenuRevision, MenuStamp};
use tastebuds_kernel::MenuId;

use crate::error::ApiError;

/// Which view of a menu a body renders: they differ (API.md §1.8), so each is stored
/// on its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MenuView {
    /// The owner's view (`Menu`, with `owner_id`).
    Owner,
    /// The public view (`PublicMenu`, without it).
    Public,
}

/// Which body: a menu and one of its views.
type Key = (MenuId, MenuView);

/// A stored body and the revision of the menu it shows.
type Rendered = (MenuRevision, Bytes);

/// The store itself.
type Bodies = Cache<Key, Rendered, BodyBytes>;

/// Bytes an entry costs beyond its body (key, revision, the cache's own bookkeeping),
/// so that even tiny bodies count.
const ENTRY_OVERHEAD: u64 = 128;

/// Weighs an entry by the bytes it keeps.
#[derive(Clone, Copy, Debug)]
struct BodyBytes;

impl Weighter<Key, Rendered> for BodyBytes {
    fn weight(&self, _key: &Key, (_, body): &Rendered) -> u64 {
        u64::try_from(body.len()).unwrap_or(u64::MAX / 2) + ENTRY_OVERHEAD
    }
}

/// Rendered menu views, at most a fixed number of bytes of them (least useful evicted
/// first); none at all when built with a capacity of 0. Cheap to clone: clones share
/// the store.
#[derive(Clone)]
pub struct RenderedMenus {
    bodies: Option<Arc<Bodies>>,
}

impl RenderedMenus {
    /// A store of at most `capacity_bytes` bytes of bodies; 0 keeps nothing.
    #[must_use]
    pub fn with_capacity(capacity_bytes: u64) -> Self {
        /// A 5 × 10 menu renders to about 30 KB: a guess at the number of entries, which
        /// the cache only uses to size its tables.
        const TYPICAL_BODY: u64 = 32 * 1024;
        let bodies = (capacity_bytes > 0).then(|| {
            let estimated = usize::try_from(capacity_bytes / TYPICAL_BODY).unwrap_or(usize::MAX);
            Arc::new(Cache::with_weighter(
                estimated.max(16),
                capacity_bytes,
                BodyBytes,
            ))
        });
        Self { bodies }
    }

    /// The body of `view` of the menu `stamp` names, from the store while it shows the
    /// stamp's revision; otherwise `render`'s, which is stored for the next reader.
    ///
    /// # Errors
    /// `render`'s.
    pub async fn body<E, F>(&self, stamp: &MenuStamp, view: MenuView, render: F) -> Result<Bytes, E>
    where
        F: AsyncFnOnce() -> Result<Bytes, E>,
    {
        if let Some(body) = self.current(stamp, view) {
            return Ok(body);
        }
        let body = render().await?;
        self.keep(stamp, view, body.clone());
        Ok(body)
    }

    /// The JSON array of the owner's views of the menus `stamps` name (an owner's menus,
    /// in any order), each from the store while current. When any is not, `render_all`
    /// renders every menu of that owner in one read (menu ids with their bodies), and the
    /// store keeps those it has stamps for.
    ///
    /// # Errors
    /// `render_all`'s.
    pub async fn owner_list<E, F>(&self, stamps: &[MenuStamp], render_all: F) -> Result<Bytes, E>
    where
        F: AsyncFnOnce() -> Result<Vec<(MenuId, Bytes)>, E>,
    {
        let kept: Option<Vec<Bytes>> = stamps
            .iter()
            .map(|stamp| self.current(stamp, MenuView::Owner))
            .collect();
        let bodies = match kept {
            Some(bodies) => bodies,
            None => {
                let rendered = render_all().await?;
                let stamps: HashMap<MenuId, &MenuStamp> =
                    stamps.iter().map(|stamp| (stamp.menu_id, stamp)).collect();
                for (menu_id, body) in &rendered {
                    if let Some(stamp) = stamps.get(menu_id) {
                        self.keep(stamp, MenuView::Owner, body.clone());
                    }
                }
                rendered.into_iter().map(|(_, body)| body).collect()
            }
        };
        Ok(json_array(&bodies))
    }

    /// The stored body of `view` of the menu `stamp` names, if it shows that revision.
    fn current(&self, stamp: &MenuStamp, view: MenuView) -> Option<Bytes> {
        let (revision, body) = self.bodies.as_ref()?.get(&(stamp.menu_id, view))?;
        (revision == stamp.revision).then_some(body)
    }

    /// Keeps `body` as `view` of the menu `stamp` names, at the stamp's revision.
    fn keep(&self, stamp: &MenuStamp, view: MenuView, body: Bytes) {
        if let Some(bodies) = &self.bodies {
            bodies.insert((stamp.menu_id, view), (stamp.revision, body));
        }
    }

    /// The answer to a read of `view` of the menu `stamp` names (the caller has checked
    /// that the reader may see it): `304 Not Modified` when the request's `If-None-Match`
    /// names the menu's current entity tag, else `200` with [`Self::body`]'s JSON.
    ///
    /// # Errors
    /// `render`'s.
    pub async fn respond<F>(
        &self,
        request: &HttpRequest,
        stamp: &MenuStamp,
        view: MenuView,
        render: F,
    ) -> Result<HttpResponse, ApiError>
    where
        F: AsyncFnOnce() -> Result<Bytes, ApiError>,
    {
        let tag = entity_tag(stamp);
        let caching = CacheControl(match view {
            MenuView::Owner => vec![CacheDirective::Private, CacheDirective::NoCache],
            MenuView::Public => vec![CacheDirective::NoCache],
        });
        if matches_current(request, &tag) {
            return Ok(HttpResponse::NotModified()
                .insert_header(ETag(tag))
                .insert_header(caching)
                .finish());
        }
        let body = self.body(stamp, view, render).await?;
        Ok(HttpResponse::Ok()
            .content_type(ContentType::json())
            .insert_header(ETag(tag))
            .insert_header(caching)
            .body(body))
    }
}

/// `[` the `bodies` (each a JSON document) separated by commas `]`.
fn json_array(bodies: &[Bytes]) -> Bytes {
    let length = bodies.iter().map(|body| body.len() + 1).sum::<usize>() + 2;
    let mut array = Vec::with_capacity(length);
    array.push(b'[');
    for (index, body) in bodies.iter().enumerate() {
        if index > 0 {
            array.push(b',');
        }
        array.extend_from_slice(body);
    }
    array.push(b']');
    Bytes::from(array)
}

/// The strong entity tag of a menu at its revision, as rendered by this build (another
/// release may render the same revision differently).
fn entity_tag(stamp: &MenuStamp) -> EntityTag {
    EntityTag::new_strong(format!(
        "{}-{}-{}",
        stamp.menu_id,
        stamp.revision.0,
        env!("CARGO_PKG_VERSION")
    ))
}

/// Whether the request's `If-None-Match` names `tag` (weak comparison, as RFC 9110 wants
/// for it) or is `*`; a missing or malformed header matches nothing.
fn matches_current(request: &HttpRequest, tag: &EntityTag) -> bool {
    match IfNoneMatch::parse(request) {
        Ok(IfNoneMatch::Any) => true,
        Ok(IfNoneMatch::Items(tags)) => tags.iter().any(|named| named.weak_eq(tag)),
        Err(_) => false,
    }
}

/// `view` serialized as a JSON body (what `HttpResponse::json` would send).
///
/// # Errors
/// 500 should serialization fail (it does not for the menu DTOs).
pub fn json_body<T: Serialize>(view: &T) -> Result<Bytes, ApiError> {
    serde_json::to_vec(view)
        .map(Bytes::from)
        .map_err(ApiError::internal)
}

impl std::fmt::Debug for RenderedMenus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut out = f.debug_struct("RenderedMenus");
        match &self.bodies {
            Some(bodies) => out
                .field("entries", &bodies.len())
                .field("bytes", &bodies.weight())
                .field("capacity_bytes", &bodies.capacity()),
            None => out.field("capacity_bytes", &0),
        };
        out.finish()
    }
}

#[cfg(test)]
mod tests {
    use tastebuds_kernel::UserId;

    use super::*;

    fn stamp(menu_id: MenuId, revision: i64) -> MenuStamp {
        MenuStamp {
            menu_id,
            owner_id: UserId::new(),
            is_public: true,
            revision: MenuRevision(revision),
        }
    }

    async fn body_of(
        store: &RenderedMenus,
        stamp: &MenuStamp,
        view: MenuView,
        text: &'static str,
    ) -> Bytes {
        let rendered: Result<Bytes, ()> = store
            .body(stamp, view, async || {
                Ok(Bytes::from_static(text.as_bytes()))
            })
            .await;
        rendered.unwrap_or_default()
    }

    #[actix_web::test]
    async fn a_body_is_served_while_its_revision_is_current_and_rendered_again_after() {
        let store = RenderedMenus::with_capacity(1 << 20);
        let menu = MenuId::new();
        assert_eq!(
            body_of(&store, &stamp(menu, 1), MenuView::Public, "first").await,
            "first"
        );
        assert_eq!(
            body_of(&store, &stamp(menu, 1), MenuView::Public, "again").await,
            "first"
        );
        assert_eq!(
            body_of(&store, &stamp(menu, 1), MenuView::Owner, "owner").await,
            "owner"
        );
        assert_eq!(
            body_of(&store, &stamp(menu, 2), MenuView::Public, "second").await,
            "second"
        );
        assert_eq!(
            body_of(&store, &stamp(menu, 2), MenuView::Public, "third").await,
            "second"
        );
        assert_eq!(
            body_of(&store, &stamp(MenuId::new(), 2), MenuView::Public, "other").await,
            "other"
        );
    }

    #[actix_web::test]
    async fn a_failed_render_stores_nothing_and_no_capacity_stores_nothing() {
        let store = RenderedMenus::with_capacity(1 << 20);
        let at = stamp(MenuId::new(), 1);
        let failed: Result<Bytes, &str> = store
            .body(&at, MenuView::Public, async || Err("down"))
            .await;
        assert_eq!(failed, Err("down"));
        assert_eq!(
            body_of(&store, &at, MenuView::Public, "rendered").await,
            "rendered"
        );

        let off = RenderedMenus::with_capacity(0);
        assert_eq!(body_of(&off, &at, MenuView::Public, "one").await, "one");
        assert_eq!(body_of(&off, &at, MenuView::Public, "two").await, "two");
    }

    #[actix_web::test]
    async fn an_owner_list_is_kept_bodies_while_all_are_current_else_one_render_of_all() {
        let store = RenderedMenus::with_capacity(1 << 20);
        let (a, b) = (MenuId::new(), MenuId::new());
        let renders = std::cell::Cell::new(0);
        let list = async |stamps: &[MenuStamp], a_text: &'static str| {
            let listed: Result<Bytes, ()> = store
                .owner_list(stamps, async || {
                    renders.set(renders.get() + 1);
                    Ok(vec![
                        (a, Bytes::from_static(a_text.as_bytes())),
                        (b, Bytes::from_static(b"{\"b\":1}")),
                    ])
                })
                .await;
            listed.unwrap_or_default()
        };
        let first = [stamp(a, 1), stamp(b, 1)];
        assert_eq!(list(&first, "{\"a\":1}").await, "[{\"a\":1},{\"b\":1}]");
        assert_eq!(list(&first, "{\"a\":2}").await, "[{\"a\":1},{\"b\":1}]");
        assert_eq!(renders.get(), 1, "the second list is all kept bodies");
        let moved = [stamp(a, 2), stamp(b, 1)];
        assert_eq!(list(&moved, "{\"a\":2}").await, "[{\"a\":2},{\"b\":1}]");
        assert_eq!(
            renders.get(),
            2,
            "one menu moved on: everything is rendered again"
        );
        assert_eq!(list(&[], "{}").await, "[]");
        assert_eq!(renders.get(), 2, "no menus, no render");
    }

    #[actix_web::test]
    async fn the_store_keeps_within_its_capacity() {
        let store = RenderedMenus::with_capacity(64 * 1024);
        let big: &'static str = Box::leak("x".repeat(16 * 1024).into_boxed_str());
        for _ in 0..32 {
            body_of(&store, &stamp(MenuId::new(), 1), MenuView::Public, big).await;
        }
        let bodies = store
            .bodies
            .as_ref()
            .map(|b| b.weight())
            .unwrap_or_default();
        assert!(bodies <= 64 * 1024, "{bodies} bytes kept");
        assert!(bodies > 0, "something is kept");
    }
}
