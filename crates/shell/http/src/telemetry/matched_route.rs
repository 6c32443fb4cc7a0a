//! [`MatchedRoute`]: the route pattern of a request, found once for the request span and
//! the access log alike.

use actix_web::HttpMessage as _;
use actix_web::dev::ServiceRequest;

/// The route pattern a request's path matches (`None`: no route), kept in the request's
/// extensions. Finding it runs the path through the routes' patterns (a regular
/// expression for each route with a parameter, until one matches), which the router
/// does again on its own: a profile of `GET /api/menus/{menu_id}` put 6 % of the
/// machine in that matching while it ran three times per request.
#[derive(Clone, Debug)]
pub(super) struct MatchedRoute(Option<String>);

impl MatchedRoute {
    /// `request`'s route pattern: the one found earlier for it, else found now and kept.
    pub(super) fn of(request: &ServiceRequest) -> Option<String> {
        if let Some(found) = request.extensions().get::<Self>() {
            return found.0.clone();
        }
        let route = request.match_pattern();
        request.extensions_mut().insert(Self(route.clone()));
        route
    }
}
