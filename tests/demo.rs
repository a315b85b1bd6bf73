//! The demo authorities show every status, exactly as their doc comments promise.

use crate::common;

use chrono::NaiveDate;
use diesel::prelude::*;
use std::collections::BTreeSet;
use sustain::db::schema::{attachments, change_history, findings, inspections, owners, users};
use sustain::demo::data::hartwell;
use sustain::demo::large::marlshire;
use sustain::domain::status::{AreaStatus, Rules};
use sustain::read::cache::Snapshot;
use sustain::read::plan::PlanIndex;

fn check(backend: common::Backend, as_at: NaiveDate) {
    let db = common::TestDb::new(backend);
    let conn = &mut db.connect();
    sustain::demo::load(conn, as_at).unwrap();
    let snapshot = Snapshot::new(PlanIndex::load(conn).unwrap(), Rules::default());
    let verdicts = snapshot.verdicts(as_at);
    let rows = &snapshot.plan;
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
        check(backend, sustain::domain::dates::england_date(chrono::Utc::now().naive_utc()));
        check(backend, NaiveDate::from_ymd_opt(2025, 3, 31).unwrap());
    }
}

#[test]
fn the_demo_holds_its_shape_on_any_date() {
    for as_at in ["2024-02-29", "2025-12-31", "2026-07-15", "2027-01-01"] {
        check(common::Backend::Sqlite, as_at.parse().unwrap());
    }
}

on_both_backends! {
    #[ignore = "writes 5,000 actions, 20,000 evidence items and 100,000 rows of change history: about a minute \
                in a debug build; run with `cargo test --test demo -- --ignored`"]
    fn the_large_demo_loads_through_the_repository_with_every_status(backend) {
        let db = common::TestDb::new(backend);
        let conn = &mut db.connect();
        let as_at = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
        let summary = sustain::demo::load_large(conn, as_at).unwrap();
        assert!(summary.starts_with("40 practice areas, 2000 findings from 30 inspections, 5000 actions"), "{summary}");
        let snapshot = Snapshot::new(PlanIndex::load(conn).unwrap(), Rules::default());
        let rows = &snapshot.plan;
        assert_eq!(rows.areas.len(), 40);
        assert_eq!(rows.actions.len(), 5_000);
        assert_eq!(rows.evidence.len(), 20_000);
        assert_eq!(rows.measures.len(), 300);
        assert_eq!(rows.results.all().len(), 18_000);
        let count = |counted: QueryResult<i64>| counted.unwrap();
        assert_eq!(count(findings::table.count().get_result(conn)), 2_000);
        assert_eq!(count(inspections::table.count().get_result(conn)), 30);
        assert_eq!(count(owners::table.count().get_result(conn)), 200);
        assert_eq!(count(users::table.count().get_result(conn)), 50);
        let files = count(attachments::table.count().get_result(conn));
        assert!((250..=400).contains(&files), "{files} attachments");
        let history = count(change_history::table.count().get_result(conn));
        assert!(history >= 100_000, "{history} rows of change history");

        let verdicts = snapshot.verdicts(as_at);
        let demo = marlshire(as_at);
        let mut seen = BTreeSet::new();
        for area in &demo.areas {
            let row = rows.areas.iter().find(|a| a.name == area.name).expect("area stored");
            let verdict = &verdicts[&row.id];
            assert_eq!(verdict.status, area.intended_status, "'{}': {:#?}", area.name, verdict.criteria);
            seen.insert(verdict.status.as_str());
        }
        assert_eq!(seen.len(), AreaStatus::ALL.len(), "every status: {seen:?}");
    }
}
