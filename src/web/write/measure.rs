//! Adding and changing measures.

use super::crud::{Resource, View};
use crate::db::measures::MeasureRow;
use crate::db::{DbConnection, DbError};
use crate::domain::drafts::evidence::MeasureDraft;
use crate::domain::evidence::MeasureInput;
use crate::domain::fields::FieldErrors;
use crate::domain::status::Rules;
use crate::domain::valid::{parse, Context, Valid};
use crate::read::archived::RecordKind;
use crate::read::form_choices;
use crate::read::plan::PlanIndex;
use crate::records::count;
use crate::views::forms::archive::ArchiveNotes;
use crate::views::forms::measure::{measure_form, MeasureChoices, MeasureValues};
use crate::web::forms::{decimal, optional_choice, optional_id, whole_number, yes_no, FormSource, RawForm};
use maud::Markup;

pub use crate::records::Measures;

fn yes(b: bool) -> String {
    if b { "yes" } else { "no" }.to_string()
}

impl Resource for Measures {
    type Values = MeasureValues;
    type Choices = MeasureChoices;

    const KIND: RecordKind = RecordKind::Measure;

    fn read(form: &RawForm) -> MeasureValues {
        MeasureValues {
            practice_area_id: form.text("practice_area_id"),
            name: form.text("name"),
            description: form.text("description"),
            kind: form.text("kind"),
            unit: form.text("unit"),
            direction: form.text("direction"),
            target: form.text("target"),
            frequency: form.text("frequency"),
            is_key: form.text("is_key"),
            baseline_points: form.text("baseline_points"),
            screen_moving_ranges: form.text("screen_moving_ranges"),
            published_indicator_code: form.text("published_indicator_code"),
        }
    }

    fn blank(query: &RawForm) -> MeasureValues {
        MeasureValues { practice_area_id: query.text("area"), screen_moving_ranges: "yes".into(), ..Default::default() }
    }

    fn values_of(_: &mut DbConnection, row: &MeasureRow) -> Result<MeasureValues, DbError> {
        Ok(MeasureValues {
            practice_area_id: row.practice_area_id.to_string(),
            name: row.name.clone(),
            description: row.description.clone(),
            kind: row.kind.as_str().into(),
            unit: row.unit.as_str().into(),
            direction: row.direction.as_str().into(),
            target: row.target.map(|t| t.to_string()).unwrap_or_default(),
            frequency: row.frequency.as_str().into(),
            is_key: yes(row.is_key),
            baseline_points: row.baseline_points.map(|n| n.to_string()).unwrap_or_default(),
            screen_moving_ranges: yes(row.screen_moving_ranges),
            published_indicator_code: row.published_indicator_code.clone().unwrap_or_default(),
        })
    }

    fn choices(
        _: &mut DbConnection,
        plan: &PlanIndex,
        _: &MeasureValues,
        _: &Rules,
    ) -> Result<MeasureChoices, DbError> {
        Ok(MeasureChoices { areas: form_choices::areas(plan) })
    }

    fn parse(v: &MeasureValues, context: &Context) -> Result<Valid<MeasureInput>, FieldErrors> {
        let mut errors = FieldErrors::new();
        let baseline = whole_number(
            &mut errors,
            "baseline_points",
            "The points that set the limits",
            &v.baseline_points,
            (2, 1000),
        );
        let draft = MeasureDraft {
            practice_area_id: optional_id(&mut errors, "practice_area_id", &v.practice_area_id),
            name: v.name.clone(),
            description: v.description.clone(),
            kind: optional_choice(&mut errors, "kind", "what kind of measure it is", &v.kind),
            unit: optional_choice(&mut errors, "unit", "the unit its values are in", &v.unit),
            direction: optional_choice(&mut errors, "direction", "which way is better", &v.direction),
            target: decimal(&mut errors, "target", "The target", &v.target),
            frequency: optional_choice(&mut errors, "frequency", "how often it is reported", &v.frequency),
            is_key: yes_no(&mut errors, "is_key", "Choose whether it is a key measure", &v.is_key),
            baseline_points: baseline.map(|n| n as i32),
            screen_moving_ranges: yes_no(
                &mut errors,
                "screen_moving_ranges",
                "Choose whether to screen out unusual moving ranges",
                &v.screen_moving_ranges,
            ),
            published_indicator_code: Some(v.published_indicator_code.clone()),
        };
        parse(errors, draft, context)
    }

    fn page(view: View<'_, Self>) -> Markup {
        measure_form(view)
    }

    fn archive_notes(plan: &PlanIndex, row: &MeasureRow) -> ArchiveNotes {
        let results = plan.results.get(&row.id).map_or(0, <[_]>::len);
        let mut changes = vec!["It is no longer shown on its practice area or counted in its status.".to_string()];
        if row.is_key {
            let others = plan.measures_of_area(row.practice_area_id).filter(|m| m.is_key && m.id != row.id).count();
            changes.push(if others == 0 {
                "It is the area's only key measure: without one, the area cannot be sustained.".into()
            } else {
                format!("The area keeps {} to judge whether it is sustained.", count(others, "other key measure"))
            });
        }
        ArchiveNotes {
            stays: vec![format!("Its {} and recalculation points, and its change history.", count(results, "result"))],
            changes,
            blocked: None,
        }
    }
}
