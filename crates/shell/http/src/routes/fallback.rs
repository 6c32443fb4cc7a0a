//! Requests no route matched: API.md §1.1.

use actix_router::ResourceDef;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};

use super::ROUTES;
use crate::error::ApiError;
use crate::openapi::{DOCS_PATH, OPENAPI_PATH};

/// The default service: 405 for a known path with another method, 307 from a
/// trailing-slash variant to the bare path, else 404 `Not Found`.
///
/// # Errors
/// [`ApiError::MethodNotAllowed`] or [`ApiError::NotFound`] as above.
pub async fn not_matched(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let path = req.path();
    let routes = req.resource_map();
    if routes.has_resource(path) {
        return Err(ApiError::MethodNotAllowed {
            allow: allowed_methods(path),
        });
    }
    let bare = path.trim_end_matches('/');
    if bare.len() < path.len() && !bare.is_empty() && routes.has_resource(bare) {
        let location = match req.query_string() {
            "" => bare.to_owned(),
            query => format!("{bare}?{query}"),
        };
        return Ok(HttpResponse::TemporaryRedirect()
            .insert_header((header::LOCATION, location))
            .finish());
    }
    Err(ApiError::NotFound("Not Found".to_owned()))
}

/// The methods served at `path` (the API's [`ROUTES`], plus GET on the document and the
/// docs UI), as an `Allow` header value (`GET, POST`).
fn allowed_methods(path: &str) -> String {
    let docs_ui = format!("{DOCS_PATH}/{{_:.*}}");
    let tooling = [OPENAPI_PATH, DOCS_PATH, docs_ui.as_str()]
        .into_iter()
        .map(|template| ("GET", template));
    let mut methods: Vec<&str> = ROUTES
        .iter()
        .map(|route| (route.method, route.path))
        .chain(tooling)
        .filter(|(_, template)| ResourceDef::new(*template).is_match(path))
        .map(|(method, _)| method)
        .collect();
    methods.sort_unstable();
    methods.dedup();
    methods.join(", ")
}
