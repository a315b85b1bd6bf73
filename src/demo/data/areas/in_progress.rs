//! Two areas still in progress from the focused visit: step-up and step-down,
//! and quality assurance (the one with overdue actions).

use super::{area, pct};
use crate::demo::data::build::{action, evidence, Dates, Plan, Review::*};
use crate::demo::data::calendar::Calendar;
use crate::demo::data::people::LEADER;
use crate::demo::data::series::{indicator, ramp};
use crate::demo::data::{DemoArea, DemoSignOff};
use crate::domain::kinds::{Direction::*, EvidenceKind::*};
use crate::domain::status::AreaStatus;

/// **In progress.** Two of four actions are done; the joint step-down protocol
/// is completed and awaits a leader's sign-off, and the shared case system,
/// returned to its owner, is still under way, due in the coming months.
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
                what: "A weekly panel of early help and social care managers agrees every step-up and step-down, with the family's worker present.",
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
                what: "One transfer form replaces the two services' separate forms, so information is not asked for twice.",
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
                what: "A protocol with police, health and schools that sets out who does what when a child steps down to early help.",
                owner: "ad_safeguarding",
                success: "Protocol signed by police, health and schools.",
                findings: f,
            },
            Dates { start: cal.day(8, 1), due: cal.ahead(2), done: Some(cal.days_ago(4)) },
        ),
        action(
            cal,
            Plan {
                reference: "6.4",
                title: "Shared case system for early help and social care",
                what: "Early help moves onto the social care case system, so a child's history travels with them between services.",
                owner: "dcs",
                success: "Both services record in one system.",
                findings: f,
            },
            Dates { start: cal.day(10, 1), due: cal.ahead(5), done: None },
        ),
    ];
    // Sign-off at work: 6.3 is completed and waits for a leader; 6.4 was marked
    // completed and returned to its owner, so it is in progress again.
    a.actions[2].sign_off = DemoSignOff::Awaiting;
    a.actions[3].sign_off = DemoSignOff::Returned {
        completed: cal.days_ago(9),
        on: cal.days_ago(6),
        by_email: LEADER.into(),
        reason: "Early help is not yet recording on the new system in two localities: mark it completed when \
                 both services record in one system everywhere."
            .into(),
    };
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
                what: "A framework setting out what is audited, by whom and how often, and how learning reaches practitioners.",
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
                what: "Every team has files audited every month, with the practitioner taking part in the audit conversation.",
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
                what: "The principal social worker and heads of service moderate a fifth of audits to keep grading consistent.",
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
                what: "A short briefing to practitioners after each monthly audit on what was learnt and what must change.",
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
                what: "An independent reviewer samples completed audits to test whether grades and learning are sound.",
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
