//! How long computing every verdict of the demo authority takes.
//!
//! Loads the demo into a temporary SQLite database once, reads the plan, then
//! times the status engine alone (every area's verdict, with its slipping
//! look-back and SPC) over many rounds and prints the figures.

use std::time::Instant;
use sustain::db::{self, DatabaseUrl};
use sustain::domain::status::verdict;
use sustain::domain::status::Rules;
use sustain::read::cache::Snapshot;
use sustain::read::plan::PlanIndex;

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = DatabaseUrl::Sqlite(dir.path().join("bench.db").to_string_lossy().into_owned());
    let mut conn = db::establish(&url).expect("database");
    db::migrate(&mut conn).expect("migrations");
    let as_at = chrono::Utc::now().date_naive();
    sustain::demo::load(&mut conn, as_at).expect("demo loads");
    let plan = PlanIndex::load(&mut conn).expect("plan");
    let (results, evidence) = (plan.results.all().len(), plan.evidence.len());
    let snapshot = Snapshot::new(plan, Rules::default());

    let rounds = 200;
    let mut times = Vec::with_capacity(rounds);
    let mut areas = 0;
    for _ in 0..rounds {
        let started = Instant::now();
        // A fresh snapshot each round, so nothing is served from its memo.
        let verdicts: Vec<_> = snapshot
            .plan
            .areas
            .iter()
            .filter_map(|a| snapshot.facts(a.id).map(|f| verdict(f, &snapshot.rules_for(a.id), as_at)))
            .collect();
        times.push(started.elapsed());
        areas = verdicts.len();
    }
    times.sort();
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    let mean = times.iter().map(|d| ms(*d)).sum::<f64>() / rounds as f64;
    println!(
        "status engine: every verdict of the demo ({areas} areas, {} results, {} evidence items) as at {as_at}",
        results, evidence
    );
    println!(
        "  {rounds} rounds: median {:.3} ms, mean {mean:.3} ms, 95th percentile {:.3} ms, best {:.3} ms (target: under 5 ms)",
        ms(times[rounds / 2]),
        ms(times[rounds * 95 / 100]),
        ms(times[0])
    );
    if cfg!(debug_assertions) {
        println!("  (an unoptimised build: the target is for `cargo bench --bench status_engine`)");
    }
}
