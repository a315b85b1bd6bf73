//! Sign-off of completed actions, over HTTP on both backends: an action its
//! owner marks completed does not deliver its area until a leader signs it
//! off; a later change asks again; a return keeps its reason and the owner
//! reads it; a council that turns sign-off off counts completion as before.

use crate::api_client;
use crate::common;

use api_client::{email, Api, Fixture, PASSWORD};
use diesel::prelude::*;
use serde_json::{json, Value};
use sustain::db::schema::change_history;
use sustain::domain::ids::AreaId;
use sustain::domain::kinds::Role;
use sustain::domain::status::{verdict, Rules};
use sustain::read::plan::PlanIndex;

/// Whether the area is delivered today, as the status engine reads the stored plan.
fn delivered(api: &Api, area: AreaId) -> bool {
    let plan = PlanIndex::load(&mut api.app.db.connect()).expect("the plan");
    verdict(&plan.facts(area), &Rules::default(), common::today()).criteria[0].met
}

/// The action as the API answers it.
async fn action(api: &Api, f: &Fixture) -> Value {
    let got = api.get(Role::Viewer, &format!("/api/v1/actions/{}", f.action.0)).await;
    assert_eq!(got.status, 200, "{}", got.body);
    got.body
}

/// The owner (the fixture's contributor) marks the action completed, as it is now otherwise.
async fn mark_completed(api: &Api, f: &Fixture, success: &str) -> Value {
    let now = action(api, f).await;
    let body = json!({
        "reference": "1.1", "title": "Audit the front door", "practice_area_id": f.area.0,
        "owner_id": f.owner.0, "state": "completed", "completed_date": common::today().to_string(),
        "success_measure": success, "version": now["version"],
    });
    let saved = api.put(Role::Contributor, &format!("/api/v1/actions/{}", f.action.0), body).await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    saved.body
}

async fn decide(api: &Api, f: &Fixture, role: Role, decision: &str, note: &str) -> api_client::Answer {
    let version = action(api, f).await["version"].clone();
    let body = json!({ "decision": decision, "note": note, "version": version });
    api.post(role, &format!("/api/v1/actions/{}/sign-off", f.action.0), body).await
}

async fn signed_in(api: &Api, role: Role) -> reqwest::Client {
    let client = common::TestApp::new_client();
    assert_eq!(api.app.sign_in_with(&client, &email(role), PASSWORD).await.status(), 303);
    client
}

async fn page(client: &reqwest::Client, api: &Api, path: &str) -> String {
    let response = client.get(api.app.url(path)).send().await.expect("request");
    assert_eq!(response.status(), 200, "{path}");
    response.text().await.expect("body")
}

/// What change history records of the action's sign-offs and returns, oldest first.
fn decisions(api: &Api, f: &Fixture) -> Vec<(String, Value)> {
    change_history::table
        .filter(change_history::entity.eq("action"))
        .filter(change_history::entity_id.eq(f.action.0))
        .filter(change_history::what.eq_any(["sign_off", "return"]))
        .order(change_history::id.asc())
        .select((change_history::what, change_history::after_json))
        .load::<(String, Option<String>)>(&mut api.app.db.connect())
        .unwrap()
        .into_iter()
        .map(|(what, after)| (what, serde_json::from_str(&after.unwrap_or_default()).unwrap_or(Value::Null)))
        .collect()
}

on_both_backends! {
    async fn a_completed_action_does_not_deliver_its_area_until_a_leader_signs_it_off(backend) {
        let (api, f) = Api::spawn(backend).await;
        let marked = mark_completed(&api, &f, "Audits show it").await;
        assert_eq!(marked["sign_off"]["state"], "awaiting", "{marked}");
        assert!(!delivered(&api, f.area), "completed but not signed off");

        // The leader finds it from the dashboard's count and the tracker's filter.
        let leader = signed_in(&api, Role::Leader).await;
        let dashboard = page(&leader, &api, "/").await;
        assert!(dashboard.contains("Actions awaiting sign-off (1)"), "the dashboard counts it");
        assert!(dashboard.contains(r#"href="/actions?sign_off=awaiting""#));
        let tracker = page(&leader, &api, "/actions?sign_off=awaiting").await;
        assert!(tracker.contains(&format!(r#"href="/actions/{}""#, f.action.0)) && tracker.contains("Awaiting sign-off"));
        let listed = api.get(Role::Viewer, "/api/v1/actions?awaiting_sign_off=true").await;
        assert_eq!(listed.body["total"], 1, "{}", listed.body);

        // A contributor may not decide; a leader signs it off on the action page.
        assert_eq!(decide(&api, &f, Role::Contributor, "sign_off", "Done").await.status, 403);
        let shown = page(&leader, &api, &format!("/actions/{}", f.action.0)).await;
        assert!(shown.contains(&format!(r#"action="/actions/{}/sign-off""#, f.action.0)), "the leader's form");
        let version = action(&api, &f).await["version"].to_string();
        let path = format!("/actions/{}/sign-off", f.action.0);
        let unchosen = api.app.post_form(&leader, &path, &[("version", &version), ("sign_off_note", "")]).await;
        assert_eq!(unchosen.status(), 422);
        let unchosen = unchosen.text().await.unwrap();
        assert!(unchosen.contains("Choose whether to sign it off or return it to its owner"), "named beside the field");
        let signed = api
            .app
            .post_form(&leader, &path, &[("version", &version), ("decision", "sign_off"),
                ("sign_off_note", "Checked against the audits")])
            .await;
        assert_eq!(signed.status(), 303);
        assert!(delivered(&api, f.area), "delivered from its sign-off");
        let now = action(&api, &f).await;
        assert_eq!(now["sign_off"]["state"], "signed_off");
        assert_eq!(now["sign_off"]["signed_off_on"], common::today().to_string());
        assert_eq!(now["sign_off"]["latest"]["success_measure"], "Audits show it", "kept as it stood");
        let history = decisions(&api, &f);
        assert_eq!(history.len(), 1);
        assert_eq!((history[0].0.as_str(), &history[0].1["note"]), ("sign_off", &json!("Checked against the audits")));
        let after = page(&leader, &api, &format!("/actions/{}", f.action.0)).await;
        assert!(after.contains("Signed off") && after.contains("Checked against the audits"));
        // Signed off again: refused, the page is not re-signed.
        let again = decide(&api, &f, Role::Leader, "sign_off", "Twice").await;
        assert_eq!(again.status, 422);
        assert!(again.names("decision"), "{}", again.body);
    }
}

on_both_backends! {
    async fn a_change_after_sign_off_asks_for_it_again(backend) {
        let (api, f) = Api::spawn(backend).await;
        mark_completed(&api, &f, "Audits show it").await;
        assert_eq!(decide(&api, &f, Role::Leader, "sign_off", "Checked").await.status, 200);
        assert!(delivered(&api, f.area));
        let changed = mark_completed(&api, &f, "Audits and families show it").await;
        assert_eq!(changed["sign_off"]["state"], "awaiting");
        assert_eq!(changed["sign_off"]["changed_since_sign_off"], true);
        assert_eq!(changed["sign_off"]["latest"]["success_measure"], "Audits show it", "the sign-off keeps what it signed");
        assert!(!delivered(&api, f.area), "the change asks for sign-off again");
        let stale = api
            .post(Role::Leader, &format!("/api/v1/actions/{}/sign-off", f.action.0),
                json!({ "decision": "sign_off", "note": "Old page", "version": 1 }))
            .await;
        assert_eq!(stale.status, 409, "{}", stale.body);
        assert_eq!(stale.body["current"]["sign_off"]["state"], "awaiting");
        assert_eq!(decide(&api, &f, Role::Leader, "sign_off", "Checked again").await.status, 200);
        assert!(delivered(&api, f.area));
    }
}

on_both_backends! {
    async fn a_returned_action_keeps_its_reason_and_its_owner_reads_it(backend) {
        let (api, f) = Api::spawn(backend).await;
        mark_completed(&api, &f, "Audits show it").await;
        let blank = decide(&api, &f, Role::Leader, "return", "  ").await;
        assert_eq!(blank.status, 422);
        assert!(blank.names("note"), "a return needs its reason: {}", blank.body);
        let reason = "Two teams have not been audited yet";
        let returned = decide(&api, &f, Role::Leader, "return", reason).await;
        assert_eq!(returned.status, 200, "{}", returned.body);
        assert_eq!(returned.body["state"], "in_progress", "back in progress");
        assert!(returned.body["completed_date"].is_null());
        assert_eq!(returned.body["sign_off"]["state"], "returned");
        assert_eq!(returned.body["sign_off"]["latest"]["note"], reason);
        assert_eq!(returned.body["sign_off"]["latest"]["completed_date"], common::today().to_string(), "as it stood");
        assert!(!delivered(&api, f.area));
        let history = decisions(&api, &f);
        assert_eq!((history[0].0.as_str(), &history[0].1["note"]), ("return", &json!(reason)));
        assert_eq!(history[0].1["state"], "in_progress");

        let owner = signed_in(&api, Role::Contributor).await;
        let shown = page(&owner, &api, &format!("/actions/{}", f.action.0)).await;
        assert!(shown.contains("Returned to its owner") && shown.contains(reason), "the owner sees why");
        assert!(!shown.contains("/sign-off\""), "no decision form for the owner");
        // Marked completed again, it waits for sign-off again.
        let again = mark_completed(&api, &f, "Audits show it").await;
        assert_eq!(again["sign_off"]["state"], "awaiting");
        assert_eq!(decide(&api, &f, Role::Leader, "sign_off", "All teams audited").await.status, 200);
        assert!(delivered(&api, f.area));
    }
}

on_both_backends! {
    async fn a_council_that_turns_sign_off_off_counts_completion_as_before(backend) {
        let (api, f) = Api::spawn(backend).await;
        let admin = signed_in(&api, Role::Admin).await;
        let council = sustain::db::council::find(&mut api.app.db.connect()).unwrap().expect("council");
        let version = council.version.to_string();
        let saved = api
            .app
            .post_form(&admin, "/council", &[("version", &version), ("name", &council.name), ("la_number", ""),
                ("colour", &council.colour), ("sign_off", "no")])
            .await;
        assert_eq!(saved.status(), 303);
        let marked = mark_completed(&api, &f, "Audits show it").await;
        assert_eq!(marked["sign_off"]["state"], "not_asked");
        assert!(delivered(&api, f.area), "completion counts on its own");
        let refused = decide(&api, &f, Role::Leader, "sign_off", "Checked").await;
        assert_eq!(refused.status, 422, "{}", refused.body);
        let leader = signed_in(&api, Role::Leader).await;
        let dashboard = page(&leader, &api, "/").await;
        assert!(!dashboard.contains("awaiting sign-off ("), "no count when sign-off is off");
        let report = page(&leader, &api, "/reports/progress").await;
        assert!(report.contains("was completed on or before the date") && !report.contains("signed off by a leader"));
        // Turned back on, the same action waits for a leader.
        let version = sustain::db::council::find(&mut api.app.db.connect()).unwrap().unwrap().version.to_string();
        let back = api
            .app
            .post_form(&admin, "/council", &[("version", &version), ("name", &council.name), ("la_number", ""),
                ("colour", &council.colour), ("sign_off", "yes")])
            .await;
        assert_eq!(back.status(), 303);
        assert!(!delivered(&api, f.area));
        let report = page(&leader, &api, "/reports/progress").await;
        assert!(report.contains("signed off by a leader"), "the rules on the report say so");
    }
}
