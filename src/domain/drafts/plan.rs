//! Drafts of the improvement plan's inputs: inspections, judgements,
//! findings, actions and progress updates.

use super::required;
use crate::domain::fields::FieldErrors;
use crate::domain::ids::{ActionId, AreaId, InspectionId, OwnerId};
use crate::domain::kinds::{ActionState, FindingKind, Grade, InspectionKind, Rag};
use crate::domain::plan::{
    ActionInput, FindingInput, InspectionInput, JudgementInput, UpdateInput, LINE_MAX, TEXT_MAX,
};
use crate::domain::valid::{Context, Draft};
use chrono::NaiveDate;

/// An inspection as read: its kind and dates may be missing.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct InspectionDraft {
    pub kind: Option<InspectionKind>,
    pub title: String,
    pub inspectorate: String,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub published_on: Option<NaiveDate>,
    pub overall_judgement: Option<Grade>,
    pub report_url: Option<String>,
    pub draft_plan_due: Option<NaiveDate>,
    pub final_plan_due: Option<NaiveDate>,
}

impl From<InspectionInput> for InspectionDraft {
    fn from(i: InspectionInput) -> Self {
        Self {
            kind: Some(i.kind),
            title: i.title,
            inspectorate: i.inspectorate,
            start_date: Some(i.start_date),
            end_date: Some(i.end_date),
            published_on: i.published_on,
            overall_judgement: i.overall_judgement,
            report_url: i.report_url,
            draft_plan_due: i.draft_plan_due,
            final_plan_due: i.final_plan_due,
        }
    }
}

impl Draft for InspectionDraft {
    type Input = InspectionInput;

    fn tidy_and_check(&mut self, context: &Context) -> FieldErrors {
        let mut errors = FieldErrors::new();
        errors.line("title", "a title", &mut self.title, LINE_MAX, true);
        errors.line("inspectorate", "the inspectorate", &mut self.inspectorate, LINE_MAX, true);
        errors.optional_line("report_url", "the report link", &mut self.report_url, 2_000);
        context.check_optional_date(&mut errors, "start_date", "The start date", self.start_date);
        context.check_optional_date(&mut errors, "end_date", "The end date", self.end_date);
        context.check_optional_date(&mut errors, "published_on", "The publication date", self.published_on);
        context.check_optional_date(&mut errors, "draft_plan_due", "The draft plan due date", self.draft_plan_due);
        context.check_optional_date(&mut errors, "final_plan_due", "The final plan due date", self.final_plan_due);
        if self.published_on.is_some_and(|p| p > context.today) {
            errors.add("published_on", "The publication date must be today or in the past");
        }
        if let (Some(start), Some(end)) = (self.start_date, self.end_date) {
            if end < start {
                errors.add("end_date", "The end date must be the same as or after the start date");
            }
        }
        if let (Some(published), Some(start)) = (self.published_on, self.start_date) {
            if published < start {
                errors.add("published_on", "The publication date must be after the visit started");
            }
        }
        if let Some(url) = self.report_url.as_deref() {
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                errors.add("report_url", "Enter the report link as a web address starting https://");
            }
        }
        if let (Some(draft), Some(last)) = (self.draft_plan_due, self.final_plan_due) {
            if last < draft {
                errors.add("final_plan_due", "The final plan is due after the draft");
            }
        }
        errors
    }

    fn complete(self) -> Result<InspectionInput, FieldErrors> {
        let mut missing = FieldErrors::new();
        let kind = required(&mut missing, "kind", "Choose what kind of visit or review it was", self.kind);
        let start = required(&mut missing, "start_date", "Enter the start date", self.start_date);
        let end = required(&mut missing, "end_date", "Enter the end date", self.end_date);
        let (Some(kind), Some(start_date), Some(end_date)) = (kind, start, end) else { return Err(missing) };
        Ok(InspectionInput {
            kind,
            title: self.title,
            inspectorate: self.inspectorate,
            start_date,
            end_date,
            published_on: self.published_on,
            overall_judgement: self.overall_judgement,
            report_url: self.report_url,
            draft_plan_due: self.draft_plan_due,
            final_plan_due: self.final_plan_due,
        })
    }
}

/// A judgement as read: its inspection and grade may be missing.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct JudgementDraft {
    pub inspection_id: Option<InspectionId>,
    pub area: String,
    pub grade: Option<Grade>,
}

impl From<JudgementInput> for JudgementDraft {
    fn from(j: JudgementInput) -> Self {
        Self { inspection_id: Some(j.inspection_id), area: j.area, grade: Some(j.grade) }
    }
}

impl Draft for JudgementDraft {
    type Input = JudgementInput;

    fn tidy_and_check(&mut self, _: &Context) -> FieldErrors {
        let mut errors = FieldErrors::new();
        errors.line("area", "the judgement area", &mut self.area, LINE_MAX, true);
        errors
    }

    fn complete(self) -> Result<JudgementInput, FieldErrors> {
        let mut missing = FieldErrors::new();
        let inspection = required(&mut missing, "inspection_id", "Choose the inspection", self.inspection_id);
        let grade = required(&mut missing, "grade", "Choose a grade", self.grade);
        let (Some(inspection_id), Some(grade)) = (inspection, grade) else { return Err(missing) };
        Ok(JudgementInput { inspection_id, area: self.area, grade })
    }
}

/// A finding as read: its inspection, area and kind may be missing.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FindingDraft {
    pub inspection_id: Option<InspectionId>,
    pub practice_area_id: Option<AreaId>,
    pub kind: Option<FindingKind>,
    pub reference: String,
    pub text: String,
}

impl From<FindingInput> for FindingDraft {
    fn from(f: FindingInput) -> Self {
        Self {
            inspection_id: Some(f.inspection_id),
            practice_area_id: Some(f.practice_area_id),
            kind: Some(f.kind),
            reference: f.reference,
            text: f.text,
        }
    }
}

impl Draft for FindingDraft {
    type Input = FindingInput;

    fn tidy_and_check(&mut self, _: &Context) -> FieldErrors {
        let mut errors = FieldErrors::new();
        errors.line("reference", "a reference, like APA1 or R3", &mut self.reference, 20, true);
        errors.text("text", "what the inspection said", &mut self.text, TEXT_MAX, true);
        errors
    }

    fn complete(self) -> Result<FindingInput, FieldErrors> {
        let mut missing = FieldErrors::new();
        let inspection = required(&mut missing, "inspection_id", "Choose the inspection", self.inspection_id);
        let kind = required(&mut missing, "kind", "Choose what kind of finding it is", self.kind);
        let area = required(&mut missing, "practice_area_id", "Choose a practice area", self.practice_area_id);
        let (Some(inspection_id), Some(practice_area_id), Some(kind)) = (inspection, area, kind) else {
            return Err(missing);
        };
        Ok(FindingInput { inspection_id, practice_area_id, kind, reference: self.reference, text: self.text })
    }
}

/// A plan action as read: its area and state may be missing.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ActionDraft {
    pub reference: String,
    pub title: String,
    pub description: String,
    pub owner_id: Option<OwnerId>,
    pub practice_area_id: Option<AreaId>,
    pub start_date: Option<NaiveDate>,
    pub due_date: Option<NaiveDate>,
    pub completed_date: Option<NaiveDate>,
    pub state: Option<ActionState>,
    pub success_measure: String,
}

impl From<ActionInput> for ActionDraft {
    fn from(a: ActionInput) -> Self {
        Self {
            reference: a.reference,
            title: a.title,
            description: a.description,
            owner_id: a.owner_id,
            practice_area_id: Some(a.practice_area_id),
            start_date: a.start_date,
            due_date: a.due_date,
            completed_date: a.completed_date,
            state: Some(a.state),
            success_measure: a.success_measure,
        }
    }
}

impl Draft for ActionDraft {
    type Input = ActionInput;

    fn tidy_and_check(&mut self, context: &Context) -> FieldErrors {
        let mut errors = FieldErrors::new();
        errors.line("reference", "a reference, like 1.3", &mut self.reference, 20, true);
        errors.line("title", "a title", &mut self.title, LINE_MAX, true);
        errors.text("description", "the description", &mut self.description, TEXT_MAX, false);
        errors.text("success_measure", "the success measure", &mut self.success_measure, TEXT_MAX, false);
        context.check_optional_date(&mut errors, "start_date", "The start date", self.start_date);
        context.check_optional_date(&mut errors, "due_date", "The due date", self.due_date);
        context.check_optional_date(&mut errors, "completed_date", "The completed date", self.completed_date);
        if self.completed_date.is_some_and(|done| done > context.today) {
            errors.add("completed_date", "The completed date must be today or in the past");
        }
        if let (Some(start), Some(due)) = (self.start_date, self.due_date) {
            if due < start {
                errors.add("due_date", "The due date must be the same as or after the start date");
            }
        }
        // Without a state, whether it should have a completed date is not known.
        match (self.state, self.completed_date) {
            (Some(ActionState::Completed), None) => {
                errors.add("completed_date", "Enter the date the action was completed")
            }
            (Some(state), Some(_)) if state != ActionState::Completed => {
                errors.add("completed_date", "Only a completed action has a completed date")
            }
            _ => {}
        }
        if let (Some(start), Some(done)) = (self.start_date, self.completed_date) {
            if done < start {
                errors.add("completed_date", "The completed date must be the same as or after the start date");
            }
        }
        errors
    }

    fn complete(self) -> Result<ActionInput, FieldErrors> {
        let mut missing = FieldErrors::new();
        let area = required(&mut missing, "practice_area_id", "Choose a practice area", self.practice_area_id);
        let state = required(&mut missing, "state", "Choose where the action stands", self.state);
        let (Some(practice_area_id), Some(state)) = (area, state) else { return Err(missing) };
        Ok(ActionInput {
            reference: self.reference,
            title: self.title,
            description: self.description,
            owner_id: self.owner_id,
            practice_area_id,
            start_date: self.start_date,
            due_date: self.due_date,
            completed_date: self.completed_date,
            state,
            success_measure: self.success_measure,
        })
    }
}

/// A progress update as read: its action, date and rating may be missing.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct UpdateDraft {
    pub action_id: Option<ActionId>,
    pub update_date: Option<NaiveDate>,
    pub rag: Option<Rag>,
    pub note: String,
}

impl From<UpdateInput> for UpdateDraft {
    fn from(u: UpdateInput) -> Self {
        Self { action_id: Some(u.action_id), update_date: Some(u.update_date), rag: Some(u.rag), note: u.note }
    }
}

impl Draft for UpdateDraft {
    type Input = UpdateInput;

    fn tidy_and_check(&mut self, context: &Context) -> FieldErrors {
        let mut errors = FieldErrors::new();
        errors.text("note", "what has happened since the last update", &mut self.note, TEXT_MAX, true);
        context.check_optional_date(&mut errors, "update_date", "The date of this update", self.update_date);
        if self.update_date.is_some_and(|d| d > context.today) {
            errors.add("update_date", "The date of this update must be today or in the past");
        }
        errors
    }

    fn complete(self) -> Result<UpdateInput, FieldErrors> {
        let mut missing = FieldErrors::new();
        let action = required(&mut missing, "action_id", "Choose the action", self.action_id);
        let date = required(&mut missing, "update_date", "Enter the date of this update", self.update_date);
        let rag = required(&mut missing, "rag", "Choose a RAG rating", self.rag);
        let (Some(action_id), Some(update_date), Some(rag)) = (action, date, rag) else { return Err(missing) };
        Ok(UpdateInput { action_id, update_date, rag, note: self.note })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context() -> Context {
        Context::for_today(NaiveDate::from_ymd_opt(2025, 3, 31).unwrap())
    }

    #[test]
    fn an_action_without_its_area_or_state_names_both_and_its_other_problems() {
        let errors = ActionDraft::default().validate(&context()).unwrap_err();
        assert_eq!(errors.for_field("practice_area_id"), Some("Choose a practice area"));
        assert_eq!(errors.for_field("state"), Some("Choose where the action stands"));
        assert_eq!(errors.for_field("title"), Some("Enter a title"));
    }

    #[test]
    fn a_completed_date_without_a_state_is_not_refused_for_the_state_it_might_have() {
        let draft = ActionDraft { completed_date: NaiveDate::from_ymd_opt(2025, 1, 1), ..ActionDraft::default() };
        let errors = draft.validate(&context()).unwrap_err();
        assert_eq!(errors.for_field("completed_date"), None);
    }

    #[test]
    fn an_inspection_without_dates_is_asked_for_them_and_not_for_their_order() {
        let errors = InspectionDraft::default().validate(&context()).unwrap_err();
        assert_eq!(errors.for_field("start_date"), Some("Enter the start date"));
        assert_eq!(errors.for_field("end_date"), Some("Enter the end date"));
        assert_eq!(errors.iter().filter(|e| e.field == "end_date").count(), 1);
    }

    #[test]
    fn a_field_already_found_unreadable_is_not_asked_for_again() {
        let read = FieldErrors::one("update_date-month", "The date of this update must be a real date");
        let draft = UpdateDraft { action_id: Some(ActionId(1)), note: "Met".into(), ..UpdateDraft::default() };
        let errors = crate::domain::valid::parse(read, draft, &context()).unwrap_err();
        assert_eq!(errors.for_field("update_date"), None);
        assert_eq!(errors.for_field("rag"), Some("Choose a RAG rating"));
    }
}
