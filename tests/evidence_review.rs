//! Review as people do it, on both backends: several items decided at once
//! from the queue and the API, each at the version shown (a stale one named
//! and left); an item returned to its author for changes with a reason; and a
//! case audit's result recorded as case-audit evidence once, counted by the
//! status engine when a leader has verified it.

use crate::common;
use crate::plan_fixture;

use common::TestApp;
use plan_fixture::*;
use serde_json::{json, Value};
use sustain::db::{self, evidence, Actor};
use sustain::domain::evidence::EvidenceInput;
use sustain::domain::ids::*;
use sustain::domain::kinds::*;

fn today() -> chrono::NaiveDate {
    sustain::domain::dates::england_date(chrono::Utc::now().naive_utc())
}

/// A draft added by the contributor, observed a few days ago.
fn draft(conn: &mut db::DbConnection, plan: &Plan, title: &str) -> EvidenceId {
    let input = EvidenceInput {
        title: title.into(),
        kind: EvidenceKind::CaseExample,
        description: String::new(),
        observed_on: today() - chrono::Days::new(3),
        period_start: None,
        period_end: None,
        practice_area_id: plan.area,
    };
    let actor = Actor::user(plan.contributor, "Test contributor");
    evidence::create(conn, &actor, &common::valid(input), &[]).unwrap().id
}

/// Someone else changes an item, so a page showing its first version is stale.
fn change_behind_their_back(conn: &mut db::DbConnection, id: EvidenceId) {
    let row = evidence::get_any(conn, id).unwrap();
    let mut input: EvidenceInput = serde_json::from_value(serde_json::to_value(&row).unwrap()).unwrap();
    input.description = "Changed by someone else".into();
    evidence::update(conn, &Actor::system("test"), id, row.version, &common::valid(input)).unwrap();
}

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

fn history_of(conn: &mut db::DbConnection, id: EvidenceId) -> Vec<String> {
    let query = db::history::HistoryQuery {
        entities: vec![sustain::domain::history::Entity::Evidence],
        entity_id: Some(id.0),
        ..Default::default()
    };
    db::history::latest(conn, &query, 50).unwrap().iter().map(|h| h.what.as_str().to_string()).collect()
}

on_both_backends! {
    async fn bulk_review_with_one_stale_item_changes_the_others_and_names_that_one(backend) {
        let (app, plan) = app_with(backend).await;
        let (a, b, c) = {
            let conn = &mut conn(&app);
            (draft(conn, &plan, "Supervision notes"), draft(conn, &plan, "Strategy meeting minutes"), draft(conn, &plan, "Family feedback"))
        };
        let leader = signed_in(&app, LEADER).await;
        let queue = page(&leader, &app, "/evidence/review", 200).await;
        assert!(queue.contains(&format!("by Test {}", Role::Contributor)), "who added each item is shown");
        assert!(queue.contains(&format!("form=\"bulk-review\" id=\"selected-{a}\"")), "each item can be selected");
        change_behind_their_back(&mut conn(&app), b);

        let mut form = pairs(&[("bulk_decision", "verify"), ("page", "1")]);
        for id in [a, b, c] {
            form.push(("selected".into(), id.to_string()));
            form.push((format!("version-{id}"), "1".into()));
        }
        let response = post(&app, &leader, "/evidence/review", &form).await;
        assert_eq!(response.status(), 409);
        let body = response.text().await.unwrap();
        assert!(body.contains("Verified: “Supervision notes” and “Family feedback”"), "the banner says what was done");
        assert!(body.contains("“Strategy meeting minutes” was changed by someone else after this page was shown, so it was left as it is"), "{body}");
        assert!(body.contains(&format!("href=\"#selected-{b}\"")), "the message links to the item");
        let conn = &mut conn(&app);
        let mut state = |id| evidence::get_any(conn, id).unwrap().review_state;
        assert_eq!((state(a), state(b), state(c)), (ReviewState::Verified, ReviewState::Draft, ReviewState::Verified));
        assert_eq!(history_of(conn, a)[0], "verify", "each decision is in change history");
        assert_eq!(history_of(conn, b)[0], "update", "the stale one is left as it is");

        // Nothing selected, or a rejection without a reason, is refused by its field.
        let none = post(&app, &leader, "/evidence/review", &pairs(&[("bulk_decision", "verify")])).await;
        assert_eq!(none.status(), 422);
        assert!(none.text().await.unwrap().contains("Select at least one item to decide on"));
        let mut reject = pairs(&[("bulk_decision", "reject"), ("selected", &b.to_string()), (&format!("version-{b}"), "2")]);
        let refused = post(&app, &leader, "/evidence/review", &reject).await;
        assert_eq!(refused.status(), 422);
        assert!(refused.text().await.unwrap().contains("href=\"#bulk_reason\""));
        reject.push(("bulk_reason".into(), "Not about the front door".into()));
        assert_eq!(post(&app, &leader, "/evidence/review", &reject).await.status(), 303);
        assert_eq!(evidence::get_any(conn, b).unwrap().review_state, ReviewState::Rejected);
    }
}

on_both_backends! {
    async fn the_api_answers_a_bulk_review_item_by_item(backend) {
        let (app, plan) = app_with(backend).await;
        let (a, b) = {
            let conn = &mut conn(&app);
            (draft(conn, &plan, "Supervision notes"), draft(conn, &plan, "Strategy meeting minutes"))
        };
        change_behind_their_back(&mut conn(&app), b);
        let leader = token(&app, LEADER).await;
        let missing = json!({ "items": [{ "id": a.0, "version": 1, "decision": "return" }] });
        let (status, body) = send(&app, &leader, "/api/v1/evidence/reviews", missing).await;
        assert_eq!(status, 422, "{body}");
        assert!(body["error"]["fields"].to_string().contains("items[0].reason"), "{body}");
        let items = json!({ "items": [
            { "id": a.0, "version": 1, "decision": "return", "reason": "Say which cases were sampled" },
            { "id": b.0, "version": 1, "decision": "verify" },
        ] });
        let (status, body) = send(&app, &leader, "/api/v1/evidence/reviews", items).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["items"][0]["outcome"], json!("returned"));
        assert_eq!(body["items"][0]["evidence"]["return_reason"], json!("Say which cases were sampled"));
        assert_eq!(body["items"][1]["outcome"], json!("stale"));
        assert_eq!(body["items"][1]["evidence"]["version"], json!(2), "the item as it is now");
        let contributor = token(&app, CONTRIBUTOR).await;
        let (status, _) = send(&app, &contributor, "/api/v1/evidence/reviews", json!({ "items": [{ "id": b.0, "version": 2, "decision": "verify" }] })).await;
        assert_eq!(status, 403, "contributors cannot review");
        let document: Value = app.client.get(app.url("/api/v1/openapi.json")).send().await.unwrap().json().await.unwrap();
        let operation = &document["paths"]["/api/v1/evidence/reviews"]["post"];
        assert_eq!(operation["requestBody"]["content"]["application/json"]["schema"]["$ref"], json!("#/components/schemas/bulk_review"));
        assert!(document["components"]["schemas"]["review_decision"].is_object());
    }
}

on_both_backends! {
    async fn a_returned_item_goes_back_to_draft_with_its_reason(backend) {
        let (app, plan) = app_with(backend).await;
        let id = draft(&mut conn(&app), &plan, "Supervision notes");
        let leader = signed_in(&app, LEADER).await;
        let review = |reason: &str| pairs(&[("version", "1"), ("decision", "return"), ("reason", reason)]);
        let refused = post(&app, &leader, &format!("/evidence/{id}/review"), &review(" ")).await;
        assert_eq!(refused.status(), 422, "a return needs a reason");
        let saved = post(&app, &leader, &format!("/evidence/{id}/review"), &review("Say which cases were sampled")).await;
        assert_eq!(saved.status(), 303);
        let row = evidence::get_any(&mut conn(&app), id).unwrap();
        assert_eq!((row.review_state, row.return_reason.as_deref()), (ReviewState::Draft, Some("Say which cases were sampled")));
        assert_eq!(history_of(&mut conn(&app), id)[0], "return");

        let queue = page(&leader, &app, "/evidence/review", 200).await;
        assert!(queue.contains("There is nothing to review."), "it waits for its author, not in the queue");
        assert!(queue.contains("Returned for changes") && queue.contains("Say which cases were sampled"));
        let author = signed_in(&app, CONTRIBUTOR).await;
        let shown = page(&author, &app, &format!("/evidence/{id}"), 200).await;
        assert!(shown.contains("Returned for changes") && shown.contains("Say which cases were sampled"), "the author sees why");
        assert!(shown.contains("Change this evidence"), "and may change it");
        let history = page(&author, &app, &format!("/history?entity=evidence&id={id}"), 200).await;
        assert!(history.contains("Returned for changes") && history.contains("Say which cases were sampled"), "and so does its history");

        // Changed by its author, it is back in the queue with nothing of the return kept.
        change_behind_their_back(&mut conn(&app), id);
        let row = evidence::get_any(&mut conn(&app), id).unwrap();
        assert_eq!((row.return_reason, row.returned_on), (None, None));
        assert!(page(&leader, &app, "/evidence/review", 200).await.contains("Supervision notes"));

        // A verified item returned goes back to draft, and stops counting.
        let api = token(&app, LEADER).await;
        let (status, _) = send(&app, &api, &format!("/api/v1/evidence/{id}/review"), json!({ "decision": "verify", "version": row.version })).await;
        assert_eq!(status, 200);
        let (status, body) = send(&app, &api, &format!("/api/v1/evidence/{id}/review"), json!({ "decision": "return", "version": row.version + 1, "reason": "Add the audit tool" })).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!((body["review_state"].clone(), body["reviewed_on"].clone()), (json!("draft"), Value::Null));
    }
}

async fn practice_changed_reason(app: &TestApp, bearer: &str, area: AreaId) -> String {
    let verdict: Value = app
        .client
        .get(app.url(&format!("/api/v1/areas/{area}/verdict")))
        .bearer_auth(bearer)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let practice = &verdict["verdict"]["criteria"][1];
    assert_eq!(practice["criterion"], json!("practice_changed"));
    practice["reasons"][0].as_str().unwrap().to_string()
}

on_both_backends! {
    async fn a_result_recorded_also_as_evidence_is_one_linked_case_audit_item_counted_once_verified(backend) {
        let (app, plan) = app_with(backend).await;
        let contributor = signed_in(&app, CONTRIBUTOR).await;
        let period = today() - chrono::Days::new(5);
        use chrono::Datelike;
        let mut form = pairs(&[("outstanding", "2"), ("good", "14"), ("requires_improvement", "3"), ("inadequate", "1"), ("as_evidence", "draft")]);
        form.extend(date_fields("period_end", (period.year(), period.month(), period.day())));
        let path = format!("/measures/{}/results", plan.audit);
        let mut verified = form.clone();
        verified.retain(|(k, _)| k != "as_evidence");
        verified.push(("as_evidence".into(), "verified".into()));
        assert_eq!(post(&app, &contributor, &path, &verified).await.status(), 403, "a contributor cannot verify");
        let saved = post(&app, &contributor, &path, &form).await;
        assert_eq!(saved.status(), 303);

        let items: Vec<_> = evidence::list(&mut conn(&app), db::Archived::Hide).unwrap();
        assert_eq!(items.len(), 1, "one item, not two entries");
        let item = &items[0];
        let result = db::measures::results(&mut conn(&app), Some(plan.audit), db::Archived::Hide).unwrap()[0].clone();
        assert_eq!((item.kind, item.practice_area_id, item.result_id, item.review_state), (EvidenceKind::CaseAudit, plan.area, Some(result.id), ReviewState::Draft));
        assert!(item.description.starts_with("20 cases graded: 2 outstanding, 14 good"), "{}", item.description);

        let leader = token(&app, LEADER).await;
        assert!(practice_changed_reason(&app, &leader, plan.area).await.starts_with("no verified evidence"), "a draft counts for nothing");
        // Asked again, through the API, the result keeps its one item.
        let (status, again) = send(&app, &leader, &format!("/api/v1/results/{}/evidence", result.id), json!({})).await;
        assert_eq!((status, again["id"].clone()), (200, json!(item.id.0)));
        let (status, _) = send(&app, &leader, &format!("/api/v1/evidence/{}/review", item.id), json!({ "decision": "verify", "version": item.version })).await;
        assert_eq!(status, 200);
        assert!(practice_changed_reason(&app, &leader, plan.area).await.starts_with("1 verified item"), "counted once verified");

        // An indicator's result is not a case audit.
        let indicator = db::measures::create_result(&mut conn(&app), &Actor::system("test"), &sustain::domain::evidence::MeasuredResult::check(
            sustain::domain::evidence::ResultInput { measure_id: plan.indicator, period_end: period, value: Some(85.0), grades: None, sample_size: None, note: None },
            sustain::domain::evidence::MeasureShape { kind: MeasureKind::Indicator, unit: Unit::Percent },
            &sustain::domain::valid::Context::for_today(today()),
        ).unwrap()).unwrap();
        let (status, body) = send(&app, &leader, &format!("/api/v1/results/{}/evidence", indicator.id), json!({ "verified": true })).await;
        assert_eq!(status, 422, "{body}");

        // An import records each new audit once, verified when a leader says so.
        let leader_page = signed_in(&app, LEADER).await;
        let earlier = today() - chrono::Days::new(40);
        let csv = format!("period,outstanding,good,requires_improvement,inadequate\n{},1,15,3,1", earlier.format("%Y-%m-%d"));
        let fingerprint = db::measures::fingerprint(&mut conn(&app), plan.audit).unwrap();
        let confirm = post(&app, &leader_page, &format!("/measures/{}/results/import/confirm", plan.audit),
            &pairs(&[("csv", &csv), ("fingerprint", &fingerprint), ("as_evidence", "verified")])).await;
        assert_eq!(confirm.status(), 303);
        let items = evidence::list(&mut conn(&app), db::Archived::Hide).unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items.iter().filter(|e| e.review_state == ReviewState::Verified).count(), 2);
        assert!(practice_changed_reason(&app, &leader, plan.area).await.starts_with("2 verified items"));
    }
}
