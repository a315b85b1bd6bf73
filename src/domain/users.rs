//! Validated input for the people who sign in.

use super::drafts::required;
use super::fields::FieldErrors;
use super::kinds::Role;
use super::plan::looks_like_email;
use super::valid::{check_whole, Context, Draft, Validate};
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

impl Validate for UserInput {
    /// The rules of its draft, which every reader shares.
    fn tidy_and_check(&mut self, context: &Context) -> FieldErrors {
        check_whole::<UserDraft>(self, context)
    }
}

/// A new user as read: the role may be missing.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct UserDraft {
    pub email: String,
    pub display_name: String,
    pub role: Option<Role>,
}

impl From<UserInput> for UserDraft {
    fn from(u: UserInput) -> Self {
        Self { email: u.email, display_name: u.display_name, role: Some(u.role) }
    }
}

impl Draft for UserDraft {
    type Input = UserInput;

    fn tidy_and_check(&mut self, _: &Context) -> FieldErrors {
        let mut errors = FieldErrors::new();
        errors.line("email", "an email address", &mut self.email, 320, true);
        if !self.email.is_empty() && !looks_like_email(&self.email) {
            errors.add("email", "Enter an email address in the correct format, like name@example.org");
        }
        errors.line("display_name", "the person's name", &mut self.display_name, NAME_MAX, true);
        errors
    }

    fn complete(self) -> Result<UserInput, FieldErrors> {
        let mut missing = FieldErrors::new();
        let Some(role) = required(&mut missing, "role", "Choose a role", self.role) else { return Err(missing) };
        Ok(UserInput { email: self.email, display_name: self.display_name, role })
    }
}

/// What an administrator may change about a user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserChanges {
    pub display_name: String,
    pub role: Role,
    pub active: bool,
}

impl Validate for UserChanges {
    /// The rules of its draft, which every reader shares.
    fn tidy_and_check(&mut self, context: &Context) -> FieldErrors {
        check_whole::<UserChangesDraft>(self, context)
    }
}

/// A change to a user as read: the role and status may be missing.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct UserChangesDraft {
    pub display_name: String,
    pub role: Option<Role>,
    pub active: Option<bool>,
}

impl From<UserChanges> for UserChangesDraft {
    fn from(c: UserChanges) -> Self {
        Self { display_name: c.display_name, role: Some(c.role), active: Some(c.active) }
    }
}

impl Draft for UserChangesDraft {
    type Input = UserChanges;

    fn tidy_and_check(&mut self, _: &Context) -> FieldErrors {
        let mut errors = FieldErrors::new();
        errors.line("display_name", "the person's name", &mut self.display_name, NAME_MAX, true);
        errors
    }

    fn complete(self) -> Result<UserChanges, FieldErrors> {
        let mut missing = FieldErrors::new();
        let role = required(&mut missing, "role", "Choose a role", self.role);
        let active = required(&mut missing, "active", "Choose active or deactivated", self.active);
        let (Some(role), Some(active)) = (role, active) else { return Err(missing) };
        Ok(UserChanges { display_name: self.display_name, role, active })
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
