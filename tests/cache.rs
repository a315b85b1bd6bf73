//! Verdicts are cached per data generation, and never stale: a write, through
//! this instance or another on the same database, changes the very next page.
//! Pages read from the cache cost the same statements whatever the data's size.

use crate::common;

use common::TestApp;
use sustain::db::{actions, areas, Actor, Archived, DbConnection};
use sustain::demo::data::hartwell;
use sustain::domain::ids::{ActionId, AreaId};
use sustain::domain::kinds::{ActionState, Role};
use sustain::domain::plan::ActionInput;
use sustain::domain::status::AreaStatus;

const PASSWORD: &str = "a-long-test-password-1";

/// The demo's first embedded area, and one of its completed actions.
fn embedded_area(conn: &mut DbConnection) -> (AreaId, String, actions::ActionRow) {
    let today = sustain::domain::dates::england_date(chrono::Utc::now().naive_utc());
    let wanted = hartwell(today).areas.into_iter().find(|a| a.intended_status == AreaStatus::Embedded).unwrap();
    let area = areas::list(conn, Archived::Hide).unwrap().into_iter().find(|a| a.name == wanted.name).unwrap();
    let action = actions::list(conn, Archived::Hide)
        .unwrap()
        .into_iter()
        .find(|a| a.practice_area_id == area.id && a.state == ActionState::Completed)
        .unwrap();
    (area.id, area.name, action)
}

/// The status the dashboard shows for the area with this heading id.
async fn status_on_dashboard(client: &reqwest::Client, url: &str, area: AreaId) -> String {
    let page = client.get(format!("{url}/")).send().await.unwrap().text().await.unwrap();
    let marker = format!("id=\"area-{}\"", area.0);
    let start = page.find(&marker).expect("the area is on the dashboard");
    let section = &page[start..];
    let tag = section.find("app-tag app-tag--").expect("a status tag");
    let text_start = section[tag..].find('>').unwrap() + tag + 1;
    let text_end = section[text_start..].find('<').unwrap() + text_start;
    section[text_start..text_end].to_string()
}

fn reopen(action: &actions::ActionRow) -> ActionInput {
    ActionInput {
        reference: action.reference.clone(),
        title: action.title.clone(),
        description: action.description.clone(),
        owner_id: action.owner_id,
        practice_area_id: action.practice_area_id,
        start_date: action.start_date,
        due_date: action.due_date,
        completed_date: None,
        state: ActionState::InProgress,
        success_measure: action.success_measure.clone(),
    }
}

/// Adds a leader to the demo.
fn demo_with_leader(conn: &mut DbConnection) {
    common::add_user(conn, "tester@hartwell.example", Role::Leader, PASSWORD);
}

on_both_backends! {
    async fn a_write_outside_the_app_changes_the_very_next_page(backend) {
        let app = TestApp::spawn_demo(backend, demo_with_leader).await;
        assert_eq!(app.sign_in("tester@hartwell.example", PASSWORD).await.status(), 303);
        let (area, name, action) = embedded_area(&mut app.db.connect());
        assert_eq!(status_on_dashboard(&app.client, &app.address, area).await, "Embedded", "{name} starts embedded");
        // Another writer (a command, another process) reopens one of its actions.
        let input = common::valid(reopen(&action));
        actions::update(&mut app.db.connect(), &Actor::system("elsewhere"), action.id, action.version, &input, |_| true).unwrap();
        let now = status_on_dashboard(&app.client, &app.address, area).await;
        assert_ne!(now, "Embedded", "the next page after the write shows the new verdict for {name}");
    }
}

on_both_backends! {
    async fn a_save_through_the_form_changes_the_next_pages_verdict(backend) {
        let app = TestApp::spawn_demo(backend, demo_with_leader).await;
        assert_eq!(app.sign_in("tester@hartwell.example", PASSWORD).await.status(), 303);
        let (area, _, action) = embedded_area(&mut app.db.connect());
        assert_eq!(status_on_dashboard(&app.client, &app.address, area).await, "Embedded");
        let (version, area_id) = (action.version.to_string(), action.practice_area_id.to_string());
        let saved = app.post_form(&app.client, &format!("/actions/{}", action.id), &[
            ("version", &version), ("reference", &action.reference), ("title", &action.title),
            ("practice_area_id", &area_id), ("state", "in_progress"),
        ]).await;
        assert_eq!(saved.status(), 303);
        assert_ne!(status_on_dashboard(&app.client, &app.address, area).await, "Embedded");
    }
}

/// Two instances on one PostgreSQL database agree: a write through one shows
/// on the other's very next page, although both had the plan cached.
#[actix_web::test]
async fn a_write_through_one_instance_shows_on_the_other_at_once() {
    let app = TestApp::spawn_demo(common::Backend::Postgres, demo_with_leader).await;
    let other = app.another_instance().await;
    assert_eq!(app.sign_in("tester@hartwell.example", PASSWORD).await.status(), 303);
    assert_eq!(app.sign_in_with(&other.client, "tester@hartwell.example", PASSWORD).await.status(), 303);
    // The session cookie was issued by the first instance: the second takes it, since sessions live in the database.
    let (area, _, action) = embedded_area(&mut app.db.connect());
    assert_eq!(status_on_dashboard(&app.client, &app.address, area).await, "Embedded");
    assert_eq!(status_on_dashboard(&other.client, &app.address, area).await, "Embedded");
    assert_eq!(
        status_on_dashboard(&other.client, &other.address, area).await,
        "Embedded",
        "the second instance has it cached"
    );
    let (version, area_id) = (action.version.to_string(), action.practice_area_id.to_string());
    let saved = app
        .post_form(
            &app.client,
            &format!("/actions/{}", action.id),
            &[
                ("version", &version),
                ("reference", &action.reference),
                ("title", &action.title),
                ("practice_area_id", &area_id),
                ("state", "in_progress"),
            ],
        )
        .await;
    assert_eq!(saved.status(), 303, "saved through the first instance");
    assert_ne!(
        status_on_dashboard(&other.client, &other.address, area).await,
        "Embedded",
        "the second instance agrees at once"
    );
}

fn more_of_the_same(conn: &mut DbConnection, areas_to_add: usize) {
    let actor = Actor::system("test");
    for n in 0..areas_to_add {
        let area = areas::create(
            conn,
            &actor,
            &common::valid(sustain::domain::plan::AreaInput { name: format!("Extra area {n}"), ..Default::default() }),
        )
        .unwrap();
        for m in 0..20 {
            let input = ActionInput {
                reference: format!("{n}.{m}"),
                title: format!("Extra action {m}"),
                description: String::new(),
                owner_id: None,
                practice_area_id: area.id,
                start_date: None,
                due_date: None,
                completed_date: None,
                state: ActionState::Planned,
                success_measure: String::new(),
            };
            actions::create(conn, &actor, &common::valid(input)).unwrap();
        }
    }
}

on_both_backends! {
    async fn pages_from_the_cache_cost_the_same_statements_whatever_the_size(backend) {
        let app = TestApp::spawn_demo(backend, |conn| {
            common::add_user(conn, "admin@test.example", Role::Admin, PASSWORD);
        }).await;
        assert_eq!(app.sign_in("admin@test.example", PASSWORD).await.status(), 303);
        let action: ActionId = actions::list(&mut app.db.connect(), Archived::Hide).unwrap()[0].id;
        let action_page = format!("/actions/{action}");
        app.get("/").await;
        app.get(&action_page).await;
        let small = (app.statements_for(&app.client, "/").await, app.statements_for(&app.client, &action_page).await);
        // One statement reads the session, its user and the data generation. The
        // dashboard's latest changes were read with its first request and are kept
        // with the snapshot; the action page reads its own history, for the changes
        // of state on its timeline.
        assert_eq!(small, (1, 2), "dashboard and action page on the demo");
        more_of_the_same(&mut app.db.connect(), 30);
        app.get("/").await;
        let large = (app.statements_for(&app.client, "/").await, app.statements_for(&app.client, &action_page).await);
        assert_eq!(large, small, "the same on a plan four times the size");
    }
}

/// Statements of the first and the second read of a past date's dashboard.
async fn past_costs(app: &TestApp, past: &str) -> (u64, u64) {
    app.get("/").await;
    (app.statements_for(&app.client, past).await, app.statements_for(&app.client, past).await)
}

// A past date is the plan as it stood then, rebuilt through change history in
// one snapshot (a statement per table and one for the history since) and kept
// until the next write: the same statements on a plan four times the size.
on_both_backends! {
    async fn a_past_date_costs_the_same_statements_whatever_the_size(backend) {
        let app = TestApp::spawn_demo(backend, |conn| {
            common::add_user(conn, "admin@test.example", Role::Admin, PASSWORD);
        }).await;
        assert_eq!(app.sign_in("admin@test.example", PASSWORD).await.status(), 303);
        let past = format!("/?as_at={}", common::today() - chrono::Days::new(40));
        let small = past_costs(&app, &past).await;
        assert_eq!(small.1, 1, "a past date asked for again is kept, with its latest changes: {small:?}");
        more_of_the_same(&mut app.db.connect(), 30);
        let large = past_costs(&app, &past).await;
        assert_eq!(large, small, "the same on a plan four times the size (rebuilt, then kept)");
    }
}

// A plan loaded today is, as at last month, the plan as it is: the cache shares
// the live plan for that date instead of rebuilding a copy. Once a record
// recorded by the date is changed, the date's plan differs and is rebuilt.
on_both_backends! {
    fn a_past_date_before_anything_was_recorded_is_the_plan_as_it_is(backend) {
        use sustain::db::history::every_plan_change_after;
        use sustain::domain::dates::end_of;
        let month_ago = end_of(common::today() - chrono::Days::new(31));
        let db = common::TestDb::with_demo_today(backend);
        let conn = &mut db.connect();
        let plan = sustain::read::plan::PlanIndex::load(conn).unwrap();
        let mut changed = 0;
        assert!(every_plan_change_after(conn, month_ago, |_, _, _| {
            changed += 1;
            true
        })
        .unwrap());
        assert!(changed > 0, "the demo's own records were recorded today");
        assert!(plan.stood_as_it_is(conn, month_ago).unwrap(), "as at a month ago, the demo loaded today is the plan as it is");

        let day = common::today() - chrono::Days::new(14);
        let db = common::TestDb::with_demo(backend, day);
        let conn = &mut db.connect();
        let (_, _, action) = embedded_area(conn);
        let input = common::valid(reopen(&action));
        actions::update(conn, &Actor::system("test"), action.id, action.version, &input, |_| true).unwrap();
        let plan = sustain::read::plan::PlanIndex::load(conn).unwrap();
        assert!(!plan.stood_as_it_is(conn, end_of(day)).unwrap(), "an action recorded by {day} and changed since");
    }
}

// A load or an import is one change however many records it writes: its
// writes nest in one transaction that moves the generation once (on
// PostgreSQL, moving it per record made the large demo's load take minutes).
on_both_backends! {
    async fn a_transaction_of_many_writes_moves_the_data_generation_once(backend) {
        let db = common::TestDb::new(backend);
        let conn = &mut db.connect();
        let generation = |conn: &mut DbConnection| sustain::db::sessions::generation(conn).unwrap();
        let before = generation(conn);
        sustain::demo::load(conn, sustain::domain::dates::england_date(chrono::Utc::now().naive_utc())).unwrap();
        assert_eq!(generation(conn), before + 1, "the demo's hundreds of writes are one change");
        let (_, _, action) = embedded_area(conn);
        let input = common::valid(reopen(&action));
        actions::update(conn, &Actor::system("test"), action.id, action.version, &input, |_| true).unwrap();
        assert_eq!(generation(conn), before + 2, "a write of its own is a change of its own");
    }
}

on_both_backends! {
    async fn an_areas_charts_are_kept_until_the_next_write_and_drawn_again_after_it(backend) {
        let app = TestApp::spawn_demo(backend, demo_with_leader).await;
        assert_eq!(app.sign_in("tester@hartwell.example", PASSWORD).await.status(), 303);
        let (area, name, action) = embedded_area(&mut app.db.connect());
        let done = action.completed_date.expect("a completed action has its date");
        // Each chart marks the area's completed actions on its time axis.
        let marker = format!("Action completed {}: {} ", sustain::domain::dates::long_date(done), action.reference);
        let path = format!("/areas/{}", area.0);
        let first = app.get(&path).await.text().await.unwrap();
        assert!(first.contains(&marker), "{name}'s charts mark {marker}");
        let again = app.get(&path).await.text().await.unwrap();
        let charts = |page: &str| {
            let start = page.find("aria-labelledby=\"measures\"").expect("the measures' section");
            page[start..].split("</section>").next().unwrap().to_string()
        };
        assert_eq!(charts(&first), charts(&again), "the kept charts are the ones drawn the first time");
        let input = common::valid(reopen(&action));
        actions::update(&mut app.db.connect(), &Actor::system("elsewhere"), action.id, action.version, &input, |_| true).unwrap();
        let after = app.get(&path).await.text().await.unwrap();
        assert!(!after.contains(&marker), "the next page after the write draws the charts again without it");
    }
}

// The cached plan holds what it read and no room besides: lists grown a row at
// a time kept up to twice their rows, a
// quarter of the large authority's plan (31.6 MB, 24.3 MB held to their rows).
on_both_backends! {
    fn the_cached_plan_keeps_no_room_it_does_not_use(backend) {
        let db = common::TestDb::with_demo_today(backend);
        let plan = sustain::read::plan::PlanIndex::load(&mut db.connect()).unwrap();
        let fits = |what: &str, len: usize, capacity: usize| assert_eq!(capacity, len, "{what}: room for {capacity}, holds {len}");
        fits("actions", plan.actions.len(), plan.actions.capacity());
        fits("findings", plan.findings.len(), plan.findings.capacity());
        fits("evidence", plan.evidence.len(), plan.evidence.capacity());
        fits("measures", plan.measures.len(), plan.measures.capacity());
        fits("requests", plan.requests.len(), plan.requests.capacity());
        assert!(!plan.updates.is_empty() && !plan.results.is_empty(), "the demo has progress updates and results");
        fits("progress updates", plan.updates.all().len(), plan.updates.capacity());
        fits("results", plan.results.all().len(), plan.results.capacity());
        fits("evidence of actions", plan.evidence_of_action.all().len(), plan.evidence_of_action.capacity());
    }
}

on_both_backends! {
    async fn a_change_made_elsewhere_shows_in_the_next_area_page_and_dashboard_history(backend) {
        let app = TestApp::spawn_demo(backend, demo_with_leader).await;
        assert_eq!(app.sign_in("tester@hartwell.example", PASSWORD).await.status(), 303);
        let (area, _, _) = embedded_area(&mut app.db.connect());
        let path = format!("/areas/{}", area.0);
        let history = |page: &str| page[page.find("id=\"history\"").expect("a history section")..].to_string();
        let before = app.get(&path).await.text().await.unwrap();
        assert!(!history(&before).contains("by another writer"), "not yet changed");
        let dashboard = app.get("/").await.text().await.unwrap();
        assert!(!common::section(&dashboard, "changes").contains("by another writer"));
        let row = areas::get_any(&mut app.db.connect(), area).unwrap();
        let input = sustain::domain::plan::AreaInput {
            name: row.name.clone(),
            description: format!("{} Reworded.", row.description),
            lead_owner_id: row.lead_owner_id,
            evidence_window_months: row.evidence_window_months,
            evidence_min_items: row.evidence_min_items,
            evidence_min_kinds: row.evidence_min_kinds,
            results_window_months: row.results_window_months,
            results_min_count: row.results_min_count,
            slipping_lookback_months: row.slipping_lookback_months,
        };
        let actor = Actor::system("by another writer");
        areas::update(&mut app.db.connect(), &actor, area, row.version, &common::valid(input)).unwrap();
        let after = app.get(&path).await.text().await.unwrap();
        assert!(history(&after).contains("by another writer"), "the kept history is not shown after a write");
        let dashboard = app.get("/").await.text().await.unwrap();
        assert!(common::section(&dashboard, "changes").contains("by another writer"), "nor the dashboard's");
    }
}
