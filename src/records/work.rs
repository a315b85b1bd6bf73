//! The work of the plan and what shows it: actions, measures with their
//! results, and evidence.

use super::{archived, saved_plainly, stored, Archivable, Record};
use crate::auth::CurrentUser;
use crate::db::actions::{self, ActionRow};
use crate::db::evidence::{self, EvidenceRow, Links};
use crate::db::measures::{self, result, MeasureRow, ResultRow};
use crate::db::{Actor, DbConnection, DbError};
use crate::domain::access::{action_edit, evidence_edit, may_enter_results, plan_edit, Refusal, READ_ONLY};
use crate::domain::evidence::{EvidenceInput, MeasureInput, MeasureShape, MeasuredResult, ResultInput, Review};
use crate::domain::fields::FieldErrors;
use crate::domain::history::Entity;
use crate::domain::ids::{ActionId, EvidenceId, FindingId, MeasureId, ResultId};
use crate::domain::kinds::Role;
use crate::domain::plan::ActionInput;
use crate::domain::valid::{Context, Valid};
use chrono::NaiveDate;

/// Plan actions.
pub struct Actions;

impl Record for Actions {
    /// The action, and the findings it answers when they were sent (left out, the links stay).
    type Input = (Valid<ActionInput>, Option<Vec<FindingId>>);

    stored!(actions, ActionId, ActionRow);

    fn create(conn: &mut DbConnection, a: &Actor, p: &Self::Input, _: &CurrentUser) -> Result<ActionRow, DbError> {
        actions::create_answering(conn, a, &p.0, p.1.as_deref().unwrap_or_default())
    }

    fn update(
        conn: &mut DbConnection,
        a: &Actor,
        id: ActionId,
        version: i32,
        p: &Self::Input,
        user: &CurrentUser,
    ) -> Result<ActionRow, DbError> {
        // The owner check is made again inside the transaction, on the action as it is then.
        let allow = |row: &ActionRow| action_edit(user.role, user.owner_id, row.owner_id).is_ok();
        actions::update_answering(conn, a, id, version, &p.0, p.1.as_deref(), allow)
    }

    fn title_of(row: &ActionRow) -> String {
        format!("{} {}", row.reference, row.title)
    }

    /// An action's owner may change it; leaders may change any.
    fn may_edit(_: &mut DbConnection, user: &CurrentUser, row: &ActionRow) -> Result<(), DbError> {
        action_edit(user.role, user.owner_id, row.owner_id)
            .map_err(|_| DbError::Forbidden { entity: Self::ENTITY, id: row.id.0 })
    }

    fn link_field(entity: &Entity) -> Option<&'static str> {
        match entity {
            Entity::Finding => Some("finding_ids"),
            Entity::PracticeArea => Some("practice_area_id"),
            Entity::Owner => Some("owner_id"),
            _ => None,
        }
    }
}

impl Archivable for Actions {
    archived!(actions, ActionId, ActionRow);

    /// Only leaders take an action out of the plan.
    fn may_archive(_: &mut DbConnection, user: &CurrentUser, row: &ActionRow) -> Result<(), DbError> {
        plan_edit(user.role).map_err(|_| DbError::Forbidden { entity: Self::ENTITY, id: row.id.0 })
    }
}

/// Case-audit measures and performance indicators.
pub struct Measures;

impl Record for Measures {
    type Input = Valid<MeasureInput>;

    stored!(measures, MeasureId, MeasureRow);
    saved_plainly!(measures, MeasureId, MeasureRow);

    fn title_of(row: &MeasureRow) -> String {
        row.name.clone()
    }
}

impl Archivable for Measures {
    archived!(measures, MeasureId, MeasureRow);
}

/// The results of measures, a period at a time.
pub struct Results;

impl Record for Results {
    /// Checked against its measure (kind and unit) when saved, inside the transaction.
    type Input = (ResultInput, Context);

    stored!(result, ResultId, ResultRow);

    fn create(conn: &mut DbConnection, a: &Actor, p: &Self::Input, _: &CurrentUser) -> Result<ResultRow, DbError> {
        let checked = measured(conn, p)?;
        measures::create_result(conn, a, &checked)
    }

    fn update(
        conn: &mut DbConnection,
        a: &Actor,
        id: ResultId,
        version: i32,
        p: &Self::Input,
        _: &CurrentUser,
    ) -> Result<ResultRow, DbError> {
        if result::get_any(conn, id)?.measure_id != p.0.measure_id {
            return Err(DbError::Invalid(FieldErrors::one(
                "measure_id",
                "A result stays with its measure: add a new one to the other measure",
            )));
        }
        let checked = measured(conn, p)?;
        measures::update_result(conn, a, id, version, &checked)
    }

    fn title_of(row: &ResultRow) -> String {
        format!("the period ending {}", crate::domain::dates::long_date(row.period_end))
    }

    fn may_create(user: &CurrentUser) -> Result<(), Refusal> {
        may_enter_results(user.role).then_some(()).ok_or(READ_ONLY)
    }

    fn may_edit(_: &mut DbConnection, user: &CurrentUser, row: &ResultRow) -> Result<(), DbError> {
        may_enter_results(user.role).then_some(()).ok_or(DbError::Forbidden { entity: Self::ENTITY, id: row.id.0 })
    }
}

impl Archivable for Results {
    archived!(result, ResultId, ResultRow);
}

/// A result checked against its measure's kind and unit, as on the results form.
pub fn measured(
    conn: &mut DbConnection,
    (input, context): &(ResultInput, Context),
) -> Result<Valid<MeasuredResult>, DbError> {
    let measure = measures::get_any(conn, input.measure_id)?;
    let shape = MeasureShape { kind: measure.kind, unit: measure.unit };
    MeasuredResult::check(input.clone(), shape, context).map_err(DbError::Invalid)
}

/// Evidence of practice change.
pub struct Evidence;

impl Record for Evidence {
    /// The item, its links, and its verification as it happened (a leader's) with today.
    type Input = (Valid<EvidenceInput>, Links, Option<(Valid<Review>, NaiveDate)>);

    stored!(evidence, EvidenceId, EvidenceRow);

    fn create(conn: &mut DbConnection, a: &Actor, p: &Self::Input, user: &CurrentUser) -> Result<EvidenceRow, DbError> {
        match &p.2 {
            // Contributors add evidence; only a leader may say it was verified.
            Some(_) if !user.may(Role::Leader) => Err(DbError::Forbidden { entity: Self::ENTITY, id: 0 }),
            Some((verified, today)) => evidence::create_verified(conn, a, (&p.0, &[], &p.1), (verified, *today)),
            None => evidence::create_linked(conn, a, &p.0, &[], &p.1),
        }
    }

    fn update(
        conn: &mut DbConnection,
        a: &Actor,
        id: EvidenceId,
        version: i32,
        p: &Self::Input,
        user: &CurrentUser,
    ) -> Result<EvidenceRow, DbError> {
        let (role, me) = (user.role, user.id);
        let allow = Box::new(move |row: &EvidenceRow, by| evidence_edit(role, me, by, row.review_state).is_ok());
        if p.2.is_some() {
            // A change sends the item back for review, where its verification is recorded.
            return Err(DbError::Invalid(FieldErrors::one(
                "verified_on",
                "A changed item goes back for review: record its verification with POST /api/v1/evidence/{id}/review",
            )));
        }
        evidence::update_linked(conn, a, id, version, &p.0, &p.1, allow)
    }

    fn title_of(row: &EvidenceRow) -> String {
        row.title.clone()
    }

    /// Contributors add evidence.
    fn may_create(user: &CurrentUser) -> Result<(), Refusal> {
        user.may(Role::Contributor).then_some(()).ok_or(READ_ONLY)
    }

    /// Who added a draft may change it; leaders may change any.
    fn may_edit(conn: &mut DbConnection, user: &CurrentUser, row: &EvidenceRow) -> Result<(), DbError> {
        let by = evidence::added_by(conn, row.id)?;
        evidence_edit(user.role, user.id, by, row.review_state)
            .map_err(|_| DbError::Forbidden { entity: Self::ENTITY, id: row.id.0 })
    }

    fn link_field(entity: &Entity) -> Option<&'static str> {
        match entity {
            Entity::Finding => Some("finding_ids"),
            Entity::Action => Some("action_ids"),
            Entity::PracticeArea => Some("practice_area_id"),
            _ => None,
        }
    }
}

impl Archivable for Evidence {
    archived!(evidence, EvidenceId, EvidenceRow);
}
