//! Actions, evidence and findings as the read pages list them, as at a date:
//! each with the names of what it links to and its dated state.

use super::dated;
use super::plan::PlanIndex;
use crate::db::actions::ActionRow;
use crate::db::evidence::EvidenceRow;
use crate::db::findings::FindingRow;
use crate::domain::ids::*;
use crate::domain::kinds::{ActionState, EvidenceKind, FindingKind, ReviewState};
use crate::domain::paging::PageWindow;
pub use crate::domain::references::reference_key;
use chrono::NaiveDate;

/// One plan action as at a date.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionLine {
    pub id: ActionId,
    pub reference: String,
    pub title: String,
    pub area: (AreaId, String),
    /// The owner as plans name them: "Head of Service (Aisha Rahman)".
    pub owner: Option<(OwnerId, String)>,
    /// The owner's name alone (their job title when they have no name), for short lists.
    pub owner_name: Option<String>,
    /// The owner's team or partner agency, when given.
    pub owner_team: Option<String>,
    pub due: Option<NaiveDate>,
    pub completed: Option<NaiveDate>,
    /// Its state now (the plan keeps no dated history of states).
    pub state: ActionState,
    pub open: bool,
    pub overdue: bool,
}

impl ActionLine {
    /// Its state on the date in words, as every report prints it: "Overdue since 31 March 2020".
    pub fn state_words(&self) -> String {
        match (self.open, self.completed, self.due) {
            (false, Some(done), _) => format!("Completed {}", crate::domain::dates::long_date(done)),
            (false, None, _) => self.state.label().to_string(),
            (true, _, Some(due)) if self.overdue => crate::domain::dates::overdue_since(due),
            (true, _, _) => "Open".to_string(),
        }
    }

    /// The owner with their team or agency, as reports show them:
    /// "DI Chris Walsh (Hartshire Police)".
    pub fn owner_with_team(&self) -> String {
        match (&self.owner_name, &self.owner_team) {
            (Some(name), Some(team)) => format!("{name} ({team})"),
            (Some(name), None) => name.clone(),
            (None, _) => "No owner".to_string(),
        }
    }
}

/// An action as at a date.
pub fn action_line(plan: &PlanIndex, action: &ActionRow, as_at: NaiveDate) -> ActionLine {
    let area = plan.area(action.practice_area_id).map(|a| a.name.clone()).unwrap_or_default();
    let overdue = dated::is_overdue(action, as_at);
    ActionLine {
        id: action.id,
        reference: action.reference.clone(),
        title: action.title.clone(),
        area: (action.practice_area_id, area),
        owner: action.owner_id.and_then(|id| plan.owner_label(Some(id)).map(|label| (id, label))),
        owner_name: action.owner_id.and_then(|id| plan.owners.get(&id)).map(|o| {
            if o.name.is_empty() {
                o.job_title.clone()
            } else {
                o.name.clone()
            }
        }),
        owner_team: action
            .owner_id
            .and_then(|id| plan.owners.get(&id))
            .map(|o| o.team.clone())
            .filter(|team| !team.is_empty()),
        due: action.due_date,
        completed: action.completed_date,
        state: action.state,
        open: dated::is_open(action, as_at),
        overdue,
    }
}

/// Actions in plan order (by reference).
pub fn action_lines<'a>(
    plan: &PlanIndex,
    actions: impl Iterator<Item = &'a ActionRow>,
    as_at: NaiveDate,
) -> Vec<ActionLine> {
    let mut rows: Vec<&ActionRow> = actions.collect();
    plan.in_reference_order(&mut rows);
    rows.into_iter().map(|a| action_line(plan, a, as_at)).collect()
}

/// One page of a long list: where it stands among the pages, and its lines.
/// Only the page's lines are made: a large area has 125 actions and 500
/// evidence items, and making every line to show 25 was most of its page's work.
#[derive(Debug, Clone, PartialEq)]
pub struct Paged<T> {
    pub window: PageWindow,
    pub lines: Vec<T>,
}

impl<T> Paged<T> {
    /// Every line on one page.
    pub fn whole(lines: Vec<T>) -> Self {
        let total = lines.len();
        Self { window: PageWindow::new(total, 1, total.max(1) as i64), lines }
    }

    /// Page `asked` of `rows`, `per_page` to a page, each row on it made a line.
    fn page_of<R>(rows: &[R], (asked, per_page): (i64, i64), line: impl Fn(&R) -> T) -> Self {
        let window = PageWindow::new(rows.len(), asked, per_page);
        Self { window, lines: window.of(rows).iter().map(line).collect() }
    }
}

/// As `action_lines`, only the lines of page `asked` of `per_page`.
pub fn action_lines_page<'a>(
    plan: &PlanIndex,
    actions: impl Iterator<Item = &'a ActionRow>,
    as_at: NaiveDate,
    page: (i64, i64),
) -> Paged<ActionLine> {
    let mut rows: Vec<&ActionRow> = actions.collect();
    plan.in_reference_order(&mut rows);
    Paged::page_of(&rows, page, |a| action_line(plan, a, as_at))
}

/// One evidence item as at a date.
#[derive(Debug, Clone, PartialEq)]
pub struct EvidenceLine {
    pub id: EvidenceId,
    pub title: String,
    pub kind: EvidenceKind,
    pub observed_on: NaiveDate,
    pub area: (AreaId, String),
    /// Its review state on the date.
    pub review: ReviewState,
}

/// The evidence items observed by the date, newest first, with their review state then.
pub fn evidence_lines<'a>(
    plan: &PlanIndex,
    items: impl Iterator<Item = &'a EvidenceRow>,
    as_at: NaiveDate,
) -> Vec<EvidenceLine> {
    let observed = observed_newest_first(items, as_at);
    observed.into_iter().map(|(e, review)| evidence_line(plan, e, review)).collect()
}

/// The items observed by the date with their review state then, newest first.
fn observed_newest_first<'a>(
    items: impl Iterator<Item = &'a EvidenceRow>,
    as_at: NaiveDate,
) -> Vec<(&'a EvidenceRow, ReviewState)> {
    let mut observed: Vec<(&EvidenceRow, ReviewState)> =
        items.filter_map(|e| Some((e, dated::review_state_on(e, as_at)?))).collect();
    observed.sort_by_key(|(e, _)| std::cmp::Reverse((e.observed_on, e.id)));
    observed
}

fn evidence_line(plan: &PlanIndex, e: &EvidenceRow, review: ReviewState) -> EvidenceLine {
    let area = plan.area(e.practice_area_id).map(|a| a.name.clone()).unwrap_or_default();
    EvidenceLine {
        id: e.id,
        title: e.title.clone(),
        kind: e.kind,
        observed_on: e.observed_on,
        area: (e.practice_area_id, area),
        review,
    }
}

/// As `evidence_lines`, only the lines of page `asked` of `per_page`.
pub fn evidence_lines_page<'a>(
    plan: &PlanIndex,
    items: impl Iterator<Item = &'a EvidenceRow>,
    as_at: NaiveDate,
    page: (i64, i64),
) -> Paged<EvidenceLine> {
    let observed = observed_newest_first(items, as_at);
    Paged::page_of(&observed, page, |(e, review)| evidence_line(plan, e, *review))
}

/// One finding with its inspection.
#[derive(Debug, Clone, PartialEq)]
pub struct FindingLine {
    pub id: FindingId,
    pub reference: String,
    pub kind: FindingKind,
    pub text: String,
    pub inspection: (InspectionId, String),
    pub area: (AreaId, String),
}

/// Findings grouped as inspectors order them (priority actions first), then by reference.
pub fn finding_lines<'a>(plan: &PlanIndex, findings: impl Iterator<Item = &'a FindingRow>) -> Vec<FindingLine> {
    let mut lines: Vec<FindingLine> = findings
        .map(|f| FindingLine {
            id: f.id,
            reference: f.reference.clone(),
            kind: f.kind,
            text: f.text.clone(),
            inspection: (
                f.inspection_id,
                plan.inspection(f.inspection_id).map(|i| i.title.clone()).unwrap_or_default(),
            ),
            area: (f.practice_area_id, plan.area(f.practice_area_id).map(|a| a.name.clone()).unwrap_or_default()),
        })
        .collect();
    lines.sort_by_cached_key(|l| (l.kind, reference_key(&l.reference), l.id));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_sort_by_number_not_by_letter() {
        let mut refs = vec!["1.10", "1.9", "2.1", "1.2", "APA2", "APA10", "APA1"];
        refs.sort_by_key(|r| reference_key(r));
        assert_eq!(refs, vec!["1.2", "1.9", "1.10", "2.1", "APA1", "APA2", "APA10"]);
    }
}
