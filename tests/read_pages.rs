//! The pages that read, over HTTP on the demo authority: the dashboard lists
//! exactly what the data holds, an area as at a past date shows that date's
//! verdict, every page answers and refuses a future date, missing records
//! are 404 with the user still shown, history is filtered and paginated.

use crate::common::{self, linked, section};

use chrono::{Days, NaiveDate};
use common::TestApp;
use diesel::prelude::*;
use sustain::db::actions::ActionRow;
use sustain::db::evidence::EvidenceRow;
use sustain::db::schema::change_history;
use sustain::db::{self, Actor, DbConnection};
use sustain::domain::dates::{long_date, month_end, months_before};
use sustain::domain::kinds::{ActionState, ReviewState, Role};
use sustain::domain::status::Rules;
use sustain::read::cache::Snapshot;
use sustain::read::plan::PlanIndex;

const PASSWORD: &str = "a-long-test-password-1";

fn today() -> NaiveDate {
    sustain::domain::dates::england_date(chrono::Utc::now().naive_utc())
}

/// The demo, a viewer to read it, and the demo contributor (who owns actions) with a password.
fn demo(conn: &mut DbConnection) {
    common::add_user(conn, "reader@hartwell.example", Role::Viewer, PASSWORD);
    let contributor = db::users::find_by_email(conn, "contributor@hartwell.example").unwrap().unwrap();
    let hash = common::password_hash(PASSWORD);
    db::users::set_password(conn, &Actor::system("test"), contributor.id, &hash).unwrap();
}

async fn signed_in(backend: common::Backend) -> TestApp {
    let app = TestApp::spawn_demo(backend, demo).await;
    assert_eq!(app.sign_in("reader@hartwell.example", PASSWORD).await.status(), 303);
    app
}

async fn page(app: &TestApp, path: &str) -> String {
    let response = app.get(path).await;
    assert_eq!(response.status(), 200, "GET {path}");
    response.text().await.unwrap()
}

// The dashboard's lists, worked out here again from the rows themselves.
fn open(a: &ActionRow, on: NaiveDate) -> bool {
    a.state != ActionState::Cancelled && a.completed_date.is_none_or(|done| done > on)
}

fn overdue(plan: &PlanIndex, on: NaiveDate) -> Vec<&ActionRow> {
    plan.actions.iter().filter(|a| open(a, on) && a.due_date.is_some_and(|due| due < on)).collect()
}

fn due_soon(plan: &PlanIndex, on: NaiveDate) -> Vec<&ActionRow> {
    let until = on.checked_add_days(Days::new(30)).unwrap();
    plan.actions.iter().filter(|a| open(a, on) && a.due_date.is_some_and(|due| due >= on && due <= until)).collect()
}

fn waiting(plan: &PlanIndex, on: NaiveDate) -> Vec<&EvidenceRow> {
    plan.evidence
        .iter()
        .filter(|e| e.observed_on <= on)
        .filter(|e| e.review_state == ReviewState::Draft || e.reviewed_on.is_some_and(|r| r > on))
        // A draft returned to its author for changes waits on them, not on a reviewer.
        .filter(|e| !(e.review_state == ReviewState::Draft && e.returned_on.is_some_and(|r| r <= on)))
        .collect()
}

fn ids(actions: &[&ActionRow]) -> Vec<i64> {
    let mut ids: Vec<i64> = actions.iter().map(|a| a.id.0).collect();
    ids.sort_unstable();
    ids
}

/// The listed actions: all of them when there are five or fewer, else five of them.
fn check_listed(html: &str, heading: &str, title: &str, expected: &[&ActionRow]) {
    let listed = section(html, heading);
    assert!(listed.contains(&format!("{title} ({})", expected.len())), "{title}: {listed}");
    let mut shown = linked(listed, "actions");
    shown.sort_unstable();
    shown.dedup();
    let all = ids(expected);
    if all.len() <= 5 {
        assert_eq!(shown, all, "{title}");
    } else {
        assert_eq!(shown.len(), 5, "{title}: five are shown before \"see all\"");
        assert!(shown.iter().all(|id| all.contains(id)), "{title}");
    }
}

async fn check_dashboard(app: &TestApp, as_at: NaiveDate) {
    let plan = PlanIndex::load(&mut app.db.connect()).unwrap();
    let path = if as_at == today() { "/".to_string() } else { format!("/?as_at={as_at}") };
    let html = page(app, &path).await;
    check_listed(&html, "overdue", "Overdue actions", &overdue(&plan, as_at));
    check_listed(&html, "due-soon", "Due in the next 30 days", &due_soon(&plan, as_at));
    let queue = waiting(&plan, as_at);
    let review = section(&html, "review");
    assert!(review.contains(&format!("Evidence waiting for review ({})", queue.len())), "{review}");
    let oldest = queue.iter().min_by_key(|e| (e.observed_on, e.id)).map(|e| e.id.0);
    assert_eq!(linked(review, "evidence").first().copied(), oldest, "the oldest item waiting is named");
}

on_both_backends! {
    async fn the_dashboard_lists_exactly_the_overdue_due_soon_and_waiting_evidence_the_data_holds(backend) {
        let app = signed_in(backend).await;
        let plan = PlanIndex::load(&mut app.db.connect()).unwrap();
        assert!(!overdue(&plan, today()).is_empty(), "the demo has overdue actions to list");
        assert!(!waiting(&plan, today()).is_empty(), "and evidence waiting for review");
        check_dashboard(&app, today()).await;
        // As at a past date, the lists are worked out from the rows' own dates.
        check_dashboard(&app, month_end(months_before(today(), 14))).await;
    }
}

on_both_backends! {
    async fn an_area_page_as_at_a_past_date_shows_that_dates_verdict(backend) {
        let app = signed_in(backend).await;
        let snapshot = Snapshot::new(PlanIndex::load(&mut app.db.connect()).unwrap(), Rules::default());
        let now = snapshot.verdicts(today());
        // A month end when some area stood differently from today.
        let (past, area) = (1..=24)
            .map(|m| month_end(months_before(today(), m)))
            .find_map(|d| {
                let then = snapshot.verdicts(d);
                now.iter().find(|(id, v)| then.get(id).is_some_and(|w| w.status != v.status)).map(|(id, _)| (d, *id))
            })
            .expect("some area's status changed in two years");
        let then = snapshot.verdict(area, past).unwrap();
        let html = page(&app, &format!("/areas/{area}?as_at={past}")).await;
        assert!(html.contains(&format!("You are looking at Sustain as it stood on {}.", long_date(past))));
        assert!(html.contains(&format!(r#"href="/areas/{area}">See today</a>"#)), "the banner links back to today");
        let name = &snapshot.plan.area(area).unwrap().name;
        assert_eq!(common::status_after(&html, name).as_deref(), Some(then.status.label()), "{name} as at {past}");
        for criterion in &then.criteria {
            for reason in &criterion.reasons {
                let shown = html.contains(reason.as_str()) || html.contains(&reason.replace('\'', "&#39;"));
                assert!(shown, "the reason \"{reason}\" is shown");
            }
        }
        let today_html = page(&app, &format!("/areas/{area}")).await;
        assert_eq!(common::status_after(&today_html, name).as_deref(), Some(now[&area].status.label()));
    }
}

on_both_backends! {
    async fn every_read_page_answers_and_refuses_a_date_in_the_future(backend) {
        let app = signed_in(backend).await;
        let plan = PlanIndex::load(&mut app.db.connect()).unwrap();
        let paths = [
            "/".to_string(),
            "/areas".into(),
            "/areas?status=slipping".into(),
            "/areas?gaps=evidence".into(),
            format!("/areas/{}", plan.areas[0].id),
            "/inspections".into(),
            format!("/inspections/{}", plan.inspections[0].id),
            format!("/findings/{}", plan.findings[0].id),
            "/measures".into(),
            "/measures?key=yes&sort=concerns&dir=desc".into(),
            format!("/measures/{}", plan.measures[0].id),
            format!("/measures/{}?near=yes", plan.measures[0].id),
            "/owners".into(),
            format!("/owners/{}", plan.actions[0].owner_id.unwrap()),
            "/owners/me".into(),
            "/history".into(),
        ];
        let tomorrow = today().succ_opt().unwrap();
        for path in &paths {
            page(&app, path).await;
            let joiner = if path.contains('?') { '&' } else { '?' };
            let future = app.get(&format!("{path}{joiner}as_at={tomorrow}")).await;
            assert_eq!(future.status(), 422, "{path} as at tomorrow");
            let body = future.text().await.unwrap();
            assert!(body.contains("must be today"), "{path}: the refusal says why");
            assert!(body.contains("See this page as it is today"), "{path}: and offers today");
        }
    }
}

on_both_backends! {
    async fn a_missing_record_is_404_and_a_refusal_403_with_the_user_still_shown(backend) {
        let app = signed_in(backend).await;
        for path in ["/areas/999999", "/measures/999999", "/findings/999999", "/inspections/999999", "/owners/999999", "/no-such-page"] {
            let response = app.get(path).await;
            assert_eq!(response.status(), 404, "{path}");
            let body = response.text().await.unwrap();
            assert!(body.contains("Test viewer · Viewer"), "{path}: the header shows who is signed in");
            assert!(body.contains("aria-label=\"Main\""), "{path}: and the navigation");
        }
        let refused = app.get("/users").await;
        assert_eq!(refused.status(), 403, "a viewer may not manage users");
        assert!(refused.text().await.unwrap().contains("Test viewer · Viewer"), "a 403 page shows the user too");
    }
}

fn history_count(conn: &mut DbConnection, entity: Option<&str>) -> i64 {
    let mut query = change_history::table.into_boxed();
    if let Some(entity) = entity {
        query = query.filter(change_history::entity.eq(entity.to_string()));
    }
    query.count().get_result(conn).unwrap()
}

on_both_backends! {
    async fn change_history_is_filtered_by_kind_and_record_and_paginated(backend) {
        let app = signed_in(backend).await;
        let conn = &mut app.db.connect();
        let all = page(&app, "/history").await;
        assert!(all.contains(&format!("{} changes, page 1 of", history_count(conn, None))), "every change is counted");
        assert!(all.contains("Signed in"), "sign-ins are in history");
        assert!(all.contains("aria-label=\"Page 2\""), "long history is paginated");
        let second = page(&app, "/history?page=2").await;
        assert!(second.contains("aria-current=\"page\" aria-label=\"Page 2\""));
        let actions = page(&app, "/history?kind=action").await;
        assert!(actions.contains(&format!("{} changes", history_count(conn, Some("action")))));
        let action = PlanIndex::load(conn).unwrap().actions[0].id;
        let one = page(&app, &format!("/history?entity=action&id={action}")).await;
        assert!(one.contains("Showing changes to action"));
        let records: Vec<i64> = linked(&one[one.find("class=\"app-history\"").unwrap()..], "actions");
        assert!(!records.is_empty() && records.iter().all(|id| *id == action.0), "only that action's changes: {records:?}");
        let dashboard = page(&app, "/").await;
        assert!(!section(&dashboard, "changes").contains("Signed in"), "the dashboard shows plan changes only");
        let bad = page(&app, "/history?from=31/02/2025").await;
        assert!(bad.contains("The start date must be a real date"), "a bad filter is named, not a failure");
    }
}

on_both_backends! {
    async fn my_actions_are_the_signed_in_owners_own(backend) {
        let app = TestApp::spawn_demo(backend, demo).await;
        assert_eq!(app.sign_in("contributor@hartwell.example", PASSWORD).await.status(), 303);
        let plan = PlanIndex::load(&mut app.db.connect()).unwrap();
        let user = db::users::find_by_email(&mut app.db.connect(), "contributor@hartwell.example").unwrap().unwrap();
        let owner = plan.owners.values().find(|o| o.user_id == Some(user.id)).expect("the contributor is an owner");
        let html = page(&app, "/owners/me").await;
        assert!(html.contains(r#"<a href="/owners/me" aria-current="page">My actions</a>"#), "the nav marks My actions");
        let mut mine: Vec<i64> = plan.actions_of_owner(owner.id).map(|a| a.id.0).collect();
        let mut shown = linked(section(&html, "actions"), "actions");
        mine.sort_unstable();
        shown.sort_unstable();
        assert_eq!(shown, mine);
        // A viewer linked to no owner is told so, not shown an error.
        let other = TestApp::new_client();
        assert_eq!(app.sign_in_with(&other, "reader@hartwell.example", PASSWORD).await.status(), 303);
        let none = other.get(app.url("/owners/me")).send().await.unwrap();
        assert_eq!(none.status(), 200);
        assert!(none.text().await.unwrap().contains("not linked to an owner"));
    }
}

#[actix_web::test]
async fn printed_pages_carry_the_council_the_as_at_date_and_the_date_printed() {
    let app = TestApp::spawn_configured(
        common::Backend::Sqlite,
        |_| {},
        |config| {
            config.authority_name = Some("Borsetshire \"County\" Council".into());
        },
    )
    .await;
    let css = app.get("/assets/print-frame.css?as_at=2025-03-31").await.text().await.unwrap();
    assert!(css.contains(r#"Borsetshire \"County\" Council · As at 31 March 2025 · Printed "#), "{css}");
    assert!(css.contains(&long_date(today())), "{css}");
    assert!(css.contains("counter(page)"));
}
