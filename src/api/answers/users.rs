//! Answers for user accounts: never a password hash, which no field here can hold.

use crate::db::users::UserRow;
use crate::domain::ids::UserId;
use crate::domain::kinds::Role;
use chrono::NaiveDateTime;
use serde::Serialize;
use utoipa::ToSchema;

answer! {
    /// A user account.
    #[schema(as = user)]
    User from UserRow {
        #[schema(value_type = i64)]
        id: UserId,
        /// Email address, used to sign in.
        email: String,
        /// Name.
        display_name: String,
        /// Role.
        #[schema(value_type = String)]
        role: Role,
        /// Whether they may sign in.
        active: bool,
        #[schema(value_type = Option<String>)]
        last_login_at: Option<NaiveDateTime>,
        #[schema(value_type = String)]
        created_at: NaiveDateTime,
        #[schema(value_type = String)]
        updated_at: NaiveDateTime,
        version: i32,
    }
}

/// A user account just added, with its generated password: answered once,
/// never stored. Its fields are a user's and the password, written out so the
/// document lists them as plainly as a user's.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = new_user)]
pub struct NewUser {
    #[schema(value_type = i64)]
    pub id: UserId,
    /// Email address, used to sign in.
    pub email: String,
    /// Name.
    pub display_name: String,
    /// Role.
    #[schema(value_type = String)]
    pub role: Role,
    pub active: bool,
    #[schema(value_type = Option<String>)]
    pub last_login_at: Option<NaiveDateTime>,
    #[schema(value_type = String)]
    pub created_at: NaiveDateTime,
    #[schema(value_type = String)]
    pub updated_at: NaiveDateTime,
    pub version: i32,
    /// The password to give them, shown this once.
    pub password: String,
}

impl NewUser {
    pub fn new(row: &UserRow, password: String) -> Self {
        let User { id, email, display_name, role, active, last_login_at, created_at, updated_at, version } =
            User::from(row);
        Self { id, email, display_name, role, active, last_login_at, created_at, updated_at, version, password }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn row() -> UserRow {
        let at = NaiveDate::from_ymd_opt(2025, 1, 31).and_then(|d| d.and_hms_opt(9, 30, 0)).unwrap();
        UserRow {
            id: UserId(7),
            email: "leader@hartwell.example".into(),
            display_name: "A Leader".into(),
            role: Role::Leader,
            password_hash: Some("$argon2id$v=19$secret".into()),
            active: true,
            token_version: 3,
            last_login_at: Some(at),
            created_at: at,
            updated_at: at,
            version: 2,
        }
    }

    #[test]
    fn a_user_answer_carries_no_password_hash_nor_token_version() {
        let sent = serde_json::to_value(User::from(&row())).unwrap();
        let keys: Vec<&str> = sent.as_object().unwrap().keys().map(String::as_str).collect();
        assert!(!keys.contains(&"password_hash") && !keys.contains(&"token_version"), "{keys:?}");
        assert!(!sent.to_string().contains("argon2"), "{sent}");
        assert_eq!(sent["email"], "leader@hartwell.example");
        assert_eq!(sent["role"], "leader");
    }

    #[test]
    fn a_new_user_answer_adds_only_the_generated_password() {
        let new = NewUser::new(&row(), "generated".into());
        let sent = serde_json::to_value(&new).unwrap();
        assert_eq!(sent["password"], "generated");
        let mut without = sent.clone();
        without.as_object_mut().unwrap().remove("password");
        assert_eq!(without, serde_json::to_value(User::from(&row())).unwrap());
    }
}
