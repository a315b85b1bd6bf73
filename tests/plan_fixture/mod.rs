//! A small plan and one person per role, for the tests of the pages that change it.
#![allow(dead_code)]

use crate::common::{self, TestApp};
use sustain::db::{self, actions, areas, inspections, measures, owners, Actor, DbConnection};
use sustain::domain::evidence::MeasureInput;
use sustain::domain::ids::*;
use sustain::domain::kinds::*;
use sustain::domain::plan::{ActionInput, AreaInput, InspectionInput, OwnerInput};

pub const PASSWORD: &str = "a-long-test-password-1";
pub const LEADER: &str = "leader@hartwell.example";
pub const CONTRIBUTOR: &str = "contributor@hartwell.example";
/// A contributor linked to no owner.
pub const OTHER: &str = "other@hartwell.example";
pub const VIEWER: &str = "viewer@hartwell.example";

/// The ids of what `prepare` made.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    pub contributor: UserId,
    pub owner: OwnerId,
    pub area: AreaId,
    pub inspection: InspectionId,
    pub finding: FindingId,
    /// Owned by the contributor.
    pub action: ActionId,
    /// Owned by no one.
    pub other_action: ActionId,
    pub audit: MeasureId,
    pub indicator: MeasureId,
}

pub fn day(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub fn action(area: AreaId, owner: Option<OwnerId>, reference: &str, title: &str) -> ActionInput {
    ActionInput {
        reference: reference.into(),
        title: title.into(),
        description: String::new(),
        owner_id: owner,
        practice_area_id: area,
        start_date: Some(day(2024, 4, 1)),
        due_date: Some(day(2024, 9, 30)),
        completed_date: None,
        state: ActionState::InProgress,
        success_measure: String::new(),
    }
}

/// Users for every role, an owner linked to the contributor, an area with an
/// inspection's finding, two actions and two measures.
pub fn prepare(conn: &mut DbConnection) -> Plan {
    let actor = Actor::system("test");
    common::add_user(conn, LEADER, Role::Leader, PASSWORD);
    common::add_user(conn, VIEWER, Role::Viewer, PASSWORD);
    common::add_user(conn, OTHER, Role::Contributor, PASSWORD);
    let contributor = common::add_user(conn, CONTRIBUTOR, Role::Contributor, PASSWORD);
    let owner = owners::create(
        conn,
        &actor,
        &common::valid(OwnerInput {
            name: "Tom Okafor".into(),
            job_title: "Quality Assurance Manager".into(),
            team: "Quality assurance".into(),
            email: None,
            user_id: Some(contributor),
        }),
    )
    .unwrap();
    let area =
        areas::create(conn, &actor, &common::valid(AreaInput { name: "Front door".into(), ..Default::default() }))
            .unwrap();
    let inspection = inspections::create(
        conn,
        &actor,
        &common::valid(InspectionInput {
            kind: InspectionKind::FocusedVisit,
            title: "Focused visit: front door".into(),
            inspectorate: "Ofsted".into(),
            start_date: day(2024, 3, 5),
            end_date: day(2024, 3, 6),
            published_on: Some(day(2024, 4, 10)),
            overall_judgement: None,
            report_url: None,
            draft_plan_due: None,
            final_plan_due: None,
        }),
    )
    .unwrap();
    let finding = common::add_priority_action(conn, &actor, inspection.id, area.id);
    let mine =
        actions::create(conn, &actor, &common::valid(action(area.id, Some(owner.id), "1.1", "Threshold clinics")))
            .unwrap();
    let other =
        actions::create(conn, &actor, &common::valid(action(area.id, None, "1.2", "Audit the front door"))).unwrap();
    let measure = |kind, name: &str| MeasureInput {
        practice_area_id: area.id,
        name: name.into(),
        description: String::new(),
        kind,
        unit: Unit::Percent,
        direction: Direction::HigherIsBetter,
        target: Some(80.0),
        frequency: Frequency::Monthly,
        is_key: true,
        baseline_points: None,
        screen_moving_ranges: true,
        published_indicator_code: None,
    };
    let audit =
        measures::create(conn, &actor, &common::valid(measure(MeasureKind::CaseAudit, "Audits good or better")))
            .unwrap();
    let indicator =
        measures::create(conn, &actor, &common::valid(measure(MeasureKind::Indicator, "Decisions in 1 day"))).unwrap();
    Plan {
        contributor,
        owner: owner.id,
        area: area.id,
        inspection: inspection.id,
        finding: finding.id,
        action: mine.id,
        other_action: other.id,
        audit: audit.id,
        indicator: indicator.id,
    }
}

/// A server with the plan, and a signed-in client for each email given.
pub async fn app_with(backend: common::Backend) -> (TestApp, Plan) {
    let mut plan = None;
    let app = TestApp::spawn_with(backend, |conn| plan = Some(prepare(conn))).await;
    (app, plan.expect("the plan is prepared"))
}

/// A client signed in as `email`.
pub async fn signed_in(app: &TestApp, email: &str) -> reqwest::Client {
    let client = TestApp::new_client();
    assert_eq!(app.sign_in_with(&client, email, PASSWORD).await.status(), 303, "{email} signs in");
    client
}

/// The three fields of a date input.
pub fn date_fields(name: &str, (y, m, d): (i32, u32, u32)) -> Vec<(String, String)> {
    vec![
        (format!("{name}-day"), d.to_string()),
        (format!("{name}-month"), m.to_string()),
        (format!("{name}-year"), y.to_string()),
    ]
}

/// Posts a form given as owned pairs, with the client's CSRF token.
pub async fn post(
    app: &TestApp,
    client: &reqwest::Client,
    path: &str,
    fields: &[(String, String)],
) -> reqwest::Response {
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.post_form(client, path, &pairs).await
}

/// Pairs from borrowed strings.
pub fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

/// The id at the end of a redirect's location (`/actions/12` → 12).
pub fn id_in(response: &reqwest::Response) -> i64 {
    let location = response.headers()["location"].to_str().unwrap();
    location.trim_end_matches(|c: char| !c.is_ascii_digit()).rsplit('/').next().unwrap().parse().unwrap()
}

/// The page's text, after checking its status.
pub async fn page(client: &reqwest::Client, app: &TestApp, path: &str, status: u16) -> String {
    let response = client.get(app.url(path)).send().await.unwrap();
    assert_eq!(response.status(), status, "GET {path}");
    response.text().await.unwrap()
}

/// A fresh connection to the test's database.
pub fn conn(app: &TestApp) -> db::DbConnection {
    app.db.connect()
}
