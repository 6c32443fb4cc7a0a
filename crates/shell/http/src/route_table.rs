//! [`RouteTable`]: every operation the app serves, derived from the OpenAPI document
//! that the route registrations generate (`utoipa-actix-web` only registers documented
//! handlers), plus the tooling routes (the document and the docs UI). The app computes
//! it once when it is built and hands it to the 404/405 fallback as app data; the
//! OpenAPI tests request every entry.

use actix_router::ResourceDef;
use utoipa::openapi::OpenApi;

/// One served operation.
#[derive(Clone, Debug)]
pub struct Route {
    /// Upper-case HTTP method.
    pub method: &'static str,
    /// Path template as OpenAPI and actix write it (`/api/media/{media_item_id}`).
    pub path: String,
    /// The template, compiled for matching request paths.
    pattern: ResourceDef,
}

impl Route {
    /// `method` on the path template `path`.
    #[must_use]
    pub fn new(method: &'static str, path: impl Into<String>) -> Self {
        let path = path.into();
        let pattern = ResourceDef::new(path.as_str());
        Self {
            method,
            path,
            pattern,
        }
    }
}

/// The served operations (see the [module docs](self)).
#[derive(Clone, Debug, Default)]
pub struct RouteTable {
    routes: Vec<Route>,
}

impl RouteTable {
    /// Every operation of `document`, in path order.
    #[must_use]
    pub fn from_document(document: &OpenApi) -> Self {
        let routes = document
            .paths
            .paths
            .iter()
            .flat_map(|(path, item)| {
                [
                    ("GET", &item.get),
                    ("PUT", &item.put),
                    ("POST", &item.post),
                    ("DELETE", &item.delete),
                    ("OPTIONS", &item.options),
                    ("HEAD", &item.head),
                    ("PATCH", &item.patch),
                    ("TRACE", &item.trace),
                ]
                .into_iter()
                .filter(|(_, operation)| operation.is_some())
                .map(move |(method, _)| Route::new(method, path.as_str()))
            })
            .collect();
        Self { routes }
    }

    /// This table plus GET on each of `paths` (routes served outside the document).
    #[must_use]
    pub fn with_gets<I>(mut self, paths: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        self.routes
            .extend(paths.into_iter().map(|path| Route::new("GET", path)));
        self
    }

    /// Every route.
    #[must_use]
    pub fn routes(&self) -> &[Route] {
        &self.routes
    }

    /// The methods served at the request path `path`, sorted and deduplicated.
    #[must_use]
    pub fn methods_at(&self, path: &str) -> Vec<&'static str> {
        let mut methods: Vec<&'static str> = self
            .routes
            .iter()
            .filter(|route| route.pattern.is_match(path))
            .map(|route| route.method)
            .collect();
        methods.sort_unstable();
        methods.dedup();
        methods
    }
}

#[cfg(test)]
mod tests {
    use utoipa::openapi::path::{HttpMethod, OperationBuilder, PathItem, PathsBuilder};
    use utoipa::openapi::{InfoBuilder, OpenApiBuilder};

    use super::*;

    fn document() -> OpenApi {
        let mut item = PathItem::new(HttpMethod::Get, OperationBuilder::new().build());
        item.post = Some(OperationBuilder::new().build());
        OpenApiBuilder::new()
            .info(InfoBuilder::new().title("t").version("1").build())
            .paths(PathsBuilder::new().path("/api/items/{id}", item).path(
                "/health",
                PathItem::new(HttpMethod::Get, OperationBuilder::new().build()),
            ))
            .build()
    }

    #[test]
    fn every_documented_operation_is_a_route() {
        let table = RouteTable::from_document(&document()).with_gets(["/docs/{_:.*}"]);

        let routes: Vec<(&str, &str)> = table
            .routes()
            .iter()
            .map(|route| (route.method, route.path.as_str()))
            .collect();
        assert_eq!(
            routes,
            [
                ("GET", "/api/items/{id}"),
                ("POST", "/api/items/{id}"),
                ("GET", "/health"),
                ("GET", "/docs/{_:.*}"),
            ]
        );
        assert_eq!(table.methods_at("/api/items/42"), ["GET", "POST"]);
        assert_eq!(table.methods_at("/docs/index.html"), ["GET"]);
        assert!(table.methods_at("/api/items").is_empty());
    }
}
