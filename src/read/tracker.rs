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
use std::collections::{HashMap, HashSet};

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
    /// Completed and waiting for a leader's sign-off.
    pub awaiting_sign_off: bool,
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
    /// Where its sign-off stands.
    pub sign_off: crate::domain::sign_off::Standing,
}

fn is_open(a: &ActionRow) -> bool {
    !matches!(a.state, ActionState::Completed | ActionState::Cancelled)
}

/// The actions that pass the filter, in reference order. Only references are
/// gathered: a line with names is built for the ones shown ([`line`]).
pub fn select<'a>(plan: &'a PlanIndex, filter: &TrackerFilter, today: NaiveDate) -> Vec<&'a ActionRow> {
    let soon = today.checked_add_days(Days::new(DUE_SOON_DAYS)).unwrap_or(today);
    let of_finding: Option<HashSet<ActionId>> =
        filter.finding.map(|f| PlanIndex::linked(&plan.actions_of_finding, f).into_iter().collect());
    let of_inspection: Option<HashSet<ActionId>> = filter.inspection.map(|i| {
        plan.findings_of_inspection(i).flat_map(|f| PlanIndex::linked(&plan.actions_of_finding, f.id)).collect()
    });
    let words: Vec<String> = filter.text.split_whitespace().map(str::to_lowercase).collect();
    plan.actions_by_reference()
        .filter(|a| filter.owner.is_none() || a.owner_id == filter.owner)
        .filter(|a| filter.area.is_none_or(|area| a.practice_area_id == area))
        .filter(|a| of_finding.as_ref().is_none_or(|set| set.contains(&a.id)))
        .filter(|a| of_inspection.as_ref().is_none_or(|set| set.contains(&a.id)))
        .filter(|a| filter.states.is_empty() || filter.states.contains(&a.state))
        .filter(|a| !filter.overdue || a.is_overdue(today))
        .filter(|a| !filter.awaiting_sign_off || plan.sign_off(a).is_awaiting())
        .filter(|a| !filter.due_soon || (is_open(a) && a.due_date.is_some_and(|d| d >= today && d <= soon)))
        .filter(|a| {
            words.is_empty() || {
                let haystack =
                    format!("{} {} {} {}", a.reference, a.title, a.description, a.success_measure).to_lowercase();
                words.iter().all(|w| haystack.contains(w.as_str()))
            }
        })
        .collect()
}

/// One action with the names and ratings the tracker shows beside it.
pub fn line<'a>(plan: &PlanIndex, action: &'a ActionRow, today: NaiveDate) -> TrackerLine<'a> {
    TrackerLine {
        action,
        owner: plan.owner_label(action.owner_id),
        area: plan.area(action.practice_area_id).map(|x| x.name.clone()).unwrap_or_default(),
        latest_rag: plan.latest_rag(action.id),
        overdue: action.is_overdue(today),
        sign_off: plan.sign_off(action),
        findings: PlanIndex::linked(&plan.findings_of_action, action.id)
            .into_iter()
            .filter_map(|f| plan.finding(f).map(|f| f.reference.clone()))
            .collect(),
    }
}

/// Where an action falls in a column, worked out once per action.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum ColumnKey<'a> {
    Text(String),
    /// Records with no name (an action with no owner) after the named ones.
    Name(bool, &'a str),
    Due(Option<NaiveDate>),
    State(ActionState),
    Rag(u8),
}

/// Sorts actions already in reference order by a column. Ties keep
/// reference order either way up; actions with no due date come last either
/// way up.
pub fn sort(plan: &PlanIndex, actions: &mut Vec<&ActionRow>, key: SortKey, descending: bool) {
    if key == SortKey::Reference {
        if descending {
            actions.reverse();
        }
        return;
    }
    let owners: HashMap<OwnerId, String> = match key {
        SortKey::Owner => plan.owners.values().map(|o| (o.id, o.label())).collect(),
        _ => HashMap::new(),
    };
    let column = |a: &ActionRow| match key {
        SortKey::Title => ColumnKey::Text(a.title.to_lowercase()),
        SortKey::Owner => match a.owner_id.and_then(|o| owners.get(&o)) {
            Some(label) => ColumnKey::Name(false, label),
            None => ColumnKey::Name(true, ""),
        },
        SortKey::Area => ColumnKey::Name(false, plan.area(a.practice_area_id).map_or("", |x| x.name.as_str())),
        SortKey::Due => ColumnKey::Due(a.due_date),
        SortKey::State => ColumnKey::State(a.state),
        SortKey::Reference | SortKey::Rag => ColumnKey::Rag(match plan.latest_rag(a.id) {
            Some(Rag::Red) => 0,
            Some(Rag::Amber) => 1,
            Some(Rag::Green) => 2,
            None => 3,
        }),
    };
    let mut keyed: Vec<(ColumnKey, &ActionRow)> = actions.iter().map(|a| (column(a), *a)).collect();
    keyed.sort_by(|(x, _), (y, _)| match (x, y) {
        (ColumnKey::Due(None), ColumnKey::Due(Some(_))) => Ordering::Greater,
        (ColumnKey::Due(Some(_)), ColumnKey::Due(None)) => Ordering::Less,
        _ if descending => y.cmp(x),
        _ => x.cmp(y),
    });
    *actions = keyed.into_iter().map(|(_, a)| a).collect();
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

    fn plan(actions: &[(&str, Option<u32>)]) -> PlanIndex {
        let at = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap().and_hms_opt(8, 0, 0).unwrap();
        let rows = actions
            .iter()
            .enumerate()
            .map(|(i, (reference, due))| ActionRow {
                id: ActionId(i as i64 + 1),
                reference: (*reference).into(),
                title: format!("Action {reference}"),
                description: String::new(),
                owner_id: None,
                practice_area_id: AreaId(1),
                start_date: None,
                due_date: due.and_then(|d| NaiveDate::from_ymd_opt(2026, 3, d)),
                completed_date: None,
                state: ActionState::InProgress,
                success_measure: String::new(),
                created_at: at,
                updated_at: at,
                version: 1,
                archived_at: None,
                cancelled_on: None,
            })
            .collect();
        PlanIndex::from_rows(1, crate::db::plan_rows::AllRows { actions: rows, ..Default::default() })
    }

    fn references(found: &[&ActionRow]) -> Vec<String> {
        found.iter().map(|a| a.reference.clone()).collect()
    }

    #[test]
    fn the_tracker_lists_by_reference_and_keeps_undated_actions_last_either_way_up() {
        let plan = plan(&[("2.1", Some(9)), ("1.10", Some(1)), ("1.2", None), ("1.9", Some(1)), ("1.1", None)]);
        let today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let mut found = select(&plan, &TrackerFilter::default(), today);
        assert_eq!(references(&found), ["1.1", "1.2", "1.9", "1.10", "2.1"]);
        sort(&plan, &mut found, SortKey::Due, false);
        assert_eq!(references(&found), ["1.9", "1.10", "2.1", "1.1", "1.2"]);
        let mut found = select(&plan, &TrackerFilter::default(), today);
        sort(&plan, &mut found, SortKey::Due, true);
        assert_eq!(references(&found), ["2.1", "1.9", "1.10", "1.1", "1.2"], "ties stay in reference order");
        let mut found = select(&plan, &TrackerFilter::default(), today);
        sort(&plan, &mut found, SortKey::Reference, true);
        assert_eq!(references(&found), ["2.1", "1.10", "1.9", "1.2", "1.1"]);
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
