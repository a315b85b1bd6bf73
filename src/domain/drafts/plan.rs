//! Drafts of the improvement plan's inputs: inspections, judgements,
//! findings, actions and progress updates.

use crate::domain::fields::FieldErrors;
use crate::domain::ids::{ActionId, AreaId, InspectionId, OwnerId};
use crate::domain::kinds::{ActionState, FindingKind, Grade, InspectionKind, Rag};
use crate::domain::plan::{
    ActionInput, FindingInput, InspectionInput, JudgementInput, UpdateInput, LINE_MAX, TEXT_MAX,
};
use crate::domain::valid::{Context, Draft};
use chrono::NaiveDate;

draft! {
    /// An inspection as read: its kind and dates may be missing.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct InspectionDraft for InspectionInput {
        kind: InspectionKind => "Choose what kind of visit or review it was",
        title: String,
        inspectorate: String,
        start_date: NaiveDate => "Enter the start date",
        end_date: NaiveDate => "Enter the end date",
        published_on: Option<NaiveDate>,
        overall_judgement: Option<Grade>,
        report_url: Option<String>,
        draft_plan_due: Option<NaiveDate>,
        final_plan_due: Option<NaiveDate>,
    }
}

impl Draft for InspectionDraft {
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
}

draft! {
    /// A judgement as read: its inspection and grade may be missing.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct JudgementDraft for JudgementInput {
        inspection_id: InspectionId => "Choose the inspection",
        area: String,
        grade: Grade => "Choose a grade",
    }
}

impl Draft for JudgementDraft {
    fn tidy_and_check(&mut self, _: &Context) -> FieldErrors {
        let mut errors = FieldErrors::new();
        errors.line("area", "the judgement area", &mut self.area, LINE_MAX, true);
        errors
    }
}

draft! {
    /// A finding as read: its inspection, area and kind may be missing.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct FindingDraft for FindingInput {
        inspection_id: InspectionId => "Choose the inspection",
        practice_area_id: AreaId => "Choose a practice area",
        kind: FindingKind => "Choose what kind of finding it is",
        reference: String,
        text: String,
    }
    ask [inspection_id, kind, practice_area_id]
}

impl Draft for FindingDraft {
    fn tidy_and_check(&mut self, _: &Context) -> FieldErrors {
        let mut errors = FieldErrors::new();
        errors.line("reference", "a reference, like APA1 or R3", &mut self.reference, 20, true);
        errors.text("text", "what the inspection said", &mut self.text, TEXT_MAX, true);
        errors
    }
}

draft! {
    /// A plan action as read: its area and state may be missing.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct ActionDraft for ActionInput {
        reference: String,
        title: String,
        description: String,
        owner_id: Option<OwnerId>,
        practice_area_id: AreaId => "Choose a practice area",
        start_date: Option<NaiveDate>,
        due_date: Option<NaiveDate>,
        completed_date: Option<NaiveDate>,
        state: ActionState => "Choose where the action stands",
        success_measure: String,
    }
}

impl Draft for ActionDraft {
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
}

draft! {
    /// A progress update as read: its action, date and rating may be missing.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct UpdateDraft for UpdateInput {
        action_id: ActionId => "Choose the action",
        update_date: NaiveDate => "Enter the date of this update",
        rag: Rag => "Choose a RAG rating",
        note: String,
    }
}

impl Draft for UpdateDraft {
    fn tidy_and_check(&mut self, context: &Context) -> FieldErrors {
        let mut errors = FieldErrors::new();
        errors.text("note", "what has happened since the last update", &mut self.note, TEXT_MAX, true);
        context.check_optional_date(&mut errors, "update_date", "The date of this update", self.update_date);
        if self.update_date.is_some_and(|d| d > context.today) {
            errors.add("update_date", "The date of this update must be today or in the past");
        }
        errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::valid::Complete;

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
    fn a_finding_asks_for_its_inspection_then_its_kind_then_its_area() {
        let missing = FindingDraft::default().complete().unwrap_err();
        let fields: Vec<_> = missing.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["inspection_id", "kind", "practice_area_id"]);
    }

    #[test]
    fn a_whole_draft_becomes_the_input_it_was_made_from() {
        let input = JudgementInput { inspection_id: InspectionId(4), area: "Leadership".into(), grade: Grade::Good };
        assert_eq!(JudgementDraft::from(input.clone()).complete(), Ok(input));
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
