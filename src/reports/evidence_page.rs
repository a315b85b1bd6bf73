//! Everything the evidence pages show.

use crate::db::attachments::{self, AttachmentSummary};
use crate::db::evidence::{self, EvidenceRow};
use crate::db::{areas, users, Archived, DbConnection, DbError};

/// One evidence item with its area, reviewer and files.
#[derive(Debug, Clone)]
pub struct EvidenceDetail {
    pub item: EvidenceRow,
    pub area_name: String,
    pub reviewer: Option<String>,
    pub attachments: Vec<AttachmentSummary>,
}

/// Loads an evidence item.
pub fn load(conn: &mut DbConnection, id: i64) -> Result<EvidenceDetail, DbError> {
    let item = evidence::get_any(conn, id)?;
    let area_name = areas::get_any(conn, item.practice_area_id)?.name;
    let reviewer = match item.reviewed_by {
        Some(user) => Some(users::get(conn, user)?.display_name),
        None => None,
    };
    Ok(EvidenceDetail { attachments: attachments::for_evidence(conn, id)?, item, area_name, reviewer })
}

/// Live practice areas as (id, name), for choosing where evidence belongs.
pub fn area_choices(conn: &mut DbConnection) -> Result<Vec<(i64, String)>, DbError> {
    Ok(areas::list(conn, Archived::Hide)?.into_iter().map(|a| (a.id, a.name)).collect())
}
