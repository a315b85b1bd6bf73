//! Drafts of the inputs that show change: evidence items and measures.

use super::required;
use crate::domain::audit::GradeCounts;
use crate::domain::evidence::{
    EvidenceInput, MeasureInput, MeasureShape, MeasuredResult, RecalculationInput, ResultInput,
};
use crate::domain::fields::FieldErrors;
use crate::domain::figures::catalogue;
use crate::domain::ids::{AreaId, MeasureId};
use crate::domain::kinds::{Direction, EvidenceKind, Frequency, MeasureKind, Unit};
use crate::domain::plan::{LINE_MAX, TEXT_MAX};
use crate::domain::valid::{Complete, Context, Draft};
use crate::domain::values;
use chrono::NaiveDate;

draft! {
    /// An evidence item as read: its kind, observed date and area may be missing.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct EvidenceDraft for EvidenceInput {
        title: String,
        kind: EvidenceKind => "Choose what kind of evidence it is",
        description: String,
        observed_on: NaiveDate => "Enter the date the practice was observed",
        period_start: Option<NaiveDate>,
        period_end: Option<NaiveDate>,
        practice_area_id: AreaId => "Choose a practice area",
    }
    ask [kind, practice_area_id, observed_on]
}

impl Draft for EvidenceDraft {
    /// Today bounds the observed date.
    fn tidy_and_check(&mut self, context: &Context) -> FieldErrors {
        let mut errors = FieldErrors::new();
        errors.line("title", "a title", &mut self.title, LINE_MAX, true);
        errors.text("description", "the description", &mut self.description, TEXT_MAX, false);
        context.check_optional_date(&mut errors, "observed_on", "The date practice was observed", self.observed_on);
        context.check_optional_date(&mut errors, "period_start", "The start of the period", self.period_start);
        context.check_optional_date(&mut errors, "period_end", "The end of the period", self.period_end);
        if self.observed_on.is_some_and(|observed| observed > context.today) {
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
        errors
    }
}

draft! {
    /// A measure as read: its area, kind, unit, direction, frequency and the
    /// answers to its yes-or-no questions may be missing.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct MeasureDraft for MeasureInput {
        practice_area_id: AreaId => "Choose a practice area",
        name: String,
        description: String,
        kind: MeasureKind => "Choose what kind of measure it is",
        unit: Unit => "Choose the unit its values are in",
        direction: Direction => "Choose which way is better",
        target: Option<f64>,
        frequency: Frequency => "Choose how often it is reported",
        is_key: bool => "Choose whether it is a key measure",
        baseline_points: Option<i32>,
        screen_moving_ranges: bool => "Choose whether to screen out unusual moving ranges",
        published_indicator_code: Option<String>,
    }
}

impl Draft for MeasureDraft {
    /// A rule about the unit, direction or key question waits until it is answered.
    fn tidy_and_check(&mut self, _: &Context) -> FieldErrors {
        let mut errors = FieldErrors::new();
        errors.line("name", "the measure's name", &mut self.name, LINE_MAX, true);
        errors.text("description", "the description", &mut self.description, TEXT_MAX, false);
        if let (Some(target), Some(unit)) = (self.target, self.unit) {
            if let Some(problem) = values::target_problem(unit, target) {
                errors.add("target", problem);
            }
        }
        let key = self.is_key == Some(true);
        if key && self.target.is_none() {
            errors.add("target", "A key measure needs a target");
        }
        if key && self.direction == Some(Direction::Neither) {
            errors.add("direction", "A key measure needs a direction: higher or lower is better");
        }
        if let Some(n) = self.baseline_points {
            if n < 2 {
                errors.add("baseline_points", "A baseline needs at least 2 points, or leave it blank to use all");
            }
        }
        if let (Some(MeasureKind::CaseAudit), Some(unit)) = (self.kind, self.unit) {
            if unit != Unit::Percent {
                errors.add("unit", "A case-audit measure is a percentage good or better");
            }
        }
        errors.merge(check_indicator_code(&mut self.published_indicator_code));
        errors
    }
}

/// Tidies the published indicator's code, blank being none, and checks that
/// Sustain reads that indicator.
fn check_indicator_code(code: &mut Option<String>) -> FieldErrors {
    let mut errors = FieldErrors::new();
    let tidied = code.as_deref().map(str::trim).filter(|c| !c.is_empty()).map(str::to_string);
    if let Some(given) = &tidied {
        if catalogue::indicator(given).is_none() {
            let known: Vec<&str> = catalogue::INDICATORS.iter().map(|i| i.code).collect();
            errors.add(
                "published_indicator_code",
                format!("Choose a published indicator Sustain reads ({}), or leave it blank", known.join(", ")),
            );
        }
    }
    *code = tidied;
    errors
}

draft! {
    /// A recalculation point as read: its date may be missing.
    #[derive(Debug, Clone, PartialEq)]
    pub struct RecalculationDraft for RecalculationInput {
        measure_id: MeasureId,
        starts_on: NaiveDate => "Enter the date the limits restart",
        reason: String,
    }
}

impl Draft for RecalculationDraft {
    fn tidy_and_check(&mut self, context: &Context) -> FieldErrors {
        let mut errors = FieldErrors::new();
        context.check_optional_date(&mut errors, "starts_on", "The date the limits restart", self.starts_on);
        errors.text("reason", "why the limits restart here", &mut self.reason, TEXT_MAX, true);
        errors
    }
}

/// A result as read for a measure of a known shape: its period, or its value
/// (or, for a case audit, its grade counts), may be missing.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultDraft {
    pub measure_id: MeasureId,
    pub period_end: Option<NaiveDate>,
    pub value: Option<f64>,
    pub grades: Option<GradeCounts>,
    pub sample_size: Option<i32>,
    pub note: Option<String>,
    /// The measure it is read for.
    pub shape: MeasureShape,
}

impl ResultDraft {
    /// A result as entered, for a measure of this shape.
    pub fn of(i: ResultInput, shape: MeasureShape) -> Self {
        Self {
            measure_id: i.measure_id,
            period_end: Some(i.period_end),
            value: i.value,
            grades: i.grades,
            sample_size: i.sample_size,
            note: i.note,
            shape,
        }
    }

    /// The grade counts, when the measure is a case audit.
    fn audit_grades(&self) -> Option<GradeCounts> {
        self.grades.filter(|_| self.shape.kind == MeasureKind::CaseAudit)
    }

    /// The value the result stands for: as entered, or "% good or better" from the grades.
    fn stands_for(&self) -> Option<f64> {
        match self.audit_grades() {
            Some(grades) => grades.percent_good_or_better(),
            None => self.value,
        }
    }
}

impl From<MeasuredResult> for ResultDraft {
    fn from(m: MeasuredResult) -> Self {
        Self::of(m.input, m.shape)
    }
}

impl Draft for ResultDraft {
    /// The value is checked against its unit (`values::value_problem`): the
    /// one rule for results from the form, the API and every import.
    fn tidy_and_check(&mut self, context: &Context) -> FieldErrors {
        let mut errors = FieldErrors::new();
        errors.optional_text("note", "the note", &mut self.note, TEXT_MAX);
        context.check_optional_date(&mut errors, "period_end", "The end of the period", self.period_end);
        if self.period_end.is_some_and(|end| end > context.today) {
            errors.add("period_end", "The end of the period must be today or in the past");
        }
        if let Some(Err(problem)) = self.sample_size.map(|n| values::sample_size(f64::from(n))) {
            errors.add("sample_size", problem);
        }
        if let Some(grades) = self.audit_grades() {
            for (field, label, n) in grades.by_grade() {
                if let Err(problem) = values::cases(label, f64::from(n)) {
                    errors.add(field, problem);
                }
            }
            let graded = Some(grades.total());
            if grades.percent_good_or_better().is_some()
                && self.sample_size.is_some_and(|n| u32::try_from(n).ok() != graded)
            {
                errors.add("sample_size", "The sample size must equal the number of cases graded");
            }
        }
        if let Some(problem) = self.stands_for().and_then(|v| values::value_problem(self.shape.unit, v)) {
            errors.add("value", problem);
        }
        errors
    }
}

impl Complete for ResultDraft {
    type Input = MeasuredResult;

    /// The value asked for is the grades, for a case audit.
    fn complete(self) -> Result<MeasuredResult, FieldErrors> {
        let mut missing = FieldErrors::new();
        let period = required(&mut missing, "period_end", "Enter the end of the period", self.period_end);
        let value = match self.shape.kind {
            MeasureKind::CaseAudit => {
                required(&mut missing, "grades", "Enter how many cases were given each grade", self.stands_for())
            }
            _ => required(&mut missing, "value", "Enter the value", self.stands_for()),
        };
        let (Some(period_end), Some(value)) = (period, value) else { return Err(missing) };
        let input = ResultInput {
            measure_id: self.measure_id,
            period_end,
            value: self.value,
            grades: self.grades,
            sample_size: self.sample_size,
            note: self.note,
        };
        Ok(MeasuredResult { input, value, shape: self.shape })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context() -> Context {
        Context::for_today(NaiveDate::from_ymd_opt(2025, 3, 31).unwrap())
    }

    #[test]
    fn a_key_measure_without_a_unit_is_asked_for_the_unit_not_refused_a_target_for_it() {
        let draft = MeasureDraft { is_key: Some(true), target: Some(250.0), ..MeasureDraft::default() };
        let errors = draft.validate(&context()).unwrap_err();
        assert_eq!(errors.for_field("unit"), Some("Choose the unit its values are in"));
        assert_eq!(errors.for_field("target"), None);
    }

    #[test]
    fn a_published_indicator_is_one_sustain_reads_and_blank_is_none() {
        let with_code =
            |code: &str| MeasureDraft { published_indicator_code: Some(code.to_string()), ..MeasureDraft::default() };
        let mut known = with_code(" rereferrals_percent ");
        let errors = known.tidy_and_check(&context());
        assert_eq!(errors.for_field("published_indicator_code"), None);
        assert_eq!(known.published_indicator_code.as_deref(), Some("rereferrals_percent"));
        let mut blank = with_code("  ");
        assert_eq!(blank.tidy_and_check(&context()).for_field("published_indicator_code"), None);
        assert_eq!(blank.published_indicator_code, None);
        let unknown = with_code("rereferrals").tidy_and_check(&context());
        let message = unknown.for_field("published_indicator_code").unwrap();
        assert!(message.starts_with("Choose a published indicator Sustain reads"), "{message}");
        assert!(message.contains("cla_rate_per_10000"), "the codes it could be are named: {message}");
    }

    #[test]
    fn a_result_without_its_period_is_asked_for_it_and_its_value_still_checked() {
        let draft = ResultDraft {
            measure_id: MeasureId(1),
            period_end: None,
            value: Some(140.0),
            grades: None,
            sample_size: None,
            note: None,
            shape: MeasureShape { kind: MeasureKind::Indicator, unit: Unit::Percent },
        };
        let errors = draft.validate(&context()).unwrap_err();
        assert_eq!(errors.for_field("period_end"), Some("Enter the end of the period"));
        assert!(errors.for_field("value").is_some());
    }

    #[test]
    fn evidence_asks_for_its_kind_then_its_area_then_its_observed_date() {
        let missing = EvidenceDraft::default().complete().unwrap_err();
        let fields: Vec<_> = missing.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["kind", "practice_area_id", "observed_on"]);
    }

    #[test]
    fn evidence_without_its_observed_date_is_asked_for_it() {
        let errors =
            EvidenceDraft { title: "Audit".into(), ..EvidenceDraft::default() }.validate(&context()).unwrap_err();
        assert_eq!(errors.for_field("observed_on"), Some("Enter the date the practice was observed"));
        assert_eq!(errors.for_field("title"), None);
    }
}
