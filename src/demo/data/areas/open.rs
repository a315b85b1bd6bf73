//! The areas still in progress, and the one not started.

use super::{area, pct};
use crate::demo::data::build::{action, evidence, Dates, Plan, Review::*};
use crate::demo::data::calendar::Calendar;
use crate::demo::data::series::{audit, indicator, ramp, Spec};
use crate::demo::data::DemoArea;
use crate::domain::kinds::{Direction::*, EvidenceKind::*, Unit};
use crate::domain::status::AreaStatus;

/// **In progress.** Two of four actions are done; the joint step-down protocol
/// and the shared case system are still under way, due in the coming months.
pub(super) fn transfers(cal: &Calendar) -> DemoArea {
    let mut a = area(
        "transfers",
        "Step-up and step-down with early help",
        "How quickly and safely children move between statutory services and early help.",
        "early_help",
        AreaStatus::InProgress,
    );
    let f = &["fv-afi2"];
    a.actions = vec![
        action(
            cal,
            Plan {
                reference: "6.1",
                title: "Joint step-down panel",
                owner: "early_help",
                success: "Panel decides within 5 working days.",
                findings: f,
            },
            Dates { start: cal.day(20, 1), due: cal.m(14), done: Some(cal.day(14, 9)) },
        ),
        action(
            cal,
            Plan {
                reference: "6.2",
                title: "Single transfer form for both services",
                owner: "early_help",
                success: "One form in use across both services.",
                findings: f,
            },
            Dates { start: cal.day(18, 1), due: cal.m(11), done: Some(cal.day(11, 24)) },
        ),
        action(
            cal,
            Plan {
                reference: "6.3",
                title: "Step-down protocol agreed with partners",
                owner: "ad_safeguarding",
                success: "Protocol signed by police, health and schools.",
                findings: f,
            },
            Dates { start: cal.day(8, 1), due: cal.ahead(2), done: None },
        ),
        action(
            cal,
            Plan {
                reference: "6.4",
                title: "Shared case system for early help and social care",
                owner: "dcs",
                success: "Both services record in one system.",
                findings: f,
            },
            Dates { start: cal.day(10, 1), due: cal.ahead(5), done: None },
        ),
    ];
    a.evidence = evidence(
        cal,
        &[
            ("Step-down audit", CaseAudit, 2, 16, Verified),
            ("Transfer timeliness report", PerformanceData, 1, 9, Verified),
            ("Families' views on moving to early help", ChildFamilyFeedback, 3, 12, Draft),
            ("Early help practitioners' feedback", StaffFeedback, 4, 6, Verified),
            ("Step-down panel terms of reference", PolicyProcedure, 13, 10, Verified),
            ("Case example: smooth step-down", CaseExample, 5, 19, Verified),
            ("Panel minutes", Minutes, 2, 27, Draft),
            ("Transfer form training", Training, 11, 18, Verified),
            (
                "Case example: delayed transfer",
                CaseExample,
                6,
                2,
                Rejected("Describes a case from before the panel began."),
            ),
            ("Peer review of early help", ExternalReview, 9, 15, Verified),
            ("Step-down audit, previous quarter", CaseAudit, 5, 16, Verified),
            ("Transfer figures by team", Other, 0, 4, Draft),
        ],
        f,
        &["6.1"],
    );
    a.measures = vec![indicator(
        cal,
        pct(
            "Transfers to early help within 10 working days",
            "Cases stepped down to early help within 10 working days of the decision.",
            HigherIsBetter,
            85.0,
            true,
        ),
        61,
        2.0,
        ramp(40.0, 78.0, 2),
    )];
    a
}

/// **In progress, with overdue actions.** The audit framework and moderation
/// are in place, but learning briefings and the audit of audits are past their
/// due dates and not finished.
pub(super) fn quality_assurance(cal: &Calendar) -> DemoArea {
    let mut a = area(
        "qa",
        "Quality assurance and audit",
        "Whether audit, moderation and learning drive practice improvement.",
        "qa_manager",
        AreaStatus::InProgress,
    );
    let f = &["fv-afi8", "sef-afi1"];
    a.actions = vec![
        action(
            cal,
            Plan {
                reference: "7.1",
                title: "Quality assurance framework",
                owner: "qa_manager",
                success: "Framework approved by the leadership team.",
                findings: &["fv-afi8"],
            },
            Dates { start: cal.day(24, 1), due: cal.m(19), done: Some(cal.day(19, 14)) },
        ),
        action(
            cal,
            Plan {
                reference: "7.2",
                title: "Monthly audit programme across all teams",
                owner: "qa_manager",
                success: "Audit completed for every team every month.",
                findings: &["fv-afi8"],
            },
            Dates { start: cal.day(20, 1), due: cal.m(15), done: Some(cal.day(15, 28)) },
        ),
        action(
            cal,
            Plan {
                reference: "7.3",
                title: "Moderation of audit grades",
                owner: "psw",
                success: "One in five audits moderated.",
                findings: &["fv-afi8"],
            },
            Dates { start: cal.day(16, 1), due: cal.m(10), done: Some(cal.day(10, 5)) },
        ),
        action(
            cal,
            Plan {
                reference: "7.4",
                title: "Learning briefings to practitioners after each audit",
                owner: "qa_manager",
                success: "Briefing within a month of every audit.",
                findings: &["sef-afi1"],
            },
            Dates { start: cal.day(3, 1), due: cal.m(1), done: None },
        ),
        action(
            cal,
            Plan {
                reference: "7.5",
                title: "Audit of audits by an external reviewer",
                owner: "ad_safeguarding",
                success: "Review report to the improvement board.",
                findings: &["fv-afi8"],
            },
            Dates { start: cal.day(6, 1), due: cal.m(2), done: None },
        ),
    ];
    a.evidence = evidence(
        cal,
        &[
            ("Audit completion report", PerformanceData, 1, 12, Verified),
            ("Moderation report", CaseAudit, 2, 14, Verified),
            ("Practitioners' view of audit", StaffFeedback, 4, 21, Verified),
            ("Quality assurance framework", PolicyProcedure, 19, 14, Verified),
            ("Auditor training", Training, 17, 6, Verified),
            ("Audit learning briefing, first issue", Minutes, 0, 10, Draft),
            ("Case example: audit changes a plan", CaseExample, 3, 8, Verified),
            ("Family feedback gathered during audits", ChildFamilyFeedback, 5, 13, Verified),
            ("Audit tool", Other, 20, 2, Verified),
            ("External audit review scoping note", ExternalReview, 1, 25, Draft),
            ("Audit results by team", CaseAudit, 7, 9, Rejected("Totals do not match the audit programme.")),
            ("Moderation report, previous quarter", CaseAudit, 5, 14, Verified),
        ],
        f,
        &["7.2", "7.3"],
    );
    a.measures = vec![indicator(
        cal,
        pct("Audits completed on time", "Planned case-file audits completed in the month.", HigherIsBetter, 90.0, true),
        71,
        2.0,
        ramp(60.0, 87.0, 6),
    )];
    a
}

/// **In progress.** Started after the full inspection's first recommendation:
/// the plan template and training are done, coaching and the review of plans
/// at conferences are still under way.
pub(super) fn plans(cal: &Calendar) -> DemoArea {
    let mut a = area(
        "plans",
        "Quality of children's plans",
        "Whether children's plans are specific, measurable and written with children and families.",
        "psw",
        AreaStatus::InProgress,
    );
    let f = &["ilacs-r1"];
    a.actions = vec![
        action(
            cal,
            Plan {
                reference: "8.1",
                title: "New plan template with SMART outcomes",
                owner: "psw",
                success: "Template in use for every new plan.",
                findings: f,
            },
            Dates { start: cal.day(10, 1), due: cal.m(7), done: Some(cal.day(7, 17)) },
        ),
        action(
            cal,
            Plan {
                reference: "8.2",
                title: "Planning workshops for every team",
                owner: "workforce",
                success: "Every team attends.",
                findings: f,
            },
            Dates { start: cal.day(9, 1), due: cal.m(4), done: Some(cal.day(4, 26)) },
        ),
        action(
            cal,
            Plan {
                reference: "8.3",
                title: "Practice coaches review plans with social workers",
                owner: "psw",
                success: "Each social worker coached on two plans.",
                findings: f,
            },
            Dates { start: cal.day(6, 1), due: cal.ahead(3), done: None },
        ),
        action(
            cal,
            Plan {
                reference: "8.4",
                title: "Conference chairs check plans are specific",
                owner: "ad_safeguarding",
                success: "Chairs' checklist used in every conference.",
                findings: f,
            },
            Dates { start: cal.day(4, 1), due: cal.ahead(4), done: None },
        ),
    ];
    a.evidence = evidence(
        cal,
        &[
            ("Plans audit", CaseAudit, 1, 15, Verified),
            ("Young people's views of their plans", ChildFamilyFeedback, 2, 8, Verified),
            ("Plan template", PolicyProcedure, 7, 17, Verified),
            ("Workshop evaluations", Training, 4, 26, Verified),
            ("Case example: a plan rewritten with a family", CaseExample, 3, 3, Verified),
            ("Conference chairs' observations", StaffFeedback, 1, 22, Draft),
            ("Plans audit, previous quarter", CaseAudit, 4, 15, Verified),
            ("Improvement board minutes: plans", Minutes, 2, 28, Draft),
            ("Plan quality figures", PerformanceData, 0, 6, Draft),
            (
                "Parent's letter about their child's plan",
                ChildFamilyFeedback,
                5,
                11,
                Rejected("Personal details not removed."),
            ),
        ],
        f,
        &["8.1"],
    );
    a.measures = vec![audit(
        cal,
        pct(
            "Case audit: quality of children's plans (% good or better)",
            "Monthly audit of children's plans.",
            HigherIsBetter,
            75.0,
            true,
        ),
        81,
        2.0,
        ramp(48.0, 70.0, 0),
    )];
    a
}

/// **In progress.** The pathway plan template is done; the personal adviser
/// caseload review and young people's co-production are still open.
pub(super) fn care_leavers(cal: &Calendar) -> DemoArea {
    let mut a = area(
        "care_leavers",
        "Care leavers' pathway planning",
        "Whether pathway plans are up to date and shaped by young people leaving care.",
        "cic",
        AreaStatus::InProgress,
    );
    let f = &["ilacs-r2"];
    a.actions = vec![
        action(
            cal,
            Plan {
                reference: "9.1",
                title: "Pathway plan template written with young people",
                owner: "cic",
                success: "Template agreed by the children in care council.",
                findings: f,
            },
            Dates { start: cal.day(10, 1), due: cal.m(6), done: Some(cal.day(6, 20)) },
        ),
        action(
            cal,
            Plan {
                reference: "9.2",
                title: "Review of personal advisers' caseloads",
                owner: "cic",
                success: "No personal adviser holds more than 25 young people.",
                findings: f,
            },
            Dates { start: cal.day(7, 1), due: cal.ahead(2), done: None },
        ),
        action(
            cal,
            Plan {
                reference: "9.3",
                title: "Young people review their own plans every six months",
                owner: "cic",
                success: "Every plan reviewed with the young person within six months.",
                findings: f,
            },
            Dates { start: cal.day(5, 1), due: cal.ahead(6), done: None },
        ),
    ];
    a.evidence = evidence(
        cal,
        &[
            ("Pathway plans audit", CaseAudit, 2, 10, Verified),
            ("Children in care council feedback", ChildFamilyFeedback, 1, 14, Verified),
            ("Pathway plan template", PolicyProcedure, 6, 20, Verified),
            ("Personal advisers' survey", StaffFeedback, 3, 9, Verified),
            ("Case example: a young person's plan", CaseExample, 0, 8, Draft),
            ("Care leavers' accommodation report", PerformanceData, 1, 18, Verified),
            ("Personal adviser training", Training, 4, 12, Draft),
            ("Corporate parenting board minutes", Minutes, 2, 24, Verified),
            ("Care leavers' forum notes", Other, 5, 27, Rejected("Notes of a different forum.")),
            ("Ofsted annual engagement meeting notes", ExternalReview, 3, 19, Verified),
        ],
        f,
        &["9.1"],
    );
    a.measures = vec![
        indicator(
            cal,
            pct(
                "Pathway plans reviewed within 6 months",
                "Care leavers whose pathway plan was reviewed in the last six months.",
                HigherIsBetter,
                90.0,
                true,
            ),
            91,
            2.0,
            ramp(60.0, 81.0, 1),
        ),
        indicator(
            cal,
            pct(
                "Care leavers in suitable accommodation",
                "Care leavers aged 19 to 21 in suitable accommodation.",
                HigherIsBetter,
                90.0,
                false,
            ),
            92,
            1.5,
            ramp(84.0, 89.0, 6),
        ),
    ];
    a
}

/// **Not started.** The sufficiency actions answer the latest recommendation
/// and the self-evaluation; both are planned to start next month or later.
pub(super) fn sufficiency(cal: &Calendar) -> DemoArea {
    let mut a = area(
        "sufficiency",
        "Sufficiency of local placements",
        "Whether there are enough local homes for children in care.",
        "commissioning",
        AreaStatus::NotStarted,
    );
    let f = &["ilacs-r3", "sef-afi2"];
    a.actions = vec![
        action(
            cal,
            Plan {
                reference: "10.1",
                title: "Costed plan for two local children's homes",
                owner: "commissioning",
                success: "Cabinet approves the capital plan.",
                findings: f,
            },
            Dates { start: Calendar::after(cal.as_at, 20), due: cal.ahead(9), done: None },
        ),
        action(
            cal,
            Plan {
                reference: "10.2",
                title: "Foster carer recruitment campaign",
                owner: "cic",
                success: "Twenty new fostering households approved.",
                findings: &["ilacs-r3"],
            },
            Dates { start: Calendar::after(cal.as_at, 45), due: cal.ahead(12), done: None },
        ),
    ];
    a.evidence = evidence(
        cal,
        &[
            ("Sufficiency needs analysis", PerformanceData, 1, 20, Draft),
            ("Placement commissioning notes", Minutes, 2, 12, Draft),
            ("Foster carers' views on recruitment", StaffFeedback, 1, 4, Draft),
            ("Regional sufficiency review", ExternalReview, 3, 15, Rejected("Covers the region, not Hartwell.")),
            ("Children's views on living near home", ChildFamilyFeedback, 0, 2, Draft),
            ("Sufficiency strategy", PolicyProcedure, 4, 9, Draft),
        ],
        f,
        &[],
    );
    a.measures = vec![indicator(
        cal,
        Spec {
            name: "Children in care placed within 20 miles of home",
            description: "Share of children in care living within 20 miles of home.",
            unit: Unit::Percent,
            direction: HigherIsBetter,
            target: Some(75.0),
            key: false,
        },
        101,
        1.5,
        |_| 62.0,
    )];
    a
}
