//! Links as they stood at an earlier moment. A link row keeps only when it
//! was made, and an unlinked pair is deleted, so the links of a moment are
//! those there now, replayed backwards through the link changes made since:
//! a link made after the moment is taken away, one removed since is put back.
//!
//! Where a link's history is filed:
//! - an action's findings: `link_finding` and `unlink_finding` (one finding)
//!   and `set_links` (the whole list, as `finding_ids`) under the action;
//! - a finding's actions: `set_links` (as `action_ids`) under the finding;
//! - evidence's findings and actions: `link` (those added) and `set_links`
//!   (both whole lists) under the evidence item.

use crate::db::actions::FindingActionRow;
use crate::db::evidence::{EvidenceActionRow, EvidenceFindingRow};
use crate::db::history::HistoryRow;
use crate::domain::history::{Change, Entity};
use crate::domain::ids::{ActionId, EvidenceId, FindingId};
use chrono::NaiveDateTime;
use serde_json::Value;
use std::collections::HashMap;

/// One kind of link's changes after the moment, per pair, newest first.
#[derive(Default)]
pub struct Replay {
    steps: HashMap<(i64, i64), Vec<(NaiveDateTime, Step)>>,
}

#[derive(Clone, Copy)]
enum Step {
    Added,
    Removed,
}

impl Replay {
    fn step(&mut self, pair: (i64, i64), at: NaiveDateTime, step: Step) {
        self.steps.entry(pair).or_default().push((at, step));
    }

    /// A whole list set from `before` to `after`, each a list of the other side's ids.
    fn set(&mut self, at: NaiveDateTime, (before, after): (Vec<i64>, Vec<i64>), pair: impl Fn(i64) -> (i64, i64)) {
        for id in after.iter().filter(|id| !before.contains(id)) {
            self.step(pair(*id), at, Step::Added);
        }
        for id in before.iter().filter(|id| !after.contains(id)) {
            self.step(pair(*id), at, Step::Removed);
        }
    }

    /// Whether `pair` was linked at `moment`, and since when if that is known,
    /// from when it was made if it is linked now.
    fn linked_at(
        &self,
        pair: (i64, i64),
        made_now: Option<NaiveDateTime>,
        moment: NaiveDateTime,
    ) -> Option<NaiveDateTime> {
        // A link made after the moment was not there then, unless it was
        // removed and made again since: undoing the removal puts it back.
        let mut linked: Option<Option<NaiveDateTime>> = made_now.filter(|made| *made <= moment).map(Some);
        for (_, step) in self.steps.get(&pair).into_iter().flatten().take_while(|(at, _)| *at > moment) {
            match step {
                // Linked again while already linked changed nothing.
                Step::Added if linked == Some(None) => linked = None,
                Step::Removed if linked.is_none() => linked = Some(None),
                _ => {}
            }
        }
        linked.map(|made| made.unwrap_or(moment))
    }
}

/// The three kinds of link, each replayed backwards through the changes made after the moment.
pub struct LinksThen {
    finding_action: Replay,
    evidence_finding: Replay,
    evidence_action: Replay,
}

fn ids(value: Option<&Value>) -> Vec<i64> {
    match value {
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_i64).collect(),
        Some(Value::Number(n)) => n.as_i64().into_iter().collect(),
        _ => Vec::new(),
    }
}

/// A list's ids before and after a change.
fn both(before: &Value, after: &Value, name: &str) -> (Vec<i64>, Vec<i64>) {
    (ids(before.get(name)), ids(after.get(name)))
}

fn json(text: Option<&str>) -> Value {
    text.and_then(|t| serde_json::from_str(t).ok()).unwrap_or(Value::Null)
}

impl LinksThen {
    /// `later` holds the changes made after the earliest moment, newest first.
    pub fn new(later: &[&HistoryRow]) -> Self {
        let mut links = LinksThen {
            finding_action: Replay::default(),
            evidence_finding: Replay::default(),
            evidence_action: Replay::default(),
        };
        for change in later {
            let (before, after) = (json(change.before_json.as_deref()), json(change.after_json.as_deref()));
            let (id, at) = (change.entity_id, change.at);
            match (&change.entity, &change.what) {
                (Entity::Action, Change::LinkFinding) => {
                    for finding in ids(after.get("finding_id")) {
                        links.finding_action.step((finding, id), at, Step::Added);
                    }
                }
                (Entity::Action, Change::UnlinkFinding) => {
                    for finding in ids(after.get("finding_id")) {
                        links.finding_action.step((finding, id), at, Step::Removed);
                    }
                }
                (Entity::Action, Change::SetLinks) => {
                    links.finding_action.set(at, both(&before, &after, "finding_ids"), |finding| (finding, id));
                }
                (Entity::Finding, Change::SetLinks) => {
                    links.finding_action.set(at, both(&before, &after, "action_ids"), |action| (id, action));
                }
                (Entity::Evidence, Change::Link) => {
                    for finding in ids(after.get("finding_ids")) {
                        links.evidence_finding.step((id, finding), at, Step::Added);
                    }
                    for action in ids(after.get("action_ids")) {
                        links.evidence_action.step((id, action), at, Step::Added);
                    }
                }
                (Entity::Evidence, Change::SetLinks) => {
                    links.evidence_finding.set(at, both(&before, &after, "finding_ids"), |finding| (id, finding));
                    links.evidence_action.set(at, both(&before, &after, "action_ids"), |action| (id, action));
                }
                _ => {}
            }
        }
        links
    }

    /// The links of one kind as they stood: each pair at the moment its
    /// records are shown at (`pair_at`; none leaves it out), from the links
    /// there now and those removed since.
    pub fn then<R: LinkRow>(&self, rows: Vec<R>, pair_at: impl Fn((i64, i64)) -> Option<NaiveDateTime>) -> Vec<R> {
        let replay = R::replay(self);
        let now: HashMap<(i64, i64), NaiveDateTime> = rows.iter().map(R::pair).collect();
        let mut pairs: Vec<(i64, i64)> = now.keys().chain(replay.steps.keys()).copied().collect();
        pairs.sort_unstable();
        pairs.dedup();
        pairs
            .into_iter()
            .filter_map(|p| {
                let moment = pair_at(p)?;
                replay.linked_at(p, now.get(&p).copied(), moment).map(|made| R::make(p, made))
            })
            .collect()
    }
}

/// A stored link between two records: its pair of ids, when it was made, and
/// which changes replay it.
pub trait LinkRow: Sized {
    fn pair(&self) -> ((i64, i64), NaiveDateTime);
    fn make(pair: (i64, i64), made: NaiveDateTime) -> Self;
    fn replay(links: &LinksThen) -> &Replay;
}

/// A `LinkRow` for a stored link whose two ids are `$a` then `$b`, replayed by `links.$replay`.
macro_rules! link_row {
    ($row:ident, $a:ident: $a_id:ident, $b:ident: $b_id:ident, $replay:ident) => {
        impl LinkRow for $row {
            fn pair(&self) -> ((i64, i64), NaiveDateTime) {
                ((self.$a.0, self.$b.0), self.created_at)
            }
            fn make((a, b): (i64, i64), created_at: NaiveDateTime) -> Self {
                $row { $a: $a_id(a), $b: $b_id(b), created_at }
            }
            fn replay(links: &LinksThen) -> &Replay {
                &links.$replay
            }
        }
    };
}

link_row!(FindingActionRow, finding_id: FindingId, action_id: ActionId, finding_action);
link_row!(EvidenceFindingRow, evidence_id: EvidenceId, finding_id: FindingId, evidence_finding);
link_row!(EvidenceActionRow, evidence_id: EvidenceId, action_id: ActionId, evidence_action);
