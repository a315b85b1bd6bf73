//! Builds the web server from settings; used by `serve` and by the tests.

use crate::auth::TokenKeys;
use crate::config::Config;
use crate::db::{DbConnection, DbPool};
use crate::error::AppError;
use crate::{auth, web as pages};
use actix_web::dev::Server;
use actix_web::middleware::{from_fn, Compress, DefaultHeaders};
use actix_web::{web, App, HttpServer};
use std::net::{SocketAddr, TcpListener};
use tracing_actix_web::TracingLogger;

/// What every handler can reach: the pool, the settings and the token keys.
pub struct AppState {
    pub pool: DbPool,
    pub config: Config,
    pub keys: TokenKeys,
    pub routes: pages::routes::AccessTable,
}

impl AppState {
    /// State for a pool and settings; the token key comes from the settings or,
    /// when none is set, is generated for this process.
    pub fn new(pool: DbPool, config: Config) -> Self {
        let secret = match &config.secret_key {
            Some(key) => key.as_bytes().to_vec(),
            None => {
                use rand::RngCore;
                let mut key = vec![0u8; 32];
                rand::thread_rng().fill_bytes(&mut key);
                key
            }
        };
        let keys = TokenKeys::new(&secret, chrono::Duration::minutes(config.session_minutes));
        Self { pool, config, keys, routes: pages::routes::AccessTable::build() }
    }

    /// Runs database work on the blocking pool with a connection of its own.
    pub async fn db<T, F>(&self, work: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConnection) -> Result<T, AppError> + Send + 'static,
    {
        let pool = self.pool.clone();
        web::block(move || {
            let mut conn = pool.get()?;
            work(&mut conn)
        })
        .await?
    }
}

/// Binds the listener and builds the server; the caller awaits it.
pub fn build(state: AppState) -> Result<(Server, SocketAddr), String> {
    let bind = state.config.bind_address()?;
    let listener = TcpListener::bind(bind).map_err(|e| format!("could not listen on {bind}: {e}"))?;
    let address = listener.local_addr().map_err(|e| e.to_string())?;
    let https = state.config.https;
    let upload_limit = state.config.upload_limit_bytes;
    let state = web::Data::new(state);
    let server = HttpServer::new(move || {
        App::new()
            .app_data(state.clone())
            .app_data(web::FormConfig::default().limit(256 * 1024))
            .app_data(crate::api::json_config())
            .app_data(web::PayloadConfig::default().limit(upload_limit + 64 * 1024))
            // Outermost last: errors from the access check are rendered too.
            .wrap(from_fn(auth::csrf::issue_cookie))
            .wrap(from_fn(auth::guard::enforce_access))
            .wrap(from_fn(pages::errors::render_errors))
            .wrap(auth::headers::security_headers(https))
            // Pages hold sensitive data: not kept in caches (assets set their own).
            .wrap(DefaultHeaders::new().add(("Cache-Control", "no-store")))
            .wrap(Compress::default())
            .wrap(TracingLogger::default())
            .configure(pages::routes::configure)
    })
    .listen(listener)
    .map_err(|e| format!("could not start the server: {e}"))?
    .shutdown_timeout(10)
    .run();
    Ok((server, address))
}
