//! Several instances starting at once on one PostgreSQL database take turns
//! applying the migrations: every one starts, and each migration runs once.

use crate::common;
use sustain::db::{self, DatabaseUrl};

#[test]
fn instances_starting_together_on_postgresql_each_find_the_database_migrated() {
    let name = common::unique_name("sustain_fresh");
    let base = common::postgres_base_url();
    let mut admin = db::establish(&DatabaseUrl::parse(&base).expect("url")).expect("PostgreSQL for tests");
    common::run(&mut admin, &format!("CREATE DATABASE {name}"));
    let url = DatabaseUrl::parse(&common::with_database(&base, &name)).expect("url");
    let starts: Vec<_> = (0..4)
        .map(|_| {
            let url = url.clone();
            std::thread::spawn(move || db::migrate(&mut db::establish(&url).expect("connect")))
        })
        .collect();
    let applied: Vec<usize> = starts.into_iter().map(|s| s.join().unwrap().expect("every instance starts")).collect();
    let total = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/postgres")).unwrap().count();
    assert_eq!(applied.iter().sum::<usize>(), total, "each migration applied once: {applied:?}");
    assert_eq!(db::migrate(&mut db::establish(&url).unwrap()).unwrap(), 0);
    common::run(&mut admin, &format!("DROP DATABASE {name} WITH (FORCE)"));
}
