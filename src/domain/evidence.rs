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
    /// The item could show it with changes: back to the person who added it,
    /// as a draft out of the review queue until it is changed, with the reason
    /// shown to them.
    Return { reason: String },
}

impl Review {
    /// What the decision did, in words for a notice: "Verified", "Rejected",
    /// "Returned for changes".
    pub fn done(&self) -> &'static str {
        match self {
            Review::Verify | Review::Verified(_) => "Verified",
            Review::Reject { .. } => "Rejected",
            Review::Return { .. } => "Returned for changes",
        }
    }
}

impl Validate for Review {
    fn tidy_and_check(&mut self, context: &Context) -> FieldErrors {
        let mut errors = FieldErrors::new();
        match self {
            Review::Reject { reason } => errors.text("reason", "why the evidence is rejected", reason, TEXT_MAX, true),
            Review::Return { reason } => {
                errors.text("reason", "what should change before it is reviewed again", reason, TEXT_MAX, true)
            }
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

/// A case audit's result, as what an evidence item recorded from it says.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditResult<'a> {
    pub measure_name: &'a str,
    pub practice_area_id: AreaId,
    pub period_end: NaiveDate,
    pub grades: Option<GradeCounts>,
    /// "% good or better", as stored.
    pub value: f64,
    pub note: Option<&'a str>,
}

impl AuditResult<'_> {
    /// The case-audit evidence item it stands for, so that one audit is entered
    /// once: observed at the end of the period audited (today, if that is
    /// still to come), its grades in words.
    pub fn as_evidence(&self, today: NaiveDate) -> EvidenceInput {
        let name: String = self.measure_name.chars().take(LINE_MAX - 60).collect();
        let mut description = match self.grades {
            Some(g) => format!(
                "{} cases graded: {} outstanding, {} good, {} requires improvement, {} inadequate ({}% good or better).",
                g.total(),
                g.outstanding,
                g.good,
                g.requires_improvement,
                g.inadequate,
                self.value
            ),
            None => format!("{}% good or better.", self.value),
        };
        if let Some(note) = self.note.map(str::trim).filter(|n| !n.is_empty()) {
            description = format!("{description} {note}");
        }
        EvidenceInput {
            title: format!("{name}: case audit to {}", long_date(self.period_end)),
            kind: EvidenceKind::CaseAudit,
            description: description.chars().take(TEXT_MAX).collect(),
            observed_on: self.period_end.min(today),
            period_start: None,
            period_end: None,
            practice_area_id: self.practice_area_id,
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
    fn a_case_audit_result_reads_as_a_case_audit_evidence_item_of_its_area() {
        let result = AuditResult {
            measure_name: "Front door case audits",
            practice_area_id: AreaId(4),
            period_end: NaiveDate::from_ymd_opt(2025, 1, 31).unwrap(),
            grades: Some(GradeCounts { outstanding: 2, good: 14, requires_improvement: 3, inadequate: 1 }),
            value: 80.0,
            note: Some(" Thresholds applied well. "),
        };
        let item = result.as_evidence(context().today);
        assert_eq!(item.title, "Front door case audits: case audit to 31 January 2025");
        assert_eq!(
            (item.kind, item.practice_area_id, item.observed_on),
            (EvidenceKind::CaseAudit, AreaId(4), result.period_end)
        );
        assert_eq!(
            item.description,
            "20 cases graded: 2 outstanding, 14 good, 3 requires improvement, 1 inadequate (80% good or better). Thresholds applied well."
        );
        assert!(item.validate(&context()).is_ok(), "it is a valid item as it stands");
        let later = AuditResult { period_end: NaiveDate::from_ymd_opt(2025, 4, 30).unwrap(), ..result };
        assert_eq!(later.as_evidence(context().today).observed_on, context().today, "never observed in the future");
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
