//! Evidence of practice change: items, their review, and their links to
//! findings and actions. Files attached to evidence are in `attachments`.

pub use super::evidence_review::{added_by_each, from_audit, review, review_each, Recorded};
use super::schema::{evidence, evidence_actions, evidence_findings};
use super::versioned::versioned_row;
use super::write::{self, archivable, Stored};
use super::{Actor, DbConnection, DbError};
use crate::domain::evidence::{EvidenceInput, Review};
use crate::domain::history::{Change, Entity};
use crate::domain::ids::{ActionId, AreaId, EvidenceId, FindingId, RequestId, ResultId, UserId};
use crate::domain::kinds::{EvidenceKind, ReviewState};
use crate::domain::valid::Valid;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

versioned_row! {
    /// A stored evidence item.
    pub struct EvidenceRow in evidence as Entity::Evidence {
        id: EvidenceId,
        written from EvidenceInput as EvidenceValues {
            title: String,
            kind: EvidenceKind,
            description: String,
            observed_on: NaiveDate,
            period_start: Option<NaiveDate>,
            period_end: Option<NaiveDate>,
            practice_area_id: AreaId,
        }
        kept {
            review_state: ReviewState,
            reviewed_by: Option<UserId>,
            reviewed_on: Option<NaiveDate>,
            rejection_reason: Option<String>,
        }
        added later {
            /// Who verified it, when they are not a user (`reviewed_by` is then empty).
            #[serde(default)]
            reviewed_by_name: Option<String>,
            /// Who returned it to the person who added it, for changes (it is then a
            /// draft out of the review queue until it is changed).
            #[serde(default)]
            returned_by: Option<UserId>,
            #[serde(default)]
            returned_on: Option<NaiveDate>,
            #[serde(default)]
            return_reason: Option<String>,
            /// The case-audit result it was recorded from, if any.
            #[serde(default)]
            result_id: Option<ResultId>,
        }
    }
}

/// Where an item stands in review, as its row keeps it.
#[derive(AsChangeset)]
#[diesel(table_name = evidence, treat_none_as_null = true)]
pub(super) struct ReviewValues<'a> {
    pub(super) review_state: ReviewState,
    pub(super) reviewed_by: Option<UserId>,
    pub(super) reviewed_by_name: Option<&'a str>,
    pub(super) reviewed_on: Option<NaiveDate>,
    pub(super) rejection_reason: Option<&'a str>,
    pub(super) returned_by: Option<UserId>,
    pub(super) returned_on: Option<NaiveDate>,
    pub(super) return_reason: Option<&'a str>,
}

impl ReviewValues<'_> {
    /// Back to draft with nothing of an earlier review kept: what was
    /// reviewed is no longer what is there. A change by the person it was
    /// returned to sends it back to the review queue.
    pub(super) const DRAFT: Self = ReviewValues {
        review_state: ReviewState::Draft,
        reviewed_by: None,
        reviewed_by_name: None,
        reviewed_on: None,
        rejection_reason: None,
        returned_by: None,
        returned_on: None,
        return_reason: None,
    };
}

/// Adds an evidence item as a draft awaiting review, with its files, in one
/// transaction: the item is saved with every file or not at all.
pub fn create(
    conn: &mut DbConnection,
    actor: &Actor,
    input: &Valid<EvidenceInput>,
    files: &[super::attachments::NewAttachment],
) -> Result<EvidenceRow, DbError> {
    create_from(conn, actor, input, files, None)
}

/// As `create`, recording the case-audit result the item was made from, if any.
pub(super) fn create_from(
    conn: &mut DbConnection,
    actor: &Actor,
    input: &Valid<EvidenceInput>,
    files: &[super::attachments::NewAttachment],
    result: Option<ResultId>,
) -> Result<EvidenceRow, DbError> {
    super::areas::get_any(conn, input.practice_area_id)?;
    let item = write::create(conn, actor, |c| {
        let item: EvidenceRow = write::insert_at_version_one!(
            c,
            actor,
            evidence,
            EvidenceValues::from(&**input),
            evidence::review_state.eq(ReviewState::Draft),
            evidence::result_id.eq(result)
        )?;
        for file in files {
            super::attachments::insert(c, actor, item.id, file)?;
        }
        Ok(item)
    })?;
    Ok(item)
}

/// Changes an item's details. A changed item goes back to draft: what was
/// verified is no longer what is there.
pub fn update(
    conn: &mut DbConnection,
    actor: &Actor,
    id: EvidenceId,
    expected_version: i32,
    input: &Valid<EvidenceInput>,
) -> Result<EvidenceRow, DbError> {
    super::areas::get_any(conn, input.practice_area_id)?;
    write::update(conn, actor, Change::Update, id, expected_version, get_any, |c| {
        Ok(write::update_at_version!(
            c,
            actor,
            evidence,
            id,
            expected_version,
            EvidenceValues::from(&**input),
            ReviewValues::DRAFT
        )?)
    })
}

/// Adds an evidence item with its files and links, and its verification as
/// it happened, in one transaction (a leader entering past evidence).
pub fn create_verified(
    conn: &mut DbConnection,
    actor: &Actor,
    (input, files, links): (&Valid<EvidenceInput>, &[super::attachments::NewAttachment], &Links),
    (verification, today): (&Valid<Review>, NaiveDate),
) -> Result<EvidenceRow, DbError> {
    super::connection::write_transaction(conn, |c| {
        let item = create_linked(c, actor, input, files, links)?;
        review(c, actor, item.id, item.version, verification, today)
    })
}

archivable!(evidence, EvidenceRow, EvidenceId, #[doc = "Evidence, most recently observed first."] listed by (evidence::observed_on.desc(), evidence::id.desc()));

/// A link between evidence and a finding.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, Serialize, Deserialize)]
#[diesel(table_name = evidence_findings)]
pub struct EvidenceFindingRow {
    pub evidence_id: EvidenceId,
    pub finding_id: FindingId,
    pub created_at: NaiveDateTime,
}

/// A link between evidence and an action.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, Serialize, Deserialize)]
#[diesel(table_name = evidence_actions)]
pub struct EvidenceActionRow {
    pub evidence_id: EvidenceId,
    pub action_id: ActionId,
    pub created_at: NaiveDateTime,
}

/// Links evidence to the findings and actions it speaks to; existing links stay.
pub fn link(
    conn: &mut DbConnection,
    actor: &Actor,
    evidence_id: EvidenceId,
    finding_ids: &[FindingId],
    action_ids: &[ActionId],
) -> Result<(), DbError> {
    get_any(conn, evidence_id)?;
    for id in finding_ids {
        super::findings::get_any(conn, *id)?;
    }
    for id in action_ids {
        super::actions::get_any(conn, *id)?;
    }
    write::append(conn, actor, EvidenceRow::ENTITY, evidence_id.0, Change::Link, |c| {
        for &finding_id in finding_ids {
            let exists: i64 = evidence_findings::table.find((evidence_id, finding_id)).count().get_result(c)?;
            if exists == 0 {
                diesel::insert_into(evidence_findings::table)
                    .values(EvidenceFindingRow { evidence_id, finding_id, created_at: actor.at })
                    .execute(c)?;
            }
        }
        for &action_id in action_ids {
            let exists: i64 = evidence_actions::table.find((evidence_id, action_id)).count().get_result(c)?;
            if exists == 0 {
                diesel::insert_into(evidence_actions::table)
                    .values(EvidenceActionRow { evidence_id, action_id, created_at: actor.at })
                    .execute(c)?;
            }
        }
        Ok(serde_json::json!({ "finding_ids": finding_ids, "action_ids": action_ids }))
    })?;
    Ok(())
}

/// Every evidence-finding link.
pub fn finding_links(conn: &mut DbConnection) -> Result<Vec<EvidenceFindingRow>, DbError> {
    Ok(evidence_findings::table
        .order((evidence_findings::evidence_id.asc(), evidence_findings::finding_id.asc()))
        .select(EvidenceFindingRow::as_select())
        .load(conn)?)
}

/// Every evidence-action link.
pub fn action_links(conn: &mut DbConnection) -> Result<Vec<EvidenceActionRow>, DbError> {
    Ok(evidence_actions::table
        .order((evidence_actions::evidence_id.asc(), evidence_actions::action_id.asc()))
        .select(EvidenceActionRow::as_select())
        .load(conn)?)
}

/// The live evidence linked to an action.
pub fn for_action(conn: &mut DbConnection, action_id: ActionId) -> Result<Vec<EvidenceRow>, DbError> {
    Ok(evidence::table
        .inner_join(evidence_actions::table.on(evidence_actions::evidence_id.eq(evidence::id)))
        .filter(evidence_actions::action_id.eq(action_id))
        .filter(evidence::archived_at.is_null())
        .order((evidence::observed_on.desc(), evidence::id.desc()))
        .select(EvidenceRow::as_select())
        .load(conn)?)
}

/// What an evidence item speaks to: findings and actions, and, when it is
/// added, the request for evidence it answers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Links {
    pub finding_ids: Vec<FindingId>,
    pub action_ids: Vec<ActionId>,
    /// The request it answers and the day it is added (taken only when the
    /// item is added; change history records the answer on the request).
    #[serde(skip)]
    pub answers: Option<(RequestId, NaiveDate)>,
}

/// The findings and actions an item speaks to, archived or not.
pub fn links_of(conn: &mut DbConnection, id: EvidenceId) -> Result<Links, DbError> {
    Ok(Links {
        answers: None,
        finding_ids: evidence_findings::table
            .filter(evidence_findings::evidence_id.eq(id))
            .order(evidence_findings::finding_id.asc())
            .select(evidence_findings::finding_id)
            .load(conn)?,
        action_ids: evidence_actions::table
            .filter(evidence_actions::evidence_id.eq(id))
            .order(evidence_actions::action_id.asc())
            .select(evidence_actions::action_id)
            .load(conn)?,
    })
}

/// The findings an item speaks to, archived or not.
pub fn linked_findings(conn: &mut DbConnection, id: EvidenceId) -> Result<Vec<super::findings::FindingRow>, DbError> {
    use super::schema::findings;
    Ok(findings::table
        .inner_join(evidence_findings::table.on(evidence_findings::finding_id.eq(findings::id)))
        .filter(evidence_findings::evidence_id.eq(id))
        .order(findings::id.asc())
        .select(super::findings::FindingRow::as_select())
        .load(conn)?)
}

/// The actions an item speaks to, archived or not.
pub fn linked_actions(conn: &mut DbConnection, id: EvidenceId) -> Result<Vec<super::actions::ActionRow>, DbError> {
    use super::schema::actions;
    Ok(actions::table
        .inner_join(evidence_actions::table.on(evidence_actions::action_id.eq(actions::id)))
        .filter(evidence_actions::evidence_id.eq(id))
        .order(actions::id.asc())
        .select(super::actions::ActionRow::as_select())
        .load(conn)?)
}

/// Adds a draft evidence item with its files and links, in one transaction.
pub fn create_linked(
    conn: &mut DbConnection,
    actor: &Actor,
    input: &Valid<EvidenceInput>,
    files: &[super::attachments::NewAttachment],
    links: &Links,
) -> Result<EvidenceRow, DbError> {
    super::connection::write_transaction(conn, |c| {
        let item = create(c, actor, input, files)?;
        set_links(c, actor, item.id, links)?;
        if let Some((request, on)) = links.answers {
            super::requests::answer(c, actor, request, item.id, on)?;
        }
        Ok(item)
    })
}

/// Who added an item, from change history.
pub fn added_by(conn: &mut DbConnection, id: EvidenceId) -> Result<Option<UserId>, DbError> {
    use super::schema::change_history as h;
    Ok(h::table
        .filter(h::entity.eq(EvidenceRow::ENTITY))
        .filter(h::entity_id.eq(id.0))
        .filter(h::what.eq(Change::Create))
        .order(h::id.asc())
        .select(h::user_id)
        .first::<Option<UserId>>(conn)
        .optional()?
        .flatten())
}

/// May the item be changed by this person? Given the item as it stands and who added it.
pub type Permit<'a> = dyn FnOnce(&EvidenceRow, Option<UserId>) -> bool + 'a;

fn permitted(conn: &mut DbConnection, id: EvidenceId, allow: Box<Permit<'_>>) -> Result<(), DbError> {
    let row = get_any(conn, id)?;
    let by = added_by(conn, id)?;
    if allow(&row, by) {
        Ok(())
    } else {
        Err(DbError::Forbidden { entity: EvidenceRow::ENTITY, id: id.0 })
    }
}

/// Changes an item's details and makes `links` its links, in one transaction,
/// if `allow` approves the item as it stands; the item goes back to draft.
pub fn update_linked(
    conn: &mut DbConnection,
    actor: &Actor,
    id: EvidenceId,
    expected_version: i32,
    input: &Valid<EvidenceInput>,
    links: &Links,
    allow: Box<Permit<'_>>,
) -> Result<EvidenceRow, DbError> {
    super::connection::write_transaction(conn, |c| {
        permitted(c, id, allow)?;
        let row = update(c, actor, id, expected_version, input)?;
        set_links(c, actor, id, links)?;
        Ok(row)
    })
}

/// Adds files to an item read at `expected_version`, if `allow` approves it;
/// the item goes back to draft, since what was reviewed is no longer all there is.
pub fn add_files(
    conn: &mut DbConnection,
    actor: &Actor,
    id: EvidenceId,
    expected_version: i32,
    files: &[super::attachments::NewAttachment],
    allow: Box<Permit<'_>>,
) -> Result<EvidenceRow, DbError> {
    super::connection::write_transaction(conn, |c| {
        permitted(c, id, allow)?;
        let row = write::update(c, actor, Change::AddFiles, id, expected_version, get_any, |c| {
            Ok(write::update_at_version!(c, actor, evidence, id, expected_version, ReviewValues::DRAFT)?)
        })?;
        for file in files {
            super::attachments::insert(c, actor, id, file)?;
        }
        Ok(row)
    })
}

/// Makes `links` an item's links (adding the missing, removing the rest) and
/// records both lists when they differ. Only live findings and actions can be
/// newly linked. The caller holds the write transaction.
fn set_links(conn: &mut DbConnection, actor: &Actor, id: EvidenceId, wanted: &Links) -> Result<(), DbError> {
    let findings_now: Vec<FindingId> = evidence_findings::table
        .filter(evidence_findings::evidence_id.eq(id))
        .order(evidence_findings::finding_id.asc())
        .select(evidence_findings::finding_id)
        .load(conn)?;
    let actions_now: Vec<ActionId> = evidence_actions::table
        .filter(evidence_actions::evidence_id.eq(id))
        .order(evidence_actions::action_id.asc())
        .select(evidence_actions::action_id)
        .load(conn)?;
    let before = Links { finding_ids: findings_now.clone(), action_ids: actions_now.clone(), answers: None };
    let mut after = Links { answers: None, ..wanted.clone() };
    after.finding_ids.sort();
    after.finding_ids.dedup();
    after.action_ids.sort();
    after.action_ids.dedup();
    if before == after {
        return Ok(());
    }
    let archived = |field: &str| {
        DbError::Invalid(crate::domain::fields::FieldErrors::one(
            field,
            "An archived record cannot be linked: restore it first",
        ))
    };
    for f in after.finding_ids.iter().filter(|f| !findings_now.contains(f)) {
        if super::findings::get_any(conn, *f)?.archived_at.is_some() {
            return Err(archived("finding_ids"));
        }
        diesel::insert_into(evidence_findings::table)
            .values(EvidenceFindingRow { evidence_id: id, finding_id: *f, created_at: actor.at })
            .execute(conn)?;
    }
    for a in after.action_ids.iter().filter(|a| !actions_now.contains(a)) {
        if super::actions::get_any(conn, *a)?.archived_at.is_some() {
            return Err(archived("action_ids"));
        }
        diesel::insert_into(evidence_actions::table)
            .values(EvidenceActionRow { evidence_id: id, action_id: *a, created_at: actor.at })
            .execute(conn)?;
    }
    for f in findings_now.iter().filter(|f| !after.finding_ids.contains(f)) {
        diesel::delete(evidence_findings::table.find((id, *f))).execute(conn)?;
    }
    for a in actions_now.iter().filter(|a| !after.action_ids.contains(a)) {
        diesel::delete(evidence_actions::table.find((id, *a))).execute(conn)?;
    }
    let json = |l: &Links| serde_json::to_value(l).unwrap_or_default();
    super::history::record(
        conn,
        actor,
        EvidenceRow::ENTITY,
        id.0,
        Change::SetLinks,
        Some(json(&before)),
        Some(json(&after)),
    )
}
