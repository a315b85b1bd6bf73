//! Builds the web server from settings; used by `serve` and by the tests.

pub use crate::state::AppState;
use crate::{auth, web as pages};
use actix_web::dev::Server;
use actix_web::middleware::{from_fn, Compress, DefaultHeaders};
use actix_web::{web, App, HttpServer};
use std::net::{SocketAddr, TcpListener};
use tracing_actix_web::TracingLogger;

/// Application state for settings: a pool whose statements are counted, and
/// the access rules of this app's route table.
pub fn state(config: crate::config::Config) -> Result<AppState, String> {
    crate::telemetry::figures::recorder();
    let counter = crate::db::StatementCounter::default();
    let pool = crate::db::pool_counting(&config.database()?, config.pool_size, counter.clone())?;
    // The council's details from the settings, on the first start only.
    let defaults = config.council_defaults()?;
    let mut conn =
        pool.get_timeout(crate::db::POOL_WAIT).map_err(|e| format!("could not connect to the database: {e}"))?;
    crate::db::council::ensure(&mut conn, &crate::db::Actor::system("first start"), &defaults)
        .map_err(|e| format!("could not write the council's details: {e}"))?;
    drop(conn);
    AppState::new(pool, config, crate::routes::access_table(), counter)
}

/// Binds the listener and builds the server; the caller awaits it.
pub fn build(state: AppState) -> Result<(Server, SocketAddr), String> {
    let bind = state.config.bind_address()?;
    let listener = TcpListener::bind(bind).map_err(|e| format!("could not listen on {bind}: {e}"))?;
    let address = listener.local_addr().map_err(|e| e.to_string())?;
    let https = state.config.https;
    // The most any route reads; each route's own limit is applied by `bodies::bounded`.
    let upload_limit = state.config.upload_total_limit_bytes.max(state.config.spreadsheets.max_bytes) + 1024 * 1024;
    let bodies = state.config.bodies;
    let auth = state.auth.clone();
    // Blocking work is database work, one turn per connection (`blocking::Database`),
    // drawing, one per core, and documents, a few at once. More threads than that
    // only wait, each keeping its own stack and allocator cache. The default is
    // 256 a worker; at 50 connections on the large authority the pools never
    // needed more than this, so it bounds the worst case.
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let blocking_threads = state.pool.pool().max_size() as usize + cores + state.config.documents.at_once;
    let state = web::Data::new(state);
    let server = HttpServer::new(move || {
        App::new()
            .app_data(state.clone())
            .app_data(auth.clone())
            // Extractors that cannot read a request answer in our words, never the parser's.
            .app_data(crate::error::form_config(bodies.form_bytes))
            .app_data(crate::error::query_config())
            .app_data(crate::error::path_config())
            .app_data(crate::api::json_config(bodies.json_bytes))
            .app_data(web::PayloadConfig::default().limit(upload_limit))
            // Innermost: a date typed as three fields becomes its one address parameter.
            .wrap(from_fn(pages::dates::canonical))
            // Outermost last: errors from the access check are rendered too.
            // The API's per-user limit runs inside the access check, which finds the token's user.
            .wrap(from_fn(crate::api::limit::per_user))
            // A success notice is cleared by the page it was meant for, once shown.
            .wrap(from_fn(pages::page::clear_notice))
            .wrap(from_fn(auth::csrf::issue_cookie))
            .wrap(from_fn(auth::guard::enforce_access))
            // Before anyone is looked up: a body past its route's limit is refused unread.
            .wrap(from_fn(pages::bodies::bounded))
            .wrap(from_fn(pages::errors::render_errors))
            .wrap(auth::headers::security_headers(https))
            // Pages hold sensitive data: not kept in caches (assets set their own).
            .wrap(DefaultHeaders::new().add(("Cache-Control", "no-store")))
            .wrap(Compress::default())
            .wrap(from_fn(crate::telemetry::figures::time_requests))
            .wrap(from_fn(pages::health::close_when_draining))
            .wrap(TracingLogger::default())
            .configure(crate::routes::configure)
    })
    .listen(listener)
    .map_err(|e| format!("could not start the server: {e}"))?
    .shutdown_timeout(10)
    .worker_max_blocking_threads(blocking_threads)
    // `serve` watches the signals itself, to drain before stopping.
    .disable_signals()
    .run();
    Ok((server, address))
}
