//! Past evidence entered truthfully, on both backends: a leader records when
//! an item was verified and by whom (a user, or someone named who is not
//! one), through the evidence form, the review, the API and `sustain import`;
//! a verification after today or before the practice was observed is refused
//! by its field; as at a day in between, the area's reasons say the item was
//! observed then and verified later, and it does not count.

use crate::common;
use crate::plan_fixture;

use common::TestApp;
use plan_fixture::*;
use serde_json::{json, Value};
use sustain::db::{evidence, transfer};
use sustain::domain::ids::EvidenceId;
use sustain::domain::kinds::ReviewState;

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

fn item(area: i64, extra: Value) -> Value {
    let mut body = json!({ "title": "MASH dip-sample", "kind": "case_audit", "observed_on": "2025-05-03", "practice_area_id": area });
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    body
}

on_both_backends! {
    async fn a_leader_gives_the_date_and_the_verifier_through_the_api_and_a_contributor_cannot(backend) {
        let (app, plan) = app_with(backend).await;
        let leader = token(&app, LEADER).await;
        let named = json!({ "verified_on": "2025-06-02", "verified_by_name": "Priya Shah, Hartshire Police" });
        let (status, body) = send(&app, &leader, "/api/v1/evidence", item(plan.area.0, named.clone())).await;
        assert_eq!(status, 201, "{body}");
        let row = evidence::get_any(&mut conn(&app), EvidenceId(body["id"].as_i64().unwrap())).unwrap();
        assert_eq!(row.review_state, ReviewState::Verified);
        assert_eq!(row.reviewed_on, Some(day(2025, 6, 2)), "verified on its own date, not today");
        assert_eq!((row.reviewed_by, row.reviewed_by_name.as_deref()), (None, Some("Priya Shah, Hartshire Police")));

        let contributor = token(&app, CONTRIBUTOR).await;
        let (status, _) = send(&app, &contributor, "/api/v1/evidence", item(plan.area.0, named)).await;
        assert_eq!(status, 403, "contributors still cannot verify");

        let by_user = json!({ "verified_on": "2025-05-03", "verified_by": plan.contributor.0 });
        let (status, body) = send(&app, &leader, "/api/v1/evidence", item(plan.area.0, by_user)).await;
        assert_eq!(status, 201, "verified by another user, on the day it was observed: {body}");
        assert_eq!(body["reviewed_by"], json!(plan.contributor.0));

        for (on, why) in [("2099-01-01", "today or in the past"), ("2025-05-02", "on or after the date practice was observed (3 May 2025)")] {
            let (status, body) = send(&app, &leader, "/api/v1/evidence", item(plan.area.0, json!({ "verified_on": on }))).await;
            assert_eq!(status, 422, "{on}");
            assert!(body["error"]["fields"]["verified_on"][0].as_str().unwrap().contains(why), "{body}");
        }

        // A draft reviewed later, with the day it was really verified.
        let (_, draft) = send(&app, &contributor, "/api/v1/evidence", item(plan.area.0, json!({}))).await;
        let id = draft["id"].as_i64().unwrap();
        let review = |on: &str| json!({ "decision": "verify", "version": 1, "verified_on": on });
        let (status, body) = send(&app, &leader, &format!("/api/v1/evidence/{id}/review"), review("2025-04-30")).await;
        assert_eq!(status, 422, "before it was observed");
        assert!(body["error"]["fields"]["verified_on"][0].as_str().unwrap().contains("observed"), "{body}");
        let (status, body) = send(&app, &leader, &format!("/api/v1/evidence/{id}/review"), review("2025-06-02")).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["reviewed_on"], json!("2025-06-02"));
    }
}

on_both_backends! {
    async fn as_at_a_day_between_observation_and_verification_the_reasons_say_it_was_verified_later(backend) {
        let (app, plan) = app_with(backend).await;
        let leader = token(&app, LEADER).await;
        let (status, _) = send(&app, &leader, "/api/v1/evidence", item(plan.area.0, json!({ "verified_on": "2025-06-02" }))).await;
        assert_eq!(status, 201);
        let reason = "MASH dip-sample: observed 3 May 2025, verified 2 June 2025 – after this date, so not counted";
        let verdict: Value = app.client.get(app.url(&format!("/api/v1/areas/{}/verdict?as_at=2025-05-20", plan.area)))
            .bearer_auth(&leader).send().await.unwrap().json().await.unwrap();
        let practice = &verdict["verdict"]["criteria"][1];
        assert_eq!(practice["criterion"], json!("practice_changed"));
        assert!(practice["reasons"].as_array().unwrap().contains(&json!(reason)), "{practice}");
        assert!(practice["reasons"][0].as_str().unwrap().starts_with("no verified evidence"), "it does not count");
        let client = signed_in(&app, VIEWER).await;
        let area = page(&client, &app, &format!("/areas/{}?as_at=2025-05-20", plan.area), 200).await;
        assert!(area.contains(reason), "the area page says so too");
        let after: Value = app.client.get(app.url(&format!("/api/v1/areas/{}/verdict?as_at=2025-06-30", plan.area)))
            .bearer_auth(&leader).send().await.unwrap().json().await.unwrap();
        assert!(after["verdict"]["criteria"][1]["reasons"][0].as_str().unwrap().starts_with("1 verified item"), "it counts once verified");
    }
}

on_both_backends! {
    async fn the_review_and_the_evidence_form_take_the_day_and_who_verified_it(backend) {
        let (app, plan) = app_with(backend).await;
        let contributor = token(&app, CONTRIBUTOR).await;
        let (_, draft) = send(&app, &contributor, "/api/v1/evidence", item(plan.area.0, json!({}))).await;
        let id = draft["id"].as_i64().unwrap();
        let leader = signed_in(&app, LEADER).await;
        let review = |d: u32, m: u32, by: &str, name: &str| {
            let mut form = pairs(&[("version", "1"), ("decision", "verify"), ("verified_by", by), ("verified_by_name", name)]);
            form.extend(date_fields("verified_on", (2025, m, d)));
            form
        };
        let refused = post(&app, &leader, &format!("/evidence/{id}/review"), &review(2, 5, "other", "Priya Shah")).await;
        assert_eq!(refused.status(), 422);
        let html = refused.text().await.unwrap();
        assert!(html.contains(r#"id="verified_on-error""#) && html.contains("observed (3 May 2025)"), "{html}");
        let nameless = post(&app, &leader, &format!("/evidence/{id}/review"), &review(2, 6, "other", " ")).await;
        assert_eq!(nameless.status(), 422);
        assert!(nameless.text().await.unwrap().contains(r#"id="verified_by_name-error""#));
        let saved = post(&app, &leader, &format!("/evidence/{id}/review"), &review(2, 6, "other", "Priya Shah, Hartshire Police")).await;
        assert_eq!(saved.status(), 303);
        let row = evidence::get_any(&mut conn(&app), EvidenceId(id)).unwrap();
        assert_eq!((row.reviewed_on, row.reviewed_by_name.as_deref()), (Some(day(2025, 6, 2)), Some("Priya Shah, Hartshire Police")));
        let shown = page(&leader, &app, &format!("/evidence/{id}"), 200).await;
        assert!(shown.contains("by Priya Shah, Hartshire Police on 2 June 2025"), "{shown}");

        // The form to add evidence asks a leader, and only a leader, whether it was verified already.
        let form = page(&leader, &app, &format!("/evidence/new?area={}", plan.area), 200).await;
        assert!(form.contains(r#"name="verified_on-day""#) && form.contains("Someone who is not a user of Sustain"));
        let contributor_client = signed_in(&app, CONTRIBUTOR).await;
        let theirs = page(&contributor_client, &app, &format!("/evidence/new?area={}", plan.area), 200).await;
        assert!(!theirs.contains("verified_on-day"), "contributors cannot verify");
        let token = app.csrf_token_for(&leader).await;
        let upload = |d: &str| {
            reqwest::multipart::Form::new()
                .text("csrf_token", token.clone()).text("title", "Audit of 2018 strategy meetings").text("kind", "case_audit")
                .text("practice_area_id", plan.area.to_string())
                .text("observed_on-day", "14").text("observed_on-month", "3").text("observed_on-year", "2018")
                .text("verified_on-day", d.to_string()).text("verified_on-month", "4").text("verified_on-year", "2018")
                .text("verified_by", plan.contributor.to_string())
        };
        let future = leader.post(app.url("/evidence")).multipart(upload("31")).send().await.unwrap();
        assert_eq!(future.status(), 422, "31 April does not exist");
        let added = leader.post(app.url("/evidence")).multipart(upload("30")).send().await.unwrap();
        assert_eq!(added.status(), 303);
        let row = evidence::get_any(&mut conn(&app), EvidenceId(id_in(&added))).unwrap();
        assert_eq!((row.review_state, row.reviewed_on, row.reviewed_by), (ReviewState::Verified, Some(day(2018, 4, 30)), Some(plan.contributor)));
    }
}

on_both_backends! {
    fn an_import_refuses_evidence_verified_before_it_was_observed_or_after_today(backend) {
        let source = common::TestDb::new(backend);
        prepare(&mut source.connect());
        let doc = transfer::export(&mut source.connect()).unwrap();
        let actor = sustain::db::Actor::system("test");
        let mut with_item = doc.clone();
        let input = sustain::domain::evidence::EvidenceInput {
            title: "Dip-sample".into(), kind: sustain::domain::kinds::EvidenceKind::CaseAudit, description: String::new(),
            observed_on: day(2025, 5, 3), period_start: None, period_end: None, practice_area_id: doc.practice_areas[0].id,
        };
        let row = evidence::create(&mut source.connect(), &actor, &common::valid(input), &[]).unwrap();
        let verified = |on| sustain::db::evidence::EvidenceRow { review_state: ReviewState::Verified, reviewed_on: Some(on), reviewed_by_name: Some("Priya Shah".into()), ..row.clone() };
        let today = day(2026, 1, 31);
        for (on, why) in [(day(2025, 5, 2), "before the practice was observed (3 May 2025)"), (day(2026, 2, 1), "after today")] {
            with_item.evidence = vec![verified(on)];
            let target = common::TestDb::new(backend);
            let refused = transfer::import_on(&mut target.connect(), &with_item, Some(today)).unwrap_err().to_string();
            assert!(refused.starts_with(&format!("evidence, the row with id {}, column reviewed_on:", row.id)), "{refused}");
            assert!(refused.contains(why), "{refused}");
            assert!(sustain::db::transfer::is_empty(&mut target.connect()).unwrap(), "nothing was imported");
        }
        with_item.evidence = vec![verified(day(2025, 6, 2))];
        let target = common::TestDb::new(backend);
        transfer::import_on(&mut target.connect(), &with_item, Some(today)).unwrap();
        let kept = evidence::get_any(&mut target.connect(), row.id).unwrap();
        assert_eq!(kept.reviewed_by_name.as_deref(), Some("Priya Shah"), "the verifier's name travels with the item");
    }
}

#[test]
fn sustain_import_names_the_row_and_column_of_a_verification_before_its_observation() {
    let source = common::TestDb::new(common::Backend::Sqlite);
    prepare(&mut source.connect());
    let actor = sustain::db::Actor::system("test");
    let input = sustain::domain::evidence::EvidenceInput {
        title: "Dip-sample".into(),
        kind: sustain::domain::kinds::EvidenceKind::CaseAudit,
        description: String::new(),
        observed_on: day(2025, 5, 3),
        period_start: None,
        period_end: None,
        practice_area_id: transfer::export(&mut source.connect()).unwrap().practice_areas[0].id,
    };
    let row = evidence::create(&mut source.connect(), &actor, &common::valid(input), &[]).unwrap();
    let mut doc = transfer::export(&mut source.connect()).unwrap();
    doc.evidence = vec![sustain::db::evidence::EvidenceRow {
        review_state: ReviewState::Verified,
        reviewed_on: Some(day(2025, 4, 1)),
        ..row.clone()
    }];
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("export.json");
    std::fs::write(&file, serde_json::to_vec(&doc).unwrap()).unwrap();
    let target = dir.path().join("target.db");
    let migrated = std::process::Command::new(env!("CARGO_BIN_EXE_sustain"))
        .arg("migrate")
        .env("SUSTAIN_DATABASE_URL", &target)
        .env("SUSTAIN_CONFIG", "/dev/null")
        .output()
        .unwrap();
    assert!(migrated.status.success());
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sustain"))
        .args(["import", &file.to_string_lossy()])
        .env("SUSTAIN_DATABASE_URL", target)
        .env("SUSTAIN_CONFIG", "/dev/null")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "bad input: {stderr}");
    assert!(stderr.contains(&format!("evidence, the row with id {}, column reviewed_on: it was verified on 1 April 2025, before the practice was observed (3 May 2025); nothing was imported", row.id)), "{stderr}");
}
