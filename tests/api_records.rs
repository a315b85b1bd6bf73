//! Every other record of the API on both backends: inspections, judgements,
//! findings, areas, owners, measures, results, evidence with its files, and
//! users; each created, read, changed, refused and (where kept) archived.

use crate::api_client;
use crate::common;

use api_client::{Answer, Api};
use serde_json::{json, Value};
use sustain::domain::kinds::Role;

/// Creates as `role`, reads it back, changes it at its version, refuses the
/// stale change with the record now, and archives and restores it.
async fn walk(api: &Api, role: Role, base: &str, body: Value, change: (&str, Value)) -> i64 {
    let made = api.post(role, base, body.clone()).await;
    assert_eq!(made.status, 201, "{base}: {}", made.body);
    let id = made.body["id"].as_i64().unwrap();
    let path = format!("{base}/{id}");
    assert_eq!(api.get(Role::Viewer, &path).await.body["id"], id);
    let listed = api.get(Role::Viewer, &format!("{base}?per_page=100")).await;
    assert!(listed.body["items"].as_array().unwrap().iter().any(|r| r["id"] == id), "{base} lists it: {}", listed.body);
    let mut changed = body.clone();
    changed[change.0] = change.1.clone();
    changed["version"] = json!(1);
    let saved = api.put(role, &path, changed.clone()).await;
    assert_eq!(saved.status, 200, "{path}: {}", saved.body);
    assert_eq!(saved.body[change.0], change.1);
    let stale = api.put(role, &path, changed).await;
    assert_eq!((stale.status, stale.code()), (409, "conflict"), "{path}");
    assert_eq!(stale.body["current"]["version"], 2);
    let archived = api.post(role, &format!("{path}/archive"), json!({ "version": 2 })).await;
    assert_eq!(archived.status, 200, "{path}: {}", archived.body);
    let restored = api.post(role, &format!("{path}/restore"), json!({ "version": 3 })).await;
    assert_eq!(restored.status, 200, "{path}: {}", restored.body);
    id
}

fn refused(answer: &Answer, fields: &[&str]) {
    assert_eq!((answer.status, answer.code()), (422, "invalid"), "{}", answer.body);
    for field in fields {
        assert!(answer.names(field), "{field} is named: {}", answer.body);
    }
}

on_both_backends! {
    async fn inspections_judgements_and_findings_are_kept_through_the_api(backend) {
        let (api, f) = Api::spawn(backend).await;
        let inspection = json!({ "kind": "monitoring_visit", "title": "Monitoring visit", "inspectorate": "Ofsted", "start_date": "2024-09-10", "end_date": "2024-09-11" });
        let id = walk(&api, Role::Leader, "/api/v1/inspections", inspection, ("title", json!("Second monitoring visit"))).await;
        let judgement = json!({ "inspection_id": id, "area": "The experiences and progress of care leavers", "grade": "requires_improvement" });
        walk(&api, Role::Leader, "/api/v1/judgements", judgement, ("grade", json!("good"))).await;
        let finding = json!({ "inspection_id": id, "practice_area_id": f.area.0, "kind": "recommendation", "reference": "R9", "text": "Improve plans" });
        walk(&api, Role::Leader, "/api/v1/findings", finding, ("text", json!("Improve children's plans"))).await;
        let by_inspection = api.get(Role::Viewer, &format!("/api/v1/findings?inspection={id}")).await;
        assert_eq!(by_inspection.body["total"], 1);
        let bad = api.post(Role::Leader, "/api/v1/inspections", json!({ "kind": "visit", "start_date": "2024-09-10", "end_date": "2024-09-01", "published_on": "2024-01-01" })).await;
        refused(&bad, &["kind", "title", "inspectorate", "end_date", "published_on"]);
        assert_eq!(api.post(Role::Contributor, "/api/v1/findings", json!({})).await.status, 403);
    }
}

on_both_backends! {
    async fn areas_and_owners_are_kept_through_the_api(backend) {
        let (api, f) = Api::spawn(backend).await;
        walk(&api, Role::Leader, "/api/v1/areas", json!({ "name": "Early help", "evidence_min_kinds": 3 }), ("name", json!("Early help and the front door"))).await;
        let busy = api.post(Role::Leader, &format!("/api/v1/areas/{}/archive", f.area.0), json!({ "version": 1 })).await;
        assert_eq!(busy.status, 409, "an area with live records stays: {}", busy.body);
        walk(&api, Role::Leader, "/api/v1/owners", json!({ "name": "Sam Patel", "job_title": "Head of service", "team": "Front door" }), ("team", json!("MASH"))).await;
        let team = api.get(Role::Viewer, "/api/v1/owners?team=mash").await;
        assert_eq!(team.body["total"], 1, "{}", team.body);
        refused(&api.post(Role::Leader, "/api/v1/owners", json!({ "email": "not an address", "user_id": 999999 })).await, &["name", "email"]);
        refused(&api.post(Role::Leader, "/api/v1/owners", json!({ "name": "X", "user_id": 999999 })).await, &["user_id"]);
    }
}

on_both_backends! {
    async fn measures_and_results_are_kept_through_the_api(backend) {
        let (api, f) = Api::spawn(backend).await;
        let measure = json!({ "practice_area_id": f.area.0, "name": "Assessments in 45 days", "kind": "indicator", "unit": "percent", "direction": "higher_is_better", "target": 85, "frequency": "monthly", "is_key": true });
        let id = walk(&api, Role::Leader, "/api/v1/measures", measure, ("target", json!(90.0))).await;
        let key = api.get(Role::Viewer, &format!("/api/v1/measures?area={}&key=true", f.area.0)).await;
        assert_eq!(key.body["total"], 2);
        let result = json!({ "measure_id": id, "period_end": "2025-01-31", "value": 86.5 });
        walk(&api, Role::Contributor, "/api/v1/results", result, ("value", json!(87.0))).await;
        let twice = api.post(Role::Contributor, "/api/v1/results", json!({ "measure_id": id, "period_end": "2025-01-31", "value": 1 })).await;
        refused(&twice, &["period_end"]);
        let percent = api.post(Role::Contributor, "/api/v1/results", json!({ "measure_id": id, "period_end": "2025-02-28", "value": 140 })).await;
        refused(&percent, &["value"]);
        assert_eq!(api.post(Role::Viewer, "/api/v1/results", json!({ "measure_id": id })).await.status, 403);
        let listed = api.get(Role::Viewer, &format!("/api/v1/results?measure={id}")).await;
        assert_eq!(listed.body["total"], 1);
    }
}

on_both_backends! {
    async fn evidence_is_kept_with_its_files(backend) {
        let (api, f) = Api::spawn(backend).await;
        let item = json!({ "title": "Audit of referrals", "kind": "case_audit", "practice_area_id": f.area.0, "observed_on": "2025-01-20", "action_ids": [f.action.0] });
        let id = walk(&api, Role::Contributor, "/api/v1/evidence", item, ("title", json!("Audit of 40 referrals"))).await;
        let linked = api.get(Role::Viewer, &format!("/api/v1/evidence?action={}", f.action.0)).await;
        assert!(linked.body["items"].as_array().unwrap().iter().any(|e| e["id"] == id));
        let url = api.app.url(&format!("/api/v1/evidence/{id}/attachments"));
        let bearer = api.token(Role::Contributor).to_string();
        let form = reqwest::multipart::Form::new()
            .text("version", "4")
            .part("file", reqwest::multipart::Part::bytes(b"case,grade\n1,good\n".to_vec()).file_name("audit.csv"));
        let sent = api.app.client.post(&url).bearer_auth(&bearer).multipart(form).send().await.unwrap();
        assert_eq!(sent.status(), 201);
        let files = api.get(Role::Viewer, &format!("/api/v1/evidence/{id}/attachments")).await;
        let file = &files.body["items"][0];
        assert_eq!(file["file_name"], "audit.csv");
        let download = api.app.client.get(api.app.url(&format!("/api/v1/attachments/{}", file["id"]))).bearer_auth(api.token(Role::Viewer)).send().await.unwrap();
        assert!(download.headers()["content-disposition"].to_str().unwrap().starts_with("attachment"));
        assert_eq!(download.bytes().await.unwrap().as_ref(), b"case,grade\n1,good\n");
        let exe = reqwest::multipart::Form::new().text("version", "5").part("file", reqwest::multipart::Part::bytes(b"MZ\x90\x00binary".to_vec()).file_name("x.exe"));
        let refused_file = api.app.client.post(&url).bearer_auth(&bearer).multipart(exe).send().await.unwrap();
        assert_eq!(refused_file.status(), 422);
        let stale = reqwest::multipart::Form::new().text("version", "1").part("file", reqwest::multipart::Part::bytes(b"a,b\n".to_vec()).file_name("b.csv"));
        assert_eq!(api.app.client.post(&url).bearer_auth(&bearer).multipart(stale).send().await.unwrap().status(), 409);
        let not_multipart = api.app.client.post(&url).bearer_auth(&bearer).json(&json!({})).send().await.unwrap();
        assert_eq!(not_multipart.status(), 415);
        let review = format!("/api/v1/evidence/{id}/review");
        let version = api.get(Role::Viewer, &format!("/api/v1/evidence/{id}")).await.body["version"].clone();
        assert_eq!(api.post(Role::Contributor, &review, json!({ "decision": "verify", "version": version })).await.status, 403);
        refused(&api.post(Role::Leader, &review, json!({ "decision": "reject", "version": version })).await, &["reason"]);
        let verified = api.post(Role::Leader, &review, json!({ "decision": "verify", "version": version })).await;
        assert_eq!((verified.status, verified.body["review_state"].as_str()), (200, Some("verified")), "{}", verified.body);
        assert_eq!(api.post(Role::Leader, &review, json!({ "decision": "verify", "version": version })).await.status, 409);
    }
}

on_both_backends! {
    async fn admins_keep_users_through_the_api(backend) {
        let (api, f) = Api::spawn(backend).await;
        assert_eq!(api.get(Role::Leader, "/api/v1/users").await.status, 403);
        let made = api.post(Role::Admin, "/api/v1/users", json!({ "email": "new@hartwell.example", "display_name": "New person", "role": "viewer" })).await;
        assert_eq!(made.status, 201, "{}", made.body);
        assert!(made.body["password"].as_str().is_some_and(|p| p.len() >= 12), "the password is answered once");
        assert!(made.body.get("password_hash").is_none());
        let id = made.body["id"].as_i64().unwrap();
        let listed = api.get(Role::Admin, "/api/v1/users?role=viewer").await;
        assert!(listed.body["items"].as_array().unwrap().iter().all(|u| u["role"] == "viewer" && u.get("password_hash").is_none()));
        let change = json!({ "display_name": "Renamed", "role": "contributor", "active": true, "version": 1 });
        let saved = api.put(Role::Admin, &format!("/api/v1/users/{id}"), change.clone()).await;
        assert_eq!((saved.status, saved.body["role"].as_str()), (200, Some("contributor")), "{}", saved.body);
        assert_eq!(api.put(Role::Admin, &format!("/api/v1/users/{id}"), change).await.status, 409);
        let me = api.get(Role::Admin, "/api/v1/users?role=admin").await.body["items"][0]["id"].as_i64().unwrap();
        let demote = api.put(Role::Admin, &format!("/api/v1/users/{me}"), json!({ "display_name": "Me", "role": "viewer", "active": true, "version": 1 })).await;
        refused(&demote, &["role"]);
        refused(&api.post(Role::Admin, "/api/v1/users", json!({ "email": "new@hartwell.example", "display_name": "Again", "role": "viewer" })).await, &["email"]);
        assert_eq!(api.get(Role::Admin, &format!("/api/v1/users/{}", f.target_user.0 + 1000)).await.status, 404);
    }
}
