//! The action tracker: every live action, filtered, sorted and counted in
//! memory over the cached plan, so a page costs no query beyond the session's
//! (5,000 actions filter and sort in a few milliseconds).

use super::plan::PlanIndex;
use crate::db::actions::ActionRow;
use crate::domain::ids::{ActionId, AreaId, FindingId, InspectionId, OwnerId};
use crate::domain::kinds::{ActionState, Rag};
pub use crate::domain::references::{natural, reference_key};
use chrono::{Days, NaiveDate};
use std::cmp::Ordering;
use std::collections::HashSet;

/// What the tracker is filtered by; empty means everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TrackerFilter {
    pub owner: Option<OwnerId>,
    pub area: Option<AreaId>,
    pub finding: Option<FindingId>,
    pub inspection: Option<InspectionId>,
    pub states: Vec<ActionState>,
    /// Due before today and still open.
    pub overdue: bool,
    /// Open and due within the next 30 days.
    pub due_soon: bool,
    /// Words to find in the reference, title, description or success measure.
    pub text: String,
}

/// How far ahead "due soon" looks.
pub const DUE_SOON_DAYS: u64 = 30;

/// A column the tracker can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    #[default]
    Reference,
    Title,
    Owner,
    Area,
    Due,
    State,
    Rag,
}

impl SortKey {
    /// Every column, with its name in the address and its heading.
    pub const ALL: [(SortKey, &'static str, &'static str); 7] = [
        (SortKey::Reference, "reference", "Reference"),
        (SortKey::Title, "title", "Action"),
        (SortKey::Owner, "owner", "Owner"),
        (SortKey::Area, "area", "Practice area"),
        (SortKey::Due, "due", "Due"),
        (SortKey::State, "state", "State"),
        (SortKey::Rag, "rag", "Latest RAG"),
    ];

    /// The column named in the address.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().find(|(_, n, _)| *n == name).map(|(k, _, _)| *k)
    }

    /// Its name in the address.
    pub fn name(self) -> &'static str {
        Self::ALL.iter().find(|(k, _, _)| *k == self).map_or("reference", |(_, n, _)| n)
    }
}

/// One action as the tracker lists it.
#[derive(Debug, Clone)]
pub struct TrackerLine<'a> {
    pub action: &'a ActionRow,
    pub owner: Option<String>,
    pub area: String,
    pub latest_rag: Option<Rag>,
    pub overdue: bool,
    pub findings: Vec<String>,
}

fn is_open(a: &ActionRow) -> bool {
    !matches!(a.state, ActionState::Completed | ActionState::Cancelled)
}

/// The actions that pass the filter, in plan order.
pub fn select<'a>(plan: &'a PlanIndex, filter: &TrackerFilter, today: NaiveDate) -> Vec<TrackerLine<'a>> {
    let soon = today.checked_add_days(Days::new(DUE_SOON_DAYS)).unwrap_or(today);
    let of_finding: Option<HashSet<ActionId>> =
        filter.finding.map(|f| PlanIndex::linked(&plan.actions_of_finding, f).into_iter().collect());
    let of_inspection: Option<HashSet<ActionId>> = filter.inspection.map(|i| {
        plan.findings_of_inspection(i).flat_map(|f| PlanIndex::linked(&plan.actions_of_finding, f.id)).collect()
    });
    let words: Vec<String> = filter.text.split_whitespace().map(str::to_lowercase).collect();
    plan.actions
        .iter()
        .filter(|a| filter.owner.is_none() || a.owner_id == filter.owner)
        .filter(|a| filter.area.is_none_or(|area| a.practice_area_id == area))
        .filter(|a| of_finding.as_ref().is_none_or(|set| set.contains(&a.id)))
        .filter(|a| of_inspection.as_ref().is_none_or(|set| set.contains(&a.id)))
        .filter(|a| filter.states.is_empty() || filter.states.contains(&a.state))
        .filter(|a| !filter.overdue || a.is_overdue(today))
        .filter(|a| !filter.due_soon || (is_open(a) && a.due_date.is_some_and(|d| d >= today && d <= soon)))
        .filter(|a| {
            words.is_empty() || {
                let haystack =
                    format!("{} {} {} {}", a.reference, a.title, a.description, a.success_measure).to_lowercase();
                words.iter().all(|w| haystack.contains(w.as_str()))
            }
        })
        .map(|a| TrackerLine {
            action: a,
            owner: plan.owner_label(a.owner_id),
            area: plan.area(a.practice_area_id).map(|x| x.name.clone()).unwrap_or_default(),
            latest_rag: plan
                .updates
                .get(&a.id)
                .and_then(|u| u.iter().max_by_key(|u| (u.update_date, u.id)))
                .map(|u| u.rag),
            overdue: a.is_overdue(today),
            findings: PlanIndex::linked(&plan.findings_of_action, a.id)
                .into_iter()
                .filter_map(|f| plan.finding(f).map(|f| f.reference.clone()))
                .collect(),
        })
        .collect()
}

/// Sorts lines by a column; ties keep the plan's reference order.
pub fn sort(lines: &mut [TrackerLine<'_>], key: SortKey, descending: bool) {
    let rag_rank = |r: Option<Rag>| match r {
        Some(Rag::Red) => 0,
        Some(Rag::Amber) => 1,
        Some(Rag::Green) => 2,
        None => 3,
    };
    // Reference order first, each key worked out once; the column's sort is
    // stable, so ties keep it.
    lines.sort_by_cached_key(|l| (reference_key(&l.action.reference), l.action.id));
    lines.sort_by(|a, b| {
        let primary = match key {
            SortKey::Reference => Ordering::Equal,
            SortKey::Title => a.action.title.to_lowercase().cmp(&b.action.title.to_lowercase()),
            SortKey::Owner => a.owner.as_deref().unwrap_or("~").cmp(b.owner.as_deref().unwrap_or("~")),
            SortKey::Area => a.area.cmp(&b.area),
            // Actions with no due date come last either way up.
            SortKey::Due => match (a.action.due_date, b.action.due_date) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            },
            SortKey::State => a.action.state.cmp(&b.action.state),
            SortKey::Rag => rag_rank(a.latest_rag).cmp(&rag_rank(b.latest_rag)),
        };
        if descending {
            primary.reverse()
        } else {
            primary
        }
    });
    if descending && key == SortKey::Reference {
        lines.reverse();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_sort_as_people_number_them() {
        let mut refs = vec!["1.10", "1.9", "2.1", "1.2a", "1.2", "APA2", "APA10"];
        refs.sort_by(|a, b| natural(a, b));
        assert_eq!(refs, ["1.2", "1.2a", "1.9", "1.10", "2.1", "APA2", "APA10"]);
    }

    #[test]
    fn a_column_is_named_in_the_address() {
        for (key, name, _) in SortKey::ALL {
            assert_eq!(SortKey::from_name(name), Some(key));
            assert_eq!(key.name(), name);
        }
        assert_eq!(SortKey::from_name("<script>"), None);
    }
}
