//! The Redoc reference page at [`REDOC_PATH`], beside the Swagger UI: a small HTML page
//! and the Redoc standalone script, both embedded in the binary, so the page works
//! offline and loads nothing from a CDN (assets/redoc/README.md says where the script
//! comes from).

use actix_web::http::header::{CACHE_CONTROL, ContentType};
use actix_web::{HttpResponse, Resource, web};

/// Where the Redoc page is served.
pub const REDOC_PATH: &str = "/redoc";

/// The bundled Redoc release; part of the script's URL, so a new release is a new URL
/// and the script can be cached for good.
pub const REDOC_VERSION: &str = "2.5.4";

/// The Redoc standalone bundle (`bundles/redoc.standalone.js` of the npm package).
const SCRIPT: &[u8] = include_bytes!("../assets/redoc/redoc.standalone.js");

/// How long browsers and proxies keep the script: it never changes at its URL.
const SCRIPT_CACHE: &str = "public, max-age=31536000, immutable";

/// Where the script is served.
#[must_use]
pub fn script_path() -> String {
    format!("{REDOC_PATH}/redoc-{REDOC_VERSION}.standalone.js")
}

/// The paths [`services`] serves (GET only).
#[must_use]
pub fn paths() -> [String; 2] {
    [REDOC_PATH.to_owned(), script_path()]
}

/// The page, rendering the document at `spec_url` with the local script.
#[must_use]
pub fn page(spec_url: &str) -> String {
    format!(
        r#"<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Tastebuds API reference</title>
    <style>body {{ margin: 0; padding: 0; }}</style>
  </head>
  <body>
    <redoc spec-url="{spec_url}"></redoc>
    <script src="{script}"></script>
  </body>
</html>
"#,
        script = script_path(),
    )
}

/// The page at [`REDOC_PATH`] (rendering the document at `spec_url`) and the script,
/// GET only: the app gives them its fallback as their default service, so another method
/// is the app's 405 with `Allow`.
#[must_use]
pub fn services(spec_url: &str) -> (Resource, Resource) {
    let page = page(spec_url);
    (
        web::resource(REDOC_PATH).route(web::get().to(move || {
            let page = page.clone();
            async move {
                HttpResponse::Ok()
                    .content_type(ContentType::html())
                    .insert_header((CACHE_CONTROL, "no-cache"))
                    .body(page)
            }
        })),
        web::resource(script_path()).route(web::get().to(|| async {
            HttpResponse::Ok()
                .content_type("text/javascript; charset=utf-8")
                .insert_header((CACHE_CONTROL, SCRIPT_CACHE))
                .body(SCRIPT)
        })),
    )
}
