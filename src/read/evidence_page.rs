//! Everything the evidence pages show.

use super::cache::Snapshot;
use super::plan::PlanIndex;
use crate::db::actions::ActionRow;
use crate::db::attachments::{self, AttachmentSummary};
use crate::db::evidence::{self, EvidenceRow};
use crate::db::findings::FindingRow;
use crate::db::{areas, users, Archived, DbConnection, DbError};
use crate::domain::dates::months_before;
use crate::domain::ids::{AreaId, EvidenceId, MeasureId, UserId};
use chrono::NaiveDate;

/// One evidence item with its area, reviewer, files and links.
#[derive(Debug, Clone)]
pub struct EvidenceDetail {
    pub item: EvidenceRow,
    pub area_name: String,
    pub reviewer: Option<String>,
    pub attachments: Vec<AttachmentSummary>,
    pub findings: Vec<FindingRow>,
    pub actions: Vec<ActionRow>,
    /// Who added it, from change history.
    pub added_by: Option<UserId>,
    /// Observed before its area's evidence window, so it no longer counts.
    pub stale: bool,
    /// Who returned it for changes, while it waits for them.
    pub returned_by: Option<String>,
    /// The case-audit result it was recorded from: its measure and period end.
    pub from_result: Option<(MeasureId, String, NaiveDate)>,
}

/// The first day evidence observed counts for an area as at `as_at`.
pub fn window_start(snapshot: &Snapshot, area: AreaId, as_at: NaiveDate) -> NaiveDate {
    months_before(as_at, snapshot.rules_for(area).evidence_window_months)
}

/// A live evidence item from the cached plan; none when it is archived (then
/// `load` reads it). Who added it is read separately (`added_by`).
pub fn from_plan(snapshot: &Snapshot, id: EvidenceId, today: NaiveDate) -> Option<EvidenceDetail> {
    let plan: &PlanIndex = &snapshot.plan;
    let item = plan.evidence_item(id)?.clone();
    let findings = PlanIndex::linked(&plan.findings_of_evidence, id)
        .into_iter()
        .filter_map(|f| plan.finding(f).cloned())
        .collect();
    let actions =
        PlanIndex::linked(&plan.actions_of_evidence, id).into_iter().filter_map(|a| plan.action(a).cloned()).collect();
    Some(EvidenceDetail {
        area_name: plan.area(item.practice_area_id).map(|a| a.name.clone()).unwrap_or_default(),
        reviewer: item.reviewed_by.map(|u| plan.user_name(Some(u))).or_else(|| item.reviewed_by_name.clone()),
        attachments: plan.attachments.get(&id).map(<[_]>::to_vec).unwrap_or_default(),
        stale: item.observed_on < window_start(snapshot, item.practice_area_id, today),
        findings,
        actions,
        added_by: None,
        returned_by: item.returned_by.map(|u| plan.user_name(Some(u))),
        from_result: item.result_id.and_then(|r| {
            let result = plan.results.all().iter().find(|x| x.id == r)?;
            let measure = plan.measure(result.measure_id)?;
            Some((measure.id, measure.name.clone(), result.period_end))
        }),
        item,
    })
}

/// Loads an evidence item (archived ones too), in one snapshot.
pub fn load(conn: &mut DbConnection, id: EvidenceId) -> Result<EvidenceDetail, DbError> {
    crate::db::read_snapshot(conn, |conn| {
        let item = evidence::get_any(conn, id)?;
        let area_name = areas::get_any(conn, item.practice_area_id)?.name;
        let reviewer = match item.reviewed_by {
            Some(user) => Some(users::get(conn, user)?.display_name),
            None => item.reviewed_by_name.clone(),
        };
        let returned_by = match item.returned_by {
            Some(user) => Some(users::get(conn, user)?.display_name),
            None => None,
        };
        let from_result = match item.result_id {
            Some(r) => {
                let result = crate::db::measures::result::get_any(conn, r)?;
                let measure = crate::db::measures::get_any(conn, result.measure_id)?;
                Some((measure.id, measure.name, result.period_end))
            }
            None => None,
        };
        let linked_findings = evidence::linked_findings(conn, id)?;
        let linked_actions = evidence::linked_actions(conn, id)?;
        Ok(EvidenceDetail {
            attachments: attachments::for_evidence(conn, id)?,
            added_by: evidence::added_by(conn, id)?,
            item,
            area_name,
            reviewer,
            findings: linked_findings,
            actions: linked_actions,
            stale: false,
            returned_by,
            from_result,
        })
    })
}

/// Live practice areas as (id, name), for choosing where evidence belongs.
pub fn area_choices(conn: &mut DbConnection) -> Result<Vec<(AreaId, String)>, DbError> {
    Ok(areas::list(conn, Archived::Hide)?.into_iter().map(|a| (a.id, a.name)).collect())
}
