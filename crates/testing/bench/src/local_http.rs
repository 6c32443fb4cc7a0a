//! Small actix-web servers the bench runs in-process on 127.0.0.1: the static-response
//! ceiling (a constant 200, the framework floor) and the TMDB double that ingestion reads
//! from (real-shaped `/movie/{id}` payloads, each id its own film).

use std::net::TcpListener;
use std::sync::Arc;
use std::sync::mpsc;

use actix_web::dev::ServerHandle;
use actix_web::{App, HttpResponse, HttpServer, web};
use anyhow::Context as _;
use serde_json::Value;

/// A real TMDB answer to `/movie/603?append_to_response=credits,watch/providers`.
const MOVIE_FIXTURE: &str = include_str!(
    "../../../adapters/sources/tmdb/tests/fixtures/movie_603_credits_watch_providers.json"
);

/// A running local server; stopped on drop.
pub struct LocalServer {
    port: u16,
    handle: ServerHandle,
}

impl LocalServer {
    /// `http://127.0.0.1:<port>`.
    #[must_use]
    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for LocalServer {
    fn drop(&mut self) {
        drop(self.handle.stop(false));
    }
}

/// Starts the static-response server with `workers` worker threads.
///
/// # Errors
/// Fails when no port can be bound.
pub fn start_static(workers: usize) -> anyhow::Result<LocalServer> {
    start(workers, || {
        App::new().default_service(web::to(|| async {
            HttpResponse::Ok()
                .content_type("application/json")
                .body(r#"{"status":"ok"}"#)
        }))
    })
}

/// Starts the TMDB double: `GET /movie/{id}` answers the fixture with that id and a
/// title of its own; anything else is TMDB's 404.
///
/// # Errors
/// Fails when no port can be bound or the fixture does not parse.
pub fn start_tmdb(workers: usize) -> anyhow::Result<LocalServer> {
    let fixture: Arc<Value> =
        Arc::new(serde_json::from_str(MOVIE_FIXTURE).context("parsing the TMDB fixture")?);
    start(workers, move || {
        let fixture = Arc::clone(&fixture);
        App::new()
            .app_data(web::Data::new(fixture))
            .route("/movie/{id}", web::get().to(movie))
            .default_service(web::to(|| async {
                HttpResponse::NotFound().json(serde_json::json!({
                    "success": false, "status_code": 34,
                    "status_message": "The resource you requested could not be found."
                }))
            }))
    })
}

async fn movie(fixture: web::Data<Arc<Value>>, id: web::Path<u64>) -> HttpResponse {
    HttpResponse::Ok().json(movie_payload(&fixture, *id))
}

/// The fixture as film `id`.
fn movie_payload(fixture: &Value, id: u64) -> Value {
    let mut payload = fixture.clone();
    if let Some(object) = payload.as_object_mut() {
        let title = format!("Bench Film {id}");
        object.insert("id".to_owned(), Value::from(id));
        object.insert("imdb_id".to_owned(), Value::from(format!("tt{id:07}")));
        object.insert("title".to_owned(), Value::from(title.clone()));
        object.insert("original_title".to_owned(), Value::from(title));
    }
    payload
}

fn start<F, A>(workers: usize, app: F) -> anyhow::Result<LocalServer>
where
    F: Fn() -> App<A> + Send + Clone + 'static,
    A: actix_web::dev::ServiceFactory<
            actix_web::dev::ServiceRequest,
            Config = (),
            Response = actix_web::dev::ServiceResponse,
            Error = actix_web::Error,
            InitError = (),
        > + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let port = listener.local_addr()?.port();
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let server = match HttpServer::new(app)
                .workers(workers.max(1))
                .disable_signals()
                .listen(listener)
            {
                Ok(server) => server.run(),
                Err(error) => {
                    let _ = sender.send(Err(error));
                    return;
                }
            };
            let _ = sender.send(Ok(server.handle()));
            let _ = server.await;
        });
    });
    let handle = receiver
        .recv()
        .context("the local server thread ended")?
        .context("starting a local server")?;
    Ok(LocalServer { port, handle })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_film_gets_its_own_id_and_title_in_the_real_shape() {
        let fixture: Value = serde_json::from_str(MOVIE_FIXTURE).unwrap();
        let film = movie_payload(&fixture, 42);
        assert_eq!(film["id"], 42);
        assert_eq!(film["title"], "Bench Film 42");
        assert_eq!(film["credits"], fixture["credits"]);
        assert!(film.get("watch/providers").is_some());
    }
}
