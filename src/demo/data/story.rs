//! The three visits and what each found.

use super::calendar::Calendar;
use super::{DemoFinding, DemoInspection};
use crate::domain::calendar::{add_working_days, plan_deadlines};
use crate::domain::kinds::{FindingKind, Grade, InspectionKind};
use crate::domain::plan::InspectionInput;

fn finding(key: &'static str, area_key: &'static str, kind: FindingKind, reference: &str, text: &str) -> DemoFinding {
    DemoFinding { key: key.into(), area_key: area_key.into(), kind, reference: reference.into(), text: text.into() }
}

pub(super) fn inspections(cal: &Calendar) -> Vec<DemoInspection> {
    use FindingKind::*;
    // Visits begin on a working day; letters and reports are published some weeks
    // later; plans are due in working days from publication (DOMAIN.md).
    let fv_start = Calendar::working_day_from(cal.day(26, 8));
    let fv_end = add_working_days(fv_start, 1);
    let fv_published = add_working_days(fv_end, 25);
    let fv_plans = plan_deadlines(fv_published);
    let ilacs_start = Calendar::working_day_from(cal.day(13, 3));
    let ilacs_end = add_working_days(ilacs_start, 14);
    let ilacs_published = add_working_days(ilacs_end, 30);
    let sef_published = Calendar::working_day_from(cal.day(2, 10));
    vec![
        DemoInspection {
            key: "fv".into(),
            details: InspectionInput {
                kind: InspectionKind::FocusedVisit,
                title: "Focused visit: the front door".into(),
                inspectorate: "Ofsted".into(),
                start_date: fv_start,
                end_date: fv_end,
                published_on: Some(fv_published),
                overall_judgement: None,
                report_url: Some("https://reports.hartwell.example/ofsted/focused-visit-front-door".into()),
                draft_plan_due: Some(fv_plans.draft),
                final_plan_due: Some(fv_plans.final_plan),
            },
            judgements: vec![],
            findings: vec![
                finding("fv-apa1", "front_door", PriorityAction, "APA1", "Identification of risk, so that decisions are not delayed when a child is at risk of harm."),
                finding("fv-apa2", "oversight", PriorityAction, "APA2", "The quality of management oversight, so that decisions are timely and plans progress for children."),
                finding("fv-afi1", "thresholds", AreaForImprovement, "AFI1", "Thresholds are not well understood by partners and are inconsistently applied."),
                finding("fv-afi2", "transfers", AreaForImprovement, "AFI2", "There are delays when cases transfer between statutory and early help services."),
                finding("fv-afi3", "front_door", AreaForImprovement, "AFI3", "Risk is not identified in all cases at the front door."),
                finding("fv-afi4", "front_door", AreaForImprovement, "AFI4", "RAG ratings on referrals do not reflect the level of risk to children."),
                finding("fv-afi5", "recording", AreaForImprovement, "AFI5", "Case recording is consistently poor: records do not show the child's experience or the reasons for decisions."),
                finding("fv-afi6", "lado", AreaForImprovement, "AFI6", "Referrals to the designated officer (LADO) are not answered in time."),
                finding("fv-afi7", "oversight", AreaForImprovement, "AFI7", "Management oversight is poor and is not recorded on children's files."),
                finding("fv-afi8", "qa", AreaForImprovement, "AFI8", "Quality assurance is under-developed and does not drive improvement."),
                finding("fv-s1", "oversight", Strength, "S1", "Staff are positive about working in Hartwell and value the accessibility of their managers."),
                finding("fv-s2", "front_door", Strength, "S2", "When risk is clear, strategy discussions with police and health happen quickly and include the right agencies."),
            ],
        },
        DemoInspection {
            key: "ilacs".into(),
            details: InspectionInput {
                kind: InspectionKind::StandardInspection,
                title: "Inspection of local authority children's services (ILACS)".into(),
                inspectorate: "Ofsted".into(),
                start_date: ilacs_start,
                end_date: ilacs_end,
                published_on: Some(ilacs_published),
                overall_judgement: Some(Grade::Good),
                report_url: Some("https://reports.hartwell.example/ofsted/ilacs".into()),
                draft_plan_due: None,
                final_plan_due: Some(plan_deadlines(ilacs_published).final_plan),
            },
            judgements: vec![
                ("The impact of leaders on social work practice with children and families".into(), Grade::Good),
                ("The experiences and progress of children who need help and protection".into(), Grade::Good),
                ("The experiences and progress of children in care".into(), Grade::Good),
                ("The experiences and progress of care leavers".into(), Grade::RequiresImprovement),
                ("Overall effectiveness".into(), Grade::Good),
            ],
            findings: vec![
                finding("ilacs-r1", "plans", Recommendation, "R1", "The quality of children's plans, so that they are specific, measurable and written with children and families."),
                finding("ilacs-r2", "care_leavers", Recommendation, "R2", "Pathway planning for care leavers, so that plans are up to date and shaped by young people."),
                finding("ilacs-r3", "sufficiency", Recommendation, "R3", "The sufficiency of local placements, so that more children can live close to home."),
                finding("ilacs-s1", "front_door", Strength, "S1", "The front door responds quickly and effectively when children are at risk of harm."),
                finding("ilacs-s2", "oversight", Strength, "S2", "Supervision and management oversight are timely and purposeful; caseloads have halved."),
            ],
        },
        DemoInspection {
            key: "sef".into(),
            details: InspectionInput {
                kind: InspectionKind::SelfEvaluation,
                title: "Annual self-evaluation of social work practice".into(),
                inspectorate: "Hartwell Borough Council".into(),
                start_date: cal.day(3, 1),
                end_date: cal.m(3),
                published_on: Some(sef_published),
                overall_judgement: None,
                report_url: None,
                draft_plan_due: None,
                final_plan_due: None,
            },
            judgements: vec![],
            findings: vec![
                finding("sef-afi1", "qa", AreaForImprovement, "AFI1", "Learning from audits is not yet fed back to practitioners consistently."),
                finding("sef-afi2", "sufficiency", AreaForImprovement, "AFI2", "The sufficiency strategy needs a costed plan for local residential homes."),
                finding("sef-afi3", "recording", AreaForImprovement, "AFI3", "Children and families rarely contribute to how their records are written."),
            ],
        },
    ]
}
