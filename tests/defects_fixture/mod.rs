//! What the defect tests share: a small plan, signed-in clients and tokens.
// Each test binary uses part of it.
#![allow(dead_code)]

use crate::common::{self, TestApp};
use sustain::db::{actions, areas, evidence, Actor, DbConnection};
use sustain::domain::evidence::EvidenceInput;
use sustain::domain::ids::{ActionId, EvidenceId, UserId};
use sustain::domain::kinds::{ActionState, EvidenceKind, Role};
use sustain::domain::plan::{ActionInput, AreaInput};

pub const PASSWORD: &str = "a-long-test-password-1";

/// What the tests point their requests at.
#[derive(Debug, Clone, Copy)]
pub struct Fixture {
    pub action: ActionId,
    pub evidence: EvidenceId,
    pub someone: UserId,
}

/// A practice area with one action and one draft evidence item, an admin, a
/// leader, a contributor, and one more user for admins to edit.
pub fn prepare(conn: &mut DbConnection) -> Fixture {
    let actor = Actor::system("test");
    common::add_user(conn, "admin@hartwell.example", Role::Admin, PASSWORD);
    common::add_user(conn, "leader@hartwell.example", Role::Leader, PASSWORD);
    common::add_user(conn, "qa@hartwell.example", Role::Contributor, PASSWORD);
    let someone = common::add_user(conn, "someone@hartwell.example", Role::Viewer, PASSWORD);
    let area =
        areas::create(conn, &actor, &common::valid(AreaInput { name: "Front door".into(), ..Default::default() }))
            .unwrap();
    let action = actions::create(
        conn,
        &actor,
        &common::valid(ActionInput {
            reference: "1.1".into(),
            title: "Audit the front door".into(),
            description: String::new(),
            owner_id: None,
            practice_area_id: area.id,
            start_date: None,
            due_date: None,
            completed_date: None,
            state: ActionState::Planned,
            success_measure: String::new(),
        }),
    )
    .unwrap();
    let item = evidence::create(
        conn,
        &actor,
        &common::valid(EvidenceInput {
            title: "Dip-sample".into(),
            kind: EvidenceKind::CaseAudit,
            description: String::new(),
            observed_on: chrono::NaiveDate::from_ymd_opt(2025, 1, 31).unwrap(),
            period_start: None,
            period_end: None,
            practice_area_id: area.id,
        }),
        &[],
    )
    .unwrap();
    Fixture { action: action.id, evidence: item.id, someone }
}

pub async fn spawn(backend: common::Backend) -> (TestApp, Fixture) {
    let mut fixture = None;
    let app = TestApp::spawn_with(backend, |conn| fixture = Some(prepare(conn))).await;
    (app, fixture.expect("the fixture is prepared"))
}

/// A client with no cookie jar: it sends exactly the cookies it is given, as
/// an attacker replaying a copied cookie would.
pub fn bare_client() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client")
}

/// The value of a cookie a response sets.
pub fn set_cookie(response: &reqwest::Response, name: &str) -> String {
    let prefix = format!("{name}=");
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix(&prefix).map(|rest| rest.split(';').next().unwrap_or_default().to_string()))
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| panic!("the response sets {name}"))
}

/// Signs in on a client of its own; returns the client and its session cookie.
pub async fn signed_in(app: &TestApp, email: &str) -> (reqwest::Client, String) {
    let client = TestApp::new_client();
    let response = app.sign_in_with(&client, email, PASSWORD).await;
    assert_eq!(response.status(), 303, "{email} signs in");
    let session = set_cookie(&response, "sustain_session");
    (client, session)
}

pub async fn api_token(app: &TestApp, email: &str) -> String {
    let response =
        app.client.post(app.url("/api/v1/tokens")).json(&serde_json::json!({ "email": email, "password": PASSWORD }));
    let response = response.send().await.unwrap();
    assert_eq!(response.status(), 201);
    response.json::<serde_json::Value>().await.unwrap()["token"].as_str().unwrap().to_string()
}

pub fn update_form<'a>(token: &'a str, note: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![("csrf_token", token), ("update_date", "2025-02-01"), ("rag", "green"), ("note", note)]
}
