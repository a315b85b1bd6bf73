//! The areas answering the full inspection's recommendations: two in progress,
//! and placement sufficiency, not started.

use super::{area, pct};
use crate::demo::data::build::{action, evidence, Dates, Plan, Review::*};
use crate::demo::data::calendar::Calendar;
use crate::demo::data::series::{audit, indicator, ramp, Spec};
use crate::demo::data::DemoArea;
use crate::domain::kinds::{Direction::*, EvidenceKind::*, Unit};
use crate::domain::status::AreaStatus;

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
                what: "A plan template that asks for specific, measurable outcomes, written in words the child and family use.",
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
                what: "Half-day workshops for every team on writing plans with families, using anonymised Hartwell plans.",
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
                what: "Practice coaches sit with social workers to review and rewrite live plans with them.",
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
                what: "Child protection chairs use a checklist at every conference to check that plans are specific and owned.",
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
                what: "A pathway plan template written with the children in care council, in young people's own words.",
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
                what: "Personal advisers' caseloads are reviewed and rebalanced, with two new posts if needed.",
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
                what: "Every care leaver reviews their own pathway plan with their personal adviser at least every six months.",
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
            (
                "Case example: a young person's plan",
                CaseExample,
                0,
                8,
                Returned("Say which plan this is (its case number, not the young person's name) and what changed for them, so it can be checked against the case record."),
            ),
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
                what: "A costed business case for two local children's homes, for cabinet to approve the capital spending.",
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
                what: "A recruitment campaign for local foster carers, with better support and allowances for new households.",
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
