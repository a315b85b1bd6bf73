//! Recording and changing findings, with the actions that answer them.

use super::crud::{Resource, View};
use super::{choice_groups, id_strings};
use crate::db::findings::FindingRow;
use crate::db::{DbConnection, DbError};
use crate::domain::drafts::plan::FindingDraft;
use crate::domain::fields::FieldErrors;
use crate::domain::ids::{ActionId, AreaId};
use crate::domain::status::Rules;
use crate::domain::valid::{parse, Context};
use crate::read::archived::RecordKind;
use crate::read::form_choices;
use crate::read::plan::PlanIndex;
use crate::records::count;
use crate::views::forms::archive::ArchiveNotes;
use crate::views::forms::finding::{finding_form, FindingChoices, FindingValues};
use crate::web::forms::{ids, optional_choice, optional_id, FormSource, RawForm};
use maud::Markup;

pub use crate::records::Findings;

impl Resource for Findings {
    type Values = FindingValues;
    type Choices = FindingChoices;

    const KIND: RecordKind = RecordKind::Finding;

    fn read(form: &RawForm) -> FindingValues {
        FindingValues {
            inspection_id: form.text("inspection_id"),
            practice_area_id: form.text("practice_area_id"),
            kind: form.text("kind"),
            reference: form.text("reference"),
            text: form.text("text"),
            action_ids: form.all("action_ids"),
        }
    }

    fn blank(query: &RawForm) -> FindingValues {
        FindingValues {
            inspection_id: query.text("inspection"),
            practice_area_id: query.text("area"),
            ..Default::default()
        }
    }

    fn values_of(conn: &mut DbConnection, row: &FindingRow) -> Result<FindingValues, DbError> {
        Ok(FindingValues {
            inspection_id: row.inspection_id.to_string(),
            practice_area_id: row.practice_area_id.to_string(),
            kind: row.kind.as_str().into(),
            reference: row.reference.clone(),
            text: row.text.clone(),
            action_ids: id_strings(&form_choices::actions_of_finding(conn, row.id)?),
        })
    }

    fn choices(
        conn: &mut DbConnection,
        plan: &PlanIndex,
        v: &FindingValues,
        _: &Rules,
    ) -> Result<FindingChoices, DbError> {
        let area: Option<AreaId> = v.practice_area_id.trim().parse().ok();
        let linked: Vec<ActionId> = v.action_ids.iter().filter_map(|a| a.trim().parse().ok()).collect();
        let actions = if area.is_some() || !linked.is_empty() {
            choice_groups(form_choices::actions_by_area(conn, plan, area, &linked)?)
        } else {
            Vec::new()
        };
        Ok(FindingChoices { inspections: form_choices::inspections(plan), areas: form_choices::areas(plan), actions })
    }

    fn parse(v: &FindingValues, context: &Context) -> Result<Self::Input, FieldErrors> {
        let mut errors = FieldErrors::new();
        let draft = FindingDraft {
            inspection_id: optional_id(&mut errors, "inspection_id", &v.inspection_id),
            kind: optional_choice(&mut errors, "kind", "what kind of finding it is", &v.kind),
            practice_area_id: optional_id(&mut errors, "practice_area_id", &v.practice_area_id),
            reference: v.reference.clone(),
            text: v.text.clone(),
        };
        let actions = ids(&mut errors, "action_ids", &v.action_ids);
        Ok((parse(errors, draft, context)?, Some(actions)))
    }

    fn page(view: View<'_, Self>) -> Markup {
        finding_form(view)
    }

    fn archive_notes(plan: &PlanIndex, row: &FindingRow) -> ArchiveNotes {
        let actions = plan.actions_of_finding.get(&row.id).map_or(0, <[_]>::len);
        let evidence = plan.evidence_of_finding.get(&row.id).map_or(0, <[_]>::len);
        ArchiveNotes {
            stays: vec![
                format!(
                    "Its links to {} and {}, and the actions and evidence themselves.",
                    count(actions, "action"),
                    count(evidence, "evidence item")
                ),
                "Its change history.".into(),
            ],
            changes: vec![
                "It is no longer shown with its inspection or practice area, or counted in readiness for inspection."
                    .into(),
            ],
            blocked: None,
        }
    }
}
