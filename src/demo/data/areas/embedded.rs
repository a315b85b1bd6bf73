//! The two embedded areas.

use super::{area, pct};
use crate::demo::data::build::{action, evidence, Dates, Plan, Review::*};
use crate::demo::data::calendar::Calendar;
use crate::demo::data::series::{audit, compared_with, indicator, not_entered_for, ramp, recalculated, Spec};
use crate::demo::data::DemoArea;
use crate::domain::kinds::{Direction::*, EvidenceKind::*, Unit};
use crate::domain::status::AreaStatus;

/// **Embedded.** Every action finished 10 to 20 months ago; verified evidence
/// of six kinds observed in the last year; both key measures have been steady
/// above target for over a year (the referral indicator's SPC limits restart
/// from the month it reached its new level), so no concern at the latest point.
pub(super) fn front_door(cal: &Calendar) -> DemoArea {
    let mut a = area(
        "front_door",
        "Front door decisions and risk identification",
        "How the MASH identifies risk and decides on contacts and referrals, with partners.",
        "hos_mash",
        AreaStatus::Embedded,
    );
    let f = &["fv-apa1", "fv-afi3", "fv-afi4"];
    a.actions = vec![
        action(
            cal,
            Plan {
                reference: "1.1",
                title: "Introduce a daily MASH risk meeting with police and health",
                what: "Police, health and social care meet every morning to review contacts received since the day before and agree the response to each child at risk.",
                owner: "hos_mash",
                success: "Every contact rated red is discussed with partners on the day it arrives.",
                findings: &["fv-apa1"],
            },
            Dates { start: cal.day(25, 1), due: cal.m(22), done: Some(cal.day(21, 14)) },
        ),
        action(
            cal,
            Plan {
                reference: "1.2",
                title: "Train MASH social workers and managers in risk analysis",
                what: "A two-day course on analysing risk and need, followed by reflective sessions in which MASH managers test decisions against the course.",
                owner: "psw",
                success: "All MASH staff trained; audits show risk analysed in 90% of referrals.",
                findings: &["fv-apa1", "fv-afi3"],
            },
            Dates { start: cal.day(24, 3), due: cal.m(19), done: Some(cal.day(19, 20)) },
        ),
        action(
            cal,
            Plan {
                reference: "1.3",
                title: "Rewrite RAG rating guidance for referrals",
                what: "New guidance ties each RAG rating to the harm a child faces, with worked examples; managers confirm the rating on every referral.",
                owner: "hos_mash",
                success: "Dip-samples show RAG ratings match assessed risk.",
                findings: &["fv-afi4"],
            },
            Dates { start: cal.day(24, 10), due: cal.m(20), done: Some(cal.day(20, 25)) },
        ),
        action(
            cal,
            Plan {
                reference: "1.4",
                title: "Police triage officer co-located in the MASH",
                what: "A detective constable from the Public Protection Unit sits in the MASH each weekday, so police checks no longer wait for an email reply.",
                owner: "police",
                success: "Police checks returned within 4 hours for urgent contacts.",
                findings: &["fv-apa1"],
            },
            Dates { start: cal.day(23, 1), due: cal.m(17), done: Some(cal.day(16, 9)) },
        ),
        action(
            cal,
            Plan {
                reference: "1.5",
                title: "Health information shared at the point of contact",
                what: "The safeguarding nurse team gives GP and health visiting information before a decision, instead of after it.",
                owner: "health",
                success: "Health checks complete before the decision in 95% of contacts.",
                findings: &["fv-apa1"],
            },
            Dates { start: cal.day(22, 1), due: cal.m(13), done: Some(cal.day(12, 18)) },
        ),
    ];
    a.evidence = evidence(
        cal,
        &[
            ("Monthly dip-sample of MASH decisions", CaseAudit, 2, 12, Verified),
            ("Referral timeliness dashboard", PerformanceData, 1, 8, Verified),
            ("Parents' feedback on first contact", ChildFamilyFeedback, 4, 20, Verified),
            ("Case example: same-day strategy discussion", CaseExample, 3, 15, Verified),
            ("MASH staff survey", StaffFeedback, 5, 10, Verified),
            ("Improvement board minutes: front door", Minutes, 6, 22, Verified),
            ("ILACS report extract on the front door", ExternalReview, 11, 25, Verified),
            ("Risk analysis training attendance", Training, 18, 5, Verified),
            ("Revised RAG rating guidance", PolicyProcedure, 20, 26, Verified),
            ("Quarterly MASH themed audit", CaseAudit, 8, 14, Verified),
            ("Partner feedback from the police triage officer", StaffFeedback, 9, 3, Verified),
            ("Case example: RAG rating changed after review", CaseExample, 0, 5, Draft),
            ("Latest dip-sample of contacts", CaseAudit, 0, 10, Draft),
            (
                "Partner survey with four replies",
                StaffFeedback,
                7,
                12,
                Rejected("Four replies cannot show a change across partners; repeat the survey."),
            ),
            ("Peer review of the MASH", ExternalReview, 14, 17, Verified),
            ("Threshold clinic notes", Other, 10, 6, Verified),
        ],
        f,
        &["1.1", "1.2"],
    );
    // The indicator reached its new level 16 months back; its limits restart
    // there. The audit keeps one segment: its small monthly samples are noisy, and
    // a short new segment would flag a one-month concern in the "as at" history.
    let since_change = cal.m(16);
    a.measures = vec![
        recalculated(
            indicator(
                cal,
                pct(
                    "Referral decisions within 1 working day",
                    "Share of referrals with a decision within one working day of receipt.",
                    HigherIsBetter,
                    90.0,
                    true,
                ),
                11,
                1.5,
                ramp(62.0, 95.0, 16),
            ),
            since_change,
        ),
        audit(
            cal,
            pct(
                "Case audit: risk identified and analysed (% good or better)",
                "Monthly audit of MASH decisions, graded on the Ofsted scale.",
                HigherIsBetter,
                80.0,
                true,
            ),
            12,
            2.0,
            ramp(45.0, 89.0, 16),
        ),
        compared_with(
            indicator(
                cal,
                pct(
                    "Re-referrals within 12 months",
                    "Referrals within 12 months of a previous referral.",
                    LowerIsBetter,
                    22.0,
                    false,
                ),
                13,
                1.0,
                ramp(28.0, 19.0, 12),
            ),
            "rereferrals_percent",
        ),
    ];
    a
}

/// **Embedded, at risk of slipping.** Supervision and oversight actions
/// finished over a year ago; verified audits, staff and family feedback in the
/// last year; supervision timeliness and the oversight audit steady above
/// target (limits recalculated from the month they reached the new level);
/// caseloads halved. But supervision timeliness has not been entered for the
/// last two months (the report stopped when the case-management system
/// moved), so at the end of the month after next (28 to 62 days ahead) it
/// will have fewer than 3 results in the last 6 months: the area is at risk
/// of slipping then unless results are entered.
pub(super) fn oversight(cal: &Calendar) -> DemoArea {
    let mut a = area(
        "oversight",
        "Management oversight and supervision",
        "Whether managers' oversight is timely, recorded and purposeful, and supervision happens on time.",
        "ad_safeguarding",
        AreaStatus::Embedded,
    );
    let f = &["fv-apa2", "fv-afi7"];
    a.actions = vec![
        action(
            cal,
            Plan {
                reference: "2.1",
                title: "New supervision policy and recording template",
                what: "A single supervision policy for every team, with a template that records reflection, decisions and actions on the child's file.",
                owner: "psw",
                success: "Supervision recorded on every child's file within 5 working days.",
                findings: &["fv-apa2", "fv-afi7"],
            },
            Dates { start: cal.day(25, 5), due: cal.m(21), done: Some(cal.day(21, 2)) },
        ),
        action(
            cal,
            Plan {
                reference: "2.2",
                title: "Manager development programme",
                what: "A six-module programme for team and practice managers on oversight, decision-making and leading supervision.",
                owner: "workforce",
                success: "Every team manager completes the programme.",
                findings: &["fv-apa2"],
            },
            Dates { start: cal.day(24, 1), due: cal.m(16), done: Some(cal.day(16, 27)) },
        ),
        action(
            cal,
            Plan {
                reference: "2.3",
                title: "Recruit to reduce caseloads to 18 or fewer",
                what: "Recruit permanent social workers and a return-to-practice cohort so that no worker holds more than 18 children.",
                owner: "dcs",
                success: "Average caseload per social worker at or below 18.",
                findings: &["fv-apa2"],
            },
            Dates { start: cal.day(24, 1), due: cal.m(14), done: Some(cal.day(14, 20)) },
        ),
        action(
            cal,
            Plan {
                reference: "2.4",
                title: "Monthly oversight audit by heads of service",
                what: "Heads of service audit manager oversight on a sample of files every month and feed back to each manager.",
                owner: "qa_manager",
                success: "Oversight audit results reported monthly to the improvement board.",
                findings: &["fv-afi7"],
            },
            Dates { start: cal.day(23, 1), due: cal.m(20), done: Some(cal.day(20, 28)) },
        ),
        action(
            cal,
            Plan {
                reference: "2.5",
                title: "Decision-making panel for drift and delay",
                what: "A fortnightly panel, chaired by a head of service, where drift and delay in children's plans is escalated and decided.",
                owner: "ad_safeguarding",
                success: "No child waits more than 10 days for a management decision.",
                findings: &["fv-apa2"],
            },
            Dates { start: cal.day(22, 4), due: cal.m(15), done: Some(cal.day(15, 11)) },
        ),
    ];
    a.evidence = evidence(
        cal,
        &[
            ("Oversight audit: quarter summary", CaseAudit, 2, 9, Verified),
            ("Supervision timeliness report", PerformanceData, 1, 6, Verified),
            ("Social worker health check survey", StaffFeedback, 6, 18, Verified),
            ("Young people's feedback on their social workers", ChildFamilyFeedback, 3, 21, Verified),
            ("Case example: manager's decision unblocks a plan", CaseExample, 4, 11, Verified),
            ("Supervision policy", PolicyProcedure, 21, 3, Verified),
            ("Manager development programme evaluation", Training, 15, 8, Verified),
            ("Improvement board minutes: oversight", Minutes, 5, 24, Verified),
            ("ILACS report extract on oversight", ExternalReview, 11, 25, Verified),
            ("Practice observation of supervision", CaseExample, 8, 2, Verified),
            ("Workforce caseload dashboard", PerformanceData, 9, 7, Verified),
            ("Draft oversight audit for this month", CaseAudit, 0, 8, Draft),
            (
                "Manager's note on one case",
                Other,
                7,
                16,
                Rejected("One case note does not show oversight across teams."),
            ),
            ("Supervision audit by the principal social worker", CaseAudit, 10, 19, Verified),
            ("Team manager focus group", StaffFeedback, 12, 14, Verified),
            ("Family feedback survey, autumn", ChildFamilyFeedback, 13, 9, Verified),
        ],
        f,
        &["2.1", "2.4"],
    );
    // The key measures reached their new level 16 months back; limits restart there.
    let since_change = cal.m(16);
    a.measures = vec![
        not_entered_for(
            recalculated(
                indicator(
                    cal,
                    pct(
                        "Supervision within timescale",
                        "Supervision sessions held on time.",
                        HigherIsBetter,
                        85.0,
                        true,
                    ),
                    21,
                    1.5,
                    ramp(55.0, 92.0, 16),
                ),
                since_change,
            ),
            2,
        ),
        recalculated(
            audit(
                cal,
                pct(
                    "Case audit: management oversight (% good or better)",
                    "Monthly audit of management oversight on children's files.",
                    HigherIsBetter,
                    75.0,
                    true,
                ),
                22,
                2.0,
                ramp(40.0, 86.0, 16),
            ),
            since_change,
        ),
        indicator(
            cal,
            Spec {
                name: "Average caseload per social worker",
                description: "Children per qualified social worker.",
                unit: Unit::Ratio,
                direction: LowerIsBetter,
                target: Some(18.0),
                key: false,
            },
            23,
            0.6,
            ramp(27.0, 15.5, 14),
        ),
    ];
    a
}
