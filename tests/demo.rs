//! The demo authority shows every status, exactly as its doc comments promise.

mod common;

use chrono::NaiveDate;
use std::collections::BTreeSet;
use sustain::db::facts;
use sustain::demo::data::hartwell;
use sustain::domain::status::{AreaStatus, Rules};
use sustain::reports::overview;

fn check(backend: common::Backend, as_at: NaiveDate) {
    let db = common::TestDb::new(backend);
    let conn = &mut db.connect();
    sustain::demo::load(conn, as_at).unwrap();
    let rows = facts::load_plan(conn).unwrap();
    let verdicts = overview::verdicts(&rows, &Rules::default(), as_at);
    let demo = hartwell(as_at);
    let mut seen = BTreeSet::new();
    for area in &demo.areas {
        let row = rows.areas.iter().find(|a| a.name == area.name).expect("area stored");
        let verdict = &verdicts[&row.id];
        assert_eq!(
            verdict.status, area.intended_status,
            "as at {as_at}, '{}' should be {:?}; reasons: {:#?}",
            area.name, area.intended_status, verdict.criteria
        );
        seen.insert(format!("{:?}", verdict.status));
    }
    for status in [
        AreaStatus::Embedded,
        AreaStatus::NotYetSustained,
        AreaStatus::Slipping,
        AreaStatus::InProgress,
        AreaStatus::NotStarted,
    ] {
        assert!(seen.contains(&format!("{status:?}")), "as at {as_at} no area is {status:?}");
    }
    let embedded = verdicts.values().filter(|v| v.status == AreaStatus::Embedded).count();
    assert!(embedded >= 2, "at least two areas are embedded");
}

on_both_backends! {
    fn the_demo_gives_the_verdicts_its_doc_comments_promise(backend) {
        check(backend, chrono::Utc::now().date_naive());
        check(backend, NaiveDate::from_ymd_opt(2025, 3, 31).unwrap());
    }
}

#[test]
fn the_demo_holds_its_shape_on_any_date() {
    for as_at in ["2024-02-29", "2025-12-31", "2026-07-15", "2027-01-01"] {
        check(common::Backend::Sqlite, as_at.parse().unwrap());
    }
}
