//! Who may do what, on every route, and the usual attacks refused.

mod common;

use common::TestApp;
use sustain::db::{self, actions, areas, evidence, owners, Actor};
use sustain::domain::evidence::EvidenceInput;
use sustain::domain::kinds::*;
use sustain::domain::plan::{ActionInput, AreaInput, OwnerInput};
use sustain::web::routes::{self, Access};

const PASSWORD: &str = "a-long-test-password-1";

/// Ids of the rows the matrix requests point at.
#[derive(Debug, Clone, Copy, Default)]
struct Fixture {
    action: i64,
    evidence: i64,
    attachment: i64,
    target_user: i64,
    owner: i64,
}

fn email(role: Role) -> String {
    format!("{role}@hartwell.example")
}

fn prepare(conn: &mut db::DbConnection) -> Fixture {
    let actor = Actor::system("test");
    let mut ids = std::collections::HashMap::new();
    for role in Role::ALL {
        ids.insert(*role, common::add_user(conn, &email(*role), *role, PASSWORD));
    }
    let target_user = common::add_user(conn, "someone@hartwell.example", Role::Viewer, PASSWORD);
    let owner = owners::create(
        conn,
        &actor,
        &OwnerInput {
            name: "Contributor".into(),
            job_title: "QA officer".into(),
            team: "QA".into(),
            email: None,
            user_id: Some(ids[&Role::Contributor]),
        },
    )
    .unwrap();
    let area = areas::create(conn, &actor, &AreaInput { name: "Front door".into(), ..Default::default() }).unwrap();
    let action = actions::create(
        conn,
        &actor,
        &ActionInput {
            reference: "1.1".into(),
            title: "Audit the front door".into(),
            description: String::new(),
            owner_id: Some(owner.id),
            practice_area_id: area.id,
            start_date: None,
            due_date: None,
            completed_date: None,
            state: ActionState::Planned,
            success_measure: String::new(),
        },
    )
    .unwrap();
    let item = evidence::create(
        conn,
        &actor,
        &EvidenceInput {
            title: "Dip-sample".into(),
            kind: EvidenceKind::CaseAudit,
            description: String::new(),
            observed_on: chrono::NaiveDate::from_ymd_opt(2025, 1, 31).unwrap(),
            period_start: None,
            period_end: None,
            practice_area_id: area.id,
        },
    )
    .unwrap();
    let attachment = db::attachments::create(
        conn,
        &actor,
        &db::attachments::NewAttachment {
            evidence_id: item.id,
            file_name: "sample.csv".into(),
            media_type: "text/csv".into(),
            content: b"a,b\n".to_vec(),
        },
    )
    .unwrap();
    Fixture { action: action.id, evidence: item.id, attachment: attachment.id, target_user, owner: owner.id }
}

fn concrete(path: &str, f: &Fixture) -> String {
    let id = if path.starts_with("/actions/") {
        f.action
    } else if path.starts_with("/evidence/") {
        f.evidence
    } else if path.starts_with("/attachments/") {
        f.attachment
    } else {
        f.target_user
    };
    path.replace("{id}", &id.to_string()).replace("{file}", "sustain.css")
}

fn version_of(app: &TestApp, method: &actix_web::http::Method, path: &str, f: &Fixture) -> String {
    let conn = &mut app.db.connect();
    let v = match (method.as_str(), path) {
        ("POST", "/actions/{id}") => actions::get_any(conn, f.action).unwrap().version,
        ("POST", "/evidence/{id}/review") => evidence::get_any(conn, f.evidence).unwrap().version,
        ("POST", "/users/{id}") => db::users::get(conn, f.target_user).unwrap().version,
        _ => 0,
    };
    v.to_string()
}

/// A valid request for each POST route; a route added without one fails the test.
fn form_for(
    method: &actix_web::http::Method,
    path: &str,
    role: Option<Role>,
    version: &str,
    n: usize,
    f: &Fixture,
) -> Option<Vec<(String, String)>> {
    let owner = f.owner.to_string();
    let pairs = |items: &[(&str, &str)]| Some(items.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect());
    let who = role.map(email).unwrap_or_default();
    let new_email = format!("new{n}@hartwell.example");
    match (method.as_str(), path) {
        ("GET", _) => Some(vec![]),
        ("POST", "/sign-in") => pairs(&[("email", &who), ("password", PASSWORD)]),
        ("POST", "/sign-out") => pairs(&[]),
        ("POST", "/actions/{id}") => pairs(&[
            ("version", version),
            ("reference", "1.1"),
            ("title", "Audit the front door"),
            ("practice_area_id", "1"),
            ("owner_id", &owner),
            ("state", "in_progress"),
            ("start_date", "2025-01-01"),
        ]),
        ("POST", "/actions/{id}/updates") => {
            pairs(&[("update_date", "2025-02-01"), ("rag", "green"), ("note", "On track")])
        }
        ("POST", "/evidence") => pairs(&[
            ("title", "Case example"),
            ("kind", "case_example"),
            ("practice_area_id", "1"),
            ("observed_on", "2025-01-15"),
        ]),
        ("POST", "/evidence/{id}/review") => pairs(&[("version", version), ("decision", "verify")]),
        ("POST", "/account/password") => {
            pairs(&[("current_password", PASSWORD), ("new_password", PASSWORD), ("confirm_password", PASSWORD)])
        }
        ("POST", "/users") => pairs(&[("email", &new_email), ("display_name", "New person"), ("role", "viewer")]),
        ("POST", "/users/{id}") => {
            pairs(&[("version", version), ("display_name", "Someone"), ("role", "viewer"), ("active", "true")])
        }
        ("POST", "/users/{id}/password") => pairs(&[]),
        ("POST", "/api/v1/tokens") => pairs(&[("email", &who), ("password", PASSWORD)]),
        _ => None,
    }
}

async fn send(
    app: &TestApp,
    client: &reqwest::Client,
    def: &routes::RouteDef,
    role: Option<Role>,
    f: &Fixture,
    n: usize,
) -> reqwest::StatusCode {
    let url = app.url(&concrete(def.path, f));
    let version = version_of(app, &def.method, def.path, f);
    let mut form = form_for(&def.method, def.path, role, &version, n, f)
        .unwrap_or_else(|| panic!("no sample request for {} {}: add one to the matrix", def.method, def.path));
    let request = if def.method == actix_web::http::Method::GET {
        client.get(url)
    } else if def.path.starts_with("/api/") {
        let body: serde_json::Map<String, serde_json::Value> = form.into_iter().map(|(k, v)| (k, v.into())).collect();
        client.post(url).json(&body)
    } else {
        form.push(("csrf_token".into(), app.csrf_token_for(client).await));
        if def.path == "/evidence" {
            let mut multipart = reqwest::multipart::Form::new();
            for (k, v) in form {
                multipart = multipart.text(k, v);
            }
            client.post(url).multipart(multipart)
        } else {
            client.post(url).form(&form)
        }
    };
    request.send().await.expect("request").status()
}

on_both_backends! {
    async fn every_route_answers_every_role_as_its_rule_says(backend) {
        let mut fixture = Fixture::default();
        let app = TestApp::spawn_with(backend, |conn| fixture = prepare(conn)).await;
        let mut clients = vec![(None, TestApp::new_client())];
        for role in Role::ALL {
            let client = TestApp::new_client();
            assert_eq!(app.sign_in_with(&client, &email(*role), PASSWORD).await.status(), 303);
            clients.push((Some(*role), client));
        }
        let mut checked = 0;
        for (n, def) in routes::table().iter().enumerate() {
            // Signing out would end the session the rest of the matrix uses; it is checked last.
            if def.path == "/sign-out" { continue; }
            for (role, client) in &clients {
                let status = send(&app, client, def, *role, &fixture, n * 10 + checked).await;
                let context = format!("{} {} as {:?}", def.method, def.path, role);
                match (def.access, role) {
                    // Anyone may reach a public route; with no credentials to give it answers 422.
                    (Access::Public, _) => assert!(![401, 403].contains(&status.as_u16()) && !status.is_server_error(), "{context}: {status}"),
                    (Access::SignedIn(_), None) if def.path.starts_with("/api/") => assert_eq!(status, 401, "{context}"),
                    (Access::SignedIn(_), None) => assert_eq!(status, 303, "{context}: signed out goes to sign-in"),
                    (Access::SignedIn(needed), Some(role)) if !role.includes(needed) => assert_eq!(status, 403, "{context}"),
                    (Access::SignedIn(_), Some(_)) => assert!(status.is_success() || status.is_redirection(), "{context}: {status}"),
                }
                checked += 1;
            }
        }
        assert!(checked >= 100, "{checked} checks");
        for (role, client) in &clients {
            let def = routes::table().into_iter().find(|d| d.path == "/sign-out").unwrap();
            let status = send(&app, client, &def, *role, &fixture, 999).await;
            assert_eq!(status, 303, "sign-out as {role:?}");
        }
    }
}

#[test]
fn every_route_has_one_rule() {
    let table = routes::table();
    let mut seen = std::collections::HashSet::new();
    for def in &table {
        assert!(seen.insert((def.method.clone(), def.path)), "{} {} twice", def.method, def.path);
        assert!(routes::AccessTable::build().access(&def.method, def.path).is_some());
    }
}
