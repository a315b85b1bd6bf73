//! Validated input for evidence of practice change, measures and results.
//! An input that has a draft (`drafts::evidence`) is validated by its draft's
//! rules: `drafts::draft!` writes that `Validate` beside the draft.

use super::audit::GradeCounts;
use super::dates::long_date;
use super::drafts::evidence::ResultDraft;
use super::fields::FieldErrors;
use super::ids::{AreaId, MeasureId, UserId};
use super::kinds::{Direction, EvidenceKind, Frequency, MeasureKind, Unit};
use super::plan::{LINE_MAX, TEXT_MAX};
use super::valid::{check_whole, Context, Draft, Relink, Valid, Validate};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// An item of evidence, before review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvidenceInput {
    pub title: String,
    pub kind: EvidenceKind,
    #[serde(default)]
    pub description: String,
    /// When the practice was seen, which is not when the item was uploaded.
    pub observed_on: NaiveDate,
    pub period_start: Option<NaiveDate>,
    pub period_end: Option<NaiveDate>,
    pub practice_area_id: AreaId,
}

/// A leader's decision on an evidence item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "decision", rename_all = "snake_case")]
pub enum Review {
    /// The item shows what it claims: verified today by the leader reviewing it.
    Verify,
    /// The item was verified on a day of its own, by the leader recording it or
    /// by someone else: a past verification entered as it happened.
    Verified(Verification),
    /// The item does not; the reason is kept and shown.
    Reject { reason: String },
}

impl Validate for Review {
    fn tidy_and_check(&mut self, context: &Context) -> FieldErrors {
        let mut errors = FieldErrors::new();
        match self {
            Review::Reject { reason } => errors.text("reason", "why the evidence is rejected", reason, TEXT_MAX, true),
            // The observed date is the stored item's, checked when the review is written.
            Review::Verified(verification) => errors.merge(verification.check(context, None)),
            Review::Verify => {}
        }
        errors
    }
}

/// Who verified an evidence item: a user of Sustain, or someone who is not
/// one (a partner agency's officer, or a leader who has since left), by name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verifier {
    /// The leader recording the verification.
    Recorder,
    User(UserId),
    Named(String),
}

/// When an evidence item was verified, and by whom, as it happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verification {
    pub on: NaiveDate,
    pub by: Verifier,
}

impl Verification {
    /// Tidies the verifier's name and checks the day: plausible, not after
    /// today and, when the observed date is known, not before it. Messages
    /// are filed under `verified_on` and `verified_by_name`.
    pub fn check(&mut self, context: &Context, observed_on: Option<NaiveDate>) -> FieldErrors {
        let mut errors = FieldErrors::new();
        context.check_date(&mut errors, "verified_on", "The date it was verified", self.on);
        if self.on > context.today {
            errors.add("verified_on", "The date it was verified must be today or in the past");
        }
        if let Some(observed) = observed_on {
            errors.merge(self.after_observation(observed));
        }
        if let Verifier::Named(name) = &mut self.by {
            errors.line("verified_by_name", "the name of the person who verified it", name, LINE_MAX, true);
        }
        errors
    }

    /// Whether the day is on or after the day the practice was observed:
    /// nothing can be verified before it was seen.
    pub fn after_observation(&self, observed_on: NaiveDate) -> FieldErrors {
        if self.on < observed_on {
            FieldErrors::one(
                "verified_on",
                format!(
                    "The date it was verified must be on or after the date practice was observed ({})",
                    long_date(observed_on)
                ),
            )
        } else {
            FieldErrors::new()
        }
    }
}

/// A case-audit measure or performance indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeasureInput {
    pub practice_area_id: AreaId,
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub kind: MeasureKind,
    pub unit: Unit,
    pub direction: Direction,
    pub target: Option<f64>,
    pub frequency: Frequency,
    /// A key measure counts towards sustainment.
    pub is_key: bool,
    /// How many points of each segment set the limits; none means all.
    pub baseline_points: Option<i32>,
    #[serde(default = "yes")]
    pub screen_moving_ranges: bool,
    /// The code of the published indicator (`figures::catalogue`) it is
    /// compared with, if any: a code survives reloads of the figures.
    #[serde(default)]
    pub published_indicator_code: Option<String>,
}

fn yes() -> bool {
    true
}

impl Relink for MeasureInput {
    type Links = AreaId;
    fn relink(&mut self, area: AreaId) {
        self.practice_area_id = area;
    }
}

impl Relink for RecalculationInput {
    type Links = MeasureId;
    fn relink(&mut self, measure: MeasureId) {
        self.measure_id = measure;
    }
}

impl Relink for MeasuredResult {
    type Links = MeasureId;
    fn relink(&mut self, measure: MeasureId) {
        self.input.measure_id = measure;
    }
}

/// A date from which a measure's limits are calculated afresh, after a known,
/// sustained change in practice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecalculationInput {
    pub measure_id: MeasureId,
    pub starts_on: NaiveDate,
    pub reason: String,
}

/// One dated value of a measure, as entered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResultInput {
    pub measure_id: MeasureId,
    pub period_end: NaiveDate,
    /// The value; for a case audit it is computed from the grade counts when they are given.
    pub value: Option<f64>,
    pub grades: Option<GradeCounts>,
    pub sample_size: Option<i32>,
    pub note: Option<String>,
}

/// What a result is checked against: the kind and unit of its measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MeasureShape {
    pub kind: MeasureKind,
    pub unit: Unit,
}

/// A result with the value it stands for, checked against its measure.
#[derive(Debug, Clone, PartialEq)]
pub struct MeasuredResult {
    pub input: ResultInput,
    /// The value stored: as entered, or "% good or better" from the grades.
    pub value: f64,
    /// The measure it was checked against.
    pub shape: MeasureShape,
}

impl MeasuredResult {
    /// Reads a result for a measure of this shape: the value it stands for, or
    /// every problem with it.
    pub fn check(input: ResultInput, shape: MeasureShape, context: &Context) -> Result<Valid<Self>, FieldErrors> {
        ResultDraft::of(input, shape).validate(context)
    }
}

impl Validate for MeasuredResult {
    /// The rules of its draft (`drafts::evidence::ResultDraft`), which every reader shares.
    fn tidy_and_check(&mut self, context: &Context) -> FieldErrors {
        check_whole::<ResultDraft>(self, context)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context() -> Context {
        Context::for_today(NaiveDate::from_ymd_opt(2025, 3, 31).unwrap())
    }

    fn value_for(input: ResultInput, kind: MeasureKind, unit: Unit) -> Result<f64, FieldErrors> {
        MeasuredResult::check(input, MeasureShape { kind, unit }, &context()).map(|r| r.value)
    }

    fn result(grades: Option<GradeCounts>, value: Option<f64>) -> ResultInput {
        ResultInput {
            measure_id: MeasureId(1),
            period_end: NaiveDate::from_ymd_opt(2025, 1, 31).unwrap(),
            value,
            grades,
            sample_size: None,
            note: None,
        }
    }

    #[test]
    fn a_case_audit_value_comes_from_its_grades() {
        let grades = GradeCounts { outstanding: 2, good: 14, requires_improvement: 3, inadequate: 1 };
        let value = value_for(result(Some(grades), Some(12.0)), MeasureKind::CaseAudit, Unit::Percent);
        assert_eq!(value, Ok(80.0));
    }

    fn verification(on: NaiveDate, by: Verifier) -> Verification {
        Verification { on, by }
    }

    #[test]
    fn a_verification_is_refused_after_today_or_before_the_practice_was_observed() {
        let day = |m, d| NaiveDate::from_ymd_opt(2025, m, d).unwrap();
        let observed = day(3, 3);
        let mut later = verification(day(3, 20), Verifier::Named("  Priya Shah, Hartshire Police  ".into()));
        assert!(later.check(&context(), Some(observed)).is_empty());
        assert_eq!(later.by, Verifier::Named("Priya Shah, Hartshire Police".into()), "the name is tidied");
        let future = verification(day(4, 1), Verifier::User(UserId(1))).check(&context(), Some(observed));
        assert_eq!(future.for_field("verified_on"), Some("The date it was verified must be today or in the past"));
        let early = verification(day(3, 2), Verifier::User(UserId(1))).check(&context(), Some(observed));
        assert_eq!(
            early.for_field("verified_on"),
            Some("The date it was verified must be on or after the date practice was observed (3 March 2025)")
        );
        assert!(
            verification(observed, Verifier::User(UserId(1))).check(&context(), Some(observed)).is_empty(),
            "the same day is fine"
        );
        let nameless = verification(day(3, 4), Verifier::Named(" ".into())).check(&context(), Some(observed));
        assert!(nameless.for_field("verified_by_name").is_some());
    }

    #[test]
    fn a_percentage_over_100_is_refused() {
        let errors = value_for(result(None, Some(101.0)), MeasureKind::Indicator, Unit::Percent).unwrap_err();
        assert_eq!(errors.for_field("value"), Some("A percentage must be from 0 to 100"));
    }

    #[test]
    fn a_count_must_be_whole_not_negative_and_not_huge() {
        for bad in [1e308, -1e308, -5.0, 1.5] {
            let errors = value_for(result(None, Some(bad)), MeasureKind::Indicator, Unit::Count).unwrap_err();
            assert_eq!(errors.for_field("value"), Some("A count must be a whole number from 0 to 10,000,000"));
        }
        assert_eq!(value_for(result(None, Some(1204.0)), MeasureKind::Indicator, Unit::Count), Ok(1204.0));
    }

    #[test]
    fn a_grade_count_past_the_limit_is_named_by_its_grade() {
        let grades = GradeCounts { outstanding: 0, good: 100_001, requires_improvement: 3, inadequate: 1 };
        let errors = value_for(result(Some(grades), None), MeasureKind::CaseAudit, Unit::Percent).unwrap_err();
        assert_eq!(errors.for_field("good"), Some("Cases graded good must be a whole number from 0 to 100,000"));
    }

    #[test]
    fn a_key_measure_needs_a_target() {
        let input = MeasureInput {
            practice_area_id: AreaId(1),
            name: "Referral decisions within 1 working day".into(),
            description: String::new(),
            kind: MeasureKind::Indicator,
            unit: Unit::Percent,
            direction: Direction::HigherIsBetter,
            target: None,
            frequency: Frequency::Monthly,
            is_key: true,
            baseline_points: None,
            screen_moving_ranges: true,
            published_indicator_code: None,
        };
        assert!(input.validate(&context()).unwrap_err().for_field("target").is_some());
    }
}
