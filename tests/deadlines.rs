//! Action-plan deadlines on an inspection's page, counted in working days
//! across Christmas, Easter and a bank-holiday Monday, as at dates around
//! them, on both backends.

use crate::common;

use common::TestApp;
use sustain::db::{areas, findings, inspections, Actor, DbConnection};
use sustain::domain::ids::InspectionId;
use sustain::domain::kinds::{FindingKind, InspectionKind, Role};
use sustain::domain::plan::{AreaInput, FindingInput, InspectionInput};

const PASSWORD: &str = "a-long-test-password-1";

fn day(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A focused visit published on the date, with an area for priority action,
/// so that both plan deadlines are worked out from the publication date.
fn visit(conn: &mut DbConnection, title: &str, published: chrono::NaiveDate) -> InspectionId {
    let actor = Actor::system("test");
    let area =
        areas::create(conn, &actor, &common::valid(AreaInput { name: format!("{title} area"), ..Default::default() }))
            .expect("area")
            .id;
    let input = InspectionInput {
        kind: InspectionKind::FocusedVisit,
        title: title.into(),
        inspectorate: "Ofsted".into(),
        start_date: published - chrono::Days::new(30),
        end_date: published - chrono::Days::new(28),
        published_on: Some(published),
        overall_judgement: None,
        report_url: None,
        draft_plan_due: None,
        final_plan_due: None,
    };
    let inspection = inspections::create(conn, &actor, &common::valid(input)).expect("inspection").id;
    let finding = FindingInput {
        inspection_id: inspection,
        practice_area_id: area,
        kind: FindingKind::PriorityAction,
        reference: "APA1".into(),
        text: "Decisions are delayed when a child is at risk of harm".into(),
    };
    findings::create(conn, &actor, &common::valid(finding)).expect("finding");
    inspection
}

on_both_backends! {
    async fn plan_deadlines_skip_christmas_easter_and_a_bank_holiday_monday(backend) {
        let mut ids = Vec::new();
        let app = TestApp::spawn_with(backend, |conn| {
            common::add_user(conn, "viewer@council.example", Role::Viewer, PASSWORD);
            ids.push(visit(conn, "Christmas visit", day(2025, 12, 5)));
            ids.push(visit(conn, "Easter visit", day(2026, 3, 6)));
            ids.push(visit(conn, "Summer visit", day(2026, 8, 3)));
        })
        .await;
        assert_eq!(app.sign_in("viewer@council.example", PASSWORD).await.status(), 303);
        // (inspection, as at, draft due, words, final due): weekdays alone would give
        // 2 January, Good Friday 3 April and Monday 31 August for the drafts.
        let cases = [
            (ids[0], "2025-12-19", "7 January 2026", "10 working days left", "18 March 2026"),
            (ids[0], "2026-01-07", "7 January 2026", "Due today", "18 March 2026"),
            (ids[1], "2026-04-02", "7 April 2026", "1 working day left", "18 June 2026"),
            (ids[1], "2026-04-08", "7 April 2026", "Passed 1 working day ago", "18 June 2026"),
            (ids[2], "2026-08-28", "1 September 2026", "1 working day left", "10 November 2026"),
        ];
        for (id, as_at, draft, words, final_plan) in cases {
            let response = app.get(&format!("/inspections/{id}?as_at={as_at}")).await;
            assert_eq!(response.status(), 200);
            let html = response.text().await.unwrap();
            let draft_row = &html[html.find("Draft action plan").expect("a draft deadline")..];
            let draft_row = &draft_row[..draft_row.find("</div>").unwrap_or(draft_row.len())];
            assert!(draft_row.contains(draft), "{as_at}: {draft_row}");
            assert!(draft_row.contains(words), "{as_at}: {draft_row}");
            assert!(draft_row.contains("20 working days after publication, skipping weekends and bank holidays"));
            assert!(html.contains(final_plan), "{as_at}: the final plan is due {final_plan}");
        }
    }
}
