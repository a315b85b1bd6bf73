//! Inspections, their judgements and findings, practice areas and owners.

use super::{archived, count, saved_plainly, stored, Archivable, Record};
use crate::auth::CurrentUser;
use crate::db::areas::{self, AreaRow};
use crate::db::findings::{self, FindingRow};
use crate::db::inspections::{self, judgement, InspectionRow, Judged, JudgementRow};
use crate::db::owners::{self, OwnerRow};
use crate::db::{Actor, DbConnection, DbError};
use crate::domain::fields::FieldErrors;
use crate::domain::history::Entity;
use crate::domain::ids::{ActionId, AreaId, FindingId, InspectionId, JudgementId, OwnerId};
use crate::domain::plan::{AreaInput, FindingInput, InspectionInput, JudgementInput, OwnerInput};
use crate::domain::valid::Valid;
use crate::read::plan::PlanIndex;

/// Inspections, visits and reviews.
pub struct Inspections;

impl Record for Inspections {
    /// The inspection, and its judgements when they were sent (left out, they stay as they are).
    type Input = (Valid<InspectionInput>, Option<Vec<Judged>>);

    stored!(inspections, InspectionId, InspectionRow);

    fn create(conn: &mut DbConnection, a: &Actor, p: &Self::Input, _: &CurrentUser) -> Result<InspectionRow, DbError> {
        match &p.1 {
            Some(judged) => inspections::create_judged(conn, a, &p.0, judged),
            None => inspections::create(conn, a, &p.0),
        }
    }

    fn update(
        conn: &mut DbConnection,
        a: &Actor,
        id: InspectionId,
        version: i32,
        p: &Self::Input,
        _: &CurrentUser,
    ) -> Result<InspectionRow, DbError> {
        match &p.1 {
            Some(judged) => inspections::update_judged(conn, a, id, version, &p.0, judged),
            None => inspections::update(conn, a, id, version, &p.0),
        }
    }

    fn title_of(row: &InspectionRow) -> String {
        row.title.clone()
    }
}

impl Archivable for Inspections {
    archived!(inspections, InspectionId, InspectionRow);
}

/// The graded judgement areas of inspections.
pub struct Judgements;

impl Record for Judgements {
    type Input = Valid<JudgementInput>;

    stored!(judgement, JudgementId, JudgementRow);

    fn create(conn: &mut DbConnection, a: &Actor, p: &Self::Input, _: &CurrentUser) -> Result<JudgementRow, DbError> {
        judgement::create(conn, a, p)
    }

    fn update(
        conn: &mut DbConnection,
        a: &Actor,
        id: JudgementId,
        version: i32,
        p: &Self::Input,
        _: &CurrentUser,
    ) -> Result<JudgementRow, DbError> {
        let row = judgement::get_any(conn, id)?;
        if row.inspection_id != p.inspection_id {
            return Err(DbError::Invalid(FieldErrors::one(
                "inspection_id",
                "A judgement stays with its inspection: add a new one to another inspection",
            )));
        }
        judgement::update(conn, a, id, version, p)
    }

    fn title_of(row: &JudgementRow) -> String {
        row.area.clone()
    }
}

impl Archivable for Judgements {
    archived!(judgement, JudgementId, JudgementRow);
}

/// What inspections found.
pub struct Findings;

impl Record for Findings {
    /// The finding, and the actions answering it when they were sent (left out, the links stay).
    type Input = (Valid<FindingInput>, Option<Vec<ActionId>>);

    stored!(findings, FindingId, FindingRow);

    fn create(conn: &mut DbConnection, a: &Actor, p: &Self::Input, _: &CurrentUser) -> Result<FindingRow, DbError> {
        match &p.1 {
            Some(answered_by) => findings::create_answered(conn, a, &p.0, answered_by),
            None => findings::create(conn, a, &p.0),
        }
    }

    fn update(
        conn: &mut DbConnection,
        a: &Actor,
        id: FindingId,
        version: i32,
        p: &Self::Input,
        _: &CurrentUser,
    ) -> Result<FindingRow, DbError> {
        match &p.1 {
            Some(answered_by) => findings::update_answered(conn, a, id, version, &p.0, answered_by),
            None => findings::update(conn, a, id, version, &p.0),
        }
    }

    fn title_of(row: &FindingRow) -> String {
        row.reference.clone()
    }

    fn link_field(entity: &Entity) -> Option<&'static str> {
        match entity {
            Entity::Action => Some("action_ids"),
            Entity::PracticeArea => Some("practice_area_id"),
            Entity::Inspection => Some("inspection_id"),
            _ => None,
        }
    }
}

impl Archivable for Findings {
    archived!(findings, FindingId, FindingRow);
}

/// Practice areas.
pub struct Areas;

impl Record for Areas {
    type Input = Valid<AreaInput>;

    stored!(areas, AreaId, AreaRow);
    saved_plainly!(areas, AreaId, AreaRow);

    fn title_of(row: &AreaRow) -> String {
        row.name.clone()
    }

    fn link_field(entity: &Entity) -> Option<&'static str> {
        (*entity == Entity::Owner).then_some("lead_owner_id")
    }
}

impl Archivable for Areas {
    archived!(areas, AreaId, AreaRow);

    /// An area with live actions, findings, measures or evidence is not
    /// archived: they would be left in an area no page shows.
    fn archive_blocked(plan: &PlanIndex, row: &AreaRow) -> Option<String> {
        let live = [
            count(plan.actions_of_area(row.id).count(), "action"),
            count(plan.findings_of_area(row.id).count(), "finding"),
            count(plan.measures_of_area(row.id).count(), "measure"),
            count(plan.evidence_of_area(row.id).count(), "evidence item"),
        ];
        live.iter().any(|l| !l.starts_with("0 ")).then(|| {
            format!(
                "This area still has {}, {}, {} and {}. Move them to another area or archive them first, so that nothing is left where no page shows it.",
                live[0], live[1], live[2], live[3]
            )
        })
    }
}

/// Owners of actions and areas.
pub struct Owners;

impl Record for Owners {
    type Input = Valid<OwnerInput>;

    stored!(owners, OwnerId, OwnerRow);

    fn create(conn: &mut DbConnection, a: &Actor, p: &Self::Input, _: &CurrentUser) -> Result<OwnerRow, DbError> {
        user_exists(conn, p)?;
        owners::create(conn, a, p)
    }

    fn update(
        conn: &mut DbConnection,
        a: &Actor,
        id: OwnerId,
        version: i32,
        p: &Self::Input,
        _: &CurrentUser,
    ) -> Result<OwnerRow, DbError> {
        user_exists(conn, p)?;
        owners::update(conn, a, id, version, p)
    }

    fn title_of(row: &OwnerRow) -> String {
        row.label()
    }
}

impl Archivable for Owners {
    archived!(owners, OwnerId, OwnerRow);
}

/// The user account an owner is linked to must exist.
fn user_exists(conn: &mut DbConnection, p: &Valid<OwnerInput>) -> Result<(), DbError> {
    match p.user_id {
        Some(user) => crate::db::users::get(conn, user).map(|_| ()),
        None => Ok(()),
    }
}
