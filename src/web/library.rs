//! The evidence library (`/evidence`) and the review queue (`/evidence/review`),
//! filtered over the cached plan.

use super::forms::{optional_date, FormSource, RawForm};
use super::html;
use super::page::Page;
use crate::auth::session::Generation;
use crate::domain::fields::FieldErrors;
use crate::domain::ids::EvidenceId;
use crate::domain::kinds::{EvidenceKind, ReviewState, Role};
use crate::domain::paging::PageWindow;
use crate::error::AppError;
use crate::read::evidence_library::{queue, returned, select, Age, LibraryFilter};
use crate::read::form_choices;
use crate::read::plan::PlanIndex;
use crate::state::AppState;
use crate::views::evidence::ReviewFormValues;
use crate::views::evidence_library::{library_page, LibraryChoices, LibraryPage, LibraryValues};
use crate::views::filters::FilterChip;
use crate::views::review_queue::{queue_page, BulkValues, QueueItem, ReturnedItem};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};

const PER_PAGE: i64 = 50;
const QUEUE_PER_PAGE: i64 = 20;

fn read(query: &RawForm, errors: &mut FieldErrors) -> (LibraryValues, LibraryFilter) {
    let values = LibraryValues {
        area: query.text("area"),
        kinds: query.all("kind"),
        review: query.all("review"),
        // The three fields as typed, or the address's date once they have become one parameter.
        from: super::dates::typed_again(&query.0, "from"),
        to: super::dates::typed_again(&query.0, "to"),
        finding: query.text("finding"),
        action: query.text("action").chars().take(20).collect(),
        unlinked: query.all("linked").iter().any(|l| l == "none"),
        age: query.text("age"),
        text: query.text("q").chars().take(200).collect(),
    };
    let filter = LibraryFilter {
        area: values.area.trim().parse().ok(),
        kinds: values.kinds.iter().filter_map(|k| k.parse().ok()).collect(),
        review: values.review.iter().filter_map(|r| r.parse().ok()).collect(),
        observed_from: optional_date(errors, "from", "The first date observed", &values.from),
        observed_to: optional_date(errors, "to", "The last date observed", &values.to),
        finding: values.finding.trim().parse().ok(),
        action_reference: values.action.clone(),
        unlinked: values.unlinked,
        age: match values.age.as_str() {
            "current" => Age::Current,
            "stale" => Age::Stale,
            _ => Age::Any,
        },
        text: values.text.clone(),
    };
    (values, filter)
}

fn choices(plan: &PlanIndex, values: &LibraryValues) -> LibraryChoices {
    let mut areas: Vec<(String, String)> = plan.areas.iter().map(|a| (a.id.to_string(), a.name.clone())).collect();
    areas.sort_by(|a, b| a.1.cmp(&b.1));
    let findings = form_choices::finding_filter(plan, &values.area, "", &values.finding);
    LibraryChoices { areas, findings: findings.options, findings_narrowed: findings.narrowed }
}

fn chips(query: &RawForm, v: &LibraryValues, c: &LibraryChoices, errors: &FieldErrors) -> Vec<FilterChip> {
    let remove = |names: &[&str], value: &str| {
        let mut q = query.with("page", None);
        for name in names {
            q = if names.len() == 1 { q.without(name, value) } else { q.with(name, None) };
        }
        format!("/evidence?{}", q.query())
    };
    let label_in = |options: &[(String, String)], value: &str| {
        options.iter().find(|(k, _)| k == value).map(|(_, l)| l.clone()).unwrap_or_else(|| value.to_string())
    };
    let mut chips = Vec::new();
    let mut chip =
        |group: &str, label: String, href: String| chips.push(FilterChip { group: group.into(), label, remove: href });
    if !v.text.trim().is_empty() {
        chip("Search", v.text.clone(), remove(&["q"], &v.text));
    }
    if !v.area.trim().is_empty() {
        chip("Practice area", label_in(&c.areas, &v.area), remove(&["area"], &v.area));
    }
    for r in &v.review {
        let label = r.parse::<ReviewState>().map(|s| s.label().to_string()).unwrap_or_else(|_| r.clone());
        chip("Review", label, remove(&["review"], r));
    }
    for k in &v.kinds {
        let label = k.parse::<EvidenceKind>().map(|s| s.label().to_string()).unwrap_or_else(|_| k.clone());
        chip("Kind", label, remove(&["kind"], k));
    }
    match v.age.as_str() {
        "current" => chip("Age", "Recent enough to count".into(), remove(&["age"], "current")),
        "stale" => chip("Age", "Too old to count".into(), remove(&["age"], "stale")),
        _ => {}
    }
    for (name, group, date) in [("from", "Observed on or after", &v.from), ("to", "Observed on or before", &v.to)] {
        if !date.is_blank() && errors.for_any(&[name, &format!("{name}-month"), &format!("{name}-year")]).is_none() {
            chip(
                group,
                date.shown(),
                remove(&[name, &format!("{name}-day"), &format!("{name}-month"), &format!("{name}-year")], ""),
            );
        }
    }
    if !v.finding.trim().is_empty() {
        chip("Linked finding", label_in(&c.findings, &v.finding), remove(&["finding"], &v.finding));
    }
    if !v.action.trim().is_empty() {
        chip("Linked action", v.action.clone(), remove(&["action"], &v.action));
    }
    if v.unlinked {
        chip("Links", "Linked to nothing".into(), remove(&["linked"], "none"));
    }
    chips
}

/// The evidence library.
pub async fn library(
    state: web::Data<AppState>,
    page: Page,
    generation: Generation,
    query: web::Query<RawForm>,
) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    let snapshot = state.plan(generation).await?;
    let mut errors = FieldErrors::new();
    let (values, filter) = read(&query, &mut errors);
    let found = select(&snapshot, &filter, page.today);
    let total = found.len();
    let window = PageWindow::new(total, query.text("page").trim().parse::<i64>().unwrap_or(1), PER_PAGE);
    let number = window.number;
    let shown = window.of(&found);
    let choices = choices(&snapshot.plan, &values);
    let chips = chips(&query, &values, &choices, &errors);
    let page_href = |n: i64| format!("/evidence?{}", query.with("page", Some(&n.to_string())).query());
    let view = LibraryPage {
        lines: shown,
        total,
        page: number,
        per_page: PER_PAGE,
        values: &values,
        choices: &choices,
        chips: &chips,
        errors: &errors,
        page_href: &page_href,
        may_add: page.user.may(Role::Contributor),
        queue: page.user.may(Role::Leader).then(|| crate::read::evidence_library::drafts(&snapshot.plan)),
    };
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok(html(status, library_page(&view, &page.chrome("/evidence"))))
}

/// A decision on several items shown again: as typed, with its problems, and
/// the items that were selected (those left as they were stay ticked).
pub type BulkShown = (BulkValues, Vec<EvidenceId>);

/// The review queue, with `problem` (an item's typed review and its errors),
/// or a decision on several, re-shown.
pub async fn render_queue(
    state: &web::Data<AppState>,
    (page, generation): (&Page, Generation),
    number: i64,
    (problem, bulk): (Option<(EvidenceId, ReviewFormValues, FieldErrors)>, Option<BulkShown>),
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let snapshot = state.plan(generation).await?;
    let drafts = queue(&snapshot, page.today);
    let total = drafts.len();
    let (bulk, selected) = bulk.unwrap_or_default();
    // The page holding the item with a problem, so that it is in view.
    let number = match &problem {
        Some((id, _, _)) => {
            drafts.iter().position(|l| l.item.id == *id).map_or(number, |i| PageWindow::containing(i, QUEUE_PER_PAGE))
        }
        None => number,
    };
    let window = PageWindow::new(total, number, QUEUE_PER_PAGE);
    let number = window.number;
    let plan = &snapshot.plan;
    let users = super::evidence::verifier_choices(&snapshot, page.user.id);
    let shown = window.of(&drafts);
    let ids: Vec<EvidenceId> = shown.iter().map(|l| l.item.id).collect();
    let added_by = state.db(move |conn| Ok(crate::db::evidence::added_by_each(conn, &ids)?)).await?;
    let items: Vec<QueueItem<'_>> = shown
        .iter()
        .map(|line| {
            let e = line.item;
            let (values, errors) = match &problem {
                Some((id, values, errors)) if *id == e.id => {
                    let version =
                        if values.version.is_empty() { e.version.to_string() } else { values.version.clone() };
                    (ReviewFormValues { version, users: users.clone(), ..values.clone() }, errors.clone())
                }
                _ => (
                    ReviewFormValues { version: e.version.to_string(), users: users.clone(), ..Default::default() },
                    FieldErrors::new(),
                ),
            };
            let mut links: Vec<(String, String)> = PlanIndex::linked(&plan.actions_of_evidence, e.id)
                .into_iter()
                .filter_map(|a| plan.action(a))
                .map(|a| (format!("/actions/{}", a.id), format!("Action {}", a.reference)))
                .collect();
            links.extend(
                PlanIndex::linked(&plan.findings_of_evidence, e.id)
                    .into_iter()
                    .filter_map(|f| plan.finding(f))
                    .map(|f| (format!("/findings/{}", f.id), format!("Finding {}", f.reference))),
            );
            let files =
                plan.attachments.get(&e.id).into_iter().flatten().map(|f| (f.id.0, f.file_name.clone())).collect();
            let added_by = added_by.get(&e.id).copied().flatten().map(|u| plan.user_name(Some(u)));
            QueueItem { line, added_by, files, links, values, errors, selected: selected.contains(&e.id) }
        })
        .collect();
    let back = returned(&snapshot, page.today);
    let returned: Vec<ReturnedItem<'_>> = back
        .iter()
        .map(|line| ReturnedItem {
            line,
            returned_by: line.item.returned_by.map(|u| plan.user_name(Some(u))),
            returned_on: line.item.returned_on,
            reason: line.item.return_reason.clone().unwrap_or_default(),
        })
        .collect();
    let page_href = |n: i64| format!("/evidence/review?page={n}");
    let mut chrome = page.chrome("/evidence");
    if bulk.notice.is_some() {
        chrome.notice = bulk.notice.clone();
    }
    let markup = queue_page((&items, &returned), &bulk, (number, total, QUEUE_PER_PAGE), &page_href, &chrome);
    Ok(html(status, markup))
}

/// The review queue.
pub async fn review_queue(
    state: web::Data<AppState>,
    page: Page,
    generation: Generation,
    query: web::Query<RawForm>,
) -> Result<HttpResponse, AppError> {
    let number = query.text("page").trim().parse::<i64>().unwrap_or(1);
    render_queue(&state, (&page, generation), number, (None, None), StatusCode::OK).await
}
