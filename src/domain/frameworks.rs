//! Which judgements an inspection gives, by its kind and the day it started.
//!
//! Ofsted's inspection of local authority children's services (ILACS) has
//! changed what it judges: from January 2018 children in care and care
//! leavers were judged together; from January 2023 care leavers are judged
//! separately; from April 2026 there is no overall effectiveness grade, only
//! the sub-judgements. Focused visits, monitoring visits, joint targeted area
//! inspections and annual engagement meetings give no grades. A council's own
//! reviews judge no fixed areas, and may grade overall as Ofsted did then.
//! The form offers what these rules give; anyone may still add an area by name.

use super::kinds::InspectionKind;
use chrono::NaiveDate;

/// The impact of leaders, judged in every ILACS framework.
pub const LEADERS: &str = "The impact of leaders on social work practice with children and families";
/// Children who need help and protection, judged in every ILACS framework.
pub const HELP_AND_PROTECTION: &str = "The experiences and progress of children who need help and protection";
/// Children in care and care leavers, judged together from January 2018 to December 2022.
pub const IN_CARE_AND_CARE_LEAVERS: &str = "The experiences and progress of children in care and care leavers";
/// Children in care, judged on their own from January 2023.
pub const IN_CARE: &str = "The experiences and progress of children in care";
/// Care leavers, judged on their own from January 2023.
pub const CARE_LEAVERS: &str = "The experiences and progress of care leavers";

const ILACS_2018_AREAS: &[&str] = &[LEADERS, HELP_AND_PROTECTION, IN_CARE_AND_CARE_LEAVERS];
/// The judgement areas of an ILACS inspection from January 2023.
pub const ILACS_2023_AREAS: &[&str] = &[LEADERS, HELP_AND_PROTECTION, IN_CARE, CARE_LEAVERS];

/// The rules an inspection was judged under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framework {
    /// A standard or short inspection before ILACS began (January 2018):
    /// no fixed areas here, an overall grade.
    BeforeIlacs,
    /// ILACS from January 2018: children in care and care leavers together.
    Ilacs2018,
    /// ILACS from January 2023: care leavers judged separately.
    Ilacs2023,
    /// ILACS from April 2026: the sub-judgements only, no overall grade.
    Ilacs2026,
    /// A visit that gives no grades (focused, monitoring, JTAI, annual engagement meeting).
    NoGrades,
    /// A council's own review (self-evaluation, internal or peer review, other)
    /// before April 2026: no fixed areas, an overall grade if it gives one.
    OwnReview,
    /// A council's own review from April 2026, when Ofsted stopped grading overall.
    OwnReview2026,
}

fn day(year: i32, month: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(NaiveDate::MIN)
}

impl Framework {
    /// Every framework, for reading one back by its key.
    pub const ALL: &'static [Framework] = &[
        Framework::BeforeIlacs,
        Framework::Ilacs2018,
        Framework::Ilacs2023,
        Framework::Ilacs2026,
        Framework::NoGrades,
        Framework::OwnReview,
        Framework::OwnReview2026,
    ];

    /// The rules an inspection of this kind, started on this day, was judged under.
    pub fn of(kind: InspectionKind, start: NaiveDate) -> Framework {
        use InspectionKind::*;
        let no_overall = start >= day(2026, 4);
        match kind {
            StandardInspection | ShortInspection => match start {
                s if s < day(2018, 1) => Framework::BeforeIlacs,
                s if s < day(2023, 1) => Framework::Ilacs2018,
                _ if !no_overall => Framework::Ilacs2023,
                _ => Framework::Ilacs2026,
            },
            FocusedVisit | MonitoringVisit | Jtai | AnnualEngagementMeeting => Framework::NoGrades,
            SelfEvaluation | InternalReview | PeerReview | Other if no_overall => Framework::OwnReview2026,
            SelfEvaluation | InternalReview | PeerReview | Other => Framework::OwnReview,
        }
    }

    /// The judgement areas it grades, besides any overall grade.
    pub fn areas(self) -> &'static [&'static str] {
        match self {
            Framework::Ilacs2018 => ILACS_2018_AREAS,
            Framework::Ilacs2023 | Framework::Ilacs2026 => ILACS_2023_AREAS,
            _ => &[],
        }
    }

    /// Whether it gives an overall effectiveness grade.
    pub fn grades_overall(self) -> bool {
        matches!(self, Framework::BeforeIlacs | Framework::Ilacs2018 | Framework::Ilacs2023 | Framework::OwnReview)
    }

    /// Its name in a form's hidden field, to tell which areas a form showed.
    pub fn key(self) -> &'static str {
        match self {
            Framework::BeforeIlacs => "before_ilacs",
            Framework::Ilacs2018 => "ilacs_2018",
            Framework::Ilacs2023 => "ilacs_2023",
            Framework::Ilacs2026 => "ilacs_2026",
            Framework::NoGrades => "no_grades",
            Framework::OwnReview => "own_review",
            Framework::OwnReview2026 => "own_review_2026",
        }
    }

    /// The framework with this key.
    pub fn from_key(key: &str) -> Option<Framework> {
        Framework::ALL.iter().copied().find(|f| f.key() == key)
    }

    /// What it judges, in words, for the form.
    pub fn describe(self) -> &'static str {
        match self {
            Framework::BeforeIlacs => "Inspections before January 2018 were not under ILACS: add the areas the report judged by name.",
            Framework::Ilacs2018 => "ILACS inspections from January 2018 to December 2022 judged children in care and care leavers together.",
            Framework::Ilacs2023 => "ILACS inspections from January 2023 judge care leavers separately from children in care.",
            Framework::Ilacs2026 => "ILACS inspections from April 2026 give the sub-judgements only, with no overall effectiveness grade.",
            Framework::NoGrades => "This kind of visit gives no graded judgements. If the letter judged an area, add it by name.",
            Framework::OwnReview => "A council's own review judges no fixed areas: add any it graded by name.",
            Framework::OwnReview2026 => "A council's own review judges no fixed areas: add any it graded by name. From April 2026 Ofsted gives no overall grade.",
        }
    }

    /// Whether some framework offers this area (rather than a person adding it by name).
    pub fn is_offered(area: &str) -> bool {
        Framework::ALL.iter().any(|f| f.areas().contains(&area))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use InspectionKind::*;

    fn on(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_2019_standard_inspection_judged_children_in_care_and_care_leavers_together() {
        let framework = Framework::of(StandardInspection, on(2019, 5, 13));
        assert_eq!(framework.areas(), [LEADERS, HELP_AND_PROTECTION, IN_CARE_AND_CARE_LEAVERS]);
        assert!(framework.grades_overall());
        assert_eq!(Framework::of(ShortInspection, on(2022, 12, 31)), Framework::Ilacs2018);
    }

    #[test]
    fn from_2023_care_leavers_are_judged_separately() {
        let framework = Framework::of(StandardInspection, on(2024, 2, 5));
        assert_eq!(framework.areas(), [LEADERS, HELP_AND_PROTECTION, IN_CARE, CARE_LEAVERS]);
        assert!(framework.grades_overall());
        assert_eq!(Framework::of(StandardInspection, on(2023, 1, 1)), Framework::Ilacs2023);
        assert_eq!(Framework::of(StandardInspection, on(2026, 3, 31)), Framework::Ilacs2023);
    }

    #[test]
    fn from_april_2026_there_is_no_overall_grade() {
        let framework = Framework::of(StandardInspection, on(2026, 5, 11));
        assert_eq!(framework, Framework::Ilacs2026);
        assert_eq!(framework.areas(), ILACS_2023_AREAS, "the sub-judgements remain");
        assert!(!framework.grades_overall());
        assert!(!Framework::of(SelfEvaluation, on(2026, 4, 1)).grades_overall());
        assert!(Framework::of(SelfEvaluation, on(2026, 3, 31)).grades_overall());
    }

    #[test]
    fn visits_without_grades_offer_no_areas_and_no_overall_grade() {
        for kind in [FocusedVisit, MonitoringVisit, Jtai, AnnualEngagementMeeting] {
            let framework = Framework::of(kind, on(2024, 6, 3));
            assert!(framework.areas().is_empty() && !framework.grades_overall(), "{kind:?}");
        }
        for kind in [SelfEvaluation, InternalReview, PeerReview, Other] {
            assert!(Framework::of(kind, on(2024, 6, 3)).areas().is_empty(), "{kind:?}");
        }
    }

    #[test]
    fn an_inspection_before_ilacs_offers_no_fixed_areas() {
        let framework = Framework::of(StandardInspection, on(2016, 9, 5));
        assert!(framework.areas().is_empty() && framework.grades_overall());
    }

    #[test]
    fn a_framework_is_read_back_by_its_key() {
        for framework in Framework::ALL {
            assert_eq!(Framework::from_key(framework.key()), Some(*framework));
        }
        assert_eq!(Framework::from_key("nonsense"), None);
        assert!(Framework::is_offered(IN_CARE_AND_CARE_LEAVERS) && !Framework::is_offered("Adoption"));
    }
}
