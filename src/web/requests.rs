//! Requests for evidence: the list, one request, asking for evidence (from a
//! finding, action or area page) and closing one unanswered. A request is
//! answered from the evidence form (`web::evidence`), which `answering` fills
//! in from the request.

use super::forms::{optional_date, optional_id, version, FormSource, RawForm};
use super::page::{context, return_to, saved, Page};
use super::read::{as_at, record_history, snapshot};
use crate::auth::csrf::CheckedForm;
use crate::auth::session::Generation;
use crate::db::{requests, DbError};
use crate::domain::fields::FieldErrors;
use crate::domain::history::Entity;
use crate::domain::ids::{OwnerId, RequestId};
use crate::domain::requests::{Closing, RequestDraft, Standing, Subject};
use crate::domain::valid::{finish, parse};
use crate::error::AppError;
use crate::read::plan::PlanIndex;
use crate::read::requests::{request_line, request_list, About};
use crate::state::AppState;
use crate::views::forms::evidence::EvidenceValues;
use crate::views::requests::{
    choose_area_page, new_request_page, request_page, requests_page, CloseValues, RequestValues,
};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};

/// Every request asked by the page's date, filtered by `?show=` (open,
/// overdue, answered, closed).
pub async fn list(state: web::Data<AppState>, page: Page, generation: Generation) -> Result<HttpResponse, AppError> {
    let as_at = as_at(&page)?;
    let shown = match page.param("show") {
        None => None,
        Some(name) => Some(Standing::parse(name).ok_or_else(|| {
            AppError::Invalid(FieldErrors::one("show", "Show open, overdue, answered or closed requests"))
        })?),
    };
    let snapshot = snapshot(&state, &page, generation, as_at).await?;
    let list = request_list(&snapshot.plan, as_at.date(), shown);
    Ok(super::html(StatusCode::OK, requests_page(&list, &page.dated("/requests", as_at))))
}

async fn render_request(
    state: &AppState,
    (page, generation): (&Page, Generation),
    id: RequestId,
    (close, errors): (Option<CloseValues>, &FieldErrors),
) -> Result<HttpResponse, AppError> {
    let as_at = as_at(page)?;
    let snapshot = snapshot(state, page, generation, as_at).await?;
    let missing = || AppError::NotFound(format!("No request for evidence with id {id} by that date"));
    let row = snapshot.plan.requests.iter().find(|r| r.id == id).ok_or_else(missing)?;
    let line = request_line(&snapshot.plan, row, as_at.date()).ok_or_else(missing)?;
    let close = close.unwrap_or(CloseValues { version: row.version.to_string(), ..CloseValues::default() });
    let history = record_history(state, &snapshot, page, (Entity::EvidenceRequest, id.0), as_at.date()).await?;
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let markup = request_page(&line, (&close, errors), &history, &page.dated("/requests", as_at));
    Ok(super::html(status, markup))
}

/// One request as at the page's date.
pub async fn show(
    state: web::Data<AppState>,
    page: Page,
    generation: Generation,
    path: web::Path<RequestId>,
) -> Result<HttpResponse, AppError> {
    render_request(&state, (&page, generation), path.into_inner(), (None, &FieldErrors::new())).await
}

/// Closes a waiting request without evidence; the reason is required.
pub async fn close(
    state: web::Data<AppState>,
    page: Page,
    path: web::Path<RequestId>,
    CheckedForm(raw): CheckedForm<RawForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let values = CloseValues { why: raw.text("why"), reason: raw.text("reason"), version: raw.text("version") };
    let read = version(&values.version);
    let checked = Closing::chosen(&values.why, &values.reason)
        .and_then(|closing| finish(FieldErrors::new(), closing, &context(&state)));
    let (closing, expected) = match FieldErrors::both(checked, read) {
        Ok(both) => both,
        Err(errors) => return render_request(&state, (&page, page.generation), id, (Some(values), &errors)).await,
    };
    let (actor, today) = (page.actor(), page.today);
    let outcome = state
        .db(move |conn| match requests::close(conn, &actor, id, expected, &closing, today) {
            Err(DbError::Invalid(errors)) => Ok(Err(errors)),
            other => Ok(Ok(other?)),
        })
        .await?;
    match outcome {
        Ok(_) => Ok(saved(format!("/requests/{id}"), "Request closed without evidence")),
        Err(errors) => render_request(&state, (&page, page.generation), id, (Some(values), &errors)).await,
    }
}

/// What a request is asked about, from the address (`?finding=`, `?action=`
/// or `?area=`), with its name and the owner asked by default (the action's
/// owner, or the lead owner of the area).
fn subject_of(plan: &PlanIndex, form: &impl FormSource) -> Option<(Subject, About, Option<OwnerId>)> {
    let id = |name: &str| form.text(name).trim().parse::<i64>().ok();
    let lead = |area| plan.area(area).and_then(|a| a.lead_owner_id);
    if let Some(f) = id("finding").or(id("finding_id")).and_then(|f| plan.finding(f.into())) {
        let about = About { kind: "Finding", name: f.reference.clone(), href: Some(format!("/findings/{}", f.id)) };
        return Some((Subject::Finding(f.id), about, lead(f.practice_area_id)));
    }
    if let Some(a) = id("action").or(id("action_id")).and_then(|a| plan.action(a.into())) {
        let name = format!("{} {}", a.reference, a.title);
        let about = About { kind: "Action", name, href: Some(format!("/actions/{}", a.id)) };
        return Some((Subject::Action(a.id), about, a.owner_id.or(lead(a.practice_area_id))));
    }
    let area = id("area").or(id("practice_area_id")).and_then(|a| plan.area(a.into()))?;
    let about = About { kind: "Practice area", name: area.name.clone(), href: Some(format!("/areas/{}", area.id)) };
    Some((Subject::Area(area.id), about, area.lead_owner_id))
}

fn live_owners(plan: &PlanIndex) -> Vec<(OwnerId, String)> {
    let mut owners: Vec<_> = plan.owners.values().filter(|o| o.archived_at.is_none()).collect();
    owners.sort_by_cached_key(|o| (o.job_title.to_lowercase(), o.name.to_lowercase(), o.id));
    owners.into_iter().map(|o| (o.id, o.label())).collect()
}

fn render_form(
    plan: &PlanIndex,
    page: &Page,
    (values, errors): (&RequestValues, &FieldErrors),
    (about, back): (&About, &str),
) -> HttpResponse {
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let markup = new_request_page((values, errors), (about, &live_owners(plan)), back, &page.chrome("/requests"));
    super::html(status, markup)
}

/// The form asking for evidence about the finding, action or area the link names.
pub async fn new(
    state: web::Data<AppState>,
    page: Page,
    generation: Generation,
    query: web::Query<RawForm>,
) -> Result<HttpResponse, AppError> {
    let snapshot = state.plan(generation).await?;
    let named = ["finding", "action", "area"].iter().any(|p| !query.text(p).trim().is_empty());
    if !named {
        let areas: Vec<_> = snapshot.plan.areas.iter().map(|a| (a.id, a.name.clone())).collect();
        return Ok(super::html(StatusCode::OK, choose_area_page(&areas, &page.chrome("/requests"))));
    }
    let (subject, about, owner) = subject_of(&snapshot.plan, &*query)
        .ok_or_else(|| AppError::NotFound("No finding, action or practice area has that id".into()))?;
    let (field, id) = (subject.field(), subject_id(subject));
    let values = RequestValues {
        subject: (field, id),
        owner_id: owner.map(|o| o.to_string()).unwrap_or_default(),
        ..RequestValues::default()
    };
    let back = return_to(page.param("return"), about.href.clone().unwrap_or_else(|| "/requests".into()));
    Ok(render_form(&snapshot.plan, &page, (&values, &FieldErrors::new()), (&about, &back)))
}

fn subject_id(subject: Subject) -> String {
    match subject.ids() {
        (Some(f), _, _) => f.to_string(),
        (_, Some(a), _) => a.to_string(),
        (_, _, Some(p)) => p.to_string(),
        _ => String::new(),
    }
}

/// Asks for evidence; a problem shows the form again with the message beside its field.
pub async fn create(
    state: web::Data<AppState>,
    page: Page,
    CheckedForm(raw): CheckedForm<RawForm>,
) -> Result<HttpResponse, AppError> {
    let snapshot = state.plan(page.generation).await?;
    let (subject, about, _) = subject_of(&snapshot.plan, &raw)
        .ok_or_else(|| AppError::NotFound("The finding, action or area asked about is no longer in the plan".into()))?;
    let back = return_to(Some(&raw.text("return")), about.href.clone().unwrap_or_else(|| "/requests".into()));
    let values = RequestValues {
        subject: (subject.field(), subject_id(subject)),
        owner_id: raw.text("owner_id"),
        due_on: raw.date("due_on"),
        wanted: raw.text("wanted"),
    };
    let mut errors = FieldErrors::new();
    let (finding_id, action_id, practice_area_id) = subject.ids();
    let draft = RequestDraft {
        finding_id,
        action_id,
        practice_area_id,
        owner_id: optional_id(&mut errors, "owner_id", &values.owner_id),
        due_on: optional_date(&mut errors, "due_on", "Date it is needed by", &values.due_on),
        wanted: values.wanted.clone(),
    };
    let input = match parse(errors, draft, &context(&state)) {
        Ok(input) => input,
        Err(errors) => return Ok(render_form(&snapshot.plan, &page, (&values, &errors), (&about, &back))),
    };
    let (actor, today) = (page.actor(), page.today);
    let outcome = state
        .db(move |conn| match requests::create(conn, &actor, &input, today) {
            Err(DbError::Invalid(errors)) => Ok(Err(errors)),
            Err(DbError::NotFound { entity: Entity::Owner, .. }) => {
                Ok(Err(FieldErrors::one("owner_id", "Choose from the owners shown: that one no longer exists")))
            }
            other => Ok(Ok(other?)),
        })
        .await?;
    match outcome {
        Ok(row) => {
            let owner = snapshot.plan.owner_label(Some(row.owner_id)).unwrap_or_default();
            let notice =
                format!("Evidence asked of {owner}, needed by {}", crate::domain::dates::long_date(row.due_on));
            Ok(saved(back, notice))
        }
        Err(errors) => Ok(render_form(&snapshot.plan, &page, (&values, &errors), (&about, &back))),
    }
}

/// Fills the evidence form from a request it is to answer: the request, and
/// the area, finding or action it asked about.
pub fn answering(plan: &PlanIndex, id: RequestId, values: &mut EvidenceValues) -> Result<(), AppError> {
    let found = plan
        .requests
        .iter()
        .find(|r| r.id == id)
        .ok_or_else(|| AppError::NotFound(format!("No request for evidence with id {id}")))?;
    values.request_id = id.to_string();
    let area = match found.subject() {
        Some(Subject::Finding(f)) => {
            values.finding_ids = vec![f.to_string()];
            plan.finding(f).map(|f| f.practice_area_id)
        }
        Some(Subject::Action(a)) => {
            values.action_ids = vec![a.to_string()];
            plan.action(a).map(|a| a.practice_area_id)
        }
        Some(Subject::Area(a)) => Some(a),
        None => None,
    };
    values.practice_area_id = area.map(|a| a.to_string()).unwrap_or_default();
    Ok(())
}
