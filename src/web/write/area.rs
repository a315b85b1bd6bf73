//! Adding and changing practice areas, with their own rules.

use super::crud::{Resource, View};
use crate::db::areas::AreaRow;
use crate::db::{DbConnection, DbError};
use crate::domain::fields::FieldErrors;
use crate::domain::plan::AreaInput;
use crate::domain::status::Rules;
use crate::domain::valid::{finish, Context, Valid};
use crate::read::archived::RecordKind;
use crate::read::form_choices;
use crate::read::plan::PlanIndex;
use crate::records::Archivable;
use crate::views::forms::archive::ArchiveNotes;
use crate::views::forms::area::{area_form, AreaChoices, AreaValues, OVERRIDES};
use crate::web::forms::{optional_id, whole_number, FormSource, RawForm};
use maud::Markup;

pub use crate::records::Areas;

fn stored(row: &AreaRow) -> [Option<i32>; 6] {
    [
        row.evidence_window_months,
        row.evidence_min_items,
        row.evidence_min_kinds,
        row.results_window_months,
        row.results_min_count,
        row.slipping_lookback_months,
    ]
}

impl Resource for Areas {
    type Values = AreaValues;
    type Choices = AreaChoices;

    const KIND: RecordKind = RecordKind::Area;

    fn read(form: &RawForm) -> AreaValues {
        AreaValues {
            name: form.text("name"),
            description: form.text("description"),
            lead_owner_id: form.text("lead_owner_id"),
            overrides: OVERRIDES.map(|(field, _, _, _)| form.text(field)),
        }
    }

    fn blank(_: &RawForm) -> AreaValues {
        AreaValues::default()
    }

    fn values_of(_: &mut DbConnection, row: &AreaRow) -> Result<AreaValues, DbError> {
        Ok(AreaValues {
            name: row.name.clone(),
            description: row.description.clone(),
            lead_owner_id: row.lead_owner_id.map(|o| o.to_string()).unwrap_or_default(),
            overrides: stored(row).map(|v| v.map(|n| n.to_string()).unwrap_or_default()),
        })
    }

    fn choices(_: &mut DbConnection, plan: &PlanIndex, _: &AreaValues, rules: &Rules) -> Result<AreaChoices, DbError> {
        Ok(AreaChoices { owners: form_choices::owners(plan), rules: rules.clone() })
    }

    fn parse(v: &AreaValues, context: &Context) -> Result<Valid<AreaInput>, FieldErrors> {
        let mut errors = FieldErrors::new();
        let lead_owner_id = optional_id(&mut errors, "lead_owner_id", &v.lead_owner_id);
        let mut numbers = [None; 6];
        for (i, (field, label, _, range)) in OVERRIDES.iter().enumerate() {
            numbers[i] = whole_number(&mut errors, field, label, &v.overrides[i], *range).map(|n| n as i32);
        }
        let input = AreaInput {
            name: v.name.clone(),
            description: v.description.clone(),
            lead_owner_id,
            evidence_window_months: numbers[0],
            evidence_min_items: numbers[1],
            evidence_min_kinds: numbers[2],
            results_window_months: numbers[3],
            results_min_count: numbers[4],
            slipping_lookback_months: numbers[5],
        };
        finish(errors, input, context)
    }

    fn page(view: View<'_, Self>) -> Markup {
        area_form(view)
    }

    /// An area with live actions, findings, measures or evidence is not
    /// archived: they would be left in an area no page shows.
    fn archive_notes(plan: &PlanIndex, row: &AreaRow) -> ArchiveNotes {
        ArchiveNotes {
            stays: vec!["Its change history, and its archived actions, findings, measures and evidence.".into()],
            changes: vec!["It is no longer shown on the dashboard, in reports or in readiness for inspection.".into()],
            blocked: Self::archive_blocked(plan, row),
        }
    }
}
