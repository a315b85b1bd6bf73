//! The measures and recalculation points sheets of a whole-plan workbook,
//! matched as the other sheets are (`workbook_match`), and the measures the
//! results sheet finds, stored or created.

pub use super::plan_changes::*;
use super::plan_match::Matcher;
use super::results::ExistingMeasure;
use super::workbook::WorkbookRows;
use super::workbook_match::{existing, once, report};
use super::{key, problem, Problems};
use crate::domain::evidence::{MeasureInput, MeasureShape, RecalculationInput};
use crate::domain::ids::{AreaId, MeasureId};
use crate::domain::valid::Validate;
use std::collections::HashMap;

/// Measures as the recalculation and results sheets find them: the stored
/// ones (with the shape a changed row gives them) and those the import
/// creates. A created measure has no id yet: it is given `MeasureId(-1 - n)`
/// for the nth created, which `measure_link` turns back into its link.
pub(super) fn measures(m: &mut Matcher<'_>, rows: &WorkbookRows, problems: &mut Problems) -> Vec<ExistingMeasure> {
    let mut found = m.existing.records.result_measures.clone();
    let mut seen = HashMap::new();
    for r in &rows.measures {
        let area = if r.area.is_empty() { None } else { m.area(r.row, &r.area, problems) };
        let (Some(area), Some(kind), Some(unit), Some(direction), Some(frequency)) =
            (area, r.kind, r.unit, r.direction, r.frequency)
        else {
            continue;
        };
        if r.name.is_empty() || !once(&mut seen, (area, key(&r.name)), r.row, "Measure", problems) {
            continue;
        }
        let stored = match area {
            Link::Existing(a) => m
                .existing
                .records
                .measures
                .iter()
                .find(|s| s.input.practice_area_id == a && key(&s.input.name) == key(&r.name)),
            Link::New(_) => None,
        };
        // A workbook from before the column keeps the stored measure's indicator.
        let published_indicator_code = match &r.published_indicator_code {
            Some(typed) => Some(typed.clone()),
            None => stored.and_then(|s| s.input.published_indicator_code.clone()),
        };
        let input = MeasureInput {
            practice_area_id: existing(Some(area), AreaId(0)),
            name: r.name.clone(),
            description: r.description.clone(),
            kind,
            unit,
            direction,
            target: r.target,
            frequency,
            is_key: r.is_key,
            baseline_points: r.baseline_points,
            screen_moving_ranges: r.screen_moving_ranges,
            published_indicator_code,
        };
        let valid = match input.validate(m.context) {
            Ok(valid) => valid,
            Err(errors) => {
                report(problems, r.row, errors, |f| match f {
                    "description" => "Description",
                    "target" => "Target",
                    "direction" => "Direction",
                    "baseline_points" => "Baseline points",
                    "unit" => "Unit",
                    "published_indicator_code" => "Published indicator",
                    _ => "Measure",
                });
                continue;
            }
        };
        let shape = MeasureShape { kind, unit };
        match stored {
            None => {
                m.changes.new_measures.push(NewMeasure { input: valid, area });
                let id = MeasureId(-(m.changes.new_measures.len() as i64));
                found.push(ExistingMeasure { id, name: r.name.clone(), area: r.area.clone(), shape });
            }
            Some(s) if s.input == *valid => m.changes.unchanged_records += 1,
            Some(s) => {
                if let Some(known) = found.iter_mut().find(|f| f.id == s.id) {
                    known.shape = shape;
                }
                let line = format!("Measure {}: {}", r.area, valid.name);
                let update = RecordUpdate::Measure { id: s.id, version: s.version, input: valid, area };
                m.changes.updates.push((line, update));
            }
        }
    }
    found
}

/// The link behind a measure id from `measures`.
pub(super) fn measure_link(id: MeasureId) -> Link<MeasureId> {
    if id.0 < 0 {
        Link::New(usize::try_from(-id.0 - 1).unwrap_or(0))
    } else {
        Link::Existing(id)
    }
}

pub(super) fn recalculations(
    m: &mut Matcher<'_>,
    rows: &WorkbookRows,
    measures: &[ExistingMeasure],
    problems: &mut Problems,
) {
    let mut seen = HashMap::new();
    for r in &rows.recalculations {
        let Some(starts_on) = r.starts_on else { continue };
        if r.measure.is_empty() {
            continue;
        }
        let named: Vec<&ExistingMeasure> = measures.iter().filter(|x| key(&x.name) == key(&r.measure)).collect();
        let found: Vec<&ExistingMeasure> = if r.area.is_empty() {
            named.clone()
        } else {
            named.iter().copied().filter(|x| key(&x.area) == key(&r.area)).collect()
        };
        let measure = match found.as_slice() {
            [one] => *one,
            [] if named.is_empty() => {
                let hint = super::did_you_mean(&r.measure, measures.iter().map(|x| x.name.as_str()));
                problem(problems, r.row, "Measure", format!("no measure named '{}'{hint}", r.measure));
                continue;
            }
            [] => {
                let message = format!("practice area '{}' has no measure named '{}'", r.area, r.measure);
                problem(problems, r.row, "Practice area", message);
                continue;
            }
            several => {
                let message = format!(
                    "{} practice areas have a measure named '{}': say which in the Practice area column",
                    several.len(),
                    r.measure
                );
                problem(problems, r.row, "Measure", message);
                continue;
            }
        };
        if !once(&mut seen, (measure.id, starts_on), r.row, "Starts on", problems) {
            continue;
        }
        if m.existing.records.recalculations.contains(&(measure.id, starts_on)) {
            m.changes.unchanged_records += 1;
            continue;
        }
        let link = measure_link(measure.id);
        let input =
            RecalculationInput { measure_id: existing(Some(link), MeasureId(0)), starts_on, reason: r.reason.clone() };
        match input.validate(m.context) {
            Ok(valid) => m.changes.new_recalculations.push(NewRecalculation {
                input: valid,
                measure: link,
                measure_name: measure.name.clone(),
            }),
            Err(errors) => report(problems, r.row, errors, |f| if f == "reason" { "Reason" } else { "Starts on" }),
        }
    }
}
