//! The action tracker (`/actions`) and its CSV (`/actions.csv`): the same
//! filters, read from the address, over the cached plan.

use super::forms::{FormSource, RawForm};
use super::html;
use super::page::Page;
use crate::auth::session::Generation;
use crate::auth::CurrentUser;
use crate::db::actions::ActionRow;
use crate::domain::kinds::{ActionState, Role};
use crate::domain::paging::PageWindow;
use crate::error::AppError;
use crate::read::cache::Snapshot;
use crate::read::form_choices;
use crate::read::plan::PlanIndex;
use crate::read::tracker::{line, select, sort, SortKey, TrackerFilter, TrackerLine};
use crate::state::AppState;
use crate::views::filters::FilterChip;
use crate::views::tracker::{tracker_page, TrackerChoices, TrackerPage, TrackerValues};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};

/// Actions per page.
const PER_PAGE: i64 = 50;

/// The filters as asked for, and what they mean.
struct Asked {
    values: TrackerValues,
    filter: TrackerFilter,
    /// Filtered to the signed-in person's own actions.
    mine: bool,
    /// The person asked for their own actions but is linked to no owner.
    no_owner: bool,
}

fn read(query: &RawForm, user: &CurrentUser) -> Asked {
    let when = query.all("when");
    let values = TrackerValues {
        owner: query.text("owner"),
        area: query.text("area"),
        finding: query.text("finding"),
        inspection: query.text("inspection"),
        states: query.all("state"),
        overdue: when.iter().any(|w| w == "overdue"),
        due_soon: when.iter().any(|w| w == "due_soon"),
        awaiting_sign_off: query.all("sign_off").iter().any(|w| w == "awaiting"),
        text: query.text("q").chars().take(200).collect(),
    };
    let mine = values.owner == "mine";
    let filter = TrackerFilter {
        owner: if mine { user.owner_id } else { values.owner.trim().parse().ok() },
        area: values.area.trim().parse().ok(),
        finding: values.finding.trim().parse().ok(),
        inspection: values.inspection.trim().parse().ok(),
        states: values.states.iter().filter_map(|s| s.parse().ok()).collect(),
        overdue: values.overdue,
        due_soon: values.due_soon,
        awaiting_sign_off: values.awaiting_sign_off,
        text: values.text.clone(),
    };
    Asked { no_owner: mine && user.owner_id.is_none(), values, filter, mine }
}

/// The actions the filters select, sorted as asked.
fn found<'a>(
    snapshot: &'a Snapshot,
    asked: &Asked,
    (query, today): (&RawForm, chrono::NaiveDate),
) -> (Vec<&'a ActionRow>, SortKey, bool) {
    let mut found = if asked.no_owner { Vec::new() } else { select(&snapshot.plan, &asked.filter, today) };
    let key = SortKey::from_name(&query.text("sort")).unwrap_or_default();
    let descending = query.text("order") == "desc";
    sort(&snapshot.plan, &mut found, key, descending);
    (found, key, descending)
}

fn choices(plan: &PlanIndex, user: &CurrentUser, asked: &Asked) -> TrackerChoices {
    let mut owners: Vec<(String, String)> = Vec::new();
    if user.owner_id.is_some() {
        owners.push(("mine".into(), "My actions".into()));
    }
    let mut listed: Vec<(String, String)> = plan
        .owners
        .values()
        .filter(|o| o.archived_at.is_none() || plan.actions_of_owner(o.id).next().is_some())
        .map(|o| (o.id.to_string(), o.label()))
        .collect();
    listed.sort_by(|a, b| a.1.cmp(&b.1));
    owners.extend(listed);
    let mut areas: Vec<(String, String)> = plan.areas.iter().map(|a| (a.id.to_string(), a.name.clone())).collect();
    areas.sort_by(|a, b| a.1.cmp(&b.1));
    let inspections = plan
        .inspections
        .iter()
        .filter(|i| i.archived_at.is_none())
        .map(|i| (i.id.to_string(), format!("{} ({})", i.title, i.start_date.format("%B %Y"))))
        .collect();
    let v = &asked.values;
    let findings = form_choices::finding_filter(plan, &v.area, &v.inspection, &v.finding);
    TrackerChoices { owners, areas, findings: findings.options, findings_narrowed: findings.narrowed, inspections }
}

fn label_in(options: &[(String, String)], value: &str) -> String {
    options.iter().find(|(v, _)| v == value).map(|(_, l)| l.clone()).unwrap_or_else(|| value.to_string())
}

fn chips(query: &RawForm, asked: &Asked, c: &TrackerChoices) -> Vec<FilterChip> {
    let remove =
        |name: &str, value: &str| format!("/actions?{}", query.without(name, value).with("page", None).query());
    let mut chips = Vec::new();
    let v = &asked.values;
    if !v.text.trim().is_empty() {
        chips.push(FilterChip { group: "Search".into(), label: v.text.clone(), remove: remove("q", &v.text) });
    }
    for (name, group, value, options) in [
        ("owner", "Owner", &v.owner, &c.owners),
        ("area", "Practice area", &v.area, &c.areas),
        ("inspection", "Inspection", &v.inspection, &c.inspections),
        ("finding", "Finding", &v.finding, &c.findings),
    ] {
        if !value.trim().is_empty() {
            chips.push(FilterChip {
                group: group.into(),
                label: label_in(options, value),
                remove: remove(name, value),
            });
        }
    }
    for state in &v.states {
        let label = state.parse::<ActionState>().map(|s| s.label().to_string()).unwrap_or_else(|_| state.clone());
        chips.push(FilterChip { group: "State".into(), label, remove: remove("state", state) });
    }
    if v.overdue {
        chips.push(FilterChip { group: "Due".into(), label: "Overdue".into(), remove: remove("when", "overdue") });
    }
    if v.due_soon {
        chips.push(FilterChip {
            group: "Due".into(),
            label: "In the next 30 days".into(),
            remove: remove("when", "due_soon"),
        });
    }
    if v.awaiting_sign_off {
        let label = "Awaiting sign-off".into();
        chips.push(FilterChip { group: "Sign-off".into(), label, remove: remove("sign_off", "awaiting") });
    }
    chips
}

/// The action tracker.
pub async fn list(
    state: web::Data<AppState>,
    page: Page,
    generation: Generation,
    query: web::Query<RawForm>,
) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    let snapshot = state.plan(generation).await?;
    let asked = read(&query, &page.user);
    let (found, key, descending) = found(&snapshot, &asked, (&query, page.today));
    let total = found.len();
    let window = PageWindow::new(total, query.text("page").trim().parse::<i64>().unwrap_or(1), PER_PAGE);
    let number = window.number;
    let shown: Vec<TrackerLine> = window.of(&found).iter().map(|a| line(&snapshot.plan, a, page.today)).collect();
    let choices = choices(&snapshot.plan, &page.user, &asked);
    let chips = chips(&query, &asked, &choices);
    let sort_href = |k: SortKey| {
        let order = if k == key && !descending { Some("desc") } else { None };
        format!("/actions?{}", query.with("sort", Some(k.name())).with("order", order).with("page", None).query())
    };
    let page_href = |n: i64| format!("/actions?{}", query.with("page", Some(&n.to_string())).query());
    let note = asked.no_owner.then_some(
        "Your account is not linked to an owner, so no actions are yours. A leader can link it on the owner's page.",
    );
    let view = TrackerPage {
        heading: if asked.mine { "My actions" } else { "Actions" },
        lines: &shown,
        total,
        page: number,
        per_page: PER_PAGE,
        sort: key,
        descending,
        values: &asked.values,
        choices: &choices,
        chips: &chips,
        sort_href: &sort_href,
        page_href: &page_href,
        csv_href: format!("/actions.csv?{}", query.with("page", None).query()),
        may_add: page.user.may(Role::Leader),
        note,
    };
    let current = if asked.mine { "/actions?owner=mine" } else { "/actions" };
    Ok(html(StatusCode::OK, tracker_page(&view, &page.chrome(current))))
}

/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a tab
/// or carriage return before one) is prefixed with `'`, so it stays text.
pub fn spreadsheet_safe(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

fn csv_row(line: &TrackerLine<'_>) -> Vec<String> {
    let a = line.action;
    let day = |d: Option<chrono::NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
    vec![
        a.reference.clone(),
        a.title.clone(),
        line.area.clone(),
        line.owner.clone().unwrap_or_default(),
        day(a.start_date),
        day(a.due_date),
        day(a.completed_date),
        a.state.label().to_string(),
        line.latest_rag.map(|r| r.label().to_string()).unwrap_or_default(),
        if line.overdue { "yes" } else { "no" }.to_string(),
        line.findings.join(", "),
        a.success_measure.clone(),
        a.description.clone(),
    ]
}

const CSV_HEADER: [&str; 13] = [
    "Reference",
    "Title",
    "Practice area",
    "Owner",
    "Start date",
    "Due date",
    "Completed date",
    "State",
    "Latest RAG",
    "Overdue",
    "Findings",
    "Success measure",
    "Description",
];

fn csv_chunk(rows: impl Iterator<Item = Vec<String>>) -> Result<web::Bytes, AppError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in rows {
        writer.write_record(row.iter().map(|c| spreadsheet_safe(c))).map_err(AppError::internal)?;
    }
    Ok(web::Bytes::from(writer.into_inner().map_err(|e| AppError::internal(anyhow::anyhow!("{e}")))?))
}

/// The tracker's filtered, sorted rows as CSV, streamed a few hundred rows at a time.
pub async fn csv(
    state: web::Data<AppState>,
    page: Page,
    generation: Generation,
    query: web::Query<RawForm>,
) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    let snapshot = state.plan(generation).await?;
    let asked = read(&query, &page.user);
    let rows: Vec<Vec<String>> = {
        let (found, _, _) = found(&snapshot, &asked, (&query, page.today));
        found.iter().map(|a| csv_row(&line(&snapshot.plan, a, page.today))).collect()
    };
    let header = csv_chunk(std::iter::once(CSV_HEADER.iter().map(|s| s.to_string()).collect()));
    let chunked: Vec<Vec<Vec<String>>> = rows.chunks(250).map(<[Vec<String>]>::to_vec).collect();
    // Each chunk is written as the response is sent, not all before it.
    let body = std::iter::once(header).chain(chunked.into_iter().map(|chunk| csv_chunk(chunk.into_iter())));
    let today = page.today.format("%Y-%m-%d");
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(("Content-Disposition", format!("attachment; filename=\"actions-{today}.csv\"")))
        .insert_header(("Cache-Control", "private, no-store"))
        .streaming(futures_util::stream::iter(body)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_a_spreadsheet_would_run_stay_text() {
        assert_eq!(spreadsheet_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(spreadsheet_safe("+44 1234"), "'+44 1234");
        assert_eq!(spreadsheet_safe("-1"), "'-1");
        assert_eq!(spreadsheet_safe("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(spreadsheet_safe("1.3"), "1.3");
    }
}
