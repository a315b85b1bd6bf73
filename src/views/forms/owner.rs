//! The form to add or change an owner: a person, often named by job title,
//! who may be a partner outside the council and need not be a user.

use super::super::fields::{input, select_field, FormFields, Input};
use super::super::form_page::{buttons, form_layout, FormState};
use super::id_options;
use crate::domain::ids::{OwnerId, UserId};
use maud::{html, Markup};

/// What the owner form holds, as typed.
#[derive(Debug, Clone, Default)]
pub struct OwnerValues {
    pub name: String,
    pub job_title: String,
    pub team: String,
    pub email: String,
    pub user_id: String,
}

impl FormFields for OwnerValues {
    fn fields(&self) -> Vec<(&'static str, &'static str, String)> {
        vec![
            ("name", "Name", self.name.clone()),
            ("job_title", "Job title", self.job_title.clone()),
            ("team", "Team or partner agency", self.team.clone()),
            ("email", "Email address", self.email.clone()),
            ("user_id", "Sustain user", self.user_id.clone()),
        ]
    }
}

/// What the owner form offers: users not yet linked to another owner.
#[derive(Debug, Clone, Default)]
pub struct OwnerChoices {
    pub users: Vec<(UserId, String)>,
}

/// The owner form page.
pub fn owner_form(view: FormState<'_, OwnerId, OwnerValues, OwnerChoices>) -> Markup {
    let (v, c, errors) = (view.values, view.choices, view.errors);
    let title = if view.is_new() { "Add an owner" } else { "Change the owner" };
    let cancel = view.back_to("/owners", "/owners");
    let head = view.head(title, None, &cancel);
    form_layout(
        head,
        view.chrome,
        html! {
            p class="app-body" { "An owner is the person who answers for actions or areas. They need not use Sustain: police, health and other partners often do not." }
            form method="post" action=(view.action("/owners")) novalidate class="app-form" {
                (view.hidden())
                (input("job_title", "Job title", Some("Plans often name the role rather than the person, for example \"Head of Early Help\""), &v.job_title, Input::Text, errors))
                (input("name", "Name", Some("Enter a name, a job title, or both"), &v.name, Input::Text, errors))
                (input("team", "Team or partner agency (optional)", Some("For example, \"Front door\" or \"Hartshire Police\""), &v.team, Input::Text, errors))
                (input("email", "Email address (optional)", None, &v.email, Input::Email, errors))
                (select_field("user_id", "Sustain user (optional)", Some("Link the owner to their Sustain account so that they can update the actions they own. Partners who do not use Sustain are not linked."), &id_options(Some("Not a Sustain user"), &c.users), &v.user_id, errors))
                (buttons(if view.is_new() { "Save owner" } else { "Save changes" }, &cancel))
            }
        },
    )
}
