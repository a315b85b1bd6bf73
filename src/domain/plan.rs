//! Validated input for the improvement plan: owners, inspections, findings,
//! practice areas, actions and progress updates.
//!
//! Each input is what a form or a JSON body becomes once it has been read;
//! validating it (`Validate`) tidies its text and reports every problem at
//! once, by field, and gives the `Valid` value that repositories take. An
//! input that has a draft (`drafts::plan`) is validated by its draft's rules:
//! `drafts::draft!` writes that `Validate` beside the draft.

use super::fields::FieldErrors;
use super::ids::{ActionId, AreaId, InspectionId, OwnerId, UserId};
use super::kinds::{ActionState, FindingKind, Grade, InspectionKind, Rag};
use super::valid::{Context, Relink, Validate};
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
    pub user_id: Option<UserId>,
}

impl Validate for OwnerInput {
    fn tidy_and_check(&mut self, _: &Context) -> FieldErrors {
        let mut errors = FieldErrors::new();
        errors.line("name", "the name", &mut self.name, LINE_MAX, false);
        errors.line("job_title", "the job title", &mut self.job_title, LINE_MAX, false);
        errors.line("team", "the team", &mut self.team, LINE_MAX, false);
        if self.name.is_empty() && self.job_title.is_empty() {
            errors.add("name", "Enter a name or a job title");
        }
        errors.optional_line("email", "the email address", &mut self.email, LINE_MAX);
        if self.email.as_deref().is_some_and(|e| !looks_like_email(e)) {
            errors.add("email", "Enter an email address in the correct format, like name@example.org");
        }
        errors
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

/// The judgement areas of an ILACS inspection from January 2023 (the overall
/// effectiveness grade is the inspection's own overall judgement); the areas
/// of other kinds and dates are in `frameworks`.
pub const JUDGEMENT_AREAS: &[&str] = super::frameworks::ILACS_2023_AREAS;

/// One graded judgement area of an inspection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JudgementInput {
    pub inspection_id: InspectionId,
    pub area: String,
    pub grade: Grade,
}

/// A practice area, with optional overrides of the sustainment rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AreaInput {
    pub name: String,
    pub description: String,
    pub lead_owner_id: Option<OwnerId>,
    pub evidence_window_months: Option<i32>,
    pub evidence_min_items: Option<i32>,
    pub evidence_min_kinds: Option<i32>,
    pub results_window_months: Option<i32>,
    pub results_min_count: Option<i32>,
    pub slipping_lookback_months: Option<i32>,
}

impl Validate for AreaInput {
    fn tidy_and_check(&mut self, _: &Context) -> FieldErrors {
        let mut errors = FieldErrors::new();
        errors.line("name", "the practice area's name", &mut self.name, LINE_MAX, true);
        errors.text("description", "the description", &mut self.description, TEXT_MAX, false);
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
        errors
    }
}

/// What an inspection said, placed in a practice area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FindingInput {
    pub inspection_id: InspectionId,
    pub practice_area_id: AreaId,
    pub kind: FindingKind,
    pub reference: String,
    pub text: String,
}

impl Relink for FindingInput {
    type Links = (InspectionId, AreaId);
    fn relink(&mut self, (inspection, area): (InspectionId, AreaId)) {
        self.inspection_id = inspection;
        self.practice_area_id = area;
    }
}

impl Relink for AreaInput {
    type Links = Option<OwnerId>;
    fn relink(&mut self, lead: Option<OwnerId>) {
        self.lead_owner_id = lead;
    }
}

impl Relink for JudgementInput {
    type Links = InspectionId;
    fn relink(&mut self, inspection: InspectionId) {
        self.inspection_id = inspection;
    }
}

/// A plan action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionInput {
    pub reference: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub owner_id: Option<OwnerId>,
    pub practice_area_id: AreaId,
    pub start_date: Option<NaiveDate>,
    pub due_date: Option<NaiveDate>,
    pub completed_date: Option<NaiveDate>,
    pub state: ActionState,
    #[serde(default)]
    pub success_measure: String,
}

impl Relink for ActionInput {
    type Links = (AreaId, Option<OwnerId>);
    fn relink(&mut self, (area, owner): (AreaId, Option<OwnerId>)) {
        self.practice_area_id = area;
        self.owner_id = owner;
    }
}

/// A dated progress note on an action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UpdateInput {
    pub action_id: ActionId,
    pub update_date: NaiveDate,
    pub rag: Rag,
    pub note: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn context() -> Context {
        Context::for_today(date(2025, 3, 31))
    }

    fn action() -> ActionInput {
        ActionInput {
            reference: "1.3".into(),
            title: "Train MASH managers in risk analysis".into(),
            description: String::new(),
            owner_id: None,
            practice_area_id: AreaId(1),
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
        let errors = input.validate(&context()).unwrap_err();
        assert_eq!(errors.for_field("completed_date"), Some("Enter the date the action was completed"));
    }

    #[test]
    fn an_action_due_before_it_starts_is_refused() {
        let input = ActionInput { due_date: Some(date(2023, 12, 1)), ..action() };
        assert!(input.validate(&context()).unwrap_err().for_field("due_date").is_some());
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
        assert!(input.validate(&context()).unwrap_err().for_field("end_date").is_some());
    }

    #[test]
    fn a_completion_date_after_today_is_refused() {
        let input = ActionInput { state: ActionState::Completed, completed_date: Some(date(3000, 1, 1)), ..action() };
        let errors = input.validate(&context()).unwrap_err();
        assert!(errors.iter().filter(|e| e.field == "completed_date").count() >= 1);
    }

    #[test]
    fn an_implausible_due_date_is_refused_by_name() {
        let input = ActionInput { due_date: Some(date(0, 1, 1)), start_date: None, ..action() };
        let errors = input.validate(&context()).unwrap_err();
        assert_eq!(errors.for_field("due_date"), Some("The due date must be between 1990 and 2100"));
    }

    #[test]
    fn email_shape_is_checked() {
        assert!(looks_like_email("lado@hartwell.example"));
        assert!(!looks_like_email("lado at hartwell"));
        assert!(!looks_like_email("a@b"));
    }
}
