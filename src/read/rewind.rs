//! The plan as it stood at an earlier moment, rebuilt from the rows as they
//! are now and the change history written since: every change after the
//! moment is undone, newest first, by putting back the fields it records as
//! they were before it.
//!
//! Two readings of the past (`Past`):
//!
//! - **as it stood** (`as_at`): each record that had been recorded by the
//!   moment is as it then stood: its fields, owner, area, links, target,
//!   rule overrides, cancelled or not, archived or not. A record first
//!   recorded later (a result entered today for last March) counts as it is
//!   now, by its own dates, as every "as at" view always has.
//! - **as recorded** (`as_recorded`): only what had been recorded by the
//!   moment, as it then stood; anything recorded later is left out.
//!
//! A record with no history (brought in by an import of an export made
//! before history began) counts from the date it was recorded. A link's
//! history is filed under the record it was changed from (an action's
//! findings under the action, evidence's links under the evidence); a link
//! made after the moment is left out, one removed since is put back.

use crate::db::history::HistoryRow;
use crate::db::plan_rows::AllRows;
use crate::db::Stored;
use crate::domain::dates::end_of;
use crate::domain::history::{Change, Entity};
use chrono::{NaiveDate, NaiveDateTime};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use std::collections::HashMap;

/// Which past a read shows: records as they stood at one moment, among
/// those recorded by another (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Past {
    /// Records recorded by then are as they then stood.
    stood: NaiveDateTime,
    /// Records recorded after this are left out, and those recorded between
    /// the two are as they stood at it; none keeps them as they are now.
    recorded: Option<NaiveDateTime>,
}

impl Past {
    /// Records as they stood at the end of `day` in England; later ones as now.
    pub fn as_at(day: NaiveDate) -> Self {
        Past { stood: end_of(day), recorded: None }
    }

    /// What had been recorded by the end of `day` in England, as it then stood.
    pub fn as_recorded(day: NaiveDate) -> Self {
        let moment = end_of(day);
        Past { stood: moment, recorded: Some(moment) }
    }

    /// What a document "as at" `as_at` issued at `issued` was made from: the
    /// plan as recorded at that moment, each record as it stood at the end
    /// of `as_at` if it was recorded by then.
    pub fn issued(as_at: NaiveDate, issued: NaiveDateTime) -> Self {
        Past { stood: end_of(as_at).min(issued), recorded: Some(issued) }
    }

    /// The earliest moment changes are undone after.
    pub fn moment(self) -> NaiveDateTime {
        self.stood
    }

    /// The moment by which things must have been recorded to be shown, when
    /// only those are.
    pub fn recorded_by(self) -> Option<NaiveDateTime> {
        self.recorded
    }

    /// The moment a record recorded at `recorded_at` is shown as it stood
    /// at: none to leave it out, and the far future to show it as it is now.
    fn stands_at(self, recorded_at: NaiveDateTime) -> Option<NaiveDateTime> {
        if recorded_at <= self.stood {
            return Some(self.stood);
        }
        match self.recorded {
            Some(by) if recorded_at > by => None,
            Some(by) => Some(by),
            None => Some(NaiveDateTime::MAX),
        }
    }
}

/// The past a read shows for its dates: what had been recorded by the end of
/// `as_recorded` (the "as at" date on or before it), else the plan as it stood
/// on a past "as at" date; none for today.
pub fn past_for(
    as_at: NaiveDate,
    as_recorded: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<Option<Past>, crate::domain::fields::FieldErrors> {
    match as_recorded {
        Some(recorded) if as_at > recorded => Err(crate::domain::fields::FieldErrors::one(
            "as_at",
            format!(
                "The \"as at\" date must be on or before the \"as recorded\" date ({})",
                crate::domain::dates::long_date(recorded)
            ),
        )),
        Some(recorded) => Ok(Some(Past::as_recorded(recorded))),
        None if as_at < today => Ok(Some(Past::as_at(as_at))),
        None => Ok(None),
    }
}

/// A stored row that can be taken back to an earlier state.
pub trait Rewindable: Stored + DeserializeOwned {
    /// When the row was first recorded.
    fn recorded_at(&self) -> NaiveDateTime;
    /// Archived as the row now stands.
    fn is_archived(&self) -> bool;
}

macro_rules! rewindable {
    ($($row:ty),+ $(,)?) => {$(
        impl Rewindable for $row {
            fn recorded_at(&self) -> NaiveDateTime {
                self.created_at
            }
            fn is_archived(&self) -> bool {
                self.archived_at.is_some()
            }
        }
    )+};
}

use crate::db::{actions, areas, council, evidence, findings, inspections, measures, owners};
rewindable!(
    areas::AreaRow,
    actions::ActionRow,
    findings::FindingRow,
    inspections::InspectionRow,
    inspections::JudgementRow,
    evidence::EvidenceRow,
    measures::MeasureRow,
    owners::OwnerRow,
    measures::ResultRow,
);

impl Rewindable for actions::UpdateRow {
    fn recorded_at(&self) -> NaiveDateTime {
        self.created_at
    }
    fn is_archived(&self) -> bool {
        false
    }
}

impl Rewindable for measures::RecalculationRow {
    fn recorded_at(&self) -> NaiveDateTime {
        self.created_at
    }
    fn is_archived(&self) -> bool {
        false
    }
}

impl Rewindable for crate::db::sign_offs::SignOffRow {
    fn recorded_at(&self) -> NaiveDateTime {
        self.decided_at
    }
    fn is_archived(&self) -> bool {
        false
    }
}

impl Rewindable for council::CouncilRow {
    fn recorded_at(&self) -> NaiveDateTime {
        self.created_at
    }
    fn is_archived(&self) -> bool {
        false
    }
}

/// Whether archived rows of a table stay in the plan (inspections and owners
/// are kept whole, so that old links still show their names).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kept {
    Live,
    Whole,
}

/// The changes made after a past's moment, sorted once and read by every
/// table rewound through them, the links and the council's details.
pub struct Later<'a> {
    past: Past,
    /// Every change after the moment, newest first.
    in_order: Vec<&'a HistoryRow>,
    /// The same changes by record, newest first for each.
    by_record: HashMap<(Entity, i64), Vec<&'a HistoryRow>>,
}

impl<'a> Later<'a> {
    pub fn new(changes: &'a [HistoryRow], past: Past) -> Self {
        let mut in_order: Vec<&HistoryRow> = changes.iter().filter(|c| c.at > past.stood).collect();
        in_order.sort_by_key(|c| std::cmp::Reverse((c.at, c.id)));
        let mut by_record: HashMap<(Entity, i64), Vec<&'a HistoryRow>> = HashMap::new();
        for change in &in_order {
            by_record.entry((change.entity.clone(), change.entity_id)).or_default().push(change);
        }
        Self { past, in_order, by_record }
    }

    /// A table's rows as they stood: each with the changes after the moment
    /// it is shown at undone, those recorded too late left out, and those
    /// archived then left out of a live table.
    fn rows<R: Rewindable>(&self, rows: Vec<R>, kept: Kept) -> Vec<R> {
        rows.into_iter()
            .filter_map(|row| {
                let at = self.past.stands_at(row.recorded_at())?;
                Some(self.undo(row, at))
            })
            .filter(|row| kept == Kept::Whole || !row.is_archived())
            .collect()
    }

    /// The row with every change to it after `at` undone, newest first.
    fn undo<R: Rewindable>(&self, row: R, at: NaiveDateTime) -> R {
        let Some(changes) = self.by_record.get(&(R::ENTITY, row.id())) else { return row };
        let later: Vec<&&HistoryRow> = changes.iter().take_while(|c| c.at > at).collect();
        if later.is_empty() {
            return row;
        }
        let Ok(Value::Object(mut fields)) = serde_json::to_value(&row) else { return row };
        for change in later {
            put_back(&mut fields, change.before_json.as_deref());
        }
        // A field written by another version of Sustain that no longer reads
        // leaves the row as it is now rather than failing the whole view.
        serde_json::from_value(Value::Object(fields)).unwrap_or(row)
    }
}

/// Puts back the fields a change records as they were before it; names the
/// row does not have (a link list) are left alone.
fn put_back(fields: &mut Map<String, Value>, before: Option<&str>) {
    let Some(Ok(Value::Object(was))) = before.map(serde_json::from_str::<Value>) else { return };
    for (name, value) in was {
        if let Some(field) = fields.get_mut(&name) {
            *field = value;
        }
    }
}

impl Later<'_> {
    /// The plan's rows as they stood at the past, from the rows as they are
    /// now (archived ones included).
    pub fn plan(&self, rows: AllRows) -> AllRows {
        let past = self.past;
        let moments = |ids: &mut dyn Iterator<Item = (i64, NaiveDateTime)>| -> HashMap<i64, NaiveDateTime> {
            ids.filter_map(|(id, recorded_at)| Some((id, past.stands_at(recorded_at)?))).collect()
        };
        let finding_at = moments(&mut rows.findings.iter().map(|r| (r.id.0, r.created_at)));
        let action_at = moments(&mut rows.actions.iter().map(|r| (r.id.0, r.created_at)));
        let evidence_at = moments(&mut rows.evidence.iter().map(|r| (r.id.0, r.created_at)));
        let links = super::rewind_links::LinksThen::new(&self.in_order);
        // A link stands at the later of its two records' moments.
        let pair_at = |a: &HashMap<i64, NaiveDateTime>, b: &HashMap<i64, NaiveDateTime>, (x, y): (i64, i64)| {
            Some(*a.get(&x)?.max(b.get(&y)?))
        };
        let AllRows {
            areas,
            actions,
            findings,
            inspections,
            judgements,
            evidence,
            measures,
            owners,
            users,
            updates,
            sign_offs,
            attachments,
            recalculations,
            results,
            finding_actions,
            evidence_findings,
            evidence_actions,
        } = rows;
        AllRows {
            areas: self.rows(areas, Kept::Live),
            actions: self.rows(actions, Kept::Live),
            findings: self.rows(findings, Kept::Live),
            inspections: self.rows(inspections, Kept::Whole),
            judgements: self.rows(judgements, Kept::Live),
            evidence: self.rows(evidence, Kept::Live),
            measures: self.rows(measures, Kept::Live),
            owners: self.rows(owners, Kept::Whole),
            users: users.into_iter().map(|u| self.user_name(u)).collect(),
            updates: self.rows(updates, Kept::Live),
            sign_offs: self.rows(sign_offs, Kept::Live),
            attachments,
            recalculations: self.rows(recalculations, Kept::Live),
            results: self.rows(results, Kept::Live),
            finding_actions: links.then(finding_actions, |p| pair_at(&finding_at, &action_at, p)),
            evidence_findings: links.then(evidence_findings, |p| pair_at(&evidence_at, &finding_at, p)),
            evidence_actions: links.then(evidence_actions, |p| pair_at(&evidence_at, &action_at, p)),
        }
    }

    /// The council's details as they stood (the name printed on every report).
    pub fn council(&self, row: Option<council::CouncilRow>) -> Option<council::CouncilRow> {
        row.and_then(|row| self.rows(vec![row], Kept::Whole).pop())
    }

    /// A user's name as it stood: names are changed through the user's record.
    fn user_name(&self, mut user: crate::db::plan_rows::UserName) -> crate::db::plan_rows::UserName {
        for change in self.by_record.get(&(Entity::User, user.id.0)).into_iter().flatten() {
            if change.what != Change::Update {
                continue;
            }
            let mut fields = Map::new();
            fields.insert("display_name".into(), Value::String(user.display_name.clone()));
            put_back(&mut fields, change.before_json.as_deref());
            if let Some(Value::String(name)) = fields.remove("display_name") {
                user.display_name = name;
            }
        }
        user
    }
}

#[cfg(test)]
mod tests;
