//! Structured logs: human-readable by default, JSON with `SUSTAIN_LOG_FORMAT=json`.

use tracing_subscriber::EnvFilter;

/// Sets up logging once; later calls (tests start many servers) do nothing.
pub fn init() {
    let filter = EnvFilter::try_from_env("SUSTAIN_LOG").unwrap_or_else(|_| EnvFilter::new("info,actix_server=warn"));
    let json = std::env::var("SUSTAIN_LOG_FORMAT").is_ok_and(|f| f.eq_ignore_ascii_case("json"));
    // A line when each request's span closes gives its request id, route,
    // status and time.
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_writer(std::io::stderr);
    let _ = if json { builder.json().try_init() } else { builder.try_init() };
}

pub mod figures;
