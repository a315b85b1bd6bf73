//! The tracker, the evidence library and review queue, results entry and the
//! progress timeline, over HTTP on both backends.

use crate::common;
use crate::plan_fixture;

use plan_fixture::*;
use sustain::db::{self, actions, evidence, measures, Actor, Archived};
use sustain::domain::evidence::EvidenceInput;
use sustain::domain::ids::*;
use sustain::domain::kinds::*;

on_both_backends! {
    async fn the_tracker_filters_sorts_and_downloads_exactly_what_it_shows(backend) {
        let (app, plan) = app_with(backend).await;
        let contributor = signed_in(&app, CONTRIBUTOR).await;
        let mine = page(&contributor, &app, "/actions?owner=mine", 200).await;
        assert!(mine.contains("<h1 class=\"app-heading-l\">My actions</h1>") && mine.contains("Threshold clinics"));
        assert!(!mine.contains("Audit the front door"), "only the contributor's own actions");
        assert!(mine.contains("Remove this filter: </span>Owner: My actions"), "the active filter is a removable chip");
        let overdue = page(&contributor, &app, "/actions?when=overdue&sort=reference&order=desc", 200).await;
        let (first, second) = (overdue.find("Audit the front door").unwrap(), overdue.find("Threshold clinics").unwrap());
        assert!(first < second, "sorted by reference, descending");
        assert!(overdue.contains("aria-sort=\"descending\""));

        // A title a spreadsheet would run as a formula stays text in the CSV.
        let c = &mut conn(&app);
        let row = actions::get_any(c, plan.other_action).unwrap();
        let mut input: sustain::domain::plan::ActionInput = serde_json::from_value(serde_json::to_value(&row).unwrap()).unwrap();
        input.title = "=HYPERLINK(\"http://evil.example\")".into();
        actions::update(c, &Actor::system("test"), row.id, row.version, &common::valid(input), |_| true).unwrap();
        let csv = contributor.get(app.url("/actions.csv?when=overdue")).send().await.unwrap();
        assert_eq!(csv.status(), 200);
        assert!(csv.headers()["content-disposition"].to_str().unwrap().starts_with("attachment"));
        let text = csv.text().await.unwrap();
        assert_eq!(text.lines().count(), 3, "a header and the two overdue actions: {text}");
        assert!(text.contains("'=HYPERLINK"), "{text}");
        let one = contributor.get(app.url("/actions.csv?owner=mine")).send().await.unwrap().text().await.unwrap();
        assert_eq!(one.lines().count(), 2, "the CSV follows the filters: {one}");
    }
}

fn add_evidence(
    conn: &mut db::DbConnection,
    area: AreaId,
    title: &str,
    observed: chrono::NaiveDate,
    by: UserId,
) -> EvidenceId {
    let input = EvidenceInput {
        title: title.into(),
        kind: EvidenceKind::CaseAudit,
        description: String::new(),
        observed_on: observed,
        period_start: None,
        period_end: None,
        practice_area_id: area,
    };
    evidence::create(conn, &Actor::user(by, "Contributor"), &common::valid(input), &[]).unwrap().id
}

on_both_backends! {
    async fn the_library_finds_unlinked_and_stale_items_and_the_queue_needs_a_reason_to_reject(backend) {
        let (app, plan) = app_with(backend).await;
        let today = sustain::domain::dates::england_date(chrono::Utc::now().naive_utc());
        let (old, new) = {
            let c = &mut conn(&app);
            let old = add_evidence(c, plan.area, "Dip-sample from long ago", day(2020, 1, 31), plan.contributor);
            let new = add_evidence(c, plan.area, "Recent dip-sample", today, plan.contributor);
            evidence::link(c, &Actor::system("test"), new, &[plan.finding], &[]).unwrap();
            (old, new)
        };
        let leader = signed_in(&app, LEADER).await;
        let stale = page(&leader, &app, "/evidence?age=stale", 200).await;
        assert!(stale.contains("Dip-sample from long ago") && !stale.contains("Recent dip-sample"));
        assert!(stale.contains("Too old to count"));
        let unlinked = page(&leader, &app, "/evidence?linked=none", 200).await;
        assert!(unlinked.contains("Dip-sample from long ago") && !unlinked.contains("Recent dip-sample"));
        let bad_dates = page(&leader, &app, "/evidence?from-day=31&from-month=2&from-year=2025", 422).await;
        assert!(bad_dates.contains("href=\"#from\""), "a filter date that is not real is named and linked");

        let queue = page(&leader, &app, "/evidence/review", 200).await;
        let (a, b) = (queue.find("Dip-sample from long ago").unwrap(), queue.find("Recent dip-sample").unwrap());
        assert!(a < b, "oldest first");
        assert!(!queue.contains("checked"), "no decision is chosen in advance");
        let reject = post(&app, &leader, &format!("/evidence/{old}/review"), &pairs(&[("version", "1"), ("next", "queue"),
            (&format!("decision-{old}"), "reject")])).await;
        assert_eq!(reject.status(), 422);
        let body = reject.text().await.unwrap();
        assert!(body.contains(&format!("href=\"#reason-{old}\"")) && body.contains(&format!("id=\"reason-{old}\"")), "{body}");
        assert_eq!(evidence::get_any(&mut conn(&app), old).unwrap().review_state, ReviewState::Draft);
        let version = evidence::get_any(&mut conn(&app), new).unwrap().version.to_string();
        let verify = post(&app, &leader, &format!("/evidence/{new}/review"), &pairs(&[("version", &version), ("next", "queue"),
            (&format!("decision-{new}"), "verify")])).await;
        let status = verify.status();
        assert_eq!(status, 303, "{}", verify.text().await.unwrap());
        let after = page(&leader, &app, "/evidence/review", 200).await;
        assert!(after.contains("Verified: Recent dip-sample"), "the banner says what was done");
        assert!(!after.contains(&format!("action=\"/evidence/{new}/review\"")), "reviewed items leave the queue");
    }
}

on_both_backends! {
    async fn a_case_audit_result_is_worked_out_before_saving_and_a_duplicate_period_is_refused(backend) {
        let (app, plan) = app_with(backend).await;
        let contributor = signed_in(&app, CONTRIBUTOR).await;
        let path = format!("/measures/{}/results", plan.audit);
        let mut form = pairs(&[("outstanding", "2"), ("good", "14"), ("requires_improvement", "3"), ("inadequate", "1")]);
        form.extend(date_fields("period_end", (2025, 1, 31)));
        let mut check = form.clone();
        check.push(("check".into(), "1".into()));
        let worked = post(&app, &contributor, &path, &check).await;
        assert_eq!(worked.status(), 200);
        assert!(worked.text().await.unwrap().contains("80% good or better"));
        assert!(measures::results(&mut conn(&app), Some(plan.audit), Archived::Include).unwrap().is_empty(), "not saved yet");
        let saved = post(&app, &contributor, &path, &form).await;
        assert_eq!(saved.status(), 303);
        assert_eq!(saved.headers()["location"].to_str().unwrap(), format!("/measures/{}", plan.audit));
        let again = post(&app, &contributor, &path, &form).await;
        assert_eq!(again.status(), 422);
        assert!(again.text().await.unwrap().contains("already has a result for that period"));
        let result = measures::results(&mut conn(&app), Some(plan.audit), Archived::Hide).unwrap().remove(0);
        assert_eq!(result.value, 80.0);

        // Correcting it twice from the same version: the second is refused with both values.
        let edit = format!("/measures/{}/results/{}", plan.audit, result.id);
        let correct = |good: &str| {
            let mut f = pairs(&[("version", "1"), ("outstanding", "2"), ("good", good), ("requires_improvement", "3"), ("inadequate", "1")]);
            f.extend(date_fields("period_end", (2025, 1, 31)));
            f
        };
        assert_eq!(post(&app, &contributor, &edit, &correct("15")).await.status(), 303);
        let stale = post(&app, &contributor, &edit, &correct("16")).await;
        assert_eq!(stale.status(), 409);
        assert!(stale.text().await.unwrap().contains("2 / 15 / 3 / 1"), "their grades beside yours");
        let viewer = signed_in(&app, VIEWER).await;
        page(&viewer, &app, &format!("{path}/new"), 403).await;
    }
}

on_both_backends! {
    async fn an_import_shows_what_will_change_and_saves_only_what_was_checked(backend) {
        let (app, plan) = app_with(backend).await;
        let contributor = signed_in(&app, CONTRIBUTOR).await;
        let path = format!("/measures/{}/results/import", plan.indicator);
        let token = app.csrf_token_for(&contributor).await;
        let send = |text: &str| {
            let form = reqwest::multipart::Form::new().text("csrf_token", token.clone()).text("csv", text.to_string());
            contributor.post(app.url(&path)).multipart(form).send()
        };
        let bad = send("period,value\n2025-01-31,82\n2025-02-30,85\n2025-03-31,abc\n").await.unwrap();
        assert_eq!(bad.status(), 422);
        let body = bad.text().await.unwrap();
        assert!(body.contains("Line 3: &quot;2025-02-30&quot; is not a date") && body.contains("Line 4: the value &quot;abc&quot; is not a number"), "{body}");
        assert!(measures::results(&mut conn(&app), Some(plan.indicator), Archived::Include).unwrap().is_empty(), "nothing saved");

        let good = send("period,value\n2024-11-30,82\n2024-12-31,85\n").await.unwrap();
        assert_eq!(good.status(), 200);
        let preview = good.text().await.unwrap();
        assert!(preview.contains("2 new, 0 corrected, 0 unchanged"), "{preview}");
        let marker = "name=\"fingerprint\" value=\"";
        let at = preview.find(marker).unwrap() + marker.len();
        let fingerprint = preview[at..at + preview[at..].find('"').unwrap()].to_string();
        let csv = "period,value\n2024-11-30,82\n2024-12-31,85\n";
        let confirm = format!("{path}/confirm");
        let fields = pairs(&[("csv", csv), ("fingerprint", &fingerprint)]);
        let saved = post(&app, &contributor, &confirm, &fields).await;
        assert_eq!(saved.status(), 303);
        assert_eq!(measures::results(&mut conn(&app), Some(plan.indicator), Archived::Hide).unwrap().len(), 2);
        // The same preview confirmed again is stale: the results changed since it was checked.
        let stale = post(&app, &contributor, &confirm, &fields).await;
        assert_eq!(stale.status(), 409);
        assert!(stale.text().await.unwrap().contains("0 new, 0 corrected, 2 unchanged"));
    }
}

on_both_backends! {
    async fn the_timeline_shows_progress_and_changes_of_state_in_one_line_of_time(backend) {
        let (app, plan) = app_with(backend).await;
        let contributor = signed_in(&app, CONTRIBUTOR).await;
        let mut update = pairs(&[("rag", "amber"), ("note", "Clinics paused for a week")]);
        update.extend(date_fields("update_date", (2025, 1, 10)));
        assert_eq!(post(&app, &contributor, &format!("/actions/{}/updates", plan.action), &update).await.status(), 303);
        let mut edit = pairs(&[("version", "1"), ("reference", "1.1"), ("title", "Threshold clinics"),
            ("practice_area_id", &plan.area.to_string()), ("owner_id", &plan.owner.to_string()), ("state", "blocked")]);
        edit.extend(date_fields("start_date", (2024, 4, 1)));
        assert_eq!(post(&app, &contributor, &format!("/actions/{}", plan.action), &edit).await.status(), 303);
        let shown = page(&contributor, &app, &format!("/actions/{}", plan.action), 200).await;
        let state = shown.find("State changed from in progress to").expect("the change of state is on the timeline");
        let progress = shown.find("Clinics paused for a week").expect("the update is on the timeline");
        assert!(state < progress, "newest first: the change today comes before the update dated 10 January");
        assert!(!shown.contains("value=\"amber\" checked"), "the RAG rating is never chosen for you");
    }
}
