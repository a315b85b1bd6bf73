//! The whole database as one JSON document (export and import), and backups.
//!
//! The document lists tables in an order where every row comes after the rows
//! it refers to, each table in primary-key order, so the same data always gives
//! the same bytes.

use super::actions::{ActionRow, FindingActionRow, UpdateRow};
use super::areas::AreaRow;
use super::attachments::AttachmentRow;
use super::connection::write_transaction;
use super::digests::{DigestRow, ReminderRow};
use super::evidence::{EvidenceActionRow, EvidenceFindingRow, EvidenceRow};
use super::findings::FindingRow;
use super::history::HistoryRow;
use super::inspections::{InspectionRow, JudgementRow};
use super::measures::{RecalculationRow, ResultRow};
use super::owners::OwnerRow;
use super::schema::*;
use super::users::UserRow;
use super::{DbConnection, DbError};
use crate::domain::dates::long_date;
use crate::domain::fields::{refused_character, Refused, TextKind};
use crate::domain::ids::UserId;
use crate::domain::kinds::ReviewState;
use chrono::NaiveDate;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

/// Names this kind of document, so another JSON file is not taken for one.
pub const FORMAT: &str = "sustain-export";
/// Bumped when the document's shape changes.
pub const FORMAT_VERSION: u32 = 1;

/// One user's password hash, as an export carries it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PasswordHash {
    pub user_id: UserId,
    pub password_hash: String,
}

/// Every row of every table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportDocument {
    pub format: String,
    pub format_version: u32,
    pub users: Vec<UserRow>,
    /// The users' password hashes, so that an imported instance signs people
    /// in as before; kept out of the user rows, which never serialise one.
    #[serde(default)]
    pub password_hashes: Vec<PasswordHash>,
    pub owners: Vec<OwnerRow>,
    pub inspections: Vec<InspectionRow>,
    pub judgements: Vec<JudgementRow>,
    pub practice_areas: Vec<AreaRow>,
    pub findings: Vec<FindingRow>,
    pub actions: Vec<ActionRow>,
    pub finding_actions: Vec<FindingActionRow>,
    pub action_updates: Vec<UpdateRow>,
    pub evidence: Vec<EvidenceRow>,
    pub evidence_findings: Vec<EvidenceFindingRow>,
    pub evidence_actions: Vec<EvidenceActionRow>,
    pub attachments: Vec<AttachmentRow>,
    pub measures: Vec<super::measures::MeasureRow>,
    pub recalculation_points: Vec<RecalculationRow>,
    pub results: Vec<ResultRow>,
    pub change_history: Vec<HistoryRow>,
    pub sign_in_attempts: Vec<super::sign_ins::AttemptRow>,
    /// Reminder digests sent (absent from exports made before digests existed).
    #[serde(default)]
    pub digests: Vec<DigestRow>,
    #[serde(default)]
    pub digest_reminders: Vec<ReminderRow>,
    /// The council's details, one row (absent from exports made before they were kept).
    #[serde(default)]
    pub council: Vec<super::council::CouncilRow>,
    /// Requests for evidence (absent from exports made before they were kept).
    #[serde(default)]
    pub evidence_requests: Vec<super::requests::RequestRow>,
    /// Leaders' sign-offs and returns of actions (absent from exports made before they were kept).
    #[serde(default)]
    pub action_sign_offs: Vec<super::sign_offs::SignOffRow>,
}

impl ExportDocument {
    /// How many rows the document holds.
    pub fn row_count(&self) -> usize {
        self.users.len()
            + self.owners.len()
            + self.inspections.len()
            + self.judgements.len()
            + self.practice_areas.len()
            + self.findings.len()
            + self.actions.len()
            + self.finding_actions.len()
            + self.action_updates.len()
            + self.evidence.len()
            + self.evidence_findings.len()
            + self.evidence_actions.len()
            + self.attachments.len()
            + self.measures.len()
            + self.recalculation_points.len()
            + self.results.len()
            + self.change_history.len()
            + self.sign_in_attempts.len()
            + self.digests.len()
            + self.digest_reminders.len()
            + self.council.len()
            + self.evidence_requests.len()
            + self.action_sign_offs.len()
    }
}

/// Reads every table. On PostgreSQL the reads share one snapshot, so a backup
/// taken while people work is still consistent.
pub fn export(conn: &mut DbConnection) -> Result<ExportDocument, DbError> {
    conn.transaction(|c| {
        if matches!(c, DbConnection::Postgres(_)) {
            c.batch_execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")?;
        }
        read_all(c)
    })
}

fn read_all(c: &mut DbConnection) -> Result<ExportDocument, DbError> {
    let users: Vec<UserRow> = users::table.order(users::id).select(UserRow::as_select()).load(c)?;
    let password_hashes = users
        .iter()
        .filter_map(|u| Some(PasswordHash { user_id: u.id, password_hash: u.password_hash.clone()? }))
        .collect();
    Ok(ExportDocument {
        format: FORMAT.to_string(),
        format_version: FORMAT_VERSION,
        users,
        password_hashes,
        owners: owners::table.order(owners::id).select(OwnerRow::as_select()).load(c)?,
        inspections: inspections::table.order(inspections::id).select(InspectionRow::as_select()).load(c)?,
        judgements: judgements::table.order(judgements::id).select(JudgementRow::as_select()).load(c)?,
        practice_areas: practice_areas::table.order(practice_areas::id).select(AreaRow::as_select()).load(c)?,
        findings: findings::table.order(findings::id).select(FindingRow::as_select()).load(c)?,
        actions: actions::table.order(actions::id).select(ActionRow::as_select()).load(c)?,
        finding_actions: finding_actions::table
            .order((finding_actions::finding_id, finding_actions::action_id))
            .select(FindingActionRow::as_select())
            .load(c)?,
        action_updates: action_updates::table.order(action_updates::id).select(UpdateRow::as_select()).load(c)?,
        evidence: evidence::table.order(evidence::id).select(EvidenceRow::as_select()).load(c)?,
        evidence_findings: evidence_findings::table
            .order((evidence_findings::evidence_id, evidence_findings::finding_id))
            .select(EvidenceFindingRow::as_select())
            .load(c)?,
        evidence_actions: evidence_actions::table
            .order((evidence_actions::evidence_id, evidence_actions::action_id))
            .select(EvidenceActionRow::as_select())
            .load(c)?,
        attachments: attachments::table.order(attachments::id).select(AttachmentRow::as_select()).load(c)?,
        measures: measures::table.order(measures::id).select(super::measures::MeasureRow::as_select()).load(c)?,
        recalculation_points: recalculation_points::table
            .order(recalculation_points::id)
            .select(RecalculationRow::as_select())
            .load(c)?,
        results: results::table.order(results::id).select(ResultRow::as_select()).load(c)?,
        change_history: change_history::table.order(change_history::id).select(HistoryRow::as_select()).load(c)?,
        sign_in_attempts: sign_in_attempts::table
            .order(sign_in_attempts::id)
            .select(super::sign_ins::AttemptRow::as_select())
            .load(c)?,
        digests: digests::table.order(digests::id).select(DigestRow::as_select()).load(c)?,
        digest_reminders: digest_reminders::table
            .order(digest_reminders::id)
            .select(ReminderRow::as_select())
            .load(c)?,
        council: council::table.order(council::id).select(super::council::CouncilRow::as_select()).load(c)?,
        evidence_requests: evidence_requests::table
            .order(evidence_requests::id)
            .select(super::requests::RequestRow::as_select())
            .load(c)?,
        action_sign_offs: action_sign_offs::table
            .order(action_sign_offs::id)
            .select(super::sign_offs::SignOffRow::as_select())
            .load(c)?,
    })
}

/// Whether the database holds no rows at all (migrations aside).
pub fn is_empty(conn: &mut DbConnection) -> Result<bool, DbError> {
    let counts = [
        users::table.count().get_result::<i64>(conn)?,
        owners::table.count().get_result::<i64>(conn)?,
        inspections::table.count().get_result::<i64>(conn)?,
        practice_areas::table.count().get_result::<i64>(conn)?,
        change_history::table.count().get_result::<i64>(conn)?,
        sign_in_attempts::table.count().get_result::<i64>(conn)?,
    ];
    Ok(counts.iter().all(|n| *n == 0))
}

/// Why an import was refused.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("the database already holds data; import and restore need an empty database")]
    NotEmpty,
    #[error("this is not a Sustain export (format '{0}')")]
    WrongFormat(String),
    #[error("this export is format version {0}; this version of Sustain reads version {FORMAT_VERSION}")]
    WrongVersion(u32),
    #[error(
        "{table}, {row}, column {column}: the text contains {character}, which Sustain does not store \
         (the form or the API would have refused it); nothing was imported"
    )]
    ForbiddenText { table: &'static str, row: String, column: String, character: Refused },
    #[error("{table}, {row}, column {column}: {message}; nothing was imported")]
    Refused { table: &'static str, row: String, column: &'static str, message: String },
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<diesel::result::Error> for ImportError {
    fn from(err: diesel::result::Error) -> Self {
        ImportError::Db(DbError::Database(err))
    }
}

/// Writes a whole document into an empty database in one transaction: either
/// every row arrives or none does.
pub fn import(conn: &mut DbConnection, doc: &ExportDocument) -> Result<(), ImportError> {
    import_on(conn, doc, None)
}

/// As `import`, with evidence verified after `today` refused too.
pub fn import_on(conn: &mut DbConnection, doc: &ExportDocument, today: Option<NaiveDate>) -> Result<(), ImportError> {
    if let Some(found) = verified_out_of_order(doc, today) {
        return Err(found);
    }
    if doc.format != FORMAT {
        return Err(ImportError::WrongFormat(doc.format.clone()));
    }
    if doc.format_version != FORMAT_VERSION {
        return Err(ImportError::WrongVersion(doc.format_version));
    }
    if let Some(found) = forbidden_text(doc) {
        return Err(found);
    }
    write_transaction(conn, |c| {
        if !is_empty(c)? {
            return Err(ImportError::NotEmpty);
        }
        insert_all(c, doc)?;
        if matches!(c, DbConnection::Postgres(_)) {
            reset_sequences(c)?;
        }
        Ok(())
    })
}

/// The first text in the document that holds a character its field refuses
/// (a form or the API would have refused it; see `domain::fields`), named by
/// table, row and column. Imported rows are checked as typed input is: the
/// document may have been edited by hand or made by another tool.
fn forbidden_text(doc: &ExportDocument) -> Option<ImportError> {
    macro_rules! check_tables {
        ($($table:ident),* $(,)?) => {
            $( if let Some(found) = forbidden_in(stringify!($table), &doc.$table) { return Some(found); } )*
        };
    }
    check_tables!(
        users,
        owners,
        inspections,
        judgements,
        practice_areas,
        findings,
        actions,
        finding_actions,
        action_updates,
        evidence,
        evidence_findings,
        evidence_actions,
        attachments,
        measures,
        recalculation_points,
        results,
        change_history,
        sign_in_attempts,
        digests,
        digest_reminders,
        evidence_requests,
        action_sign_offs,
    );
    None
}

/// The plan's long-text columns, which its forms read with `FieldErrors::text`;
/// every other text column of the plan is one line.
const LONG_TEXT: &[(&str, &str)] = &[
    ("practice_areas", "description"),
    ("findings", "text"),
    ("actions", "description"),
    ("actions", "success_measure"),
    ("action_updates", "note"),
    ("action_sign_offs", "note"),
    ("action_sign_offs", "success_measure"),
    ("evidence", "description"),
    ("evidence", "rejection_reason"),
    ("evidence", "return_reason"),
    ("measures", "description"),
    ("recalculation_points", "reason"),
    ("results", "note"),
    ("evidence_requests", "wanted"),
    ("evidence_requests", "close_reason"),
];

/// Records Sustain writes itself rather than people typing them (change
/// history holds the JSON of values, with line breaks escaped or not).
const WRITTEN_BY_SUSTAIN: &[&str] = &["change_history", "sign_in_attempts", "digests", "digest_reminders"];

/// The rule a column's text is read with.
fn column_kind(table: &str, column: &str) -> TextKind {
    if WRITTEN_BY_SUSTAIN.contains(&table) || LONG_TEXT.contains(&(table, column)) {
        TextKind::Long
    } else {
        TextKind::Line
    }
}

/// The first verified evidence item whose verification could not have
/// happened: after today, or before its practice was observed. Forms and the
/// API refuse both; an edited or foreign document is held to the same rule.
fn verified_out_of_order(doc: &ExportDocument, today: Option<NaiveDate>) -> Option<ImportError> {
    doc.evidence.iter().filter(|e| e.review_state == ReviewState::Verified).find_map(|e| {
        let on = e.reviewed_on?;
        let message = if today.is_some_and(|today| on > today) {
            format!("it was verified on {}, which is after today", long_date(on))
        } else if on < e.observed_on {
            format!(
                "it was verified on {}, before the practice was observed ({})",
                long_date(on),
                long_date(e.observed_on)
            )
        } else {
            return None;
        };
        let row = format!("the row with id {}", e.id);
        Some(ImportError::Refused { table: "evidence", row, column: "reviewed_on", message })
    })
}

/// Looks at every text column of every row of one table, a row at a time.
fn forbidden_in<T: Serialize>(table: &'static str, rows: &[T]) -> Option<ImportError> {
    for (n, row) in rows.iter().enumerate() {
        let Ok(serde_json::Value::Object(columns)) = serde_json::to_value(row) else { continue };
        let bad = columns.iter().find_map(|(column, value)| {
            let refused = refused_character(value.as_str()?, column_kind(table, column))?;
            Some((column, refused))
        });
        if let Some((column, character)) = bad {
            let row = match columns.get("id") {
                Some(id) => format!("the row with id {id}"),
                None => format!("row {}", n + 1),
            };
            return Some(ImportError::ForbiddenText { table, row, column: column.clone(), character });
        }
    }
    None
}

/// Rows to a statement on PostgreSQL: each statement is a round trip, and
/// 500 rows of the widest table stay far below its 65,535 bound values.
const ROWS_PER_STATEMENT: usize = 500;

/// Inserts rows, many to a statement on PostgreSQL (the large authority's
/// 106 MB export went in in 19 s rather than 138 s with one row a statement,
/// debug builds on a busy machine). SQLite takes one row a
/// statement: it runs in this process, so a statement costs no round trip, and
/// its multi-row inserts cannot leave a value to the column's default.
macro_rules! insert_rows {
    ($conn:expr, $table:expr, $rows:expr) => {
        match $conn {
            DbConnection::Postgres(pg) => {
                for rows in $rows.chunks(ROWS_PER_STATEMENT) {
                    diesel::insert_into($table).values(rows).execute(pg)?;
                }
            }
            DbConnection::Sqlite(sqlite) => {
                for row in &$rows {
                    diesel::insert_into($table).values(row).execute(sqlite)?;
                }
            }
        }
    };
}

fn insert_all(c: &mut DbConnection, doc: &ExportDocument) -> Result<(), diesel::result::Error> {
    let mut users = doc.users.clone();
    for hash in &doc.password_hashes {
        if let Some(user) = users.iter_mut().find(|u| u.id == hash.user_id) {
            user.password_hash = Some(hash.password_hash.clone());
        }
    }
    insert_rows!(c, users::table, users);
    insert_rows!(c, owners::table, doc.owners);
    insert_rows!(c, inspections::table, doc.inspections);
    insert_rows!(c, judgements::table, doc.judgements);
    insert_rows!(c, practice_areas::table, doc.practice_areas);
    insert_rows!(c, findings::table, doc.findings);
    insert_rows!(c, actions::table, doc.actions);
    insert_rows!(c, finding_actions::table, doc.finding_actions);
    insert_rows!(c, action_updates::table, doc.action_updates);
    // Results before evidence: an item may name the case-audit result it was recorded from.
    insert_rows!(c, measures::table, doc.measures);
    insert_rows!(c, recalculation_points::table, doc.recalculation_points);
    insert_rows!(c, results::table, doc.results);
    insert_rows!(c, evidence::table, doc.evidence);
    insert_rows!(c, evidence_findings::table, doc.evidence_findings);
    insert_rows!(c, evidence_actions::table, doc.evidence_actions);
    insert_rows!(c, attachments::table, doc.attachments);
    insert_rows!(c, evidence_requests::table, doc.evidence_requests);
    insert_rows!(c, change_history::table, doc.change_history);
    insert_rows!(c, sign_in_attempts::table, doc.sign_in_attempts);
    insert_rows!(c, digests::table, doc.digests);
    insert_rows!(c, digest_reminders::table, doc.digest_reminders);
    insert_rows!(c, council::table, doc.council);
    insert_rows!(c, action_sign_offs::table, doc.action_sign_offs);
    Ok(())
}

const TABLES_WITH_IDS: &[&str] = &[
    "users",
    "owners",
    "inspections",
    "judgements",
    "practice_areas",
    "findings",
    "actions",
    "action_updates",
    "action_sign_offs",
    "evidence",
    "attachments",
    "measures",
    "recalculation_points",
    "results",
    "change_history",
    "sign_in_attempts",
    "digests",
    "digest_reminders",
    "evidence_requests",
];

/// After rows arrive with their ids, PostgreSQL's sequences must move past them.
fn reset_sequences(c: &mut DbConnection) -> Result<(), diesel::result::Error> {
    for table in TABLES_WITH_IDS {
        c.batch_execute(&format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 1), \
             (SELECT MAX(id) IS NOT NULL FROM {table}))"
        ))?;
    }
    Ok(())
}

/// Writes a consistent copy of a live SQLite database to a new file.
pub fn sqlite_backup(conn: &mut DbConnection, target: &std::path::Path) -> Result<(), DbError> {
    let path = target.to_string_lossy().replace('\'', "''");
    conn.batch_execute(&format!("VACUUM INTO '{path}'"))?;
    Ok(())
}

/// Whether a file starts with SQLite's header, i.e. is a SQLite backup rather than JSON.
pub fn is_sqlite_file(bytes: &[u8]) -> bool {
    bytes.starts_with(b"SQLite format 3\0")
}

/// Deletes every row of every table (for `demo --replace`), children first,
/// and moves the data generation on so that no instance keeps showing the old data.
pub fn clear(conn: &mut DbConnection) -> Result<(), DbError> {
    super::connection::write_transaction(conn, |c| {
        if matches!(c, DbConnection::Postgres(_)) {
            // Restarting the sequences makes a reloaded demo get the same ids.
            c.batch_execute(
                "TRUNCATE api_allowances, identities, provider_sign_ins, statistical_neighbours, published_values, published_areas, published_indicators, digest_reminders, digests, pending_imports, invitations, sessions, sign_in_attempts, change_history, results, recalculation_points, measures, \
                 evidence_requests, attachments, evidence_actions, evidence_findings, evidence, action_sign_offs, action_updates, finding_actions, \
                 actions, findings, judgements, inspections, practice_areas, owners, users RESTART IDENTITY",
            )?;
            return Ok(());
        }
        c.batch_execute(
            "DELETE FROM api_allowances; DELETE FROM identities; DELETE FROM provider_sign_ins; DELETE FROM statistical_neighbours; DELETE FROM published_values; DELETE FROM published_areas; \
             DELETE FROM published_indicators; DELETE FROM digest_reminders; DELETE FROM digests; DELETE FROM pending_imports; DELETE FROM invitations; DELETE FROM sessions; DELETE FROM sign_in_attempts; DELETE FROM change_history; DELETE FROM results; \
             DELETE FROM recalculation_points; DELETE FROM measures; DELETE FROM evidence_requests; DELETE FROM attachments; \
             DELETE FROM evidence_actions; DELETE FROM evidence_findings; DELETE FROM evidence; \
             DELETE FROM action_sign_offs; DELETE FROM action_updates; DELETE FROM finding_actions; DELETE FROM actions; DELETE FROM findings; \
             DELETE FROM judgements; DELETE FROM inspections; DELETE FROM practice_areas; \
             DELETE FROM owners; DELETE FROM users; DELETE FROM sqlite_sequence WHERE name <> 'data_generation';",
        )?;
        Ok(())
    })
}
