//! Adding and changing owners, optionally linked to a user.

use super::crud::{Resource, View};
use crate::db::owners::OwnerRow;
use crate::db::{DbConnection, DbError};
use crate::domain::fields::FieldErrors;
use crate::domain::ids::UserId;
use crate::domain::plan::OwnerInput;
use crate::domain::status::Rules;
use crate::domain::valid::{finish, Context, Valid};
use crate::read::archived::RecordKind;
use crate::read::form_choices;
use crate::read::plan::PlanIndex;
use crate::records::count;
use crate::views::forms::archive::ArchiveNotes;
use crate::views::forms::owner::{owner_form, OwnerChoices, OwnerValues};
use crate::web::forms::{optional_id, FormSource, RawForm};
use maud::Markup;

pub use crate::records::Owners;

impl Resource for Owners {
    type Values = OwnerValues;
    type Choices = OwnerChoices;

    const KIND: RecordKind = RecordKind::Owner;

    fn read(form: &RawForm) -> OwnerValues {
        OwnerValues {
            name: form.text("name"),
            job_title: form.text("job_title"),
            team: form.text("team"),
            email: form.text("email"),
            user_id: form.text("user_id"),
        }
    }

    fn blank(_: &RawForm) -> OwnerValues {
        OwnerValues::default()
    }

    fn values_of(_: &mut DbConnection, row: &OwnerRow) -> Result<OwnerValues, DbError> {
        Ok(OwnerValues {
            name: row.name.clone(),
            job_title: row.job_title.clone(),
            team: row.team.clone(),
            email: row.email.clone().unwrap_or_default(),
            user_id: row.user_id.map(|u| u.to_string()).unwrap_or_default(),
        })
    }

    fn choices(conn: &mut DbConnection, _: &PlanIndex, v: &OwnerValues, _: &Rules) -> Result<OwnerChoices, DbError> {
        let keep: Option<UserId> = v.user_id.trim().parse().ok();
        Ok(OwnerChoices { users: form_choices::unlinked_users(conn, keep)? })
    }

    fn parse(v: &OwnerValues, context: &Context) -> Result<Valid<OwnerInput>, FieldErrors> {
        let mut errors = FieldErrors::new();
        let user_id = optional_id(&mut errors, "user_id", &v.user_id);
        let input = OwnerInput {
            name: v.name.clone(),
            job_title: v.job_title.clone(),
            team: v.team.clone(),
            email: Some(v.email.clone()),
            user_id,
        };
        finish(errors, input, context)
    }

    fn page(view: View<'_, Self>) -> Markup {
        owner_form(view)
    }

    fn archive_notes(plan: &PlanIndex, row: &OwnerRow) -> ArchiveNotes {
        let actions = plan.actions_of_owner(row.id).count();
        let leads = plan.areas.iter().filter(|a| a.lead_owner_id == Some(row.id)).count();
        let mut changes = vec!["They are no longer offered as an owner for actions and areas.".to_string()];
        if actions + leads > 0 {
            changes.push(format!(
                "They still own {} and lead {}: choose new owners for those on their forms.",
                count(actions, "action"),
                count(leads, "practice area")
            ));
        }
        if row.user_id.is_some() {
            changes
                .push("Their Sustain account is no longer linked, so they can no longer update those actions.".into());
        }
        ArchiveNotes {
            stays: vec!["Their name on the actions and areas they own, and in change history.".into()],
            changes,
            blocked: None,
        }
    }
}
