//! Measures and their results in the API.

use super::answers;
use super::body::{Body, Field, Ty};
use super::plan::by_text;
use super::records::{JsonRecord, Listed};
use crate::db::measures::{MeasureRow, ResultRow};
use crate::domain::audit::{GradeCounts, GRADES};
use crate::domain::drafts::evidence::MeasureDraft;
use crate::domain::evidence::ResultInput;
use crate::domain::fields::FieldErrors;
use crate::domain::ids::*;
use crate::domain::kinds::{Direction, Frequency, MeasureKind, Unit};
use crate::domain::valid::{parse, Context};
use crate::domain::values;
use crate::read::cache::Snapshot;
use chrono::NaiveDate;

pub use crate::records::Measures;

impl Listed for Measures {
    type Item<'a> = &'a MeasureRow;
    type Answer = answers::Measure;
    const PATH: &'static str = "measures";
    const FILTERS: &'static [Field] = &[
        Field::optional("area", Ty::Id, "Only this practice area's measures"),
        Field::optional("key", Ty::Bool, "Only key measures (true) or only the others (false)"),
        Field::optional("kind", Ty::Choice(MeasureKind::NAMES), "Only this kind of measure"),
    ];
    const SORTS: &'static [&'static str] = &["name", "area"];

    fn select<'a>(snapshot: &'a Snapshot, q: &Body, sort: &str, _: NaiveDate) -> Vec<&'a MeasureRow> {
        let area: Option<AreaId> = q.id("area");
        let key = q.has("key").then(|| q.flag("key"));
        let kind: Option<MeasureKind> = q.choice("kind");
        let mut rows: Vec<_> = snapshot
            .plan
            .measures
            .iter()
            .filter(|m| area.is_none_or(|a| m.practice_area_id == a))
            .filter(|m| key.is_none_or(|k| m.is_key == k) && kind.is_none_or(|k| m.kind == k))
            .collect();
        match sort {
            "area" => rows.sort_by_key(|m| (m.practice_area_id, m.id)),
            _ => rows.sort_by(|a, b| by_text(&a.name, &b.name).then(a.id.cmp(&b.id))),
        }
        rows
    }
}

impl JsonRecord for Measures {
    const FIELDS: &'static [Field] = &[
        Field::required("practice_area_id", Ty::Id, "The practice area it measures"),
        Field::required("name", Ty::Text, "Name"),
        Field::optional("description", Ty::Text, "What it counts and where from"),
        Field::required("kind", Ty::Choice(MeasureKind::NAMES), "Case audit or indicator"),
        Field::required("unit", Ty::Choice(Unit::NAMES), "The unit of its values"),
        Field::required("direction", Ty::Choice(Direction::NAMES), "Which way is better"),
        Field::optional(
            "target",
            Ty::Number,
            "The target, within its unit's range: from 0 to 100 (percent), 10,000,000 (count), 36,525 (days) or 1,000,000 (ratio)",
        ),
        Field::required("frequency", Ty::Choice(Frequency::NAMES), "How often it is reported"),
        Field::required("is_key", Ty::Bool, "Whether it counts towards sustainment"),
        Field::optional("baseline_points", Ty::Integer, "Points that set the process limits"),
        Field::optional("screen_moving_ranges", Ty::Bool, "Screen out unusual moving ranges (default true)"),
        Field::optional(
            "published_indicator_code",
            Ty::Text,
            "The code of a published indicator to compare it with: rereferrals_percent, cpp_subsequent_percent, \
             cpp_two_years_percent, cla_rate_per_10000, sw_turnover_percent, sw_agency_percent, sw_vacancy_percent \
             or sw_caseload",
        ),
    ];

    fn answer(row: &MeasureRow) -> answers::Measure {
        row.into()
    }

    fn parse(b: Body, context: &Context) -> Result<Self::Input, FieldErrors> {
        let draft = MeasureDraft {
            practice_area_id: b.id("practice_area_id"),
            name: b.text("name"),
            description: b.text("description"),
            kind: b.choice("kind"),
            unit: b.choice("unit"),
            direction: b.choice("direction"),
            target: b.number("target"),
            frequency: b.choice("frequency"),
            is_key: b.bool("is_key"),
            baseline_points: b.int("baseline_points"),
            // Left out, unusual moving ranges are screened out, as documented.
            screen_moving_ranges: Some(b.bool("screen_moving_ranges").unwrap_or(true)),
            published_indicator_code: b.opt_text("published_indicator_code"),
        };
        parse(b.errors, draft, context)
    }
}

pub use crate::records::Results;

impl Listed for Results {
    type Item<'a> = &'a ResultRow;
    type Answer = answers::MeasureResult;
    const PATH: &'static str = "results";
    const FILTERS: &'static [Field] = &[Field::optional("measure", Ty::Id, "Only this measure's results")];
    const SORTS: &'static [&'static str] = &["period_end"];

    fn select<'a>(snapshot: &'a Snapshot, q: &Body, _: &str, _: NaiveDate) -> Vec<&'a ResultRow> {
        let measure: Option<MeasureId> = q.id("measure");
        let plan = &snapshot.plan;
        let mut rows: Vec<_> = match measure {
            Some(m) => plan.results.get(&m).into_iter().flatten().collect(),
            None => plan.results.all().iter().collect(),
        };
        rows.retain(|r| r.archived_at.is_none() && plan.measure(r.measure_id).is_some());
        rows.sort_by_key(|r| (r.period_end, r.measure_id, r.id));
        rows
    }
}

impl JsonRecord for Results {
    const FIELDS: &'static [Field] = &[
        Field::required("measure_id", Ty::Id, "The measure"),
        Field::required("period_end", Ty::Date, "The last day of the period it covers"),
        Field::optional(
            "value",
            Ty::Number,
            "The value, within its measure's unit: a percentage 0 to 100, a count a whole number 0 to 10,000,000, days 0 to 36,525, a ratio 0 to 1,000,000 (for a case audit, give the grade counts instead)",
        ),
        Field::optional("outstanding", Ty::Integer, "Case audit: cases graded outstanding (0 to 100,000)"),
        Field::optional("good", Ty::Integer, "Case audit: cases graded good (0 to 100,000)"),
        Field::optional(
            "requires_improvement",
            Ty::Integer,
            "Case audit: cases graded requires improvement (0 to 100,000)",
        ),
        Field::optional("inadequate", Ty::Integer, "Case audit: cases graded inadequate (0 to 100,000)"),
        Field::optional(
            "sample_size",
            Ty::Integer,
            "How many cases or records were looked at (0 to 1,000,000; for a case audit, the number graded)",
        ),
        Field::optional("note", Ty::Text, "A note"),
    ];

    fn answer(row: &ResultRow) -> answers::MeasureResult {
        row.into()
    }

    /// Grade counts go through the domain's rule for them (`values::cases`), so
    /// a negative count is named by its field here as on the form.
    fn parse(b: Body, context: &Context) -> Result<Self::Input, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut counts = [0u32; 4];
        for (i, (field, label)) in GRADES.iter().enumerate() {
            match b.int(field).map(|n| values::cases(label, f64::from(n))) {
                Some(Ok(n)) => counts[i] = n,
                Some(Err(problem)) => errors.add(field, problem),
                None => {}
            }
        }
        let given = GRADES.iter().any(|(field, _)| b.has(field));
        let mut all = b.errors.clone();
        all.merge(errors);
        // Both are required fields: when either is not there, `Body::read` has named it.
        let (Some(measure_id), Some(period_end)) = (b.id("measure_id"), b.date("period_end")) else {
            return Err(all);
        };
        let input = ResultInput {
            measure_id,
            period_end,
            value: b.number("value"),
            grades: given.then(|| GradeCounts::from_counts(counts)),
            sample_size: b.int("sample_size"),
            note: b.opt_text("note"),
        };
        all.into_result((input, *context))
    }
}
