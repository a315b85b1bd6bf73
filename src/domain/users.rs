//! Validated input for the people who sign in.

use super::fields::FieldErrors;
use super::kinds::Role;
use super::plan::looks_like_email;
use super::valid::{Context, Validate};
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

impl Validate for UserChanges {
    fn tidy_and_check(&mut self, _: &Context) -> FieldErrors {
        let mut errors = FieldErrors::new();
        errors.line("display_name", "the person's name", &mut self.display_name, NAME_MAX, true);
        errors
    }
}
