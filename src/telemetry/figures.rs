//! Figures for operators, in Prometheus text (`GET /metrics`): requests and
//! their durations by route, pool use and waits, the plan cache, documents
//! in progress, digests. Names follow Prometheus conventions; no label names
//! a user, and each label has a bounded set of values (route templates, not
//! addresses), so a stranger cannot grow the figures.
//!
//! Counts over the process (requests, waits, cache, digests) go through the
//! `metrics` facade into one recorder; what belongs to one server (its pool,
//! its statements, its documents) is read at the moment of asking and written
//! after them, so that two servers in one process (as in the tests) each
//! report their own.

use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::fmt::Write;
use std::sync::OnceLock;

/// Each request's time to its answer's head, by method, route template and status.
pub const REQUEST_DURATION: &str = "http_server_request_duration_seconds";
/// Time from asking for a database connection to holding one.
pub const POOL_WAIT: &str = "sustain_db_pool_wait_seconds";
/// Requests answered from the cached plan, and plan reads after a change.
pub const PLAN_CACHE_HITS: &str = "sustain_plan_cache_hits_total";
pub const PLAN_CACHE_REBUILDS: &str = "sustain_plan_cache_rebuilds_total";
/// Reminder digests sent and not sent by the weekly schedule.
pub const DIGESTS_SENT: &str = "sustain_digests_sent_total";
pub const DIGESTS_FAILED: &str = "sustain_digests_failed_total";

/// Buckets in seconds for every duration: a page's few milliseconds up to a
/// large document's several seconds.
const BUCKETS: [f64; 12] = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

/// How often samples are folded into their buckets.
const UPKEEP_EVERY: std::time::Duration = std::time::Duration::from_secs(5);

/// The process's recorder, installed by the first server to start; the
/// servers a test process starts share it.
pub fn recorder() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), &BUCKETS)
            .expect("the buckets are not empty")
            .build_recorder();
        let handle = recorder.handle();
        // Only Sustain installs a recorder, so this is the first.
        let _ = metrics::set_global_recorder(recorder);
        describe();
        // Durations are kept as samples until folded into their buckets:
        // folded every few seconds, whether or not anyone scrapes, so memory
        // does not grow with the requests answered.
        let upkeep = handle.clone();
        std::thread::Builder::new()
            .name("figures upkeep".into())
            .spawn(move || loop {
                std::thread::sleep(UPKEEP_EVERY);
                upkeep.run_upkeep();
            })
            .expect("a thread for the figures' upkeep");
        handle
    })
}

fn describe() {
    use metrics::{describe_counter, describe_histogram, Unit};
    describe_histogram!(REQUEST_DURATION, Unit::Seconds, "Time to answer a request, by method, route and status.");
    describe_histogram!(POOL_WAIT, Unit::Seconds, "Time from asking for a database connection to holding one.");
    describe_counter!(PLAN_CACHE_HITS, "Requests answered from the cached plan.");
    describe_counter!(PLAN_CACHE_REBUILDS, "Reads of the whole plan after the data changed.");
    describe_counter!(DIGESTS_SENT, "Reminder digests sent by the weekly schedule.");
    describe_counter!(DIGESTS_FAILED, "Reminder digests the weekly schedule could not send.");
}

/// A request method as a label: the methods Sustain answers, else `other`.
pub fn method_label(method: &actix_web::http::Method) -> &'static str {
    use actix_web::http::Method;
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// Times each request to its answer's head, labelled by method, the route's
/// template (`/actions/{id}`, never the address asked for) and status.
pub async fn time_requests(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody>,
) -> Result<actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    let started = std::time::Instant::now();
    let method = method_label(req.method());
    let answer = next.call(req).await;
    let (route, status) = match &answer {
        Ok(res) => (res.request().match_pattern(), res.status()),
        Err(e) => (None, e.as_response_error().status_code()),
    };
    let route = route.unwrap_or_else(|| "unmatched".to_string());
    metrics::histogram!(REQUEST_DURATION, "method" => method, "route" => route, "status" => status.as_str().to_string())
        .record(started.elapsed().as_secs_f64());
    answer
}

/// One server's own figures at the moment of asking.
#[derive(Debug, Clone, Copy)]
pub struct ServerFigures {
    pub connections_in_use: u32,
    pub connections_idle: u32,
    pub connections_max: u32,
    pub statements: u64,
    pub documents_in_progress: usize,
    /// `None` when the database did not answer in time.
    pub generation: Option<i64>,
    /// 1 while ready for traffic, 0 while draining or unable to reach its database.
    pub ready: bool,
}

/// The whole answer: the process's figures, then the server's own.
pub fn render(server: &ServerFigures) -> String {
    let handle = recorder();
    handle.run_upkeep();
    let mut text = handle.render();
    let mut line = |name: &str, kind: &str, help: &str, value: String| {
        let _ = writeln!(text, "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}");
    };
    line(
        "sustain_db_pool_connections_in_use",
        "gauge",
        "Database connections lent out now.",
        server.connections_in_use.to_string(),
    );
    line(
        "sustain_db_pool_connections_idle",
        "gauge",
        "Database connections open and idle.",
        server.connections_idle.to_string(),
    );
    line(
        "sustain_db_pool_connections_max",
        "gauge",
        "The most database connections the pool opens.",
        server.connections_max.to_string(),
    );
    line(
        "sustain_db_statements_total",
        "counter",
        "Statements run by this server's connections.",
        server.statements.to_string(),
    );
    line(
        "sustain_documents_in_progress",
        "gauge",
        "Large documents (packs, reports, exports) being made now.",
        server.documents_in_progress.to_string(),
    );
    if let Some(generation) = server.generation {
        line("sustain_data_generation", "gauge", "The data generation this server sees.", generation.to_string());
    }
    line("sustain_ready", "gauge", "1 while ready for traffic, 0 otherwise.", u8::from(server.ready).to_string());
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_servers_own_figures_follow_the_processes_each_with_help_and_type() {
        recorder();
        metrics::counter!(PLAN_CACHE_HITS).increment(1);
        let figures = ServerFigures {
            connections_in_use: 2,
            connections_idle: 3,
            connections_max: 10,
            statements: 42,
            documents_in_progress: 1,
            generation: Some(7),
            ready: true,
        };
        let text = render(&figures);
        assert!(text.contains("# TYPE sustain_plan_cache_hits_total counter"), "{text}");
        assert!(text.contains("\nsustain_db_statements_total 42\n"), "{text}");
        assert!(
            text.contains("# TYPE sustain_db_pool_connections_in_use gauge\nsustain_db_pool_connections_in_use 2\n")
        );
        assert!(text.contains("sustain_data_generation 7"));
        let unanswered = render(&ServerFigures { generation: None, ready: false, ..figures });
        assert!(!unanswered.contains("sustain_data_generation"));
        assert!(unanswered.contains("sustain_ready 0"));
    }
}
