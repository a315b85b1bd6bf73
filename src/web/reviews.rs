//! One decision on several evidence items selected in the review queue
//! (`POST /evidence/review`): each at the version the queue showed; an item
//! changed since is named and left as it is, and the others are decided.

use super::forms::{FormSource, RawForm};
use super::page::{context, saved, Page};
use crate::auth::csrf::CheckedForm;
use crate::auth::session::Generation;
use crate::db::{evidence, DbError};
use crate::domain::evidence::Review;
use crate::domain::fields::FieldErrors;
use crate::domain::ids::EvidenceId;
use crate::domain::valid::finish;
use crate::error::AppError;
use crate::state::AppState;
use crate::views::review_queue::BulkValues;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};

/// Titles named in one message, the rest counted.
const NAMED: usize = 5;

/// "“A”, “B” and 2 more".
fn titles(titles: &[String]) -> String {
    let quoted: Vec<String> = titles.iter().take(NAMED).map(|t| format!("“{t}”")).collect();
    let more = titles.len().saturating_sub(NAMED);
    match (quoted.split_last(), more) {
        (None, _) => String::new(),
        (Some((last, [])), 0) => last.clone(),
        (Some((last, rest)), 0) => format!("{} and {last}", rest.join(", ")),
        (Some(_), more) => format!("{} and {more} more", quoted.join(", ")),
    }
}

/// Saves the decision chosen for every item selected, in one transaction.
pub async fn review_selected(
    state: web::Data<AppState>,
    page: Page,
    generation: Generation,
    CheckedForm(raw): CheckedForm<RawForm>,
) -> Result<HttpResponse, AppError> {
    let number = raw.text("page").trim().parse::<i64>().unwrap_or(1);
    let mut bulk =
        BulkValues { decision: raw.text("bulk_decision"), reason: raw.text("bulk_reason"), ..Default::default() };
    let mut errors = FieldErrors::new();
    let mut selected: Vec<(EvidenceId, i32)> = Vec::new();
    for id in raw.all("selected") {
        let id: Option<EvidenceId> = id.trim().parse().ok();
        let version = id.and_then(|id| raw.text(&format!("version-{id}")).trim().parse::<i32>().ok());
        match (id, version) {
            (Some(id), Some(version)) if !selected.iter().any(|(seen, _)| *seen == id) => selected.push((id, version)),
            (Some(_), Some(_)) => {}
            _ => errors.add("selected", "The page was not read as sent: open the review queue again"),
        }
    }
    if selected.is_empty() && errors.is_empty() {
        errors.add("selected", "Select at least one item to decide on");
    }
    let reason = bulk.reason.clone();
    let decision = match bulk.decision.as_str() {
        "verify" => Some(Review::Verify),
        "reject" => Some(Review::Reject { reason }),
        "return" => Some(Review::Return { reason }),
        _ => {
            errors.add("bulk_decision", "Choose whether to verify, reject or return the selected items");
            None
        }
    };
    let ids: Vec<EvidenceId> = selected.iter().map(|(id, _)| *id).collect();
    let checked = match decision {
        Some(decision) => finish(errors, decision, &context(&state)),
        None => Err(errors),
    };
    let decision = match checked {
        Ok(decision) => decision,
        Err(errors) => {
            for e in errors.iter() {
                let field = if e.field == "reason" { "bulk_reason" } else { e.field.as_str() };
                bulk.errors.add(field, e.message.clone());
            }
            let shown = (None, Some((bulk, ids)));
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return super::library::render_queue(&state, (&page, generation), number, shown, status).await;
        }
    };
    let done_words = decision.done();
    let items: Vec<_> = selected.iter().map(|&(id, version)| (id, version, decision.clone())).collect();
    let (actor, today) = (page.actor(), page.today);
    let outcomes = state.db(move |conn| Ok(evidence::review_each(conn, &actor, &items, today)?)).await?;
    let (mut done, mut left) = (Vec::new(), Vec::new());
    for (id, outcome) in outcomes {
        match outcome {
            Ok(row) => done.push(row.title),
            Err(e) => left.push((id, e)),
        }
    }
    let notice = (!done.is_empty()).then(|| format!("{done_words}: {}", titles(&done)));
    if left.is_empty() {
        return Ok(saved("/evidence/review", notice.unwrap_or_default()));
    }
    // Those left as they were stay selected, each with why, and the page is read afresh.
    let now = Generation(state.db(|conn| Ok(crate::db::sessions::generation(conn)?)).await?);
    let snapshot = state.plan(now).await?;
    let mut kept = Vec::new();
    for (id, e) in left {
        let title = snapshot.plan.evidence_item(id).map(|e| format!("“{}”", e.title));
        let message = match (e, title) {
            (DbError::Conflict { .. }, Some(title)) => format!(
                "{title} was changed by someone else after this page was shown, so it was left as it is: look at it again"
            ),
            (DbError::Invalid(problems), Some(title)) => format!(
                "{title} was left as it is: {}",
                problems.iter().map(|p| p.message.clone()).collect::<Vec<_>>().join("; ")
            ),
            // Archived or gone since the page was shown: nothing is left to decide on.
            _ => {
                bulk.errors.add("selected", format!("Item {id} is no longer in the queue, so it was left as it is"));
                continue;
            }
        };
        bulk.errors.add(&format!("selected-{id}"), message);
        kept.push(id);
    }
    bulk.notice = notice;
    bulk.decision.clear();
    super::library::render_queue(&state, (&page, now), number, (None, Some((bulk, kept))), StatusCode::CONFLICT).await
}

#[cfg(test)]
mod tests {
    use super::titles;

    #[test]
    fn titles_are_named_up_to_five_and_the_rest_counted() {
        let t = |n: usize| (1..=n).map(|i| format!("T{i}")).collect::<Vec<_>>();
        assert_eq!(titles(&t(1)), "“T1”");
        assert_eq!(titles(&t(3)), "“T1”, “T2” and “T3”");
        assert_eq!(titles(&t(7)), "“T1”, “T2”, “T3”, “T4”, “T5” and 2 more");
    }
}
