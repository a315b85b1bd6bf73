//! Marlshire's thirty inspections and reviews over five years, and the 2,000
//! findings they made. The story: judged inadequate about five years ago,
//! then monitoring visits, a DfE improvement adviser, peer reviews, a JTAI
//! and focused visits, until a full inspection a year ago found the service
//! requires improvement to be good. Three of the visits are the normal demo's
//! (the front-door focused visit, the full inspection and the latest
//! self-evaluation): their findings are Hartwell's, made once per locality,
//! so that the actions cloned from Hartwell answer them.

use super::themes::{Theme, COHORTS, THEMES};
use super::LOCALITIES;
use crate::demo::data::{Calendar, DemoFinding, DemoInspection};
use crate::domain::calendar::{add_working_days, plan_deadlines};
use crate::domain::kinds::{FindingKind, Grade, InspectionKind};
use crate::domain::plan::InspectionInput;
use std::collections::BTreeMap;

/// One visit or review, before its dates and findings.
struct Visit {
    key: &'static str,
    kind: InspectionKind,
    title: &'static str,
    inspectorate: &'static str,
    /// The month it began, counted back from the latest month end, and the day.
    start: (u32, u32),
    /// Working days on site or reviewing.
    days: u32,
    /// The themes it looked at (indices into `THEMES`); empty means all.
    themes: &'static [usize],
    /// How many findings it made, in all localities.
    findings: usize,
}

const OFSTED: &str = "Ofsted";
const COUNCIL: &str = "Marlshire County Council";
const JOINT: &str = "Ofsted, CQC, HMICFRS and HMI Probation";

const fn visit(
    key: &'static str,
    kind: InspectionKind,
    title: &'static str,
    inspectorate: &'static str,
    (months_back, day, days): (u32, u32, u32),
    themes: &'static [usize],
    findings: usize,
) -> Visit {
    Visit { key, kind, title, inspectorate, start: (months_back, day), days, themes, findings }
}

use InspectionKind::*;

/// Every visit, oldest first, one a line: key, kind, title, inspectorate,
/// (months back, day it began, working days), themes, findings. "fv",
/// "ilacs" and "sef" take their dates from Hartwell's.
#[rustfmt::skip]
const VISITS: &[Visit] = &[
    visit("ilacs1", StandardInspection, "Inspection of local authority children's services (ILACS)", OFSTED, (57, 6, 15), &[], 150),
    visit("dfe1", Other, "DfE improvement adviser: first review", "Department for Education", (54, 10, 3), &[1, 6, 3], 30),
    visit("mv1", MonitoringVisit, "Monitoring visit: the front door", OFSTED, (53, 12, 2), &[0, 2, 4, 5], 70),
    visit("sef1", SelfEvaluation, "Self-evaluation of social work practice", COUNCIL, (51, 1, 0), &[], 70),
    visit("mv2", MonitoringVisit, "Monitoring visit: children in need and child protection", OFSTED, (49, 9, 2), &[1, 3, 6, 7], 70),
    visit("mv3", MonitoringVisit, "Monitoring visit: children in care", OFSTED, (45, 14, 2), &[7, 9, 1, 3], 70),
    visit("aem1", AnnualEngagementMeeting, "Annual engagement meeting with Ofsted", OFSTED, (44, 20, 1), &[], 30),
    visit("mv4", MonitoringVisit, "Monitoring visit: care leavers", OFSTED, (42, 7, 2), &[8, 7, 9], 70),
    visit("peer1", PeerReview, "LGA peer review of the front door", "Local Government Association", (40, 15, 4), &[0, 2, 5], 60),
    visit("sef2", SelfEvaluation, "Self-evaluation of social work practice", COUNCIL, (39, 1, 0), &[], 70),
    visit("mv5", MonitoringVisit, "Monitoring visit: leadership, oversight and quality assurance", OFSTED, (38, 11, 2), &[1, 6, 3], 70),
    visit("jtai1", Jtai, "JTAI: the multi-agency response to children living with domestic abuse", JOINT, (35, 8, 10), &[0, 2, 5, 3], 80),
    visit("mv6", MonitoringVisit, "Monitoring visit: children in need of help and protection", OFSTED, (34, 13, 2), &[0, 1, 5, 4], 70),
    visit("aem2", AnnualEngagementMeeting, "Annual engagement meeting with Ofsted", OFSTED, (32, 18, 1), &[], 30),
    visit("dfe2", Other, "DfE improvement adviser: review of progress", "Department for Education", (31, 5, 3), &[1, 6, 7], 30),
    visit("internal1", InternalReview, "Internal review: how thresholds are applied across the localities", COUNCIL, (30, 4, 5), &[2, 0], 50),
    visit("mv7", MonitoringVisit, "Monitoring visit: planning and decision-making for children", OFSTED, (29, 10, 2), &[7, 1, 3, 6], 70),
    visit("sef3", SelfEvaluation, "Self-evaluation of social work practice", COUNCIL, (27, 1, 0), &[], 70),
    visit("fv", FocusedVisit, "Focused visit: the front door", OFSTED, (26, 8, 2), &[0, 1, 2, 3, 4, 5, 6], 80),
    visit("internal2", InternalReview, "Internal review of LADO timeliness", COUNCIL, (23, 12, 5), &[4], 50),
    visit("peer2", PeerReview, "Regional peer challenge: children in care", "Regional Improvement and Innovation Alliance", (21, 6, 3), &[7, 9, 8], 60),
    visit("fv2", FocusedVisit, "Focused visit: children in care", OFSTED, (19, 6, 2), &[7, 8, 9, 1], 80),
    visit("internal3", InternalReview, "Internal review of case recording", COUNCIL, (18, 9, 5), &[3, 7], 50),
    visit("jtai2", Jtai, "JTAI: the multi-agency response to children at risk of criminal exploitation", JOINT, (16, 7, 10), &[0, 4, 7, 9], 80),
    visit("ilacs", StandardInspection, "Inspection of local authority children's services (ILACS)", OFSTED, (13, 3, 15), &[], 150),
    visit("internal4", InternalReview, "Internal review of placement sufficiency", COUNCIL, (10, 14, 5), &[9, 8], 50),
    visit("peer3", PeerReview, "Sector-led improvement partner review: care leavers", "Eastvale County Council", (9, 8, 3), &[8, 7], 60),
    visit("fv3", FocusedVisit, "Focused visit: care leavers", OFSTED, (7, 10, 2), &[8, 9, 7], 80),
    visit("aem3", AnnualEngagementMeeting, "Annual engagement meeting with Ofsted", OFSTED, (5, 21, 1), &[], 30),
    visit("sef", SelfEvaluation, "Self-evaluation of social work practice", COUNCIL, (3, 1, 0), &[], 70),
];

const LEADERS: &str = "The impact of leaders on social work practice with children and families";
const HELP: &str = "The experiences and progress of children who need help and protection";

/// The inspections as at the calendar's date; `hartwell` is the normal
/// demo's, whose three visits Marlshire shares.
pub fn inspections(cal: &Calendar, hartwell: &[DemoInspection]) -> Vec<DemoInspection> {
    VISITS.iter().enumerate().map(|(n, v)| inspection(cal, n, v, hartwell.iter().find(|h| h.key == v.key))).collect()
}

fn inspection(cal: &Calendar, n: usize, v: &Visit, shared: Option<&DemoInspection>) -> DemoInspection {
    use Grade::*;
    let (start, end, published) = match shared {
        Some(h) => (h.details.start_date, h.details.end_date, h.details.published_on),
        None => dates(cal, v),
    };
    let (draft, last) = match (v.kind, published) {
        (FocusedVisit | MonitoringVisit, Some(p)) => {
            (Some(plan_deadlines(p).draft), Some(plan_deadlines(p).final_plan))
        }
        (StandardInspection | Jtai, Some(p)) => (None, Some(plan_deadlines(p).final_plan)),
        _ => (None, None),
    };
    let (overall, judgements) = match v.key {
        "ilacs1" => (
            Some(Inadequate),
            vec![
                (LEADERS, Inadequate),
                (HELP, Inadequate),
                ("The experiences and progress of children in care and care leavers", RequiresImprovement),
                ("Overall effectiveness", Inadequate),
            ],
        ),
        "ilacs" => (
            Some(RequiresImprovement),
            vec![
                (LEADERS, Good),
                (HELP, Good),
                ("The experiences and progress of children in care", RequiresImprovement),
                ("The experiences and progress of care leavers", RequiresImprovement),
                ("Overall effectiveness", RequiresImprovement),
            ],
        ),
        _ => (None, vec![]),
    };
    let published_report = v.inspectorate != COUNCIL && v.kind != AnnualEngagementMeeting;
    DemoInspection {
        key: v.key.into(),
        details: InspectionInput {
            kind: v.kind,
            title: v.title.into(),
            inspectorate: v.inspectorate.into(),
            start_date: start,
            end_date: end,
            published_on: published,
            overall_judgement: overall,
            report_url: published_report.then(|| format!("https://reports.marlshire.example/{}", v.key)),
            draft_plan_due: draft,
            final_plan_due: last,
        },
        judgements: judgements.into_iter().map(|(area, grade)| (area.to_string(), grade)).collect(),
        findings: findings(n, v, shared),
    }
}

/// Start, end and publication: visits begin on a working day and letters follow
/// some weeks later; a self-evaluation covers a month and is published the next.
fn dates(cal: &Calendar, v: &Visit) -> (chrono::NaiveDate, chrono::NaiveDate, Option<chrono::NaiveDate>) {
    let (k, day) = v.start;
    if v.kind == SelfEvaluation {
        return (cal.day(k, 1), cal.m(k), Some(Calendar::working_day_from(cal.day(k - 1, 10))));
    }
    let start = Calendar::working_day_from(cal.day(k, day));
    let end = add_working_days(start, v.days.saturating_sub(1));
    let after = match v.kind {
        AnnualEngagementMeeting => return (start, end, None),
        StandardInspection => 30,
        Jtai => 35,
        FocusedVisit | MonitoringVisit => 25,
        _ => 15,
    };
    (start, end, Some(add_working_days(end, after)))
}

/// The areas a visit looked at, as (theme, locality), theme by theme.
fn covered(v: &Visit) -> Vec<(usize, usize)> {
    let themes: Vec<usize> = if v.themes.is_empty() { (0..THEMES.len()).collect() } else { v.themes.to_vec() };
    themes.into_iter().flat_map(|t| (0..LOCALITIES.len()).map(move |l| (t, l))).collect()
}

/// The key of the area of a theme in a locality.
pub fn area_key(theme: &Theme, locality: &str) -> String {
    format!("{}-{}", theme.template, locality.to_ascii_lowercase())
}

/// References are numbered per kind within a visit: APA1, AFI3, R2, S1.
struct References(BTreeMap<&'static str, usize>);

impl References {
    fn next(&mut self, kind: FindingKind) -> String {
        let prefix = match kind {
            FindingKind::PriorityAction => "APA",
            FindingKind::AreaForImprovement => "AFI",
            FindingKind::Recommendation => "R",
            FindingKind::Strength => "S",
        };
        let n = self.0.entry(prefix).or_insert(0);
        *n += 1;
        format!("{prefix}{n}")
    }
}

fn findings(n: usize, v: &Visit, shared: Option<&DemoInspection>) -> Vec<DemoFinding> {
    let mut refs = References(BTreeMap::new());
    let mut out = Vec::with_capacity(v.findings);
    // Hartwell's findings, once per locality: the cloned actions answer them.
    for finding in shared.map(|h| h.findings.as_slice()).unwrap_or_default() {
        for locality in LOCALITIES {
            let loc = locality.to_ascii_lowercase();
            let text = finding.text.replace("Hartwell", "Marlshire");
            out.push(DemoFinding {
                key: format!("{}-{loc}", finding.key),
                area_key: format!("{}-{loc}", finding.area_key),
                kind: finding.kind,
                reference: refs.next(finding.kind),
                text: format!("{} ({locality} locality).", text.trim_end_matches('.')),
            });
        }
    }
    let areas = covered(v);
    let mut priority_actions = match v.kind {
        FocusedVisit if shared.is_none() => 2,
        MonitoringVisit => 3,
        _ => 0,
    };
    for i in 0..v.findings.saturating_sub(out.len()) {
        let (t, l) = areas[i % areas.len()];
        let (theme, locality) = (THEMES[t], LOCALITIES[l]);
        let round = i / areas.len() + n;
        // Two in five are strengths, spread across areas round by round.
        let kind = if (i + i / areas.len()) % 5 < 2 {
            FindingKind::Strength
        } else if priority_actions > 0 {
            priority_actions -= 1;
            FindingKind::PriorityAction
        } else if matches!(v.kind, StandardInspection | InternalReview | PeerReview | Other) {
            FindingKind::Recommendation
        } else {
            FindingKind::AreaForImprovement
        };
        let cohort = COHORTS[(i * 3 + n) % COHORTS.len()];
        let text = if kind == FindingKind::Strength {
            let context = match (i + n) % 2 {
                0 => format!("Seen in the {locality} locality, including for {cohort}."),
                _ => format!("A consistent picture across the {locality} locality."),
            };
            format!("{} {context}", theme.strengths[(round + l) % theme.strengths.len()])
        } else {
            let (seen, sampled) = (3 + i * 7 % 9, 12 + i % 11);
            let context = match (i + n) % 4 {
                0 => format!("Seen most often in the {locality} locality, for {cohort}."),
                1 => format!("In the {locality} locality this was so in {seen} of the {sampled} records sampled."),
                2 => format!("Practitioners in the {locality} locality said so too, especially about {cohort}."),
                _ => format!("Most evident in the {locality} locality."),
            };
            format!("{} {context}", theme.improve[(round + l) % theme.improve.len()])
        };
        out.push(DemoFinding {
            key: format!("{}-{}", v.key, i + 1),
            area_key: area_key(theme, locality),
            kind,
            reference: refs.next(kind),
            text,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thirty_visits_make_two_thousand_findings_of_every_kind() {
        assert_eq!(VISITS.len(), 30);
        assert_eq!(VISITS.iter().map(|v| v.findings).sum::<usize>(), 2_000);
        let kinds: std::collections::BTreeSet<_> = VISITS.iter().map(|v| v.kind).collect();
        assert!(kinds.len() >= 9, "{kinds:?}");
        assert!(VISITS.iter().all(|v| v.themes.iter().all(|t| *t < THEMES.len())));
    }

    #[test]
    fn visits_are_in_date_order() {
        assert!(VISITS.windows(2).all(|w| w[0].start.0 >= w[1].start.0));
    }
}
