//! The ten practice areas. Each one's doc comment says the verdict it is
//! shaped to give under the default rules, as at any date, and why.

use super::build::{action, evidence, Dates, Plan, Review::*};
use super::calendar::Calendar;
use super::series::{audit, indicator, ramp, Spec};
use super::DemoArea;
use crate::domain::kinds::{Direction::*, EvidenceKind::*, Unit};
use crate::domain::status::AreaStatus;

use super::areas_more as more;

pub(super) fn all(cal: &Calendar) -> Vec<DemoArea> {
    vec![
        front_door(cal),
        oversight(cal),
        thresholds(cal),
        recording(cal),
        lado(cal),
        more::transfers(cal),
        more::quality_assurance(cal),
        more::plans(cal),
        more::care_leavers(cal),
        more::sufficiency(cal),
    ]
}

pub(super) fn area(
    key: &'static str,
    name: &str,
    description: &str,
    lead: &'static str,
    status: AreaStatus,
) -> DemoArea {
    DemoArea {
        key,
        name: name.into(),
        description: description.into(),
        lead_owner_key: lead,
        intended_status: status,
        actions: vec![],
        evidence: vec![],
        measures: vec![],
    }
}

pub(super) fn pct(
    name: &'static str,
    description: &'static str,
    direction: crate::domain::kinds::Direction,
    target: f64,
    key: bool,
) -> Spec<'static> {
    Spec { name, description, unit: Unit::Percent, direction, target: Some(target), key }
}

/// **Embedded.** Every action finished 10 to 20 months ago; verified evidence
/// of six kinds observed in the last year; both key measures have been steady
/// above target for over a year, so there is no concern at the latest point.
fn front_door(cal: &Calendar) -> DemoArea {
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
    a.measures = vec![
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
    ];
    a
}

/// **Embedded.** Supervision and oversight actions finished over a year ago;
/// verified audits, staff and family feedback in the last year; supervision
/// timeliness and the oversight audit steady above target; caseloads halved.
fn oversight(cal: &Calendar) -> DemoArea {
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
    a.measures = vec![
        indicator(
            cal,
            pct("Supervision within timescale", "Supervision sessions held on time.", HigherIsBetter, 85.0, true),
            21,
            1.5,
            ramp(55.0, 92.0, 16),
        ),
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
        indicator(
            cal,
            Spec {
                name: "Average caseload per social worker",
                description: "Children per qualified social worker.",
                unit: Unit::Count,
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

/// **Not yet sustained: a key measure dipped.** Actions are finished and the
/// evidence is triangulated, but the threshold audit fell below its 80% target
/// in the last two months. The second kind of evidence was only verified last
/// month, after the dip began, so the area was never embedded: not slipping.
fn thresholds(cal: &Calendar) -> DemoArea {
    let mut a = area(
        "thresholds",
        "Thresholds and partner understanding",
        "Whether partners understand and apply the threshold document consistently.",
        "hos_mash",
        AreaStatus::NotYetSustained,
    );
    let f = &["fv-afi1"];
    a.actions = vec![
        action(
            cal,
            Plan {
                reference: "3.1",
                title: "Relaunch the threshold document with partners",
                owner: "hos_mash",
                success: "Every partner agency has briefed its staff.",
                findings: f,
            },
            Dates { start: cal.day(22, 1), due: cal.m(16), done: Some(cal.day(16, 3)) },
        ),
        action(
            cal,
            Plan {
                reference: "3.2",
                title: "Weekly threshold clinic for schools and GPs",
                owner: "early_help",
                success: "Clinics held weekly; partner contacts appropriate in 80% of audited cases.",
                findings: f,
            },
            Dates { start: cal.day(20, 1), due: cal.m(12), done: Some(cal.day(12, 22)) },
        ),
        action(
            cal,
            Plan {
                reference: "3.3",
                title: "Police and health threshold training",
                owner: "police",
                success: "All front-line police and health staff trained.",
                findings: f,
            },
            Dates { start: cal.day(18, 1), due: cal.m(10), done: Some(cal.day(9, 30)) },
        ),
        action(
            cal,
            Plan {
                reference: "3.4",
                title: "Multi-agency threshold audit each month",
                owner: "qa_manager",
                success: "Audit results shared at the safeguarding partnership.",
                findings: f,
            },
            Dates { start: cal.day(16, 1), due: cal.m(8), done: Some(cal.day(8, 12)) },
        ),
    ];
    a.evidence = evidence(
        cal,
        &[
            ("Multi-agency threshold audit", CaseAudit, 9, 18, Verified),
            ("Threshold audit, quarterly summary", CaseAudit, 5, 14, Verified),
            ("Threshold audit with partner moderation", CaseAudit, 3, 11, Verified),
            ("Head teachers' feedback on the threshold clinic", StaffFeedback, 1, 2, Verified),
            ("Partner training records", Training, 0, 3, Draft),
            ("Safeguarding partnership minutes", Minutes, 2, 20, Draft),
            (
                "GP practice survey",
                StaffFeedback,
                6,
                9,
                Rejected("The survey asked about the MASH, not about thresholds."),
            ),
            ("Case example: school contact redirected to early help", CaseExample, 0, 6, Draft),
            ("Threshold document, relaunched", PolicyProcedure, 16, 3, Draft),
            ("Contact conversion figures", PerformanceData, 1, 20, Draft),
            ("Threshold audit, annual summary", CaseAudit, 12, 8, Verified),
            (
                "Police feedback on training",
                StaffFeedback,
                8,
                27,
                Rejected("Attendance figures only; no feedback on practice."),
            ),
        ],
        f,
        &["3.2", "3.4"],
    );
    a.measures = vec![
        audit(
            cal,
            pct(
                "Multi-agency threshold audit (% good or better)",
                "Contacts from partners judged appropriate to the threshold.",
                HigherIsBetter,
                80.0,
                true,
            ),
            31,
            1.5,
            |k| if k <= 1 { 68.0 + f64::from(k) * 3.0 } else { ramp(50.0, 88.0, 10)(k) },
        ),
        indicator(
            cal,
            Spec {
                name: "Contacts converted to referral",
                description: "Share of contacts that become referrals.",
                unit: Unit::Percent,
                direction: Neither,
                target: None,
                key: false,
            },
            32,
            2.0,
            ramp(38.0, 27.0, 12),
        ),
    ];
    a
}

/// **Not yet sustained: evidence of one kind only.** Actions are done and the
/// recording audit has been above target for over a year, but every verified
/// item in the last year is a case audit; the family feedback is still a draft.
fn recording(cal: &Calendar) -> DemoArea {
    let mut a = area(
        "recording",
        "Case recording",
        "Whether children's records show their experience, the reasons for decisions and what happens next.",
        "psw",
        AreaStatus::NotYetSustained,
    );
    let f = &["fv-afi5", "sef-afi3"];
    a.actions = vec![
        action(
            cal,
            Plan {
                reference: "4.1",
                title: "Recording standards and templates",
                owner: "psw",
                success: "New templates in use in every team.",
                findings: &["fv-afi5"],
            },
            Dates { start: cal.day(24, 1), due: cal.m(18), done: Some(cal.day(18, 15)) },
        ),
        action(
            cal,
            Plan {
                reference: "4.2",
                title: "Writing to the child training",
                owner: "workforce",
                success: "90% of social workers trained.",
                findings: &["fv-afi5"],
            },
            Dates { start: cal.day(22, 1), due: cal.m(14), done: Some(cal.day(14, 26)) },
        ),
        action(
            cal,
            Plan {
                reference: "4.3",
                title: "Monthly recording audit",
                owner: "qa_manager",
                success: "75% of records good or better for six months.",
                findings: &["fv-afi5"],
            },
            Dates { start: cal.day(21, 1), due: cal.m(15), done: Some(cal.day(15, 4)) },
        ),
        action(
            cal,
            Plan {
                reference: "4.4",
                title: "Invite families to read and comment on records",
                owner: "psw",
                success: "Families' comments recorded on 1 in 10 audited files.",
                findings: &["sef-afi3"],
            },
            Dates { start: cal.day(6, 1), due: cal.m(2), done: Some(cal.day(2, 19)) },
        ),
    ];
    a.evidence = evidence(
        cal,
        &[
            ("Recording audit: last quarter", CaseAudit, 1, 10, Verified),
            ("Recording audit: previous quarter", CaseAudit, 4, 10, Verified),
            ("Recording audit: moderated sample", CaseAudit, 7, 10, Verified),
            ("Recording audit: themed on child's voice", CaseAudit, 10, 10, Verified),
            ("Families' comments on their records", ChildFamilyFeedback, 0, 9, Draft),
            ("Writing to the child: course evaluation", Training, 14, 20, Verified),
            ("Recording standards", PolicyProcedure, 18, 12, Verified),
            ("Practice week observations", CaseExample, 2, 23, Draft),
            (
                "Social workers' views of the templates",
                StaffFeedback,
                5,
                3,
                Rejected("Collected before the templates were introduced."),
            ),
            (
                "Case example of a record written to the child",
                CaseExample,
                3,
                7,
                Rejected("Names a child; resubmit with details removed."),
            ),
            ("Recording audit: annual summary", CaseAudit, 13, 10, Verified),
            ("Improvement board minutes: recording", Minutes, 15, 28, Verified),
        ],
        f,
        &["4.3"],
    );
    a.measures = vec![audit(
        cal,
        pct(
            "Case audit: quality of recording (% good or better)",
            "Monthly audit of case records.",
            HigherIsBetter,
            75.0,
            true,
        ),
        41,
        2.0,
        ramp(35.0, 86.0, 14),
    )];
    a
}

/// **Slipping.** About a year ago it was embedded: actions done, audits and
/// staff feedback verified in the year before, the LADO timeliness indicator
/// above 90%. Since then the evidence has aged out of the 12-month window and
/// the indicator has fallen below target for four months.
fn lado(cal: &Calendar) -> DemoArea {
    let mut a = area(
        "lado",
        "LADO and allegations management",
        "How quickly the designated officer considers allegations against people who work with children.",
        "lado",
        AreaStatus::Slipping,
    );
    let f = &["fv-afi6"];
    a.actions = vec![
        action(
            cal,
            Plan {
                reference: "5.1",
                title: "Second LADO post and duty rota",
                owner: "lado",
                success: "A LADO available every working day.",
                findings: f,
            },
            Dates { start: cal.day(25, 1), due: cal.m(21), done: Some(cal.day(21, 8)) },
        ),
        action(
            cal,
            Plan {
                reference: "5.2",
                title: "Online referral form for allegations",
                owner: "lado",
                success: "All referrals arrive through the form.",
                findings: f,
            },
            Dates { start: cal.day(24, 1), due: cal.m(19), done: Some(cal.day(19, 16)) },
        ),
        action(
            cal,
            Plan {
                reference: "5.3",
                title: "Allegations briefings for schools and health",
                owner: "health",
                success: "Every school and GP practice briefed.",
                findings: f,
            },
            Dates { start: cal.day(23, 1), due: cal.m(17), done: Some(cal.day(17, 21)) },
        ),
        action(
            cal,
            Plan {
                reference: "5.4",
                title: "Police liaison for joint allegations",
                owner: "police",
                success: "Joint strategy within 2 working days.",
                findings: f,
            },
            Dates { start: cal.day(22, 1), due: cal.m(16), done: Some(cal.day(16, 2)) },
        ),
    ];
    a.evidence = evidence(
        cal,
        &[
            ("LADO casework audit", CaseAudit, 16, 12, Verified),
            ("Designated safeguarding leads' feedback", StaffFeedback, 15, 8, Verified),
            ("LADO timeliness report", PerformanceData, 14, 22, Verified),
            ("Allegations procedure", PolicyProcedure, 19, 4, Verified),
            ("Schools briefing attendance", Training, 17, 25, Verified),
            ("LADO annual report", Minutes, 13, 27, Verified),
            ("LADO casework audit, recent", CaseAudit, 2, 17, Draft),
            ("Feedback from employers", StaffFeedback, 1, 26, Draft),
            (
                "Case example: joint strategy meeting",
                CaseExample,
                5,
                14,
                Rejected("Does not say when the allegation was received."),
            ),
            ("Safeguarding partnership minutes on LADO capacity", Minutes, 0, 7, Draft),
            ("External review of allegations management", ExternalReview, 20, 13, Verified),
            ("Complaint from a head teacher about delay", ChildFamilyFeedback, 3, 4, Draft),
        ],
        f,
        &["5.1"],
    );
    a.measures = vec![
        indicator(
            cal,
            pct(
                "LADO initial consideration within 1 working day",
                "Allegations considered by the LADO within one working day.",
                HigherIsBetter,
                90.0,
                true,
            ),
            51,
            1.0,
            |k| if k <= 3 { 82.0 + f64::from(k % 2) * 2.0 } else { ramp(70.0, 94.0, 20)(k) },
        ),
        indicator(
            cal,
            Spec {
                name: "Allegations received",
                description: "Allegations referred to the LADO each month.",
                unit: Unit::Count,
                direction: Neither,
                target: None,
                key: false,
            },
            52,
            4.0,
            |_| 24.0,
        ),
    ];
    a
}
