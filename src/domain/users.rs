//! Validated input for the people who sign in: each input is validated by
//! its draft's rules (the `Validate` that `drafts::draft!` writes).

use super::drafts::draft;
use super::fields::FieldErrors;
use super::kinds::Role;
use super::plan::looks_like_email;
use super::valid::{Context, Draft};
use serde::{Deserialize, Serialize};

/// Longest display name kept.
pub const NAME_MAX: usize = 200;

/// A new user, before their password is set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserInput {
    pub email: String,
    pub display_name: String,
    pub role: Role,
}

draft! {
    /// A new user as read: the role may be missing.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct UserDraft for UserInput {
        email: String,
        display_name: String,
        role: Role => "Choose a role",
    }
}

impl Draft for UserDraft {
    fn tidy_and_check(&mut self, _: &Context) -> FieldErrors {
        let mut errors = FieldErrors::new();
        errors.line("email", "an email address", &mut self.email, 320, true);
        if !self.email.is_empty() && !looks_like_email(&self.email) {
            errors.add("email", "Enter an email address in the correct format, like name@example.org");
        }
        errors.line("display_name", "the person's name", &mut self.display_name, NAME_MAX, true);
        errors
    }
}

/// What an administrator may change about a user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserChanges {
    pub display_name: String,
    pub role: Role,
    pub active: bool,
}

draft! {
    /// A change to a user as read: the role and status may be missing.
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct UserChangesDraft for UserChanges {
        display_name: String,
        role: Role => "Choose a role",
        active: bool => "Choose active or deactivated",
    }
}

impl Draft for UserChangesDraft {
    fn tidy_and_check(&mut self, _: &Context) -> FieldErrors {
        let mut errors = FieldErrors::new();
        errors.line("display_name", "the person's name", &mut self.display_name, NAME_MAX, true);
        errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_user_without_a_role_is_asked_for_one_with_their_other_problems() {
        let context = Context::for_today(chrono::NaiveDate::from_ymd_opt(2025, 3, 31).unwrap());
        let errors =
            UserDraft { email: "not an address".into(), ..UserDraft::default() }.validate(&context).unwrap_err();
        assert_eq!(errors.for_field("role"), Some("Choose a role"));
        assert!(errors.for_field("email").is_some() && errors.for_field("display_name").is_some());
    }
}
