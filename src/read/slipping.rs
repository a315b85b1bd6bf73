//! Slipping seen ahead, for the whole plan: each area embedded on the date
//! that would stop being embedded within 90 days if nothing new were
//! recorded, worked out once per snapshot and date from the same facts and
//! rules as its verdict.

use super::cache::Snapshot;
use crate::domain::ids::{AreaId, OwnerId};
use crate::domain::status::{slip_ahead, AreaStatus, Slip};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::sync::Arc;

/// Each area at risk of slipping, by id, as at one date.
#[derive(Debug, Default)]
pub struct Slips(pub HashMap<AreaId, Slip>);

/// An area at risk of slipping, as the dashboard and the digests list it.
#[derive(Debug, Clone, PartialEq)]
pub struct AtRisk {
    pub id: AreaId,
    pub name: String,
    /// The owner who leads the area, whose digest reminds them.
    pub lead: Option<OwnerId>,
    pub slip: Slip,
}

/// Every live area embedded on `as_at` that would slip within 90 days, kept
/// with the snapshot for the date.
pub fn slips(snapshot: &Snapshot, as_at: NaiveDate) -> Arc<Slips> {
    snapshot.derived(as_at, || {
        let verdicts = snapshot.verdicts(as_at);
        let embedded = verdicts.iter().filter(|(_, v)| v.status == AreaStatus::Embedded).map(|(id, _)| *id);
        Slips(
            embedded
                .filter_map(|id| Some((id, slip_ahead(snapshot.facts(id)?, &snapshot.rules_for(id), as_at)?)))
                .collect(),
        )
    })
}

/// One area's slip as at `as_at`, if it is at risk.
pub fn slip_of(snapshot: &Snapshot, area: AreaId, as_at: NaiveDate) -> Option<Slip> {
    slips(snapshot, as_at).0.get(&area).cloned()
}

/// The areas at risk of slipping as at `as_at`, soonest first, then by name.
pub fn at_risk(snapshot: &Snapshot, as_at: NaiveDate) -> Vec<AtRisk> {
    let slips = slips(snapshot, as_at);
    let mut list: Vec<AtRisk> = snapshot
        .plan
        .areas
        .iter()
        .filter_map(|area| {
            let slip = slips.0.get(&area.id)?.clone();
            Some(AtRisk { id: area.id, name: area.name.clone(), lead: area.lead_owner_id, slip })
        })
        .collect();
    list.sort_by_cached_key(|a| (a.slip.on, a.name.to_lowercase(), a.id));
    list
}
