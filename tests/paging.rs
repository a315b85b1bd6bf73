//! Long lists a page at a time (issue 26): an area's actions, evidence and
//! measures' charts, and the indicator summary, each with its count, pages that together hold
//! every item once, filters that survive paging, and a link to the whole list.

use crate::common::{self, linked, section};
use crate::plan_fixture;

use plan_fixture::*;
use std::collections::BTreeSet;
use sustain::db::{actions, evidence, measures, Actor};
use sustain::domain::evidence::{EvidenceInput, MeasureInput};
use sustain::domain::kinds::*;

/// The fixture's area grown to 60 actions and 30 evidence items, and 55 measures in all.
async fn large_area(backend: common::Backend) -> (common::TestApp, Plan) {
    let mut plan = None;
    let app = common::TestApp::spawn_with(backend, |conn| {
        let made = prepare(conn);
        let actor = Actor::system("test");
        for n in 1..=58 {
            let input = action(made.area, None, &format!("2.{n}"), &format!("Paged action {n}"));
            actions::create(conn, &actor, &common::valid(input)).unwrap();
        }
        for n in 1..=30 {
            let input = EvidenceInput {
                title: format!("Paged evidence {n}"),
                kind: EvidenceKind::CaseAudit,
                description: String::new(),
                observed_on: day(2024, 5, 1) + chrono::Days::new(n),
                period_start: None,
                period_end: None,
                practice_area_id: made.area,
            };
            evidence::create(conn, &Actor::user(made.contributor, "Contributor"), &common::valid(input), &[]).unwrap();
        }
        for n in 1..=53 {
            let input = MeasureInput {
                practice_area_id: made.area,
                name: format!("Paged measure {n:02}"),
                description: String::new(),
                kind: MeasureKind::Indicator,
                unit: Unit::Count,
                direction: Direction::HigherIsBetter,
                target: None,
                frequency: Frequency::Monthly,
                is_key: false,
                baseline_points: None,
                screen_moving_ranges: true,
                published_indicator_code: None,
            };
            measures::create(conn, &actor, &common::valid(input)).unwrap();
        }
        plan = Some(made);
    })
    .await;
    (app, plan.expect("the plan is prepared"))
}

/// The address of the pagination's link to a page, as the page gives it.
fn page_link(markup: &str, page: u32) -> String {
    let label = format!("aria-label=\"Page {page}\"");
    let at = markup.find(&label).unwrap_or_else(|| panic!("no link to page {page}"));
    let before = &markup[..at];
    let href = before.rfind("href=\"").expect("the link's address") + 6;
    before[href..].split('"').next().unwrap().replace("&amp;", "&")
}

on_both_backends! {
    async fn an_areas_actions_and_evidence_come_a_page_at_a_time_and_every_item_is_reached(backend) {
        let (app, plan) = large_area(backend).await;
        let viewer = signed_in(&app, VIEWER).await;
        let area = plan.area;
        let first = page(&viewer, &app, &format!("/areas/{area}"), 200).await;
        let actions = section(&first, "actions");
        assert!(actions.contains("Actions (60)"), "the heading counts them all");
        assert!(actions.contains("Showing 1 to 25 of 60 actions"));
        assert!(actions.contains("aria-label=\"Pages of actions\""), "the pagination names its list");
        assert_eq!(linked(actions, "actions").len(), 25);
        let evidence = section(&first, "evidence");
        assert!(evidence.contains("Evidence (30)") && evidence.contains("Showing 1 to 25 of 30 evidence items"));
        assert!(evidence.contains("aria-label=\"Pages of evidence items\""));

        // A measure's chart to a page, with the whole list in the indicator summary.
        let charts = section(&first, "measures");
        assert!(charts.contains("Measures (55)") && charts.contains("Measure 1 of 55"));
        assert!(charts.contains("aria-label=\"Pages of measures\""));
        assert!(charts.contains(&format!("href=\"/measures?area={area}\"")));
        assert_eq!(charts.matches("class=\"app-measure\"").count(), 1);
        assert!(charts.contains(&format!("href=\"/areas/{area}?measures_page=55#measures\">Paged measure 53<")), "every measure is named, a link to its chart");
        let next = page(&viewer, &app, page_link(charts, 2).trim_end_matches("#measures"), 200).await;
        let on_both = |markup: &str| linked(section(markup, "measures"), "measures").into_iter().collect::<BTreeSet<_>>();
        assert!(section(&next, "measures").contains("Measure 2 of 55"));
        assert!(on_both(&first).is_disjoint(&on_both(&next)), "the second page charts the next measure");

        // Following the pages reaches every action once, in order, and every evidence item once.
        let mut seen: Vec<i64> = Vec::new();
        let mut markup = first.clone();
        for n in 2..=3 {
            seen.extend(linked(section(&markup, "actions"), "actions"));
            let next = page_link(section(&markup, "actions"), n);
            assert!(next.starts_with(&format!("/areas/{area}?")) && next.ends_with("#actions"), "{next}");
            markup = page(&viewer, &app, next.trim_end_matches("#actions"), 200).await;
            assert!(section(&markup, "actions").contains(&format!("Showing {} to", (n - 1) * 25 + 1)));
        }
        seen.extend(linked(section(&markup, "actions"), "actions"));
        assert!(section(&markup, "actions").contains("Showing 51 to 60 of 60 actions"));
        assert_eq!(seen.len(), 60);
        assert_eq!(seen.iter().collect::<BTreeSet<_>>().len(), 60, "no action is on two pages");
        assert!(seen.contains(&plan.action.0) && seen.contains(&plan.other_action.0));

        // A page of evidence keeps the page of actions, and the other way round.
        let both = page(&viewer, &app, &format!("/areas/{area}?actions_page=3&evidence_page=2"), 200).await;
        assert!(section(&both, "evidence").contains("Showing 26 to 30 of 30 evidence items"));
        assert!(section(&both, "actions").contains("Showing 51 to 60 of 60 actions"));
        assert!(page_link(section(&both, "actions"), 1).contains("evidence_page=2"));
        assert!(page_link(section(&both, "evidence"), 1).contains("actions_page=3"));
        assert!(page_link(section(&both, "measures"), 2).contains("actions_page=3&evidence_page=2"));
        let evidence: BTreeSet<i64> = linked(section(&first, "evidence"), "evidence")
            .into_iter()
            .chain(linked(section(&both, "evidence"), "evidence"))
            .collect();
        assert_eq!(evidence.len(), 30, "the two pages hold every evidence item");

        // The page's date stays with its pages, and a page past the last shows the last.
        let dated = page(&viewer, &app, &format!("/areas/{area}?as_at=2025-01-31"), 200).await;
        assert!(page_link(section(&dated, "actions"), 2).contains("as_at=2025-01-31"));
        let beyond = page(&viewer, &app, &format!("/areas/{area}?actions_page=99"), 200).await;
        assert!(section(&beyond, "actions").contains("Showing 51 to 60 of 60 actions"));

        // The whole lists are a link away, where they are filtered, sorted and downloaded.
        assert!(section(&first, "actions").contains(&format!("href=\"/actions?area={area}\"")));
        let tracker = page(&viewer, &app, &format!("/actions?area={area}"), 200).await;
        assert!(tracker.contains("Showing 1 to 50 of 60 actions") && tracker.contains("/actions.csv?area="));
        assert!(section(&first, "evidence").contains(&format!("href=\"/evidence?area={area}\"")));
        let library = page(&viewer, &app, &format!("/evidence?area={area}"), 200).await;
        assert!(library.contains("<strong>30 items</strong>"), "the library holds all 30 on its one page");
    }
}

on_both_backends! {
    async fn the_indicator_summary_comes_fifty_rows_at_a_time_with_its_filters_kept(backend) {
        let (app, plan) = large_area(backend).await;
        let viewer = signed_in(&app, VIEWER).await;
        let first = page(&viewer, &app, "/measures", 200).await;
        assert!(first.contains("Showing 1 to 50 of 55 measures"));
        let second_href = page_link(&first, 2);
        assert!(second_href.starts_with("/measures?") && second_href.contains("page=2"), "{second_href}");
        let second = page(&viewer, &app, &second_href, 200).await;
        assert!(second.contains("Showing 51 to 55 of 55 measures"));
        let every: BTreeSet<i64> = linked(&first, "measures").into_iter().chain(linked(&second, "measures")).collect();
        assert_eq!(every.len(), 55, "the two pages hold every measure once");
        assert!(every.contains(&plan.audit.0) && every.contains(&plan.indicator.0));

        // Sorted and filtered, the pages keep the sort and the filter; sorting again starts at page 1.
        let sorted = page(&viewer, &app, &format!("/measures?area={}&sort=measure&dir=desc", plan.area), 200).await;
        assert!(sorted.contains("Showing 1 to 50 of 55 measures"));
        let next = page_link(&sorted, 2);
        assert!(next.contains("sort=measure") && next.contains("dir=desc") && next.contains(&format!("area={}", plan.area)));
        let last = page(&viewer, &app, &next, 200).await;
        assert!(last.contains("Paged measure 01"), "descending by name, the first name is on the last page");
        for sort in last.split("class=\"app-sortable__link\" href=\"").skip(1) {
            let href = sort.split('"').next().unwrap();
            assert!(href.contains("area=") && !href.contains("page="), "a sort keeps the filter and starts again: {href}");
        }
        let key = page(&viewer, &app, "/measures?key=yes", 200).await;
        assert!(key.contains("2 measures") && !key.contains("app-pagination"), "the two key measures fit on one page");
    }
}

/// The `finding` select's options: (value, label) between its tags.
fn finding_options(page: &str) -> Vec<String> {
    let start = page.find("id=\"finding\"").expect("a finding filter");
    let select = &page[start..start + page[start..].find("</select>").expect("the select ends")];
    select
        .match_indices("<option value=\"")
        .map(|(i, _)| {
            let rest = &select[i + 15..];
            rest[..rest.find('"').unwrap()].to_string()
        })
        .filter(|v| !v.is_empty())
        .collect()
}

on_both_backends! {
    async fn past_200_findings_the_finding_filters_list_those_of_the_area_or_inspection_chosen(backend) {
        use sustain::db::{areas, findings};
        use sustain::domain::plan::{AreaInput, FindingInput};
        let mut made = None;
        let app = common::TestApp::spawn_with(backend, |conn| {
            let plan = prepare(conn);
            let actor = Actor::system("test");
            let finding = |area, reference: String| FindingInput {
                inspection_id: plan.inspection,
                practice_area_id: area,
                kind: FindingKind::AreaForImprovement,
                reference,
                text: "Supervision is not yet regular".into(),
            };
            for n in 1..=200 {
                findings::create(conn, &actor, &common::valid(finding(plan.area, format!("AFI{n}")))).unwrap();
            }
            let other = areas::create(conn, &actor, &common::valid(AreaInput { name: "Care leavers".into(), ..Default::default() })).unwrap();
            let lone = findings::create(conn, &actor, &common::valid(finding(other.id, "AFI201".into()))).unwrap();
            made = Some((plan, other.id, lone.id));
        }).await;
        let (plan, other_area, lone) = made.unwrap();
        let leader = signed_in(&app, LEADER).await;

        let tracker = page(&leader, &app, "/actions", 200).await;
        assert!(finding_options(&tracker).is_empty(), "no finding is listed before an area or inspection is chosen");
        assert!(tracker.contains("There are 202 findings: choose an inspection or practice area"), "the filter says why");

        let narrowed = page(&leader, &app, &format!("/actions?area={}", other_area.0), 200).await;
        assert_eq!(finding_options(&narrowed), vec![lone.0.to_string()], "the chosen area's findings");
        assert!(narrowed.contains("Of the 202 findings, those of the inspection or practice area chosen."));
        let by_inspection = page(&leader, &app, &format!("/actions?inspection={}", plan.inspection.0), 200).await;
        assert_eq!(finding_options(&by_inspection).len(), 202, "every finding of the inspection chosen");

        let chosen = page(&leader, &app, &format!("/actions?finding={}", plan.finding.0), 200).await;
        assert_eq!(finding_options(&chosen), vec![plan.finding.0.to_string()], "the finding chosen stays offered");
        assert!(chosen.contains(&format!("<option value=\"{}\" selected", plan.finding.0)), "and selected");

        let library = page(&leader, &app, "/evidence", 200).await;
        assert!(finding_options(&library).is_empty());
        assert!(library.contains("There are 202 findings: choose a practice area"));
        let library_area = page(&leader, &app, &format!("/evidence?area={}", other_area.0), 200).await;
        assert_eq!(finding_options(&library_area), vec![lone.0.to_string()]);
    }
}

on_both_backends! {
    async fn up_to_200_findings_the_finding_filter_lists_them_all(backend) {
        let (app, plan) = app_with(backend).await;
        let leader = signed_in(&app, LEADER).await;
        for list in ["/actions", "/evidence"] {
            let shown = page(&leader, &app, list, 200).await;
            assert_eq!(finding_options(&shown), vec![plan.finding.0.to_string()], "{list}");
            assert!(!shown.contains("findings: choose"), "{list} asks nothing of a small plan");
        }
    }
}
