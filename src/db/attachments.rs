//! Files attached to evidence, kept in the database so that every app
//! instance behind a load balancer sees the same files.

use super::schema::attachments;
use super::write::{stored_row, Stored};
use super::{Actor, DbConnection, DbError};
use crate::domain::history::{Change, Entity};
use crate::domain::ids::{AttachmentId, EvidenceId};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// A stored attachment with its content.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, Serialize, Deserialize)]
#[diesel(table_name = attachments)]
pub struct AttachmentRow {
    pub id: AttachmentId,
    pub evidence_id: EvidenceId,
    pub file_name: String,
    pub media_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    #[serde(with = "hex_bytes")]
    pub content: Vec<u8>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub archived_at: Option<NaiveDateTime>,
}

/// What history keeps of an attachment: everything but the bytes.
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = attachments)]
pub struct AttachmentSummary {
    pub id: AttachmentId,
    pub evidence_id: EvidenceId,
    pub file_name: String,
    pub media_type: String,
    pub size_bytes: i64,
    pub sha256: String,
}

stored_row!(AttachmentSummary, Entity::Attachment);

impl From<&AttachmentRow> for AttachmentSummary {
    fn from(row: &AttachmentRow) -> Self {
        Self {
            id: row.id,
            evidence_id: row.evidence_id,
            file_name: row.file_name.clone(),
            media_type: row.media_type.clone(),
            size_bytes: row.size_bytes,
            sha256: row.sha256.clone(),
        }
    }
}

mod hex_bytes {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&hex::encode(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(deserializer)?;
        hex::decode(text).map_err(serde::de::Error::custom)
    }
}

/// A file that has passed the upload checks (size, type, name).
#[derive(Debug, Clone)]
pub struct NewAttachment {
    pub file_name: String,
    pub media_type: String,
    pub content: Vec<u8>,
}

/// Stores files against an evidence item, all or none, in one transaction.
pub fn add(
    conn: &mut DbConnection,
    actor: &Actor,
    evidence_id: EvidenceId,
    files: &[NewAttachment],
) -> Result<Vec<AttachmentSummary>, DbError> {
    super::connection::write_transaction(conn, |c| {
        super::evidence::get_any(c, evidence_id)?;
        files.iter().map(|file| insert(c, actor, evidence_id, file)).collect()
    })
}

/// Inserts one file and records it, inside a write transaction the caller holds.
pub(super) fn insert(
    conn: &mut DbConnection,
    actor: &Actor,
    evidence_id: EvidenceId,
    new: &NewAttachment,
) -> Result<AttachmentSummary, DbError> {
    let digest = hex::encode(Sha256::digest(&new.content));
    let size = i64::try_from(new.content.len()).unwrap_or(i64::MAX);
    let row: AttachmentRow = diesel::insert_into(attachments::table)
        .values((
            attachments::evidence_id.eq(evidence_id),
            attachments::file_name.eq(&new.file_name),
            attachments::media_type.eq(&new.media_type),
            attachments::size_bytes.eq(size),
            attachments::sha256.eq(&digest),
            attachments::content.eq(&new.content),
            attachments::created_at.eq(actor.at),
            attachments::updated_at.eq(actor.at),
        ))
        .returning(attachments::all_columns)
        .get_result(conn)?;
    let summary = AttachmentSummary::from(&row);
    let after = serde_json::to_value(&summary)
        .map_err(|e| DbError::Database(diesel::result::Error::SerializationError(Box::new(e))))?;
    super::history::record(conn, actor, AttachmentSummary::ENTITY, summary.id.0, Change::Create, None, Some(after))?;
    Ok(summary)
}

/// One attachment with its content.
pub fn get(conn: &mut DbConnection, id: AttachmentId) -> Result<AttachmentRow, DbError> {
    attachments::table
        .find(id)
        .filter(attachments::archived_at.is_null())
        .select(AttachmentRow::as_select())
        .get_result(conn)
        .optional()?
        .ok_or(DbError::NotFound { entity: AttachmentSummary::ENTITY, id: id.0 })
}

/// The attachments of one evidence item, without their content.
pub fn for_evidence(conn: &mut DbConnection, evidence_id: EvidenceId) -> Result<Vec<AttachmentSummary>, DbError> {
    summaries(conn, Some(evidence_id))
}

/// Every live attachment, without its content, in upload order.
pub fn all_summaries(conn: &mut DbConnection) -> Result<Vec<AttachmentSummary>, DbError> {
    summaries(conn, None)
}

fn summaries(conn: &mut DbConnection, evidence_id: Option<EvidenceId>) -> Result<Vec<AttachmentSummary>, DbError> {
    let mut query = attachments::table.filter(attachments::archived_at.is_null()).into_boxed();
    if let Some(evidence_id) = evidence_id {
        query = query.filter(attachments::evidence_id.eq(evidence_id));
    }
    Ok(query.order(attachments::id.asc()).select(AttachmentSummary::as_select()).load(conn)?)
}
