//! The evidence library and the review queue, filtered in memory over the
//! cached plan. An item is stale when it was observed before its area's
//! evidence window, so it no longer counts towards "practice changed".

use super::cache::Snapshot;
use super::evidence_page::window_start;
use super::plan::PlanIndex;
use crate::db::evidence::EvidenceRow;
use crate::domain::ids::{AreaId, FindingId};
use crate::domain::kinds::{EvidenceKind, ReviewState};
use chrono::NaiveDate;

/// How old the items shown may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Age {
    #[default]
    Any,
    /// Observed within its area's evidence window: it can count.
    Current,
    /// Observed before it: it no longer counts.
    Stale,
}

/// What the library is filtered by; empty means everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LibraryFilter {
    pub area: Option<AreaId>,
    pub kinds: Vec<EvidenceKind>,
    pub review: Vec<ReviewState>,
    pub observed_from: Option<NaiveDate>,
    pub observed_to: Option<NaiveDate>,
    pub finding: Option<FindingId>,
    /// An action's reference ("1.3"): items linked to an action with it.
    pub action_reference: String,
    /// Only items linked to no action and no finding.
    pub unlinked: bool,
    pub age: Age,
    /// Words to find in the title or description.
    pub text: String,
}

/// One item as the library lists it.
#[derive(Debug, Clone)]
pub struct LibraryLine<'a> {
    pub item: &'a EvidenceRow,
    pub area: String,
    pub stale: bool,
    pub files: usize,
    pub links: usize,
}

fn line<'a>(snapshot: &'a Snapshot, item: &'a EvidenceRow, today: NaiveDate) -> LibraryLine<'a> {
    let plan = &snapshot.plan;
    LibraryLine {
        item,
        area: plan.area(item.practice_area_id).map(|a| a.name.clone()).unwrap_or_default(),
        stale: item.observed_on < window_start(snapshot, item.practice_area_id, today),
        files: plan.attachments.get(&item.id).map_or(0, <[_]>::len),
        links: plan.findings_of_evidence.get(&item.id).map_or(0, <[_]>::len)
            + plan.actions_of_evidence.get(&item.id).map_or(0, <[_]>::len),
    }
}

/// The items that pass the filter, most recently observed first.
pub fn select<'a>(snapshot: &'a Snapshot, filter: &LibraryFilter, today: NaiveDate) -> Vec<LibraryLine<'a>> {
    let plan = &snapshot.plan;
    let reference = filter.action_reference.trim().to_lowercase();
    let words: Vec<String> = filter.text.split_whitespace().map(str::to_lowercase).collect();
    let mut lines: Vec<LibraryLine<'a>> = plan
        .evidence
        .iter()
        .filter(|e| filter.area.is_none_or(|a| e.practice_area_id == a))
        .filter(|e| filter.kinds.is_empty() || filter.kinds.contains(&e.kind))
        .filter(|e| filter.review.is_empty() || filter.review.contains(&e.review_state))
        .filter(|e| filter.observed_from.is_none_or(|d| e.observed_on >= d))
        .filter(|e| filter.observed_to.is_none_or(|d| e.observed_on <= d))
        .filter(|e| filter.finding.is_none_or(|f| PlanIndex::linked(&plan.findings_of_evidence, e.id).contains(&f)))
        .filter(|e| {
            reference.is_empty()
                || PlanIndex::linked(&plan.actions_of_evidence, e.id)
                    .into_iter()
                    .filter_map(|a| plan.action(a))
                    .any(|a| a.reference.to_lowercase() == reference)
        })
        .filter(|e| {
            words.is_empty() || {
                let haystack = format!("{} {}", e.title, e.description).to_lowercase();
                words.iter().all(|w| haystack.contains(w.as_str()))
            }
        })
        .map(|e| line(snapshot, e, today))
        .filter(|l| !filter.unlinked || l.links == 0)
        .filter(|l| match filter.age {
            Age::Any => true,
            Age::Current => !l.stale,
            Age::Stale => l.stale,
        })
        .collect();
    lines.sort_by_key(|l| std::cmp::Reverse((l.item.observed_on, l.item.id)));
    lines
}

/// Drafts awaiting review, oldest first: what the review queue lists. An
/// item returned for changes waits for the person who added it instead.
pub fn queue<'a>(snapshot: &'a Snapshot, today: NaiveDate) -> Vec<LibraryLine<'a>> {
    let mut drafts: Vec<&EvidenceRow> = snapshot.plan.evidence.iter().filter(|e| awaits_review(e)).collect();
    drafts.sort_by_key(|e| (e.created_at, e.id));
    drafts.into_iter().map(|e| line(snapshot, e, today)).collect()
}

/// Items returned for changes and not changed since, most recently returned first.
pub fn returned<'a>(snapshot: &'a Snapshot, today: NaiveDate) -> Vec<LibraryLine<'a>> {
    let mut items: Vec<&EvidenceRow> = snapshot
        .plan
        .evidence
        .iter()
        .filter(|e| e.review_state == ReviewState::Draft && e.returned_on.is_some())
        .collect();
    items.sort_by_key(|e| std::cmp::Reverse((e.returned_on, e.id)));
    items.into_iter().map(|e| line(snapshot, e, today)).collect()
}

fn awaits_review(e: &EvidenceRow) -> bool {
    e.review_state == ReviewState::Draft && e.returned_on.is_none()
}

/// How many items await review, for the dashboard and the navigation.
pub fn drafts(plan: &PlanIndex) -> usize {
    plan.evidence.iter().filter(|e| awaits_review(e)).count()
}
