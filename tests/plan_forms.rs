//! The forms that change the plan, over HTTP on both backends: every record
//! created and found again, a stale edit refused with both values, archive and
//! restore, and each role's limits.

use crate::common;
use crate::plan_fixture;

use plan_fixture::*;
use sustain::db::{self, actions, evidence, findings, inspections, Archived};
use sustain::domain::ids::*;

on_both_backends! {
    async fn a_leader_records_an_inspection_finding_area_owner_measure_and_an_action_answering_it(backend) {
        let (app, plan) = app_with(backend).await;
        let leader = signed_in(&app, LEADER).await;
        let mut form = pairs(&[("kind", "standard_inspection"), ("title", "ILACS 2025"), ("inspectorate", "Ofsted"),
            ("overall_judgement", "good"), ("judgement-0-area", "The experiences and progress of care leavers"),
            ("judgement-0", "requires_improvement")]);
        form.extend(date_fields("start_date", (2025, 1, 6)));
        form.extend(date_fields("end_date", (2025, 1, 17)));
        let created = post(&app, &leader, "/inspections", &form).await;
        assert_eq!(created.status(), 303);
        let inspection = InspectionId(id_in(&created));
        let judgements = inspections::judgement::for_inspection(&mut conn(&app), inspection).unwrap();
        assert_eq!(judgements.len(), 1, "the judged area is kept");

        let finding = post(&app, &leader, "/findings", &pairs(&[("inspection_id", &inspection.to_string()),
            ("practice_area_id", &plan.area.to_string()), ("kind", "recommendation"), ("reference", "R1"),
            ("text", "The quality of children's plans")])).await;
        assert_eq!(finding.status(), 303);
        let finding = FindingId(id_in(&finding));

        let area = post(&app, &leader, "/areas", &pairs(&[("name", "Children's plans"), ("evidence_min_kinds", "3")])).await;
        assert_eq!(area.status(), 303);
        let area = AreaId(id_in(&area));
        assert_eq!(db::areas::get_any(&mut conn(&app), area).unwrap().evidence_min_kinds, Some(3));

        let owner = post(&app, &leader, "/owners", &pairs(&[("job_title", "Detective Inspector"), ("name", "Chris Walsh"),
            ("team", "Hartshire Police")])).await;
        assert_eq!(owner.status(), 303);
        let owner = OwnerId(id_in(&owner));
        assert_eq!(db::owners::get_any(&mut conn(&app), owner).unwrap().user_id, None, "a partner need not be a user");

        let measure = post(&app, &leader, "/measures", &pairs(&[("practice_area_id", &area.to_string()),
            ("name", "Plans rated good"), ("kind", "case_audit"), ("unit", "percent"), ("direction", "higher_is_better"),
            ("target", "75"), ("frequency", "monthly"), ("is_key", "yes"), ("screen_moving_ranges", "yes")])).await;
        assert_eq!(measure.status(), 303);

        let mut form = pairs(&[("reference", "4.1"), ("title", "Plan-writing workshops"), ("practice_area_id", &area.to_string()),
            ("owner_id", &owner.to_string()), ("finding_ids", &finding.to_string()), ("state", "planned")]);
        form.extend(date_fields("due_date", (2026, 3, 31)));
        let action = post(&app, &leader, "/actions", &form).await;
        assert_eq!(action.status(), 303);
        let action = ActionId(id_in(&action));
        let answered = actions::findings_of(&mut conn(&app), action).unwrap();
        assert_eq!(answered.iter().map(|f| f.id).collect::<Vec<_>>(), [finding]);
        let tracker = page(&leader, &app, "/actions?q=workshops", 200).await;
        assert!(tracker.contains("Plan-writing workshops") && tracker.contains("Answers R1"), "{tracker}");
        let shown = page(&leader, &app, &format!("/actions/{action}"), 200).await;
        assert!(shown.contains("Action added: "), "the timeline starts with the action's creation");
    }
}

/// A form's fields as sent.
type Form = Vec<(String, String)>;

on_both_backends! {
    async fn a_stale_edit_is_refused_with_both_values_on_every_form(backend) {
        let (app, plan) = app_with(backend).await;
        let leader = signed_in(&app, LEADER).await;
        let cases: Vec<(String, Form, &str)> = vec![
            (format!("/findings/{}", plan.finding), pairs(&[("inspection_id", &plan.inspection.to_string()),
                ("practice_area_id", &plan.area.to_string()), ("kind", "priority_action"), ("reference", "APA1")]), "text"),
            (format!("/areas/{}", plan.area), vec![], "name"),
            (format!("/owners/{}", plan.owner), pairs(&[("job_title", "QA manager"), ("user_id", &plan.contributor.to_string())]), "name"),
            (format!("/actions/{}", plan.other_action), pairs(&[("reference", "1.2"), ("practice_area_id", &plan.area.to_string()),
                ("state", "planned")]), "title"),
        ];
        for (path, base, field) in cases {
            let typed = |text: &str| {
                let mut form = base.clone();
                form.push(("version".into(), "1".into()));
                form.push((field.into(), text.into()));
                form
            };
            assert_eq!(post(&app, &leader, &path, &typed("Saved first")).await.status(), 303, "{path}");
            let stale = post(&app, &leader, &path, &typed("Typed in another tab")).await;
            assert_eq!(stale.status(), 409, "{path}");
            let body = stale.text().await.unwrap();
            assert!(body.contains("changed by someone else"), "{path}");
            assert!(body.contains("Saved first") && body.contains("Typed in another tab"), "{path}: both values are shown");
            assert!(body.contains("name=\"version\" value=\"2\""), "{path}: saving again is at the current version");
        }
        assert_eq!(findings::get_any(&mut conn(&app), plan.finding).unwrap().text, "Saved first");
    }
}

on_both_backends! {
    async fn archiving_asks_first_hides_the_record_and_restoring_brings_it_back(backend) {
        let (app, plan) = app_with(backend).await;
        let leader = signed_in(&app, LEADER).await;
        let confirm = page(&leader, &app, &format!("/actions/{}/archive", plan.other_action), 200).await;
        assert!(confirm.contains("What stays") && confirm.contains("change history"), "{confirm}");
        let archived = post(&app, &leader, &format!("/actions/{}/archive", plan.other_action), &pairs(&[("version", "1")])).await;
        assert_eq!(archived.status(), 303);
        assert_eq!(archived.headers()["location"], "/archived?kind=actions");
        let link = format!("href=\"/actions/{}\"", plan.other_action);
        assert!(!page(&leader, &app, "/actions", 200).await.contains(&link), "gone from the tracker");
        let list = page(&leader, &app, "/archived?kind=actions", 200).await;
        assert!(list.contains("Audit the front door") && list.contains("Restore"), "{list}");
        let restored = post(&app, &leader, &format!("/actions/{}/restore", plan.other_action), &pairs(&[("version", "2")])).await;
        assert_eq!(restored.status(), 303);
        assert!(page(&leader, &app, "/actions", 200).await.contains(&link), "back in the tracker");

        // An area still holding live records is not archived: they would be left where no page shows them.
        let refused = page(&leader, &app, &format!("/areas/{}/archive", plan.area), 200).await;
        assert!(refused.contains("Move them to another area or archive them first"), "{refused}");
        let attempt = post(&app, &leader, &format!("/areas/{}/archive", plan.area), &pairs(&[("version", "1")])).await;
        assert_eq!(attempt.status(), 409);
        assert!(db::areas::get_any(&mut conn(&app), plan.area).unwrap().archived_at.is_none());
    }
}

on_both_backends! {
    async fn each_role_changes_only_what_the_rules_allow_and_is_told_why(backend) {
        let (app, plan) = app_with(backend).await;
        let (contributor, other, viewer) =
            (signed_in(&app, CONTRIBUTOR).await, signed_in(&app, OTHER).await, signed_in(&app, VIEWER).await);
        for path in ["/inspections/new", "/areas/new", "/owners/new", "/measures/new", "/actions/new"] {
            page(&contributor, &app, path, 403).await;
        }
        page(&contributor, &app, &format!("/actions/{}/edit", plan.action), 200).await;
        page(&contributor, &app, &format!("/actions/{}/edit", plan.other_action), 403).await;
        let theirs = page(&contributor, &app, &format!("/actions/{}", plan.other_action), 200).await;
        assert!(theirs.contains("Only this action&#39;s owner or a leader") || theirs.contains("Only this action's owner or a leader"), "the page says why");
        assert!(!theirs.contains("Add progress update"));
        let unlinked = page(&other, &app, &format!("/actions/{}", plan.action), 200).await;
        assert!(unlinked.contains("not linked to an owner"), "{unlinked}");
        let read_only = page(&viewer, &app, &format!("/actions/{}", plan.action), 200).await;
        assert!(read_only.contains("lets you read the plan") && !read_only.contains("/edit\""), "a viewer sees no edit controls");
        let forged = post(&app, &contributor, &format!("/actions/{}", plan.other_action),
            &pairs(&[("version", "1"), ("reference", "1.2"), ("title", "Taken over"), ("practice_area_id", &plan.area.to_string()), ("state", "planned")])).await;
        assert_eq!(forged.status(), 403);
        assert_eq!(actions::get_any(&mut conn(&app), plan.other_action).unwrap().title, "Audit the front door");
    }
}

fn evidence_form(token: &str, title: &str, action: ActionId, area: AreaId) -> reqwest::multipart::Form {
    let file = |name: &str, bytes: &[u8]| reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(name.to_string());
    reqwest::multipart::Form::new()
        .text("csrf_token", token.to_string())
        .text("title", title.to_string())
        .text("kind", "minutes")
        .text("practice_area_id", area.to_string())
        .text("observed_on-day", "3")
        .text("observed_on-month", "2")
        .text("observed_on-year", "2025")
        .text("action_ids", action.to_string())
        .part("file", file("clinic.csv", b"date,cases\n2025-02-03,12\n"))
        .part("file", file("notes.txt", b"Clinic notes"))
}

on_both_backends! {
    async fn a_contributor_adds_evidence_with_two_files_linked_to_their_action_and_changes_only_their_draft(backend) {
        let (app, plan) = app_with(backend).await;
        let contributor = signed_in(&app, CONTRIBUTOR).await;
        let start = page(&contributor, &app, &format!("/evidence/new?action={}", plan.action), 200).await;
        assert!(start.contains(&format!("value=\"{}\" checked", plan.action)), "the action it came from is ticked");
        let token = app.csrf_token_for(&contributor).await;
        let added = contributor.post(app.url("/evidence")).multipart(evidence_form(&token, "Threshold clinic notes", plan.action, plan.area)).send().await.unwrap();
        assert_eq!(added.status(), 303);
        let item = EvidenceId(id_in(&added));
        let c = &mut conn(&app);
        assert_eq!(db::attachments::for_evidence(c, item).unwrap().len(), 2);
        assert!(evidence::for_action(c, plan.action).unwrap().iter().any(|e| e.id == item), "linked to the action");
        assert!(page(&contributor, &app, &format!("/actions/{}", plan.action), 200).await.contains("Threshold clinic notes"));

        page(&contributor, &app, &format!("/evidence/{item}/edit"), 200).await;
        let other = signed_in(&app, OTHER).await;
        page(&other, &app, &format!("/evidence/{item}/edit"), 403).await;
        let leader = signed_in(&app, LEADER).await;
        assert_eq!(post(&app, &leader, &format!("/evidence/{item}/review"), &pairs(&[("version", "1"), ("decision", "verify")])).await.status(), 303);
        let reviewed = page(&contributor, &app, &format!("/evidence/{item}"), 200).await;
        assert!(reviewed.contains("only a leader can change it now"), "{reviewed}");

        // A leader adds a file later: the item goes back to draft for review.
        let token = app.csrf_token_for(&leader).await;
        let more = reqwest::multipart::Form::new().text("csrf_token", token).text("version", "2")
            .part("file", reqwest::multipart::Part::bytes(b"x,y\n".to_vec()).file_name("more.csv"));
        let response = leader.post(app.url(&format!("/evidence/{item}/files"))).multipart(more).send().await.unwrap();
        assert_eq!(response.status(), 303);
        let now = evidence::get_any(&mut conn(&app), item).unwrap();
        assert_eq!((now.review_state, db::attachments::for_evidence(&mut conn(&app), item).unwrap().len()), (sustain::domain::kinds::ReviewState::Draft, 3));
    }
}

on_both_backends! {
    async fn a_chosen_file_is_not_lost_silently_when_another_field_is_wrong(backend) {
        let (app, plan) = app_with(backend).await;
        let contributor = signed_in(&app, CONTRIBUTOR).await;
        let token = app.csrf_token_for(&contributor).await;
        let form = evidence_form(&token, "", plan.action, plan.area);
        let response = contributor.post(app.url("/evidence")).multipart(form).send().await.unwrap();
        assert_eq!(response.status(), 422);
        let body = response.text().await.unwrap();
        assert!(body.contains("Select your files again (clinic.csv, notes.txt)"), "{body}");
        assert!(body.contains("href=\"#file\"") && body.contains("id=\"file\""), "the error links to the file input");
        assert!(evidence::list(&mut conn(&app), Archived::Include).unwrap().is_empty());
    }
}

on_both_backends! {
    async fn a_form_still_shows_an_archived_record_it_is_linked_to(backend) {
        let (app, plan) = app_with(backend).await;
        let leader = signed_in(&app, LEADER).await;
        let actor = db::Actor::system("test");
        let mut c = conn(&app);
        actions::link_finding(&mut c, &actor, plan.action, plan.finding).unwrap();
        actions::link_finding(&mut c, &actor, plan.other_action, plan.finding).unwrap();
        let other = actions::get_any(&mut c, plan.other_action).unwrap();
        actions::archive(&mut c, &actor, plan.other_action, other.version).unwrap();
        let form = page(&leader, &app, &format!("/findings/{}/edit", plan.finding), 200).await;
        assert!(form.contains("1.2 Audit the front door") && form.contains("Archived"), "{form}");
        assert!(form.contains("1.1 Threshold clinics"), "the area's live actions are offered too");

        let finding = findings::get_any(&mut c, plan.finding).unwrap();
        findings::archive(&mut c, &actor, plan.finding, finding.version).unwrap();
        let form = page(&leader, &app, &format!("/actions/{}/edit", plan.action), 200).await;
        assert!(form.contains("APA1: ") && form.contains("Archived"), "{form}");
        assert!(form.contains("Front door"), "the live areas are offered");
    }
}
