//! The rows the role matrix's requests point at: one of every record, each
//! where every role that may change it can.
#![allow(dead_code)]

use crate::common;
use sustain::db::{self, actions, areas, evidence, inspections, measures, owners, Actor};
use sustain::domain::evidence::{EvidenceInput, MeasureInput, MeasureShape, MeasuredResult, ResultInput};
use sustain::domain::ids::*;
use sustain::domain::kinds::*;
use sustain::domain::plan::{ActionInput, AreaInput, InspectionInput, OwnerInput};

pub const PASSWORD: &str = "a-long-test-password-1";

/// Ids of the rows the matrix requests point at.
#[derive(Debug, Clone, Copy)]
pub struct Fixture {
    pub action: ActionId,
    pub evidence: EvidenceId,
    pub attachment: AttachmentId,
    pub target_user: UserId,
    pub owner: OwnerId,
    /// An owner linked to no one, for the owner forms.
    pub other_owner: OwnerId,
    /// The area everything is in.
    pub area: AreaId,
    /// An area with nothing in it, so that archiving it is allowed.
    pub empty_area: AreaId,
    pub inspection: InspectionId,
    pub judgement: JudgementId,
    pub finding: FindingId,
    pub measure: MeasureId,
    pub result: ResultId,
    /// A case audit's result, which can be recorded as evidence.
    pub audit_result: ResultId,
    /// A link sharing the inspection's pack.
    pub share: i64,
    /// A progress report issued.
    pub report: i64,
    /// A published indicator (re-referrals), loaded with the neighbour model.
    pub figure: i64,
    /// A request for evidence about the action, asked of its owner.
    pub request: RequestId,
    /// An invitation of the target user to set a password, still pending.
    pub invitation: i64,
}

pub fn email(role: Role) -> String {
    format!("{role}@hartwell.example")
}

pub fn prepare(conn: &mut db::DbConnection) -> Fixture {
    let actor = Actor::system("test");
    let mut ids = std::collections::HashMap::new();
    for role in Role::ALL {
        ids.insert(*role, common::add_user(conn, &email(*role), *role, PASSWORD));
    }
    let target_user = common::add_user(conn, "someone@hartwell.example", Role::Viewer, PASSWORD);
    let owner = owners::create(
        conn,
        &actor,
        &common::valid(OwnerInput {
            name: "Contributor".into(),
            job_title: "QA officer".into(),
            team: "QA".into(),
            email: None,
            user_id: Some(ids[&Role::Contributor]),
        }),
    )
    .unwrap();
    let area =
        areas::create(conn, &actor, &common::valid(AreaInput { name: "Front door".into(), ..Default::default() }))
            .unwrap();
    let action = actions::create(
        conn,
        &actor,
        &common::valid(ActionInput {
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
        }),
    )
    .unwrap();
    let file = db::attachments::NewAttachment {
        file_name: "sample.csv".into(),
        media_type: "text/csv".into(),
        content: b"a,b\n".to_vec(),
    };
    // Added by the contributor, so that they may change it while it is a draft.
    let added_by = Actor::user(ids[&Role::Contributor], "Contributor");
    let item = evidence::create(
        conn,
        &added_by,
        &common::valid(EvidenceInput {
            title: "Dip-sample".into(),
            kind: EvidenceKind::CaseAudit,
            description: String::new(),
            observed_on: chrono::NaiveDate::from_ymd_opt(2025, 1, 31).unwrap(),
            period_start: None,
            period_end: None,
            practice_area_id: area.id,
        }),
        &[file],
    )
    .unwrap();
    let attachment = db::attachments::for_evidence(conn, item.id).unwrap().remove(0);
    let other_owner = owners::create(
        conn,
        &actor,
        &common::valid(OwnerInput {
            name: "DI Chris Walsh".into(),
            job_title: "Detective Inspector".into(),
            team: "Hartshire Police".into(),
            email: None,
            user_id: None,
        }),
    )
    .unwrap();
    let empty_area =
        areas::create(conn, &actor, &common::valid(AreaInput { name: "Care leavers".into(), ..Default::default() }))
            .unwrap();
    let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
    let inspection = inspections::create(
        conn,
        &actor,
        &common::valid(InspectionInput {
            kind: InspectionKind::FocusedVisit,
            title: "Focused visit".into(),
            inspectorate: "Ofsted".into(),
            start_date: day(2024, 3, 5),
            end_date: day(2024, 3, 6),
            published_on: None,
            overall_judgement: None,
            report_url: None,
            draft_plan_due: None,
            final_plan_due: None,
        }),
    )
    .unwrap();
    let judgement = inspections::judgement::create(
        conn,
        &actor,
        &common::valid(sustain::domain::plan::JudgementInput {
            inspection_id: inspection.id,
            area: "The experiences and progress of children in care".into(),
            grade: Grade::Good,
        }),
    )
    .unwrap();
    let finding = common::add_priority_action(conn, &actor, inspection.id, area.id);
    let measure = measures::create(conn, &actor, &common::valid(indicator(area.id))).unwrap();
    let shape = MeasureShape { kind: measure.kind, unit: measure.unit };
    let result = MeasuredResult::check(
        ResultInput {
            measure_id: measure.id,
            period_end: day(2024, 12, 31),
            value: Some(80.0),
            grades: None,
            sample_size: None,
            note: None,
        },
        shape,
        &common::context(),
    )
    .unwrap();
    let result = measures::create_result(conn, &actor, &result).unwrap();
    let audit = MeasureInput {
        name: "Front door case audits".into(),
        kind: MeasureKind::CaseAudit,
        is_key: false,
        ..indicator(area.id)
    };
    let audit = measures::create(conn, &actor, &common::valid(audit)).unwrap();
    let graded = ResultInput {
        measure_id: audit.id,
        period_end: day(2024, 12, 31),
        value: None,
        grades: Some(sustain::domain::audit::GradeCounts {
            outstanding: 1,
            good: 8,
            requires_improvement: 1,
            inadequate: 0,
        }),
        sample_size: None,
        note: None,
    };
    let graded = MeasuredResult::check(graded, MeasureShape { kind: audit.kind, unit: audit.unit }, &common::context());
    let audit_result = measures::create_result(conn, &actor, &graded.unwrap()).unwrap();
    let expires = sustain::domain::dates::england_date(chrono::Utc::now().naive_utc()) + chrono::Duration::days(30);
    let (share, _) = db::shares::create(conn, &actor, inspection.id, "Inspectors", expires).unwrap();
    let report = db::reports::issue(
        conn,
        &actor,
        db::reports::NewReport {
            kind: sustain::domain::kinds::ReportKind::Progress,
            format: sustain::domain::kinds::ReportFormat::Pdf,
            as_at: common::today(),
            since: Some(common::today() - chrono::Days::new(90)),
            inspection_id: None,
            generation: 1,
            sha256: "0".repeat(64),
            form: sustain::domain::kinds::ReportForm::Full,
            commentary: None,
        },
    )
    .unwrap();
    let figure = published_figures(conn);
    let asked = sustain::domain::requests::RequestInput {
        subject: sustain::domain::requests::Subject::Action(action.id),
        owner_id: owner.id,
        due_on: common::today() + chrono::Duration::days(30),
        wanted: "The last three supervision records".into(),
    };
    let request = db::requests::create(conn, &actor, &common::valid(asked), common::today()).unwrap();
    let week = sustain::db::history::now() + chrono::Duration::days(7);
    let (invitation, _) = db::invitations::invite_existing(conn, &actor, target_user, week).unwrap();
    Fixture {
        invitation: invitation.id,
        request: request.id,
        action: action.id,
        evidence: item.id,
        attachment: attachment.id,
        target_user,
        owner: owner.id,
        other_owner: other_owner.id,
        area: area.id,
        empty_area: empty_area.id,
        inspection: inspection.id,
        judgement: judgement.id,
        finding: finding.id,
        measure: measure.id,
        result: result.id,
        audit_result: audit_result.id,
        share: share.id,
        report: report.id,
        figure,
    }
}

/// The neighbour model and one published file, not all of them: enough for
/// the figures routes to answer, quickly. Swindon (866) is in both.
fn published_figures(conn: &mut db::DbConnection) -> i64 {
    let files: [(&str, &[u8]); 2] = [
        ("sn_model_2025_wide.csv", include_bytes!("../../assets/figures/sn_model_2025_wide.csv")),
        (
            "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
            include_bytes!("../../assets/figures/c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"),
        ),
    ];
    db::figures::load_files(conn, &Actor::system("test"), &files).expect("the published files load");
    db::figures::indicator_by_code(conn, "rereferrals_percent").unwrap().expect("re-referrals are loaded").id
}

fn indicator(area: AreaId) -> MeasureInput {
    MeasureInput {
        practice_area_id: area,
        name: "Referral decisions within 1 working day".into(),
        description: String::new(),
        kind: MeasureKind::Indicator,
        unit: Unit::Percent,
        direction: Direction::HigherIsBetter,
        target: Some(80.0),
        frequency: Frequency::Monthly,
        is_key: true,
        baseline_points: None,
        screen_moving_ranges: true,
        published_indicator_code: None,
    }
}
