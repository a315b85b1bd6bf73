//! The delivered areas that are not embedded: two not yet sustained, one slipping.

use super::{area, pct};
use crate::demo::data::build::{action, evidence, Dates, Plan, Review::*};
use crate::demo::data::calendar::Calendar;
use crate::demo::data::series::{audit, indicator, ramp, Spec};
use crate::demo::data::DemoArea;
use crate::domain::kinds::{Direction::*, EvidenceKind::*, Unit};
use crate::domain::status::AreaStatus;

/// **Not yet sustained: a key measure dipped.** Actions are finished and the
/// evidence is triangulated, but the threshold audit fell below its 80% target
/// in the last two months. The second kind of evidence was only verified last
/// month, after the dip began, so the area was never embedded: not slipping.
pub(super) fn thresholds(cal: &Calendar) -> DemoArea {
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
                what: "The threshold document is rewritten with partners in plain words and launched at briefings for every agency.",
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
                what: "A weekly drop-in where schools and GPs talk through a worry with a MASH social worker before making a contact.",
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
                what: "Police and health safeguarding leads train their own front-line staff in the thresholds, with the MASH co-delivering.",
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
                what: "Each month, a sample of partner contacts is audited jointly against the threshold, and the results go to the safeguarding partnership.",
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
pub(super) fn recording(cal: &Calendar) -> DemoArea {
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
                what: "Standards for what a good record contains, and templates that prompt the child's voice and the reasons for decisions.",
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
                what: "A half-day workshop on writing records that a child could read in later life, with examples from Hartwell's own files.",
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
                what: "The QA team grades a sample of records every month against the new standards and reports the results by team.",
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
                what: "Families are offered a copy of key records and invited to add their comments, which are kept on the file.",
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
pub(super) fn lado(cal: &Calendar) -> DemoArea {
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
                what: "A second designated officer is appointed so that a LADO is on duty every working day, including in holidays.",
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
                what: "One online form for every referral of an allegation, so referrals no longer arrive by phone, email and post.",
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
                what: "Briefings for designated safeguarding leads in schools, and for health providers, on when and how to refer to the LADO.",
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
                what: "A named police liaison officer agrees joint strategy discussions for allegations that may be crimes.",
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
