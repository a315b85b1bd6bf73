//! How long loading every published file that ships with Sustain takes into
//! an empty SQLite database: what a first start does. The target is under 10
//! seconds, in the test build too (`.ci/run` runs it as `cargo test --bench figures_load`).
//!
//! `cargo bench --bench figures_load` (optimised), or `cargo test --bench figures_load` (the test build)

use std::time::{Duration, Instant};
use sustain::db::figures::{self, Loaded};
use sustain::db::{self, Actor, DatabaseUrl};

const TARGET: Duration = Duration::from_secs(10);

fn main() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let url = DatabaseUrl::Sqlite(dir.path().join("bench.db").to_string_lossy().to_string());
    let mut conn = db::establish(&url).expect("database");
    db::migrate(&mut conn).expect("migrations");
    let started = Instant::now();
    let loaded = figures::load_shipped(&mut conn, &Actor::system("benchmark")).expect("the shipped files load");
    let took = started.elapsed();
    let values = figures::value_count(&mut conn).expect("a count");
    let files = loaded.len();
    let indicators: usize =
        loaded.iter().map(|l| if let Loaded::Statistics { indicators, .. } = l { indicators.len() } else { 0 }).sum();
    println!(
        "figures load: {files} shipped files, {indicators} indicators, {values} values into an empty SQLite database \
         in {:.2} s",
        took.as_secs_f64()
    );
    assert!(took < TARGET, "loading the shipped figures took {took:?}, over the {TARGET:?} target");
}
