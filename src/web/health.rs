//! Probes and figures for whoever runs Sustain: `/livez` (the process
//! answers), `/readyz` (it can take traffic), `/healthz` (the database
//! answers; kept as it was) and `/metrics` (Prometheus text).

use crate::state::AppState;
use crate::telemetry::figures::{self, ServerFigures};
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::ConnectionType;
use actix_web::middleware::Next;
use actix_web::{web, HttpRequest, HttpResponse};
use std::sync::atomic::Ordering;
use std::time::Duration;

/// How long a check may wait for a connection: a load balancer needs an
/// answer within a second, not after the pool's usual ten-second wait.
const CONNECTION_WAIT: Duration = Duration::from_millis(800);
/// How long the whole check may take before it answers "unavailable", in case
/// the query itself hangs (the blocking thread is then left to finish alone).
const CHECK_LIMIT: Duration = Duration::from_millis(950);

/// Runs `check` with a connection of its own, outside the request queue,
/// within a second; `None` when no answer came in time.
async fn within_a_second<T: Send + 'static>(
    state: &AppState,
    check: impl FnOnce(&mut crate::db::DbConnection) -> T + Send + 'static,
) -> Option<T> {
    let pool = state.pool.pool().clone();
    let work = web::block(move || pool.get_timeout(CONNECTION_WAIT).ok().map(|mut conn| check(&mut conn)));
    actix_web::rt::time::timeout(CHECK_LIMIT, work).await.ok().and_then(Result::ok).flatten()
}

/// 200 when a query succeeds, 503 otherwise, within a second either way; no
/// detail is given.
pub async fn healthz(state: web::Data<AppState>) -> HttpResponse {
    if within_a_second(&state, crate::db::connection::answers).await == Some(true) {
        HttpResponse::Ok().json(serde_json::json!({ "status": "ok", "database": "ok" }))
    } else {
        HttpResponse::ServiceUnavailable()
            .json(serde_json::json!({ "status": "unavailable", "database": "unreachable" }))
    }
}

/// Liveness: the process answers. It reads nothing, so a database outage
/// never makes an orchestrator restart a server that would recover by itself.
pub async fn livez() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({ "status": "ok" }))
}

/// Readiness: 200 when this instance should be sent traffic: not draining,
/// its database answers within a second, every migration is applied and an
/// SQLite file can be written; else 503 with the reason.
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    let reason = not_ready(&state).await;
    match reason {
        None => HttpResponse::Ok().json(serde_json::json!({ "status": "ready" })),
        Some(reason) => HttpResponse::ServiceUnavailable()
            .insert_header(("Retry-After", "5"))
            .json(serde_json::json!({ "status": "not ready", "reason": reason })),
    }
}

async fn not_ready(state: &AppState) -> Option<&'static str> {
    if state.draining.load(Ordering::Relaxed) {
        return Some("draining: this instance is stopping");
    }
    let url = match state.config.database() {
        Ok(url) => url,
        Err(_) => return Some("the database address cannot be read"),
    };
    within_a_second(state, move |conn| crate::db::outage::not_ready(conn, &url))
        .await
        .unwrap_or(Some("the database does not answer"))
}

/// While draining, every answer closes its connection. The proxy then opens a
/// new one for its next request, which is answered, or, once the listener
/// has closed, refused cleanly, so nginx sends it (a POST too) to another
/// instance. Kept alive, a connection the stop cuts just as a request
/// arrives on it answers that request 502: nginx never resends a POST that
/// reached an instance (seen behind nginx, in a rolling restart under load).
pub async fn close_when_draining(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let mut res = next.call(req).await?;
    let draining = res.request().app_data::<web::Data<AppState>>().is_some_and(|s| s.draining.load(Ordering::Relaxed));
    if draining {
        res.response_mut().head_mut().set_connection_type(ConnectionType::Close);
    }
    Ok(res)
}

/// The figures in Prometheus text, for a scraper on this machine (a request
/// from the loopback address that came through no proxy) or one holding the
/// `metrics_token`; never by a signed-in session, so a browser never sees them.
pub async fn metrics(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    if !may_read_metrics(&req, &state.config) {
        return HttpResponse::Forbidden().content_type("text/plain; charset=utf-8").body(
            "The figures are read from this machine, or with the metrics token as `Authorization: Bearer TOKEN`.\n",
        );
    }
    let pool = state.pool.pool().state();
    let generation = within_a_second(&state, |conn| crate::db::sessions::generation(conn).ok()).await.flatten();
    let server = ServerFigures {
        connections_in_use: pool.connections.saturating_sub(pool.idle_connections),
        connections_idle: pool.idle_connections,
        connections_max: state.pool.pool().max_size(),
        statements: state.statements.total(),
        documents_in_progress: state.documents.in_progress(),
        generation,
        ready: not_ready(&state).await.is_none(),
    };
    HttpResponse::Ok().content_type("text/plain; version=0.0.4; charset=utf-8").body(figures::render(&server))
}

fn may_read_metrics(req: &HttpRequest, config: &crate::config::Config) -> bool {
    if let Some(token) = &config.metrics_token {
        let expected = format!("Bearer {}", secrecy::ExposeSecret::expose_secret(token));
        let given = req.headers().get(actix_web::http::header::AUTHORIZATION).map(|v| v.as_bytes()).unwrap_or_default();
        // Digests are compared, so the time taken says nothing of the token.
        use sha2::{Digest, Sha256};
        if Sha256::digest(given) == Sha256::digest(expected.as_bytes()) {
            return true;
        }
    }
    let proxied = ["x-forwarded-for", "forwarded", "x-real-ip"].iter().any(|h| req.headers().contains_key(*h));
    let local = req.peer_addr().is_some_and(|a| a.ip().is_loopback());
    local && !proxied
}
