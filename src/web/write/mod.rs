//! Pages that change the plan: one shape for every record's forms (`crud`),
//! and what each kind of record needs of it.

pub mod action;
pub mod archived;
pub mod area;
pub mod crud;
pub mod evidence;
pub mod finding;
pub mod inspection;
pub mod measure;
pub mod owner;

use crate::read::form_choices::Group;
use crate::views::fields::ChoiceGroups;

/// Grouped choices as the checkboxes show them.
pub fn choice_groups(groups: Vec<Group>) -> ChoiceGroups {
    groups
        .into_iter()
        .map(|g| (g.heading, g.items.into_iter().map(|i| (i.id.to_string(), i.label, i.hint)).collect()))
        .collect()
}

/// Ids as a form carries them.
pub fn id_strings<T: std::fmt::Display>(ids: &[T]) -> Vec<String> {
    ids.iter().map(ToString::to_string).collect()
}
