//! The repository on both backends: writes round-trip, stale versions are
//! refused, history keeps before and after, archive and restore.

use crate::common;

use chrono::NaiveDate;
use sustain::db::{self, actions, areas, evidence, findings, inspections, measures, owners, Actor, Archived, DbError};
use sustain::domain::audit::GradeCounts;
use sustain::domain::evidence::{
    EvidenceInput, MeasureInput, MeasureShape, MeasuredResult, RecalculationInput, ResultInput, Review,
};
use sustain::domain::ids::*;
use sustain::domain::kinds::*;
use sustain::domain::plan::*;
use sustain::domain::valid::Valid;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn measured(measure: &measures::MeasureRow, input: ResultInput) -> Valid<MeasuredResult> {
    let shape = MeasureShape { kind: measure.kind, unit: measure.unit };
    MeasuredResult::check(input, shape, &common::context()).unwrap()
}

fn actor() -> Actor {
    Actor::system("test")
}

struct Plan {
    owner: OwnerId,
    inspection: InspectionId,
    area: AreaId,
    finding: FindingId,
    action: ActionId,
}

fn small_plan(conn: &mut db::DbConnection) -> Plan {
    let owner = owners::create(
        conn,
        &actor(),
        &common::valid(OwnerInput {
            name: "Sam Okafor".into(),
            job_title: "Head of Service, MASH".into(),
            team: "Front door".into(),
            email: Some("sam.okafor@hartwell.example".into()),
            user_id: None,
        }),
    )
    .unwrap();
    let inspection = inspections::create(conn, &actor(), &common::valid(focused_visit())).unwrap();
    let area =
        areas::create(conn, &actor(), &common::valid(AreaInput { name: "Front door".into(), ..AreaInput::default() }))
            .unwrap();
    let finding = common::add_priority_action(conn, &actor(), inspection.id, area.id);
    let action =
        actions::create(conn, &actor(), &common::valid(action_input(area.id, Some(owner.id), "Train MASH managers")))
            .unwrap();
    Plan { owner: owner.id, inspection: inspection.id, area: area.id, finding: finding.id, action: action.id }
}

fn focused_visit() -> InspectionInput {
    InspectionInput {
        kind: InspectionKind::FocusedVisit,
        title: "Focused visit: front door".into(),
        inspectorate: "Ofsted".into(),
        start_date: date(2024, 3, 5),
        end_date: date(2024, 3, 6),
        published_on: Some(date(2024, 4, 10)),
        overall_judgement: None,
        report_url: Some("https://reports.example/fv".into()),
        draft_plan_due: Some(date(2024, 5, 8)),
        final_plan_due: Some(date(2024, 7, 17)),
    }
}

fn action_input(area: AreaId, owner: Option<OwnerId>, title: &str) -> ActionInput {
    ActionInput {
        reference: "1.3".into(),
        title: title.into(),
        description: "Risk analysis training for every MASH manager".into(),
        owner_id: owner,
        practice_area_id: area,
        start_date: Some(date(2024, 4, 1)),
        due_date: Some(date(2024, 9, 30)),
        completed_date: None,
        state: ActionState::InProgress,
        success_measure: "Audits show risk analysed in 90% of contacts".into(),
    }
}

on_both_backends! {
    fn every_entity_round_trips(backend) {
        let db = common::TestDb::new(backend);
        let conn = &mut db.connect();
        let plan = small_plan(conn);

        let owner = owners::get_any(conn, plan.owner).unwrap();
        assert_eq!((owner.job_title.as_str(), owner.email.as_deref()), ("Head of Service, MASH", Some("sam.okafor@hartwell.example")));
        let inspection = inspections::get_any(conn, plan.inspection).unwrap();
        assert_eq!(inspection.kind, InspectionKind::FocusedVisit);
        assert_eq!(inspection.final_plan_due, Some(date(2024, 7, 17)));
        let judgement = inspections::judgement::create(conn, &actor(), &common::valid(JudgementInput { inspection_id: plan.inspection, area: "Overall effectiveness".into(), grade: Grade::Good })).unwrap();
        assert_eq!(inspections::judgement::for_inspection(conn, plan.inspection).unwrap(), vec![judgement]);
        assert_eq!(findings::get_any(conn, plan.finding).unwrap().reference, "APA1");

        let action = actions::get_any(conn, plan.action).unwrap();
        assert_eq!((action.state, action.due_date, action.owner_id), (ActionState::InProgress, Some(date(2024, 9, 30)), Some(plan.owner)));
        actions::link_finding(conn, &actor(), plan.action, plan.finding).unwrap();
        assert_eq!(actions::finding_links(conn).unwrap().len(), 1);
        let update = actions::add_update(conn, &actor(), &common::valid(UpdateInput { action_id: plan.action, update_date: date(2024, 5, 1), rag: Rag::Amber, note: "Half trained".into() }), |_| true).unwrap();
        assert_eq!(actions::updates(conn, Some(plan.action)).unwrap(), vec![update]);

        let item = evidence::create(conn, &actor(), &common::valid(EvidenceInput {
            title: "March dip-sample".into(), kind: EvidenceKind::CaseAudit, description: String::new(),
            observed_on: date(2024, 3, 28), period_start: Some(date(2024, 3, 1)), period_end: Some(date(2024, 3, 31)),
            practice_area_id: plan.area,
        }), &[]).unwrap();
        assert_eq!(item.review_state, ReviewState::Draft);
        let verified = evidence::review(conn, &actor(), item.id, item.version, &common::valid(Review::Verify), date(2024, 4, 2)).unwrap();
        assert_eq!((verified.review_state, verified.reviewed_on), (ReviewState::Verified, Some(date(2024, 4, 2))));
        evidence::link(conn, &actor(), item.id, &[plan.finding], &[plan.action]).unwrap();
        assert_eq!((evidence::finding_links(conn).unwrap().len(), evidence::action_links(conn).unwrap().len()), (1, 1));

        let attachment = db::attachments::add(conn, &actor(), item.id, &[db::attachments::NewAttachment {
            file_name: "audit.csv".into(), media_type: "text/csv".into(), content: b"case,grade\n1,good\n".to_vec(),
        }]).unwrap().remove(0);
        let stored = db::attachments::get(conn, attachment.id).unwrap();
        assert_eq!(stored.content, b"case,grade\n1,good\n".to_vec());
        assert_eq!(stored.sha256.len(), 64);

        let measure = measures::create(conn, &actor(), &common::valid(MeasureInput {
            practice_area_id: plan.area, name: "Audit: risk identified".into(), description: String::new(),
            kind: MeasureKind::CaseAudit, unit: Unit::Percent, direction: Direction::HigherIsBetter, target: Some(80.0),
            frequency: Frequency::Monthly, is_key: true, baseline_points: None, screen_moving_ranges: true,
            published_indicator_code: None,
        })).unwrap();
        let grades = GradeCounts { outstanding: 2, good: 14, requires_improvement: 3, inadequate: 1 };
        let result = measures::create_result(conn, &actor(), &measured(&measure, ResultInput {
            measure_id: measure.id, period_end: date(2024, 3, 31), value: None, grades: Some(grades), sample_size: None, note: None,
        })).unwrap();
        assert_eq!((result.value, result.sample_size, result.good), (80.0, Some(20), Some(14)));
        measures::add_recalculation(conn, &actor(), &common::valid(RecalculationInput {
            measure_id: measure.id, starts_on: date(2024, 6, 30), reason: "New front-door model".into(),
        })).unwrap();
        assert_eq!(measures::recalculations(conn).unwrap()[0].starts_on, date(2024, 6, 30));
    }
}

on_both_backends! {
    fn a_second_result_for_the_same_period_is_refused_by_field(backend) {
        let db = common::TestDb::new(backend);
        let conn = &mut db.connect();
        let plan = small_plan(conn);
        let measure = measures::create(conn, &actor(), &common::valid(MeasureInput {
            practice_area_id: plan.area, name: "Referral decisions in 1 working day".into(), description: String::new(),
            kind: MeasureKind::Indicator, unit: Unit::Percent, direction: Direction::HigherIsBetter, target: Some(90.0),
            frequency: Frequency::Monthly, is_key: false, baseline_points: None, screen_moving_ranges: true,
            published_indicator_code: None,
        })).unwrap();
        let input = ResultInput { measure_id: measure.id, period_end: date(2024, 3, 31), value: Some(91.0), grades: None, sample_size: None, note: None };
        measures::create_result(conn, &actor(), &measured(&measure, input.clone())).unwrap();
        match measures::create_result(conn, &actor(), &measured(&measure, input)) {
            Err(DbError::Invalid(fields)) => assert_eq!(fields.for_field("period_end"), Some("This measure already has a result for that period")),
            other => panic!("expected a field error, got {other:?}"),
        }
        assert_eq!(measures::results(conn, Some(measure.id), Archived::Hide).unwrap().len(), 1);
    }
}

on_both_backends! {
    fn a_stale_update_is_refused_and_changes_nothing(backend) {
        let db = common::TestDb::new(backend);
        let conn = &mut db.connect();
        let plan = small_plan(conn);
        let first = actions::update(conn, &actor(), plan.action, 1, &common::valid(action_input(plan.area, Some(plan.owner), "Renamed once")), |_| true).unwrap();
        assert_eq!(first.version, 2);
        let stale = actions::update(conn, &actor(), plan.action, 1, &common::valid(action_input(plan.area, Some(plan.owner), "Stale edit")), |_| true);
        assert!(matches!(stale, Err(DbError::Conflict { expected: 1, current: 2, .. })), "{stale:?}");
        let now = actions::get_any(conn, plan.action).unwrap();
        assert_eq!((now.title.as_str(), now.version), ("Renamed once", 2));
    }
}

on_both_backends! {
    fn history_keeps_before_and_after_of_every_update(backend) {
        let db = common::TestDb::new(backend);
        let conn = &mut db.connect();
        let plan = small_plan(conn);
        let mut input = action_input(plan.area, Some(plan.owner), "Train MASH managers");
        input.state = ActionState::Completed;
        input.completed_date = Some(date(2024, 9, 1));
        actions::update(conn, &Actor::system("Head of Service"), plan.action, 1, &common::valid(input), |_| true).unwrap();
        let history = db::history::list(conn, &db::history::HistoryFilter { entity: Some(sustain::domain::history::Entity::Action), entity_id: Some(plan.action.0), ..Default::default() }).unwrap();
        let update = history.iter().find(|h| h.what == sustain::domain::history::Change::Update).expect("an update entry");
        assert_eq!(update.actor, "Head of Service");
        let before: serde_json::Value = serde_json::from_str(update.before_json.as_deref().unwrap()).unwrap();
        let after: serde_json::Value = serde_json::from_str(update.after_json.as_deref().unwrap()).unwrap();
        assert_eq!(before, serde_json::json!({ "state": "in_progress", "completed_date": null }));
        assert_eq!(after, serde_json::json!({ "state": "completed", "completed_date": "2024-09-01" }));
        assert!(history.iter().any(|h| h.what == sustain::domain::history::Change::Create));
    }
}

on_both_backends! {
    fn archive_hides_and_restore_brings_back(backend) {
        let db = common::TestDb::new(backend);
        let conn = &mut db.connect();
        let plan = small_plan(conn);
        let archived = actions::archive(conn, &actor(), plan.action, 1).unwrap();
        assert!(archived.archived_at.is_some());
        assert!(actions::list(conn, Archived::Hide).unwrap().is_empty());
        assert_eq!(actions::list(conn, Archived::Include).unwrap().len(), 1);
        actions::restore(conn, &actor(), plan.action, archived.version).unwrap();
        assert_eq!(actions::list(conn, Archived::Hide).unwrap().len(), 1);
        let whats: Vec<String> = db::history::list(conn, &db::history::HistoryFilter { entity: Some(sustain::domain::history::Entity::Action), ..Default::default() })
            .unwrap().into_iter().map(|h| h.what.to_string()).collect();
        assert!(whats.contains(&"archive".to_string()) && whats.contains(&"restore".to_string()), "{whats:?}");
    }
}

on_both_backends! {
    fn of_two_concurrent_updates_at_one_version_exactly_one_wins(backend) {
        let db = common::TestDb::new(backend);
        let plan = small_plan(&mut db.connect());
        let barrier = std::sync::Arc::new(std::sync::Barrier::new(2));
        let outcomes: Vec<bool> = std::thread::scope(|scope| {
            let handles: Vec<_> = ["Edit from leader A", "Edit from leader B"].into_iter().map(|title| {
                let barrier = barrier.clone();
                let db = &db;
                let plan = &plan;
                scope.spawn(move || {
                    let mut conn = db.connect();
                    barrier.wait();
                    actions::update(&mut conn, &actor(), plan.action, 1, &common::valid(action_input(plan.area, Some(plan.owner), title)), |_| true).is_ok()
                })
            }).collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert_eq!(outcomes.iter().filter(|won| **won).count(), 1, "{outcomes:?}");
        let action = actions::get_any(&mut db.connect(), plan.action).unwrap();
        assert_eq!(action.version, 2);
    }
}

on_both_backends! {
    fn an_email_is_unique_ignoring_case(backend) {
        let db = common::TestDb::new(backend);
        let conn = &mut db.connect();
        common::add_user(conn, "Lead.Member@hartwell.example", Role::Viewer, "a-long-test-password-1");
        let again = db::users::create(conn, &actor(), &common::valid(sustain::domain::users::UserInput {
            email: "lead.member@HARTWELL.example".into(), display_name: "Copy".into(), role: Role::Viewer,
        }), None);
        assert!(matches!(again, Err(DbError::Invalid(_))), "{again:?}");
        assert!(db::users::find_by_email(conn, "LEAD.MEMBER@hartwell.example").unwrap().is_some());
    }
}

on_both_backends! {
    fn a_records_latest_changes_come_newest_first_up_to_the_limit(backend) {
        use sustain::db::history::{latest, Events, HistoryQuery};
        use sustain::domain::history::Entity;
        let db = common::TestDb::new(backend);
        let conn = &mut db.connect();
        let plan = small_plan(conn);
        for n in 1..=12 {
            let input = action_input(plan.area, Some(plan.owner), &format!("Renamed {n}"));
            actions::update(conn, &actor(), plan.action, n, &common::valid(input), |_| true).unwrap();
        }
        let tomorrow = chrono::Utc::now().naive_utc() + chrono::Duration::days(1);
        let record = HistoryQuery {
            entities: vec![Entity::Action],
            entity_id: Some(plan.action.0),
            before: Some(tomorrow),
            ..HistoryQuery::default()
        };
        let shown = latest(conn, &record, 10).unwrap();
        assert_eq!(shown.len(), 10, "ten of the action's thirteen changes");
        assert!(shown.iter().all(|h| h.entity_id == plan.action.0));
        assert!(shown.windows(2).all(|w| (w[0].at, w[0].id) > (w[1].at, w[1].id)), "newest first");
        let newest: serde_json::Value = serde_json::from_str(shown[0].after_json.as_deref().unwrap()).unwrap();
        assert_eq!(newest["title"], "Renamed 12");
        // The same filter read the general way (any other filter takes it) gives the same rows.
        let general = latest(conn, &HistoryQuery { events: Events::NoSessions, ..record.clone() }, 10).unwrap();
        assert_eq!(general.iter().map(|h| h.id).collect::<Vec<_>>(), shown.iter().map(|h| h.id).collect::<Vec<_>>());
        let before_any = HistoryQuery { before: Some(tomorrow - chrono::Duration::days(30)), ..record };
        assert!(latest(conn, &before_any, 10).unwrap().is_empty(), "nothing before the record was made");
    }
}
