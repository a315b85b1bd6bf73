//! Validated input for the improvement plan: owners, inspections, findings,
//! practice areas, actions and progress updates.
//!
//! Each input is what a form or a JSON body becomes once it has been read;
//! `check()` reports every problem at once, by field.

use super::fields::FieldErrors;
use super::kinds::{ActionState, FindingKind, Grade, InspectionKind, Rag};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Longest single-line text we keep (titles, names, references are shorter).
pub const LINE_MAX: usize = 300;
/// Longest free text (descriptions, finding text, notes).
pub const TEXT_MAX: usize = 20_000;

/// A person who owns actions or areas; need not be a user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OwnerInput {
    pub name: String,
    pub job_title: String,
    /// Team, or partner agency for people outside the council.
    pub team: String,
    pub email: Option<String>,
    pub user_id: Option<i64>,
}

impl OwnerInput {
    /// Every problem with this input.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if self.name.trim().is_empty() && self.job_title.trim().is_empty() {
            errors.add("name", "Enter a name or a job title");
        }
        errors.optional_text("name", "the name", Some(&self.name), LINE_MAX);
        errors.optional_text("job_title", "the job title", Some(&self.job_title), LINE_MAX);
        errors.optional_text("team", "the team", Some(&self.team), LINE_MAX);
        if let Some(email) = self.email.as_deref().filter(|e| !e.trim().is_empty()) {
            if !looks_like_email(email) {
                errors.add("email", "Enter an email address in the correct format, like name@example.org");
            }
        }
        errors.into_result(())
    }
}

/// Whether text has the shape of an email address (one @, a dot after it, no spaces).
pub fn looks_like_email(text: &str) -> bool {
    let text = text.trim();
    match text.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
                && !text.contains(char::is_whitespace)
        }
        None => false,
    }
}

/// Any visit or review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InspectionInput {
    pub kind: InspectionKind,
    pub title: String,
    pub inspectorate: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub published_on: Option<NaiveDate>,
    pub overall_judgement: Option<Grade>,
    pub report_url: Option<String>,
    pub draft_plan_due: Option<NaiveDate>,
    pub final_plan_due: Option<NaiveDate>,
}

impl InspectionInput {
    /// Every problem with this input.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        errors.required_text("title", "a title", &self.title, LINE_MAX);
        errors.required_text("inspectorate", "the inspectorate", &self.inspectorate, LINE_MAX);
        if self.end_date < self.start_date {
            errors.add("end_date", "The end date must be the same as or after the start date");
        }
        if let Some(published) = self.published_on {
            if published < self.start_date {
                errors.add("published_on", "The publication date must be after the visit started");
            }
        }
        if let Some(url) = self.report_url.as_deref().filter(|u| !u.trim().is_empty()) {
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                errors.add("report_url", "Enter the report link as a web address starting https://");
            }
        }
        if let (Some(draft), Some(last)) = (self.draft_plan_due, self.final_plan_due) {
            if last < draft {
                errors.add("final_plan_due", "The final plan is due after the draft");
            }
        }
        errors.into_result(())
    }
}

/// One graded judgement area of an inspection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JudgementInput {
    pub inspection_id: i64,
    pub area: String,
    pub grade: Grade,
}

impl JudgementInput {
    /// Every problem with this input.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        errors.required_text("area", "the judgement area", &self.area, LINE_MAX);
        errors.into_result(())
    }
}

/// A practice area, with optional overrides of the sustainment rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AreaInput {
    pub name: String,
    pub description: String,
    pub lead_owner_id: Option<i64>,
    pub evidence_window_months: Option<i32>,
    pub evidence_min_items: Option<i32>,
    pub evidence_min_kinds: Option<i32>,
    pub results_window_months: Option<i32>,
    pub results_min_count: Option<i32>,
    pub slipping_lookback_months: Option<i32>,
}

impl AreaInput {
    /// Every problem with this input.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        errors.required_text("name", "the practice area's name", &self.name, LINE_MAX);
        errors.optional_text("description", "the description", Some(&self.description), TEXT_MAX);
        let overrides = [
            ("evidence_window_months", self.evidence_window_months, 1, 60),
            ("evidence_min_items", self.evidence_min_items, 1, 50),
            ("evidence_min_kinds", self.evidence_min_kinds, 1, 10),
            ("results_window_months", self.results_window_months, 1, 36),
            ("results_min_count", self.results_min_count, 1, 36),
            ("slipping_lookback_months", self.slipping_lookback_months, 1, 60),
        ];
        for (field, value, low, high) in overrides {
            if let Some(v) = value {
                if v < low || v > high {
                    errors.add(
                        field,
                        format!("Enter a whole number from {low} to {high}, or leave it blank to use the default"),
                    );
                }
            }
        }
        errors.into_result(())
    }
}

/// What an inspection said, placed in a practice area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FindingInput {
    pub inspection_id: i64,
    pub practice_area_id: i64,
    pub kind: FindingKind,
    pub reference: String,
    pub text: String,
}

impl FindingInput {
    /// Every problem with this input.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        errors.required_text("reference", "a reference, like APA1 or R3", &self.reference, 20);
        errors.required_text("text", "what the inspection said", &self.text, TEXT_MAX);
        errors.into_result(())
    }
}

/// A plan action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionInput {
    pub reference: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub owner_id: Option<i64>,
    pub practice_area_id: i64,
    pub start_date: Option<NaiveDate>,
    pub due_date: Option<NaiveDate>,
    pub completed_date: Option<NaiveDate>,
    pub state: ActionState,
    #[serde(default)]
    pub success_measure: String,
}

impl ActionInput {
    /// Every problem with this input.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        errors.required_text("reference", "a reference, like 1.3", &self.reference, 20);
        errors.required_text("title", "a title", &self.title, LINE_MAX);
        errors.optional_text("description", "the description", Some(&self.description), TEXT_MAX);
        errors.optional_text("success_measure", "the success measure", Some(&self.success_measure), TEXT_MAX);
        if let (Some(start), Some(due)) = (self.start_date, self.due_date) {
            if due < start {
                errors.add("due_date", "The due date must be the same as or after the start date");
            }
        }
        match (self.state, self.completed_date) {
            (ActionState::Completed, None) => errors.add("completed_date", "Enter the date the action was completed"),
            (state, Some(_)) if state != ActionState::Completed => {
                errors.add("completed_date", "Only a completed action has a completed date")
            }
            _ => {}
        }
        if let (Some(start), Some(done)) = (self.start_date, self.completed_date) {
            if done < start {
                errors.add("completed_date", "The completed date must be the same as or after the start date");
            }
        }
        errors.into_result(())
    }
}

/// A dated progress note on an action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UpdateInput {
    pub action_id: i64,
    pub update_date: NaiveDate,
    pub rag: Rag,
    pub note: String,
}

impl UpdateInput {
    /// Every problem with this input.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        errors.required_text("note", "what has happened since the last update", &self.note, TEXT_MAX);
        errors.into_result(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn action() -> ActionInput {
        ActionInput {
            reference: "1.3".into(),
            title: "Train MASH managers in risk analysis".into(),
            description: String::new(),
            owner_id: None,
            practice_area_id: 1,
            start_date: Some(date(2024, 1, 1)),
            due_date: Some(date(2024, 6, 30)),
            completed_date: None,
            state: ActionState::InProgress,
            success_measure: String::new(),
        }
    }

    #[test]
    fn a_completed_action_needs_its_completed_date() {
        let input = ActionInput { state: ActionState::Completed, ..action() };
        let errors = input.check().unwrap_err();
        assert_eq!(errors.for_field("completed_date"), Some("Enter the date the action was completed"));
    }

    #[test]
    fn an_action_due_before_it_starts_is_refused() {
        let input = ActionInput { due_date: Some(date(2023, 12, 1)), ..action() };
        assert!(input.check().unwrap_err().for_field("due_date").is_some());
    }

    #[test]
    fn an_inspection_cannot_end_before_it_starts() {
        let input = InspectionInput {
            kind: InspectionKind::FocusedVisit,
            title: "Focused visit".into(),
            inspectorate: "Ofsted".into(),
            start_date: date(2024, 3, 5),
            end_date: date(2024, 3, 4),
            published_on: None,
            overall_judgement: None,
            report_url: None,
            draft_plan_due: None,
            final_plan_due: None,
        };
        assert!(input.check().unwrap_err().for_field("end_date").is_some());
    }

    #[test]
    fn email_shape_is_checked() {
        assert!(looks_like_email("lado@hartwell.example"));
        assert!(!looks_like_email("lado at hartwell"));
        assert!(!looks_like_email("a@b"));
    }
}
