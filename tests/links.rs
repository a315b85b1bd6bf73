//! Links between records on both backends: a list of ids is a set (an id
//! given twice is one link, never a 500), and a shared pack's link ends
//! while its inspection is archived and comes back when it is restored.

use crate::api_client;
use crate::common;

use api_client::{Api, PASSWORD};
use serde_json::json;
use sustain::db::{self, Actor};
use sustain::domain::kinds::Role;

async fn links_of_action(api: &Api, action: i64) -> Vec<i64> {
    let links = api.get(Role::Viewer, &format!("/api/v1/finding-actions?action={action}")).await;
    links.body["items"].as_array().unwrap().iter().map(|l| l["finding_id"].as_i64().unwrap()).collect()
}

on_both_backends! {
    async fn an_id_given_twice_in_a_list_is_one_link(backend) {
        let (api, f) = Api::spawn(backend).await;
        let finding = f.finding.0;
        let body = json!({ "reference": "2.1", "title": "Audit the front door", "practice_area_id": f.area.0,
                           "state": "planned", "finding_ids": [finding, finding] });
        let made = api.post(Role::Leader, "/api/v1/actions", body.clone()).await;
        assert_eq!(made.status, 201, "{}", made.body);
        let action = made.body["id"].as_i64().unwrap();
        assert_eq!(links_of_action(&api, action).await, [finding]);

        let mut changed = body.clone();
        changed["version"] = json!(1);
        changed["finding_ids"] = json!([finding, finding, finding]);
        let saved = api.put(Role::Leader, &format!("/api/v1/actions/{action}"), changed.clone()).await;
        assert_eq!(saved.status, 200, "{}", saved.body);
        assert_eq!(links_of_action(&api, action).await, [finding]);
        // From no links to one named twice, on the action the fixture made.
        let fixture_action = api.get(Role::Viewer, &format!("/api/v1/actions/{}", f.action.0)).await.body;
        let mut relinked = fixture_action.clone();
        let keep = ["reference", "title", "description", "owner_id", "practice_area_id", "start_date", "due_date",
                    "completed_date", "state", "success_measure", "version"];
        relinked.as_object_mut().unwrap().retain(|k, _| keep.contains(&k.as_str()));
        relinked["finding_ids"] = json!([finding, finding]);
        let saved = api.put(Role::Leader, &format!("/api/v1/actions/{}", f.action.0), relinked).await;
        assert_eq!(saved.status, 200, "{}", saved.body);
        assert_eq!(links_of_action(&api, f.action.0).await, [finding]);

        let item = json!({ "title": "Dip-sample of 40 referrals", "kind": "case_audit", "observed_on": "2025-01-31",
                           "practice_area_id": f.area.0, "finding_ids": [finding, finding], "action_ids": [action, action] });
        let made = api.post(Role::Contributor, "/api/v1/evidence", item.clone()).await;
        assert_eq!(made.status, 201, "{}", made.body);
        let id = made.body["id"].as_i64().unwrap();
        let by_finding = api.get(Role::Viewer, &format!("/api/v1/evidence?finding={finding}")).await;
        assert_eq!(by_finding.body["items"].as_array().unwrap().iter().filter(|e| e["id"] == id).count(), 1);
        let mut changed = item;
        changed["version"] = json!(1);
        changed["action_ids"] = json!([action, f.action.0, action]);
        let saved = api.put(Role::Contributor, &format!("/api/v1/evidence/{id}"), changed).await;
        assert_eq!(saved.status, 200, "{}", saved.body);
        let by_action = api.get(Role::Viewer, &format!("/api/v1/evidence?action={action}")).await;
        assert_eq!(by_action.body["total"], 1, "{}", by_action.body);

        // The action form: a finding ticked twice (a hand-made request) is one link too.
        let leader = common::TestApp::new_client();
        assert_eq!(api.app.sign_in_with(&leader, &api_client::email(Role::Leader), PASSWORD).await.status(), 303);
        let area = f.area.0.to_string();
        let finding_text = finding.to_string();
        let fields = [("reference", "2.2"), ("title", "Train the MASH managers"), ("practice_area_id", area.as_str()),
            ("finding_ids", finding_text.as_str()), ("finding_ids", finding_text.as_str()), ("state", "planned")];
        let response = api.app.post_form(&leader, "/actions", &fields).await;
        assert_eq!(response.status(), 303);
        let listed = api.get(Role::Viewer, "/api/v1/actions?per_page=100").await;
        let made = listed.body["items"].as_array().unwrap().iter().find(|a| a["reference"] == "2.2").unwrap()["id"].as_i64().unwrap();
        assert_eq!(links_of_action(&api, made).await, [finding]);
    }
}

fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}

on_both_backends! {
    async fn a_shared_link_ends_while_its_inspection_is_archived_and_returns_when_restored(backend) {
        let (api, f) = Api::spawn(backend).await;
        let mut conn = api.app.db.connect();
        let actor = Actor::system("test");
        let (live, token) = db::shares::create(&mut conn, &actor, f.inspection, "Ofsted inspection team", today() + chrono::Duration::days(30)).unwrap();
        let (revoked, revoked_token) = db::shares::create(&mut conn, &actor, f.inspection, "Revoked", today() + chrono::Duration::days(30)).unwrap();
        db::shares::revoke(&mut conn, &actor, revoked.id).unwrap();
        let inspector = common::TestApp::new_client();
        let status = |path: String| {
            let inspector = inspector.clone();
            let url = api.app.url(&path);
            async move { inspector.get(url).send().await.unwrap() }
        };
        assert_eq!(status(format!("/shared/{token}")).await.status(), 200);

        let inspection = db::inspections::get_any(&mut conn, f.inspection).unwrap();
        let archived = db::inspections::archive(&mut conn, &actor, f.inspection, inspection.version).unwrap();
        let uses = db::shares::for_inspection(&mut conn, f.inspection).unwrap().into_iter().find(|s| s.id == live.id).unwrap().uses;
        for path in [format!("/shared/{token}"), format!("/shared/{token}/pack.zip")] {
            let response = status(path.clone()).await;
            assert_eq!(response.status(), 410, "{path}");
            let page = response.text().await.unwrap();
            assert!(page.contains("This link has ended"), "{page}");
        }
        let after = db::shares::for_inspection(&mut conn, f.inspection).unwrap().into_iter().find(|s| s.id == live.id).unwrap();
        assert_eq!(after.uses, uses, "a refused use is not counted");

        db::inspections::restore(&mut conn, &actor, f.inspection, archived.version).unwrap();
        assert_eq!(status(format!("/shared/{token}")).await.status(), 200, "restoring brings the live link back");
        assert_eq!(status(format!("/shared/{token}/pack.zip")).await.status(), 200);
        assert_eq!(status(format!("/shared/{revoked_token}")).await.status(), 410, "a revoked link stays ended");
    }
}
