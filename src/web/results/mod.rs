//! Results entry: one result added or corrected, many imported from CSV after
//! a preview of what will change, and recalculation points. Each page belongs
//! to the measure page (`/measures/{id}`), where `views::results::results_entry`
//! lists the results with links here.

mod import;
mod recalculation;

use super::forms::{decimal, optional_date, version, FormSource, RawForm};
use super::html;
use super::page::{context, saved, Page};
use crate::auth::csrf::CheckedForm;
use crate::db::measures::{self, MeasureRow, ResultRow};
use crate::db::{evidence, DbError};
use crate::domain::audit::{GradeCounts, GRADES};
use crate::domain::drafts::evidence::ResultDraft;
use crate::domain::evidence::{MeasureShape, ResultInput};
use crate::domain::fields::FieldErrors;
use crate::domain::ids::{MeasureId, ResultId};
use crate::domain::kinds::{MeasureKind, Role};
use crate::domain::valid::{self, Context};
use crate::domain::values;
use crate::error::AppError;
use crate::records::{self, Results, Saved};
use crate::state::AppState;
use crate::views::components::{date, StaleEdit};
use crate::views::fields::DateInput;
use crate::views::results::{format_value, result_form, ResultForm, ResultValues};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};

pub use import::{import, import_check, import_confirm};
pub use recalculation::{recalculation_create, recalculation_new};

/// Largest CSV file an import reads.
pub(crate) const IMPORT_LIMIT: usize = 1024 * 1024;

/// A live measure; results are not entered against an archived one.
async fn live_measure(state: &AppState, id: MeasureId) -> Result<MeasureRow, AppError> {
    let measure = state.db(move |conn| Ok(measures::get_any(conn, id)?)).await?;
    live(&measure)?;
    Ok(measure)
}

fn live(measure: &MeasureRow) -> Result<(), AppError> {
    match measure.archived_at {
        Some(_) => Err(AppError::BadRequest("This measure is archived: restore it before entering results.".into())),
        None => Ok(()),
    }
}

fn shape(m: &MeasureRow) -> MeasureShape {
    MeasureShape { kind: m.kind, unit: m.unit }
}

fn read(form: &RawForm) -> ResultValues {
    ResultValues {
        period_end: form.date("period_end"),
        value: form.text("value"),
        outstanding: form.text("outstanding"),
        good: form.text("good"),
        requires_improvement: form.text("requires_improvement"),
        inadequate: form.text("inadequate"),
        sample_size: form.text("sample_size"),
        note: form.text("note"),
        as_evidence: form.text("as_evidence"),
    }
}

/// Whether to record a case audit's results as evidence too, and verified:
/// none, draft (`false`) or verified (`true`, leaders only).
fn as_evidence(measure: &MeasureRow, chosen: &str, page: &Page) -> Result<Option<bool>, AppError> {
    match (measure.kind, chosen) {
        (MeasureKind::CaseAudit, "draft") => Ok(Some(false)),
        (MeasureKind::CaseAudit, "verified") if page.user.may(Role::Leader) => Ok(Some(true)),
        (MeasureKind::CaseAudit, "verified") => Err(AppError::Forbidden),
        _ => Ok(None),
    }
}

fn evidence_notice(recorded: Option<bool>) -> &'static str {
    match recorded {
        Some(true) => ", and recorded as case-audit evidence, verified",
        Some(false) => ", and recorded as case-audit evidence for review",
        None => "",
    }
}

fn values_of(r: &ResultRow) -> ResultValues {
    let n = |v: Option<i32>| v.map(|n| n.to_string()).unwrap_or_default();
    ResultValues {
        period_end: DateInput::of(Some(r.period_end)),
        value: if r.outstanding.is_some() { String::new() } else { r.value.to_string() },
        outstanding: n(r.outstanding),
        good: n(r.good),
        requires_improvement: n(r.requires_improvement),
        inadequate: n(r.inadequate),
        sample_size: n(r.sample_size),
        note: r.note.clone().unwrap_or_default(),
        as_evidence: String::new(),
    }
}

/// A count typed into a box: commas allowed; anything that is not a number
/// reads as not a number, which the domain's rule refuses with its message.
fn typed_number(text: &str) -> Option<f64> {
    let text = text.trim().replace(',', "");
    (!text.is_empty()).then(|| text.parse().unwrap_or(f64::NAN))
}

/// The grade counts typed, if any, each read by the domain's rule for them
/// (`values::cases`); every problem is filed under `grades`.
fn grades(errors: &mut FieldErrors, v: &ResultValues) -> Option<GradeCounts> {
    let typed = [&v.outstanding, &v.good, &v.requires_improvement, &v.inadequate];
    if typed.iter().all(|t| t.trim().is_empty()) {
        return None;
    }
    let mut counts = [0u32; 4];
    for (i, (text, (_, label))) in typed.iter().zip(GRADES).enumerate() {
        match typed_number(text).map(|n| values::cases(label, n)) {
            Some(Ok(n)) => counts[i] = n,
            Some(Err(problem)) => {
                errors.add("grades", format!("{problem} (leave a grade blank for none)"));
                return None;
            }
            None => {}
        }
    }
    Some(GradeCounts::from_counts(counts))
}

/// The form checked against its measure, as the record model saves it (checked again there, in the transaction).
fn parse(measure: &MeasureRow, v: &ResultValues, state: &AppState) -> Result<(ResultInput, Context), FieldErrors> {
    let mut errors = FieldErrors::new();
    let ctx = context(state);
    let period_end = optional_date(&mut errors, "period_end", "End of the period", &v.period_end);
    let audit = measure.kind == MeasureKind::CaseAudit;
    let grades = if audit { grades(&mut errors, v) } else { None };
    let value = if audit { None } else { decimal(&mut errors, "value", "The value", &v.value) };
    let sample_size = match typed_number(&v.sample_size).map(values::sample_size) {
        Some(Ok(n)) => Some(n),
        Some(Err(problem)) => {
            errors.add("sample_size", problem);
            None
        }
        None => None,
    };
    let draft = ResultDraft {
        measure_id: measure.id,
        period_end,
        value,
        grades,
        sample_size,
        note: Some(v.note.clone()),
        shape: shape(measure),
    };
    match valid::parse(errors, draft, &ctx) {
        Ok(measured) => Ok((measured.into_inner().input, ctx)),
        // A case audit's form has one place for its counts and the value they make.
        Err(all) if audit => {
            let mut shown = FieldErrors::new();
            for e in all.iter() {
                let counts = e.field == "value" || GRADES.iter().any(|(g, _)| *g == e.field);
                let field = if counts { "grades" } else { e.field.as_str() };
                if !(counts && shown.for_field("grades").is_some()) {
                    shown.add(field, e.message.clone());
                }
            }
            Err(shown)
        }
        Err(all) => Err(all),
    }
}

fn worked_out(measure: &MeasureRow, v: &ResultValues) -> Option<(f64, u32, u32)> {
    if measure.kind != MeasureKind::CaseAudit {
        return None;
    }
    let g = grades(&mut FieldErrors::new(), v)?;
    Some((g.percent_good_or_better()?, g.outstanding + g.good, g.total()))
}

struct Shown<'a> {
    editing: Option<(ResultId, String)>,
    values: &'a ResultValues,
    errors: &'a FieldErrors,
    stale: Option<&'a StaleEdit>,
}

fn render(measure: &MeasureRow, shown: Shown<'_>, page: &Page, status: StatusCode) -> HttpResponse {
    let form = ResultForm {
        measure,
        editing: shown.editing.as_ref().map(|(id, v)| (id.0, v.as_str())),
        values: shown.values,
        worked_out: worked_out(measure, shown.values),
        errors: shown.errors,
        stale: shown.stale,
        may_verify: page.user.may(Role::Leader),
    };
    html(status, result_form(&form, &page.chrome("/measures")))
}

/// The form to add a result.
pub async fn new(state: web::Data<AppState>, page: Page, path: web::Path<MeasureId>) -> Result<HttpResponse, AppError> {
    let measure = live_measure(&state, path.into_inner()).await?;
    let shown = Shown { editing: None, values: &ResultValues::default(), errors: &FieldErrors::new(), stale: None };
    Ok(render(&measure, shown, &page, StatusCode::OK))
}

fn saved_notice(measure: &MeasureRow, result: &ResultRow) -> String {
    format!(
        "Result for the period ending {} saved: {}",
        date(result.period_end),
        format_value(result.value, measure.unit)
    )
}

/// Adds a result; "Work out" shows a case audit's figure without saving.
pub async fn create(
    state: web::Data<AppState>,
    page: Page,
    path: web::Path<MeasureId>,
    CheckedForm(raw): CheckedForm<RawForm>,
) -> Result<HttpResponse, AppError> {
    let measure = live_measure(&state, path.into_inner()).await?;
    let values = read(&raw);
    let parsed = parse(&measure, &values, &state);
    if raw.text("check") == "1" {
        let errors = parsed.err().unwrap_or_default();
        let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
        return Ok(render(
            &measure,
            Shown { editing: None, values: &values, errors: &errors, stale: None },
            &page,
            status,
        ));
    }
    let result = match parsed {
        Ok(result) => result,
        Err(errors) => {
            let shown = Shown { editing: None, values: &values, errors: &errors, stale: None };
            return Ok(render(&measure, shown, &page, StatusCode::UNPROCESSABLE_ENTITY));
        }
    };
    let record = as_evidence(&measure, &values.as_evidence, &page)?;
    let (actor, user, ctx) = (page.actor(), page.user.clone(), context(&state));
    let outcome = state
        .db(move |conn| {
            // The result and its evidence item together, or neither.
            Ok(crate::db::connection::write_transaction::<_, DbError, _>(conn, |c| {
                match records::create::<Results>(c, &actor, &user, &result)? {
                    Saved::Invalid(errors) => Ok(Err(errors)),
                    other => {
                        let row = other.done()?;
                        if let Some(verified) = record {
                            evidence::from_audit(c, &actor, row.id, verified, &ctx)?;
                        }
                        Ok(Ok(row))
                    }
                }
            })?)
        })
        .await?;
    match outcome {
        Ok(row) => Ok(saved(
            format!("/measures/{}", measure.id),
            format!("{}{}", saved_notice(&measure, &row), evidence_notice(record)),
        )),
        Err(mut errors) => {
            if errors.for_field("period_end").is_some() {
                errors = FieldErrors::one(
                    "period_end",
                    "This measure already has a result for that period: correct it from the measure's results instead",
                );
            }
            let shown = Shown { editing: None, values: &values, errors: &errors, stale: None };
            Ok(render(&measure, shown, &page, StatusCode::UNPROCESSABLE_ENTITY))
        }
    }
}

/// A live measure and one of its results, read together.
async fn measure_and_result(
    state: &AppState,
    measure_id: MeasureId,
    id: ResultId,
) -> Result<(MeasureRow, ResultRow), AppError> {
    let (measure, row) =
        state.db(move |conn| Ok((measures::get_any(conn, measure_id)?, measures::result::get_any(conn, id)?))).await?;
    live(&measure)?;
    if row.measure_id != measure_id {
        return Err(AppError::NotFound(format!("Measure {measure_id} has no result {id}")));
    }
    Ok((measure, row))
}

/// The form to correct a result.
pub async fn edit(
    state: web::Data<AppState>,
    page: Page,
    path: web::Path<(MeasureId, ResultId)>,
) -> Result<HttpResponse, AppError> {
    let (measure_id, id) = path.into_inner();
    let (measure, row) = measure_and_result(&state, measure_id, id).await?;
    let shown = Shown {
        editing: Some((id, row.version.to_string())),
        values: &values_of(&row),
        errors: &FieldErrors::new(),
        stale: None,
    };
    Ok(render(&measure, shown, &page, StatusCode::OK))
}

/// Saves a correction made at the version the form carries; a stale one is
/// refused with the form as typed and their values beside it.
pub async fn update(
    state: web::Data<AppState>,
    page: Page,
    path: web::Path<(MeasureId, ResultId)>,
    CheckedForm(raw): CheckedForm<RawForm>,
) -> Result<HttpResponse, AppError> {
    let (measure_id, id) = path.into_inner();
    let (measure, _) = measure_and_result(&state, measure_id, id).await?;
    let values = read(&raw);
    let typed_version = raw.text("version");
    let parsed = FieldErrors::both(version(&typed_version), parse(&measure, &values, &state));
    let (expected, result) = match parsed {
        Ok(both) if raw.text("check") != "1" => both,
        parsed => {
            let errors = parsed.err().unwrap_or_default();
            let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
            let shown = Shown { editing: Some((id, typed_version)), values: &values, errors: &errors, stale: None };
            return Ok(render(&measure, shown, &page, status));
        }
    };
    let (actor, user) = (page.actor(), page.user.clone());
    let outcome =
        state.db(move |conn| Ok(records::update::<Results>(conn, (&actor, &user), id, expected, &result)?)).await?;
    match outcome {
        Saved::Stale { now: current, .. } => {
            let stale = super::forms::stale_edit(&values_of(&current), &values);
            let shown = Shown {
                editing: Some((id, current.version.to_string())),
                values: &values,
                errors: &FieldErrors::new(),
                stale: Some(&stale),
            };
            Ok(render(&measure, shown, &page, StatusCode::CONFLICT))
        }
        Saved::Invalid(errors) => {
            let shown = Shown { editing: Some((id, typed_version)), values: &values, errors: &errors, stale: None };
            Ok(render(&measure, shown, &page, StatusCode::UNPROCESSABLE_ENTITY))
        }
        other => Ok(saved(format!("/measures/{measure_id}"), saved_notice(&measure, &other.done()?))),
    }
}
