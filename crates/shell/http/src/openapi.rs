//! The OpenAPI 3.1 document, generated from the route registrations, and the Swagger UI
//! (bundled in the binary, so it works offline: it loads nothing from elsewhere, not even
//! Swagger's online validator badge, which would also hand the document's URL to a third
//! party). The Redoc page beside it is [`crate::redoc`].

use actix_web::App;
use utoipa::OpenApi as _;
use utoipa::openapi::OpenApi;
use utoipa_actix_web::AppExt as _;
use utoipa_swagger_ui::{Config, SwaggerUi};

use crate::error::{ErrorBody, ValidationErrorBody};
use crate::routes::auth::SecuritySchemes;
use crate::routes::search::params::SearchSourceDto;
use crate::{redoc, routes};

/// Where the document is served.
pub const OPENAPI_PATH: &str = "/openapi.json";

/// Where the Swagger UI is served (`/docs` redirects to `/docs/`).
pub const DOCS_PATH: &str = "/docs";

#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "Tastebuds API",
        description = "Curate books, films, games and music into menus. \
                       Errors are `{\"detail\": \"...\"}`; invalid input is a 422 with a \
                       `detail` array of `{type, loc, msg, input, ctx?}` items. \
                       A POST, PUT, PATCH or DELETE carrying an `Origin` header that is \
                       neither a configured CORS origin nor the API's own is refused \
                       with 403 `Origin is not allowed to make this request`; requests \
                       without `Origin` (scripts, curl) are not affected. \
                       A request body over 1 MiB (after inflating a `gzip` body) is \
                       refused with 413 `Payload Too Large`; a body in any content \
                       coding but `gzip` with 415."
    ),
    tags(
        (name = "health", description = "Liveness and readiness"),
        (name = "auth", description = "Registration, sign-in, token refresh and sessions"),
        (name = "users", description = "The signed-in user"),
        (name = "media", description = "The global catalog of books, films, TV, games and music"),
        (name = "ingest", description = "Adding upstream records to the catalog"),
        (name = "search", description = "Catalog and upstream search, and the caller's previews of upstream hits"),
        (name = "menus", description = "The caller's menus: courses, items, pairings, forks, lineage and share links"),
        (name = "public", description = "Public menus by slug, their lineage, and menus opened by share links (no authentication)"),
        (name = "library", description = "The caller's state on each item, the activity logs that move it, and the library built from both"),
        (name = "tags", description = "The caller's own tags and the global ones, and their links to catalog items"),
    ),
    // Schemas only parameters use: the route registrations collect body schemas alone.
    components(schemas(ErrorBody, ValidationErrorBody, SearchSourceDto)),
    modifiers(&SecuritySchemes)
)]
struct ApiDoc;

/// The document's fixed part (info, tags, shared schemas), before routes add theirs.
#[must_use]
pub fn base() -> OpenApi {
    ApiDoc::openapi()
}

/// The complete document, as the app serves it at [`OPENAPI_PATH`].
#[must_use]
pub fn document() -> OpenApi {
    App::new()
        .into_utoipa_app()
        .openapi(base())
        .configure(routes::configure)
        .split_for_parts()
        .1
}

/// The path templates [`docs_service`] serves (GET only), the redirect from
/// [`DOCS_PATH`] to the UI, and the Redoc page and script ([`redoc::paths`]).
#[must_use]
pub fn tooling_paths() -> Vec<String> {
    let mut paths = vec![
        OPENAPI_PATH.to_owned(),
        DOCS_PATH.to_owned(),
        docs_ui_path(),
    ];
    paths.extend(redoc::paths());
    paths
}

/// The Swagger UI under [`DOCS_PATH`], which also serves `openapi` at [`OPENAPI_PATH`].
/// Its online validator is off (`validatorUrl: "none"`).
#[must_use]
pub fn docs_service(openapi: OpenApi) -> SwaggerUi {
    SwaggerUi::new(docs_ui_path())
        .url(OPENAPI_PATH, openapi)
        .config(Config::default().validator_url("none"))
}

/// The UI's files, under [`DOCS_PATH`].
fn docs_ui_path() -> String {
    format!("{DOCS_PATH}/{{_:.*}}")
}
