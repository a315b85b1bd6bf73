//! What each of Marlshire's practice areas is about, in words: the ten
//! themes of the normal demo's areas (front door, oversight... sufficiency),
//! each with the jobs that own its actions, the teams and groups its work is
//! for, and the plan actions, findings, evidence and measures that a large
//! authority writes about it. Every locality has one area per theme.

mod planning_and_care;
mod protection;

use crate::domain::kinds::{Direction, EvidenceKind, MeasureKind, Unit};

/// One theme: the words for the areas that take the shape of one of the
/// normal demo's areas (`template`).
#[derive(Debug)]
pub struct Theme {
    /// The key of the normal demo's area whose shape, and so status, this theme's areas take.
    pub template: &'static str,
    /// The area's name; the locality follows in brackets.
    pub name: &'static str,
    /// What the area covers; `{}` is the locality.
    pub description: &'static str,
    /// The job that leads the area (a job in `people`, held in each locality or county-wide).
    pub lead: &'static str,
    /// Jobs that own the area's actions.
    pub owners: &'static [&'static str],
    /// Teams, services or groups of children an action or evidence item is about.
    pub teams: &'static [&'static str],
    /// Plan actions as "title|what|success", `{}` being a team.
    pub actions: &'static [&'static str],
    /// What needs to improve, as inspectors write it (priority actions,
    /// areas for improvement and recommendations alike).
    pub improve: &'static [&'static str],
    /// What is working well.
    pub strengths: &'static [&'static str],
    /// Evidence items this theme gathers: title and kind.
    pub evidence: &'static [(&'static str, EvidenceKind)],
    /// Measures beyond the ones the template area has; none of them is key.
    pub measures: &'static [MeasureSpec],
    /// The theme is about children in care and care leavers (reviewed by the
    /// assistant director for children in care), not help and protection.
    pub children_in_care: bool,
}

/// A measure a theme reports: a level before the improvement programme
/// (`from`) and the level good practice reaches (`to`).
#[derive(Debug, Clone, Copy)]
pub struct MeasureSpec {
    pub name: &'static str,
    pub kind: MeasureKind,
    pub unit: Unit,
    pub direction: Direction,
    pub target: Option<f64>,
    pub from: f64,
    pub to: f64,
}

/// A percentage indicator.
pub const fn pct(name: &'static str, direction: Direction, target: Option<f64>, from: f64, to: f64) -> MeasureSpec {
    MeasureSpec { name, kind: MeasureKind::Indicator, unit: Unit::Percent, direction, target, from, to }
}

/// A count indicator.
pub const fn count(name: &'static str, direction: Direction, target: Option<f64>, from: f64, to: f64) -> MeasureSpec {
    MeasureSpec { name, kind: MeasureKind::Indicator, unit: Unit::Count, direction, target, from, to }
}

/// A monthly case-file audit: the share of cases good or better.
pub const fn audit(name: &'static str, target: f64, from: f64, to: f64) -> MeasureSpec {
    MeasureSpec {
        name,
        kind: MeasureKind::CaseAudit,
        unit: Unit::Percent,
        direction: Direction::HigherIsBetter,
        target: Some(target),
        from,
        to,
    }
}

/// The themes, in the order of the normal demo's areas.
pub const THEMES: &[&Theme] = &[
    &protection::FRONT_DOOR,
    &protection::OVERSIGHT,
    &protection::THRESHOLDS,
    &protection::RECORDING,
    &protection::LADO,
    &planning_and_care::TRANSFERS,
    &planning_and_care::QUALITY_ASSURANCE,
    &planning_and_care::PLANS,
    &planning_and_care::CARE_LEAVERS,
    &planning_and_care::SUFFICIENCY,
];

/// Measures any area may also report, after its theme's own.
pub const SHARED_MEASURES: &[MeasureSpec] = &[
    pct("Social worker vacancy rate", Direction::LowerIsBetter, Some(12.0), 22.0, 13.0),
    count("Complaints from children and families", Direction::Neither, None, 14.0, 10.0),
    pct("Staff survey: would recommend working here", Direction::HigherIsBetter, Some(70.0), 55.0, 72.0),
    pct("Children seen alone at their last visit", Direction::HigherIsBetter, Some(80.0), 62.0, 81.0),
];

/// Evidence any area gathers, besides its theme's own.
pub const SHARED_EVIDENCE: &[(&str, EvidenceKind)] = &[
    ("Practice week observations", EvidenceKind::CaseExample),
    ("Improvement board minutes", EvidenceKind::Minutes),
    ("Staff pulse survey", EvidenceKind::StaffFeedback),
    ("Family feedback survey", EvidenceKind::ChildFamilyFeedback),
    ("Team performance report", EvidenceKind::PerformanceData),
    ("Themed case audit", EvidenceKind::CaseAudit),
    ("Training evaluation", EvidenceKind::Training),
    ("Service manager's note", EvidenceKind::Other),
];

/// Groups of children inspectors single out.
pub const COHORTS: &[&str] = &[
    "disabled children",
    "babies under one",
    "adolescents at risk of exploitation",
    "children living with domestic abuse",
    "children from minority ethnic communities",
    "unaccompanied children",
    "young carers",
    "children missing education",
    "children placed out of county",
    "children with special educational needs",
];

/// Why a leader rejected an evidence item.
pub const REJECTIONS: &[&str] = &[
    "Does not say which children's records were looked at.",
    "Names a child; resubmit with details removed.",
    "Covers the wrong period for this area.",
    "Collected before the change it is meant to show.",
    "Figures do not match the performance report.",
    "Too few responses to show a change across teams.",
    "Describes practice in another locality.",
    "A draft document; submit the approved version.",
];

/// Why an action is blocked.
pub const BLOCKERS: &[&str] = &[
    "waiting for the partners' data-sharing agreement to be signed",
    "the case management system change is delayed by the supplier",
    "recruitment to the lead post has failed twice",
    "funding is waiting for cabinet approval",
];

/// Why an action was cancelled.
pub const CANCELLATIONS: &[&str] = &[
    "superseded by the countywide approach agreed at the improvement board",
    "merged into another action in this plan",
    "no longer needed after the service restructure",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::large::people::is_job;

    #[test]
    fn every_theme_has_enough_words_and_real_owners() {
        for theme in THEMES {
            assert!(is_job(theme.lead), "{}: lead {}", theme.name, theme.lead);
            assert!(theme.owners.iter().all(|job| is_job(job)), "{}: owners", theme.name);
            assert_eq!(theme.actions.len(), 8, "{}", theme.name);
            assert!(theme.actions.iter().all(|a| a.split('|').count() == 3 && a.contains("{}")), "{}", theme.name);
            assert_eq!(theme.teams.len(), 12, "{}", theme.name);
            assert_eq!(theme.improve.len(), 8, "{}", theme.name);
            assert_eq!(theme.strengths.len(), 5, "{}", theme.name);
            assert!(theme.evidence.len() >= 8, "{}", theme.name);
            assert!(theme.evidence.iter().any(|(_, kind)| *kind == EvidenceKind::CaseAudit), "{}", theme.name);
            assert_eq!(theme.measures.len(), 5, "{}", theme.name);
            assert!(theme.description.contains("{}"), "{}", theme.name);
        }
    }
}
