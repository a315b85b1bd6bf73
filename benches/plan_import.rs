//! How long a 10,000-row plan takes to import into an empty SQLite database,
//! through the path the page and the command line share: read the CSV, check
//! every row, match it, and write every action, area, owner and finding link
//! in one transaction with change history. The target is under 5 seconds.
//!
//! `cargo bench --bench plan_import` (optimised; holds the target), or `cargo test --bench plan_import`
//! (the test build, as `.ci/run` does; prints the figure only)

use std::time::{Duration, Instant};
use sustain::db::{self, Actor, DatabaseUrl};
use sustain::domain::sheets::plan_match::ImportOptions;
use sustain::domain::sheets::SheetLimits;
use sustain::domain::valid::Context;
use sustain::reports::sheets::import::{import_plan, SheetFile};

const ROWS: usize = 10_000;
const TARGET: Duration = Duration::from_secs(5);

/// A plan of `ROWS` actions over 25 areas and 60 owners, with dates, states and text.
fn plan_csv() -> String {
    let mut csv = String::from(
        "Reference,Title,Description,Practice area,Finding references,Owner name,Owner job title,Owner agency,\
         Start date,Due date,Completed date,State,Success measure\n",
    );
    for i in 0..ROWS {
        let area = i % 25;
        let owner = i % 60;
        let (completed, state) = if i % 3 == 0 { ("15/06/2024", "Completed") } else { ("", "In progress") };
        csv.push_str(&format!(
            "{}.{},Action number {i} of the plan,\"Do the thing, then check it worked (row {i})\",Practice area {area},,\
             Owner {owner},Head of service {owner},Team {},01/02/2024,2024-12-31,{completed},{state},Audits show it held\n",
            i / 100 + 1,
            i % 100 + 1,
            owner % 7
        ));
    }
    csv
}

fn main() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let url = DatabaseUrl::Sqlite(dir.path().join("bench.db").to_string_lossy().to_string());
    let mut conn = db::establish(&url).expect("database");
    db::migrate(&mut conn).expect("migrations");
    let csv = plan_csv();
    let today = chrono::NaiveDate::from_ymd_opt(2025, 3, 31).expect("date");
    let file = SheetFile { bytes: csv.as_bytes(), sheet: None, limits: &SheetLimits::default() };
    let checking = Instant::now();
    let options = ImportOptions { create_missing: true };
    sustain::reports::sheets::import::preview_plan(&mut conn, file, options, &Context::for_today(today))
        .expect("the plan checks");
    println!("reading and checking every row alone: {:.2} s", checking.elapsed().as_secs_f64());
    let started = Instant::now();
    let summary = import_plan(
        &mut conn,
        &Actor::system("benchmark"),
        file,
        ImportOptions { create_missing: true },
        &Context::for_today(today),
        &mut |_, _| {},
    )
    .expect("the plan imports");
    let took = started.elapsed();
    println!(
        "plan import: {ROWS} rows ({} KB) into an empty SQLite database in {:.2} s ({})",
        csv.len() / 1024,
        took.as_secs_f64(),
        summary.headline()
    );
    assert_eq!(summary.added.len(), ROWS);
    // The target is for the optimised build (`cargo bench`); the test build (`cargo test --bench`) prints its figure.
    if cfg!(debug_assertions) {
        println!("  (an unoptimised build: the {TARGET:?} target is held by `cargo bench --bench plan_import`)");
    } else {
        assert!(took < TARGET, "a {ROWS}-row plan took {took:?}, over the {TARGET:?} target");
    }
}
