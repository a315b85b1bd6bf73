//! Each finding judged on its own: in an area that is embedded, a finding
//! that no action answers, and one whose action has no verified evidence
//! linked, are shown as not ready with the reason, and the inspection's
//! readiness counts them as not ready, though both are in embedded areas.

use crate::common;

use chrono::NaiveDate;
use common::TestApp;
use sustain::db::{self, Actor, DbConnection};
use sustain::domain::dates::{long_date, months_before};
use sustain::domain::ids::{ActionId, AreaId, FindingId, InspectionId};
use sustain::domain::kinds::{ActionState, FindingKind, Role};
use sustain::domain::plan::FindingInput;
use sustain::domain::status::{AreaStatus, Rules};
use sustain::read::cache::Snapshot;
use sustain::read::plan::PlanIndex;

const PASSWORD: &str = "a-long-test-password-1";

fn today() -> NaiveDate {
    sustain::domain::dates::england_date(chrono::Utc::now().naive_utc())
}

/// The demo focused visit, one of its embedded areas, and a completed action
/// of that area with no evidence linked to it.
struct Chosen {
    inspection: InspectionId,
    area: AreaId,
    area_name: String,
    action: ActionId,
    window_months: u32,
}

fn choose(conn: &mut DbConnection) -> Chosen {
    let snapshot = Snapshot::new(PlanIndex::load(conn).unwrap(), Rules::default());
    let plan = &snapshot.plan;
    let verdicts = snapshot.verdicts(today());
    let inspection = plan.inspections.iter().find(|i| i.title.starts_with("Focused visit")).unwrap().id;
    let (area, action) = plan
        .findings_of_inspection(inspection)
        .map(|f| f.practice_area_id)
        .filter(|a| verdicts[a].status == AreaStatus::Embedded)
        .find_map(|area| {
            let action = plan.actions_of_area(area).find(|a| {
                a.state == ActionState::Completed
                    && a.completed_date.is_some_and(|d| d <= today())
                    && !plan.evidence_of_action.contains_key(&a.id)
            })?;
            Some((area, action.id))
        })
        .expect("the demo focused visit has an embedded area with a completed action and no evidence of its own");
    Chosen {
        inspection,
        area,
        area_name: plan.area(area).unwrap().name.clone(),
        action,
        window_months: snapshot.rules_for(area).evidence_window_months,
    }
}

fn add_finding(conn: &mut DbConnection, chosen: &Chosen, reference: &str) -> FindingId {
    let input = FindingInput {
        inspection_id: chosen.inspection,
        practice_area_id: chosen.area,
        kind: FindingKind::AreaForImprovement,
        reference: reference.into(),
        text: format!("Finding {reference} judged on its own"),
    };
    db::findings::create(conn, &Actor::system("test"), &common::valid(input)).unwrap().id
}

async fn page(app: &TestApp, path: &str) -> String {
    let response = app.get(path).await;
    assert_eq!(response.status(), 200, "GET {path}");
    response.text().await.unwrap()
}

/// (ready, total, in embedded areas) from "N of M findings ready (P%); E in embedded areas".
fn counts(html: &str) -> (usize, usize, usize) {
    let start = html.find("aria-labelledby=\"readiness\"").expect("a readiness section");
    let text = &html[start..];
    let at = text.find("<strong>").expect("the count ready") + "<strong>".len();
    let text = text[at..].replacen("</strong>", "", 1);
    let words: Vec<&str> = text.split_whitespace().collect();
    // ["N", "of", "M", "findings", "ready", "(P%);", "E", "in", "embedded", "areas</p>"...]
    assert_eq!((words[1], words[4], words[7]), ("of", "ready", "in"), "{:?}", &words[..8]);
    (words[0].parse().unwrap(), words[2].parse().unwrap(), words[6].parse().unwrap())
}

/// The markup of one finding's item on the inspection page.
fn item(html: &str, finding: FindingId) -> &str {
    let findings = &html[html.find("aria-labelledby=\"findings\"").expect("a findings section")..];
    let start = findings.find(&format!("href=\"/findings/{finding}\"")).expect("the finding is listed");
    let rest = &findings[start..];
    &rest[..rest.find("</div></li>").expect("the item ends")]
}

on_both_backends! {
    async fn a_finding_without_an_action_or_verified_evidence_is_not_ready_whatever_its_area(backend) {
        let app = TestApp::spawn_demo(backend, |conn| {
            common::add_user(conn, "reader@hartwell.example", Role::Viewer, PASSWORD);
        })
        .await;
        assert_eq!(app.sign_in("reader@hartwell.example", PASSWORD).await.status(), 303);
        let chosen = choose(&mut app.db.connect());
        let inspection_path = format!("/inspections/{}", chosen.inspection);
        let before = counts(&page(&app, &inspection_path).await);

        let mut conn = app.db.connect();
        let unanswered = add_finding(&mut conn, &chosen, "AFI98");
        let unevidenced = add_finding(&mut conn, &chosen, "AFI99");
        db::actions::link_finding(&mut conn, &Actor::system("test"), chosen.action, unevidenced).unwrap();

        // Each finding's page: its area is embedded, the finding is not ready, and says why.
        let since = long_date(months_before(today(), chosen.window_months).succ_opt().unwrap());
        let no_evidence = format!("No verified evidence linked to this finding or its actions observed since {since}");
        for (finding, reason, met) in [
            (unanswered, "No action answers this finding".to_string(), "Evidenced: not met"),
            (unevidenced, no_evidence.clone(), "Delivered: met"),
        ] {
            let html = page(&app, &format!("/findings/{finding}")).await;
            assert_eq!(common::status_after(&html, &chosen.area_name).as_deref(), Some("Embedded"), "its area is embedded");
            let ready = &html[html.find("aria-labelledby=\"ready\"").expect("a section on readiness")..];
            let ready = &ready[..ready.find("</section>").unwrap()];
            assert!(html.contains(">Not ready<"), "finding {finding} is shown as not ready");
            assert!(ready.contains(&reason), "finding {finding} says why: {reason}\n{ready}");
            assert!(ready.contains(met), "finding {finding}: {met}");
            assert!(ready.contains("Its area embedded: met"), "finding {finding}: its area's test is met");
        }

        // The inspection shows each as not ready with its reason, and counts neither as ready.
        let html = page(&app, &inspection_path).await;
        let unanswered_item = item(&html, unanswered);
        assert!(unanswered_item.contains(">Not ready<") && unanswered_item.contains("No action answers this finding"));
        assert!(unanswered_item.contains(&no_evidence), "nor has it evidence");
        let unevidenced_item = item(&html, unevidenced);
        assert!(unevidenced_item.contains(">Not ready<") && unevidenced_item.contains(&no_evidence));
        assert!(!unevidenced_item.contains("No action answers this finding"), "an action answers it");
        let (ready, total, embedded) = counts(&html);
        assert_eq!(total, before.1 + 2, "both are counted");
        assert_eq!(embedded, before.2 + 2, "both are in an embedded area");
        assert_eq!(ready, before.0, "neither is ready");
    }
}
