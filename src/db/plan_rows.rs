//! Every live row of the plan, each table read once, for the plan index.

use super::actions::{self, ActionRow, FindingActionRow, UpdateRow};
use super::areas::{self, AreaRow};
use super::attachments::{self, AttachmentSummary};
use super::evidence::{self, EvidenceActionRow, EvidenceFindingRow, EvidenceRow};
use super::findings::{self, FindingRow};
use super::inspections::{self, InspectionRow, JudgementRow};
use super::measures::{self, MeasureRow, RecalculationRow, ResultRow};
use super::owners::{self, OwnerRow};
use super::schema::users;
use super::users::UserRow;
use super::{Archived, DbConnection, DbError};
use crate::domain::ids::UserId;
use diesel::prelude::*;

/// The rows the plan index is built from.
#[derive(Debug, Default)]
pub struct AllRows {
    pub areas: Vec<AreaRow>,
    pub actions: Vec<ActionRow>,
    pub findings: Vec<FindingRow>,
    pub inspections: Vec<InspectionRow>,
    pub judgements: Vec<JudgementRow>,
    pub evidence: Vec<EvidenceRow>,
    pub measures: Vec<MeasureRow>,
    pub owners: Vec<OwnerRow>,
    pub users: Vec<UserName>,
    pub updates: Vec<UpdateRow>,
    /// Leaders' sign-offs and returns, oldest first for each action.
    pub sign_offs: Vec<super::sign_offs::SignOffRow>,
    pub attachments: Vec<AttachmentSummary>,
    pub recalculations: Vec<RecalculationRow>,
    pub results: Vec<ResultRow>,
    pub finding_actions: Vec<FindingActionRow>,
    pub evidence_findings: Vec<EvidenceFindingRow>,
    pub evidence_actions: Vec<EvidenceActionRow>,
}

/// A user's id and name, all the plan needs of them.
#[derive(Debug, Clone)]
pub struct UserName {
    pub id: UserId,
    pub display_name: String,
}

impl From<UserRow> for UserName {
    fn from(u: UserRow) -> Self {
        Self { id: u.id, display_name: u.display_name }
    }
}

/// Reads every live row of every table once; the caller holds a snapshot.
pub fn read(conn: &mut DbConnection) -> Result<AllRows, DbError> {
    read_kept(conn, Archived::Hide)
}

/// Reads every row, archived ones too, for the plan as it stood at an earlier
/// moment (a row archived since was live then); the caller holds a snapshot.
pub fn read_all(conn: &mut DbConnection) -> Result<AllRows, DbError> {
    read_kept(conn, Archived::Include)
}

fn read_kept(conn: &mut DbConnection, archived: Archived) -> Result<AllRows, DbError> {
    let users: Vec<(UserId, String)> = users::table.select((users::id, users::display_name)).load(conn)?;
    Ok(AllRows {
        areas: areas::list(conn, archived)?,
        actions: actions::list(conn, archived)?,
        findings: findings::list(conn, archived)?,
        inspections: inspections::list(conn, Archived::Include)?,
        judgements: inspections::judgement::list(conn, archived)?,
        evidence: evidence::list(conn, archived)?,
        measures: measures::list(conn, archived)?,
        owners: owners::list(conn, Archived::Include)?,
        users: users.into_iter().map(|(id, display_name)| UserName { id, display_name }).collect(),
        updates: actions::updates(conn, None)?,
        sign_offs: super::sign_offs::list(conn)?,
        // Files are listed as they are now in every view: an attachment keeps no
        // history of its own beyond its upload.
        attachments: attachments::all_summaries(conn)?,
        recalculations: measures::recalculations(conn)?,
        results: measures::results(conn, None, archived)?,
        finding_actions: actions::finding_links(conn)?,
        evidence_findings: evidence::finding_links(conn)?,
        evidence_actions: evidence::action_links(conn)?,
    })
}
