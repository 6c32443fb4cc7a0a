//! Requests no route matched: API.md §1.1.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use anyhow::anyhow;

use crate::error::ApiError;
use crate::route_table::RouteTable;

/// The default service: 405 for a known path with another method (`Allow` lists the
/// methods the app's [`RouteTable`] serves there), 307 from a trailing-slash variant to
/// the bare path, else 404 `Not Found`.
///
/// # Errors
/// [`ApiError::MethodNotAllowed`] or [`ApiError::NotFound`] as above; a 500 when the app
/// was built without its route table.
pub async fn not_matched(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let path = req.path();
    let routes = req.resource_map();
    if routes.has_resource(path) {
        let table = req
            .app_data::<web::Data<RouteTable>>()
            .ok_or_else(|| ApiError::internal(anyhow!("the route table is not registered")))?;
        return Err(ApiError::MethodNotAllowed {
            allow: table.methods_at(path).join(", "),
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
