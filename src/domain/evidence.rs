//! Validated input for evidence of practice change, measures and results.

use super::audit::GradeCounts;
use super::fields::FieldErrors;
use super::kinds::{Direction, EvidenceKind, Frequency, MeasureKind, Unit};
use super::plan::{LINE_MAX, TEXT_MAX};
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
    pub practice_area_id: i64,
}

impl EvidenceInput {
    /// Every problem with this input; `today` bounds the observed date.
    pub fn check(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        errors.required_text("title", "a title", &self.title, LINE_MAX);
        errors.optional_text("description", "the description", Some(&self.description), TEXT_MAX);
        if self.observed_on > today {
            errors.add("observed_on", "The date practice was observed must be today or in the past");
        }
        match (self.period_start, self.period_end) {
            (Some(start), Some(end)) if end < start => {
                errors.add("period_end", "The end of the period must be after its start")
            }
            (Some(_), None) => errors.add("period_end", "Enter the end of the period, or leave both blank"),
            (None, Some(_)) => errors.add("period_start", "Enter the start of the period, or leave both blank"),
            _ => {}
        }
        errors.into_result(())
    }
}

/// A leader's decision on an evidence item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "decision", rename_all = "snake_case")]
pub enum Review {
    /// The item shows what it claims.
    Verify,
    /// The item does not; the reason is kept and shown.
    Reject { reason: String },
}

impl Review {
    /// Every problem with this input.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if let Review::Reject { reason } = self {
            errors.required_text("reason", "why the evidence is rejected", reason, TEXT_MAX);
        }
        errors.into_result(())
    }
}

/// A case-audit measure or performance indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeasureInput {
    pub practice_area_id: i64,
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
}

fn yes() -> bool {
    true
}

impl MeasureInput {
    /// Every problem with this input.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        errors.required_text("name", "the measure's name", &self.name, LINE_MAX);
        if let Some(target) = self.target {
            if !target.is_finite() {
                errors.add("target", "Enter the target as a number");
            } else if self.unit == Unit::Percent && !(0.0..=100.0).contains(&target) {
                errors.add("target", "A percentage target must be from 0 to 100");
            }
        }
        if self.is_key && self.target.is_none() {
            errors.add("target", "A key measure needs a target");
        }
        if self.is_key && self.direction == Direction::Neither {
            errors.add("direction", "A key measure needs a direction: higher or lower is better");
        }
        if let Some(n) = self.baseline_points {
            if n < 2 {
                errors.add("baseline_points", "A baseline needs at least 2 points, or leave it blank to use all");
            }
        }
        if self.kind == MeasureKind::CaseAudit && self.unit != Unit::Percent {
            errors.add("unit", "A case-audit measure is a percentage good or better");
        }
        errors.into_result(())
    }
}

/// One dated value of a measure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResultInput {
    pub measure_id: i64,
    pub period_end: NaiveDate,
    /// The value; for a case audit it is computed from the grade counts when they are given.
    pub value: Option<f64>,
    pub grades: Option<GradeCounts>,
    pub sample_size: Option<i32>,
    pub note: Option<String>,
}

impl ResultInput {
    /// Reads the value this result stands for, or every problem with it.
    pub fn value_for(&self, kind: MeasureKind, unit: Unit) -> Result<f64, FieldErrors> {
        let mut errors = FieldErrors::new();
        errors.optional_text("note", "the note", self.note.as_deref(), TEXT_MAX);
        if let Some(n) = self.sample_size {
            if n < 0 {
                errors.add("sample_size", "The sample size cannot be negative");
            }
        }
        let value = match (kind, self.grades, self.value) {
            (MeasureKind::CaseAudit, Some(grades), _) => match grades.percent_good_or_better() {
                Some(v) => {
                    if let Some(n) = self.sample_size {
                        if u32::try_from(n).ok() != Some(grades.total()) {
                            errors.add("sample_size", "The sample size must equal the number of cases graded");
                        }
                    }
                    v
                }
                None => {
                    errors.add("grades", "Enter how many cases were given each grade");
                    0.0
                }
            },
            (MeasureKind::CaseAudit, None, None) => {
                errors.add("grades", "Enter how many cases were given each grade");
                0.0
            }
            (_, _, Some(v)) if v.is_finite() => v,
            _ => {
                errors.add("value", "Enter the value as a number");
                0.0
            }
        };
        if unit == Unit::Percent && !(0.0..=100.0).contains(&value) {
            errors.add("value", "A percentage must be from 0 to 100");
        }
        errors.into_result(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(grades: Option<GradeCounts>, value: Option<f64>) -> ResultInput {
        ResultInput {
            measure_id: 1,
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
        let value = result(Some(grades), Some(12.0)).value_for(MeasureKind::CaseAudit, Unit::Percent);
        assert_eq!(value, Ok(80.0));
    }

    #[test]
    fn a_percentage_over_100_is_refused() {
        let errors = result(None, Some(101.0)).value_for(MeasureKind::Indicator, Unit::Percent).unwrap_err();
        assert_eq!(errors.for_field("value"), Some("A percentage must be from 0 to 100"));
    }

    #[test]
    fn a_key_measure_needs_a_target() {
        let input = MeasureInput {
            practice_area_id: 1,
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
        };
        assert!(input.check().unwrap_err().for_field("target").is_some());
    }
}
