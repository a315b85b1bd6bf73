//! Requests for evidence, on both backends: a leader asks an owner for
//! evidence (a page's form or the API); it is in that owner's digest and no
//! one else's, on their "My actions"; evidence added against it answers it,
//! once; closing it unanswered needs a reason; an overdue one is on the
//! dashboard.

use crate::common;
use crate::plan_fixture;

use common::TestApp;
use plan_fixture::*;
use serde_json::{json, Value};
use std::collections::HashSet;
use sustain::db::{self, history, owners, requests, Actor};
use sustain::domain::digest::{digests, text};
use sustain::domain::history::{Change, Entity};
use sustain::domain::ids::{OwnerId, RequestId};
use sustain::domain::kinds::RequestState;
use sustain::domain::plan::OwnerInput;
use sustain::domain::requests::{RequestInput, Subject};
use sustain::domain::valid::{Context, Validate};
use sustain::read::plan::PlanIndex;

async fn token(app: &TestApp, email: &str) -> String {
    let body: Value = app
        .client
        .post(app.url("/api/v1/tokens"))
        .json(&json!({ "email": email, "password": PASSWORD }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    body["token"].as_str().unwrap().to_string()
}

async fn send(app: &TestApp, bearer: &str, path: &str, body: Value) -> (u16, Value) {
    let response = app.client.post(app.url(path)).bearer_auth(bearer).json(&body).send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn page(app: &TestApp, client: &reqwest::Client, path: &str) -> (u16, String) {
    let response = client.get(app.url(path)).send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

fn in_days(n: i64) -> String {
    (common::today() + chrono::Duration::days(n)).to_string()
}

/// A second owner, with an email, who is asked for nothing.
fn another_owner(app: &TestApp) -> OwnerId {
    let input = OwnerInput {
        name: "Aisha Rahman".into(),
        job_title: "Head of Service".into(),
        team: "Front door".into(),
        email: Some("mash@hartwell.example".into()),
        user_id: None,
    };
    owners::create(&mut app.db.connect(), &Actor::system("test"), &common::valid(input)).unwrap().id
}

const WANTED: &str = "The last three supervision records for the MASH team";

on_both_backends! {
    async fn a_request_is_in_the_digest_and_my_actions_of_the_owner_asked_and_no_one_elses(backend) {
        let (app, plan) = app_with(backend).await;
        let other = another_owner(&app);
        let leader = token(&app, LEADER).await;
        let body = json!({ "action_id": plan.action.0, "owner_id": plan.owner.0, "due_on": in_days(10), "wanted": WANTED });
        let (status, asked) = send(&app, &leader, "/api/v1/requests", body).await;
        assert_eq!(status, 201, "{asked}");
        assert_eq!((asked["state"].as_str(), asked["standing"].as_str()), (Some("open"), Some("open")));

        let today = common::today();
        let index = PlanIndex::load(&mut app.db.connect()).unwrap();
        let snapshot = sustain::read::cache::Snapshot::new(index, sustain::domain::status::Rules::default());
        let input = sustain::read::digest::input(&snapshot, &HashSet::new(), today);
        let all = digests(today, &input, &HashSet::new());
        let of = |owner: OwnerId| all.iter().find(|d| d.recipient.id == owner).unwrap();
        let asked_of = of(plan.owner);
        assert_eq!(asked_of.requests.len(), 1);
        assert!(asked_of.has_news(), "asking is news to them");
        let body = text::body(asked_of, "Hartwell");
        assert!(body.contains("Evidence asked of you (1)") && body.contains(WANTED), "{body}");
        assert!(of(other).requests.is_empty() && !of(other).has_news(), "another owner is not told");

        let contributor = signed_in(&app, CONTRIBUTOR).await;
        let (_, mine) = page(&app, &contributor, "/owners/me").await;
        assert!(mine.contains("Evidence asked of you") && mine.contains(WANTED), "My actions shows it");
        let (_, theirs) = page(&app, &contributor, &format!("/owners/{other}")).await;
        assert!(!theirs.contains(WANTED), "not on another owner's page");
    }
}

on_both_backends! {
    async fn evidence_added_against_a_request_answers_it_once(backend) {
        let (app, plan) = app_with(backend).await;
        let leader = token(&app, LEADER).await;
        let body = json!({ "finding_id": plan.finding.0, "owner_id": plan.owner.0, "due_on": in_days(5), "wanted": WANTED });
        let (_, asked) = send(&app, &leader, "/api/v1/requests", body).await;
        let id = RequestId(asked["id"].as_i64().unwrap());

        let contributor = token(&app, CONTRIBUTOR).await;
        let item = |title: &str| json!({
            "title": title, "kind": "case_audit", "observed_on": common::today().to_string(),
            "practice_area_id": plan.area.0, "finding_ids": [plan.finding.0], "request_id": id.0,
        });
        let (status, added) = send(&app, &contributor, "/api/v1/evidence", item("Supervision audit")).await;
        assert_eq!(status, 201, "{added}");
        let row = requests::get_any(&mut app.db.connect(), id).unwrap();
        assert_eq!(row.state, RequestState::Answered);
        assert_eq!(row.evidence_id.map(|e| e.0), added["id"].as_i64());
        assert_eq!(row.answered_on, Some(common::today()));
        let query = history::HistoryQuery { entities: vec![Entity::EvidenceRequest], entity_id: Some(id.0), ..Default::default() };
        let changes = history::latest(&mut app.db.connect(), &query, 10).unwrap();
        assert!(changes.iter().any(|c| c.what == Change::Answer && c.entity_id == id.0), "the answer is in change history");

        // A request answered already is refused by its field, and the item is not added.
        let before = db::evidence::list(&mut app.db.connect(), db::Archived::Include).unwrap().len();
        let (status, refused) = send(&app, &contributor, "/api/v1/evidence", item("Second go")).await;
        assert_eq!(status, 422, "{refused}");
        assert!(refused["error"]["fields"]["request_id"][0].as_str().unwrap().contains("already been answered"), "{refused}");
        assert_eq!(db::evidence::list(&mut app.db.connect(), db::Archived::Include).unwrap().len(), before);

        let (_, shown) = page(&app, &signed_in(&app, VIEWER).await, &format!("/requests/{id}")).await;
        assert!(shown.contains("Answered on") && shown.contains("Supervision audit"), "the request shows its answer");
    }
}

on_both_backends! {
    async fn closing_a_request_unanswered_needs_a_reason(backend) {
        let (app, plan) = app_with(backend).await;
        let leader_token = token(&app, LEADER).await;
        let body = json!({ "practice_area_id": plan.area.0, "owner_id": plan.owner.0, "due_on": in_days(5), "wanted": WANTED });
        let (_, asked) = send(&app, &leader_token, "/api/v1/requests", body).await;
        let id = asked["id"].as_i64().unwrap();
        let close = format!("/api/v1/requests/{id}/close");

        let (status, refused) = send(&app, &leader_token, &close, json!({ "version": 1, "reason": "  " })).await;
        assert_eq!(status, 422, "{refused}");
        assert!(refused["error"]["fields"]["reason"][0].is_string(), "{refused}");

        let leader = signed_in(&app, LEADER).await;
        let response = app.post_form(&leader, &format!("/requests/{id}/close"), &[("version", "1"), ("why", ""), ("reason", "")]).await;
        assert_eq!(response.status(), 422);
        let shown = response.text().await.unwrap();
        assert!(shown.contains("id=\"why-error\"") && shown.contains("Choose why the request is closed"), "the message is beside the field");
        let response = app.post_form(&leader, &format!("/requests/{id}/close"), &[("version", "1"), ("why", "other"), ("reason", " ")]).await;
        assert_eq!(response.status(), 422, "another reason must be given in words");
        assert!(response.text().await.unwrap().contains("id=\"reason-error\""));

        let contributor = token(&app, CONTRIBUTOR).await;
        let (status, _) = send(&app, &contributor, &close, json!({ "version": 1, "reason": "No longer needed" })).await;
        assert_eq!(status, 403, "only leaders close requests");

        let (status, stale) = send(&app, &leader_token, &close, json!({ "version": 7, "reason": "No longer needed" })).await;
        assert_eq!(status, 409, "{stale}");
        let fields = [("version", "1"), ("why", "shown_elsewhere"), ("reason", "The area's audit covers it")];
        let response = app.post_form(&leader, &format!("/requests/{id}/close"), &fields).await;
        assert_eq!(response.status(), 303);
        let row = requests::get_any(&mut app.db.connect(), RequestId(id)).unwrap();
        let reason = "Other evidence already shows it: The area's audit covers it";
        assert_eq!((row.state, row.close_reason.as_deref()), (RequestState::Closed, Some(reason)));
        let (status, again) = send(&app, &leader_token, &close, json!({ "version": 2, "reason": "Twice" })).await;
        assert_eq!((status, again["close_reason"].as_str()), (200, Some(reason)), "closing again changes nothing");

        // An answered request cannot be closed.
        let body = json!({ "practice_area_id": plan.area.0, "owner_id": plan.owner.0, "due_on": in_days(5), "wanted": WANTED });
        let (_, answered) = send(&app, &leader_token, "/api/v1/requests", body).await;
        let item = json!({ "title": "Audit", "kind": "case_audit", "observed_on": common::today().to_string(), "practice_area_id": plan.area.0, "request_id": answered["id"] });
        assert_eq!(send(&app, &contributor, "/api/v1/evidence", item).await.0, 201);
        let (status, refused) = send(&app, &leader_token, &format!("/api/v1/requests/{}/close", answered["id"]), json!({ "version": 2, "reason": "Late" })).await;
        assert_eq!(status, 422, "{refused}");
    }
}

on_both_backends! {
    async fn an_overdue_request_is_on_the_dashboard_and_one_not_yet_due_is_not(backend) {
        let (app, plan) = app_with(backend).await;
        let today = common::today();
        let ask = |due: i64, wanted: &str, subject| {
            let asked_on = today - chrono::Duration::days(20);
            let input = RequestInput { subject, owner_id: plan.owner, due_on: today + chrono::Duration::days(due), wanted: wanted.into() };
            let valid = input.validate(&Context::for_today(asked_on)).unwrap();
            requests::create(&mut app.db.connect(), &Actor::system("test"), &valid, asked_on).unwrap()
        };
        ask(-3, "Minutes of the strategy meetings", Subject::Finding(plan.finding));
        ask(4, "Audit of the front door", Subject::Action(plan.other_action));
        let viewer = signed_in(&app, VIEWER).await;
        let (_, dashboard) = page(&app, &viewer, "/").await;
        let panel = dashboard.split("id=\"requests-overdue\"").nth(1).expect("the dashboard has the panel");
        let panel = panel.split("</section>").next().unwrap();
        assert!(panel.contains("Evidence asked for and overdue (1)"), "{panel}");
        assert!(panel.contains("Overdue by 3 days") && panel.contains("Finding"), "{panel}");
        assert!(!panel.contains("1.2"), "the request not yet due is not overdue: {panel}");
        assert!(panel.contains("href=\"/requests\""), "the panel leads to every request");

        let (_, overdue) = page(&app, &viewer, "/requests?show=overdue").await;
        assert!(overdue.contains("Minutes of the strategy meetings") && !overdue.contains("Audit of the front door"));
        let (_, earlier) = page(&app, &viewer, &format!("/?as_at={}", today - chrono::Duration::days(30))).await;
        assert!(earlier.contains("Evidence asked for and overdue (0)"), "not asked yet on an earlier date");
    }
}

on_both_backends! {
    async fn a_leader_asks_from_an_actions_page_and_others_may_not(backend) {
        let (app, plan) = app_with(backend).await;
        let leader = signed_in(&app, LEADER).await;
        let (_, action) = page(&app, &leader, &format!("/actions/{}", plan.action)).await;
        let link = format!("/requests/new?action={}&amp;return=/actions/{}", plan.action, plan.action);
        assert!(action.contains(&link), "the action page links to the form");
        let (status, form) = page(&app, &leader, &format!("/requests/new?action={}", plan.action)).await;
        assert_eq!(status, 200);
        assert!(form.contains(&format!("<option value=\"{}\" selected", plan.owner)), "the action's owner is asked by default");

        let due = common::today() + chrono::Duration::days(14);
        let (d, m, y) = (due.format("%-d").to_string(), due.format("%-m").to_string(), due.format("%Y").to_string());
        let action_id = plan.action.to_string();
        let owner = plan.owner.to_string();
        let mut fields = vec![("action_id", action_id.as_str()), ("owner_id", owner.as_str()), ("wanted", "")];
        fields.extend([("due_on-day", d.as_str()), ("due_on-month", m.as_str()), ("due_on-year", y.as_str())]);
        let response = app.post_form(&leader, "/requests", &fields).await;
        assert_eq!(response.status(), 422, "what is wanted is asked for");
        assert!(response.text().await.unwrap().contains("id=\"wanted-error\""));
        fields[2] = ("wanted", WANTED);
        let response = app.post_form(&leader, "/requests", &fields).await;
        assert_eq!(response.status(), 303);
        let all = requests::all(&mut app.db.connect()).unwrap();
        assert_eq!((all.len(), all[0].subject(), all[0].due_on), (1, Some(Subject::Action(plan.action)), due));

        let contributor = signed_in(&app, CONTRIBUTOR).await;
        let (_, action) = page(&app, &contributor, &format!("/actions/{}", plan.action)).await;
        assert!(!action.contains("/requests/new"), "only leaders are offered the link");
        assert_eq!(app.post_form(&contributor, "/requests", &fields).await.status(), 403);
        let (status, _) = send(&app, &token(&app, CONTRIBUTOR).await, "/api/v1/requests", json!({})).await;
        assert_eq!(status, 403);
        let (status, refused) = send(&app, &token(&app, LEADER).await, "/api/v1/requests", json!({ "owner_id": plan.owner.0, "due_on": "2020-01-01", "wanted": "x" })).await;
        assert_eq!(status, 422);
        assert!(refused["error"]["fields"]["due_on"].is_array() && refused["error"]["fields"]["practice_area_id"].is_array(), "{refused}");
    }
}
