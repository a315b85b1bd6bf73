//! Adding and changing plan actions, with the findings they answer. Leaders
//! add and archive actions; an action's owner may change it too.

use super::crud::{Resource, View};
use super::{choice_groups, id_strings};
use crate::db::actions::ActionRow;
use crate::db::{DbConnection, DbError};
use crate::domain::drafts::plan::ActionDraft;
use crate::domain::fields::FieldErrors;
use crate::domain::ids::FindingId;
use crate::domain::status::Rules;
use crate::domain::valid::{parse, Context};
use crate::read::archived::RecordKind;
use crate::read::form_choices;
use crate::read::plan::PlanIndex;
use crate::records::count;
use crate::views::fields::DateInput;
use crate::views::forms::action::{action_form, ActionChoices, ActionFormValues};
use crate::views::forms::archive::ArchiveNotes;
use crate::web::forms::{ids, optional_choice, optional_date, optional_id, FormSource, RawForm};
use maud::Markup;

pub use crate::records::Actions;

impl Resource for Actions {
    type Values = ActionFormValues;
    type Choices = ActionChoices;

    const KIND: RecordKind = RecordKind::Action;

    fn read(form: &RawForm) -> ActionFormValues {
        ActionFormValues {
            reference: form.text("reference"),
            title: form.text("title"),
            description: form.text("description"),
            owner_id: form.text("owner_id"),
            practice_area_id: form.text("practice_area_id"),
            finding_ids: form.all("finding_ids"),
            start_date: form.date("start_date"),
            due_date: form.date("due_date"),
            state: form.text("state"),
            completed_date: form.date("completed_date"),
            success_measure: form.text("success_measure"),
        }
    }

    fn blank(query: &RawForm) -> ActionFormValues {
        let finding = query.text("finding");
        ActionFormValues {
            practice_area_id: query.text("area"),
            finding_ids: if finding.is_empty() { vec![] } else { vec![finding] },
            ..Default::default()
        }
    }

    fn values_of(conn: &mut DbConnection, row: &ActionRow) -> Result<ActionFormValues, DbError> {
        Ok(ActionFormValues {
            reference: row.reference.clone(),
            title: row.title.clone(),
            description: row.description.clone(),
            owner_id: row.owner_id.map(|o| o.to_string()).unwrap_or_default(),
            practice_area_id: row.practice_area_id.to_string(),
            finding_ids: id_strings(&form_choices::findings_of_action(conn, row.id)?),
            start_date: DateInput::of(row.start_date),
            due_date: DateInput::of(row.due_date),
            state: row.state.as_str().into(),
            completed_date: DateInput::of(row.completed_date),
            success_measure: row.success_measure.clone(),
        })
    }

    fn choices(
        conn: &mut DbConnection,
        plan: &PlanIndex,
        v: &ActionFormValues,
        _: &Rules,
    ) -> Result<ActionChoices, DbError> {
        let linked: Vec<FindingId> = v.finding_ids.iter().filter_map(|f| f.trim().parse().ok()).collect();
        Ok(ActionChoices {
            areas: form_choices::areas(plan),
            owners: form_choices::owners(plan),
            findings: choice_groups(form_choices::findings_by_inspection(conn, plan, &linked)?),
        })
    }

    fn parse(v: &ActionFormValues, context: &Context) -> Result<Self::Input, FieldErrors> {
        let mut errors = FieldErrors::new();
        let draft = ActionDraft {
            reference: v.reference.clone(),
            title: v.title.clone(),
            description: v.description.clone(),
            owner_id: optional_id(&mut errors, "owner_id", &v.owner_id),
            practice_area_id: optional_id(&mut errors, "practice_area_id", &v.practice_area_id),
            start_date: optional_date(&mut errors, "start_date", "Start date", &v.start_date),
            due_date: optional_date(&mut errors, "due_date", "Due date", &v.due_date),
            completed_date: optional_date(&mut errors, "completed_date", "Completed date", &v.completed_date),
            state: optional_choice(&mut errors, "state", "where the action stands", &v.state),
            success_measure: v.success_measure.clone(),
        };
        let findings = ids(&mut errors, "finding_ids", &v.finding_ids);
        Ok((parse(errors, draft, context)?, Some(findings)))
    }

    fn page(view: View<'_, Self>) -> Markup {
        action_form(view)
    }

    fn archive_notes(plan: &PlanIndex, row: &ActionRow) -> ArchiveNotes {
        let updates = plan.updates.get(&row.id).map_or(0, <[_]>::len);
        let findings = plan.findings_of_action.get(&row.id).map_or(0, <[_]>::len);
        let evidence = plan.evidence_of_action.get(&row.id).map_or(0, <[_]>::len);
        ArchiveNotes {
            stays: vec![
                format!("Its {}.", count(updates, "progress update")),
                format!(
                    "Its links to {} and {}, and the evidence itself.",
                    count(findings, "finding"),
                    count(evidence, "evidence item")
                ),
                "Its change history.".into(),
            ],
            changes: vec![
                "It leaves the action tracker and no longer counts towards whether its area is delivered.".into(),
                "Its area's status is worked out again without it.".into(),
            ],
            blocked: None,
        }
    }
}
