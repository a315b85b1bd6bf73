//! `sustain user add|list|reset-password|deactivate`.

use super::{open, Failure, UserCommand};
use crate::auth::password::{self, Holder};
use crate::config::Config;
use crate::db::users;
use crate::db::{Actor, DbConnection};
use crate::domain::users::{UserChanges, UserInput};
use crate::domain::valid::Validate;
use std::io::Read;

/// The password for `holder`: piped in and checked against the policy, or generated.
fn read_password(from_stdin: bool, holder: &Holder<'_>) -> Result<(String, bool), Failure> {
    if !from_stdin {
        return Ok((password::generate(holder), true));
    }
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .map_err(|e| Failure::new(format!("could not read standard input: {e}")))?;
    let text = text.trim_end_matches(['\r', '\n']).to_string();
    password::check_policy("password", &text, holder).map_err(|e| Failure::input(e.to_string()))?;
    Ok((text, false))
}

fn find(conn: &mut DbConnection, email: &str) -> Result<users::UserRow, Failure> {
    users::find_by_email(conn, email)?.ok_or_else(|| Failure::new(format!("no user has the email address '{email}'")))
}

/// Runs one user command.
pub(super) fn run(config: &Config, command: UserCommand) -> Result<(), Failure> {
    let mut conn = open(config)?;
    let actor = Actor::system("command line");
    match command {
        UserCommand::Add { email, name, role, password_stdin } => {
            let holder = Holder { email: &email, authority: config.authority() };
            let (password, generated) = read_password(password_stdin, &holder)?;
            let hash = password::hash(&password)?;
            let new = UserInput { email, display_name: name, role }
                .validate(&super::context(config))
                .map_err(|e| Failure::input(e.to_string()))?;
            let user =
                users::create(&mut conn, &actor, &new, Some(&hash)).map_err(|e| Failure::input(e.to_string()))?;
            say!("Added {} ({}) as {}", user.display_name, user.email, user.role)?;
            if generated {
                say!("Password (shown once): {password}")?;
            }
        }
        UserCommand::List => {
            say!("{:<36} {:<28} {:<12} {:<8} last sign-in", "email", "name", "role", "active")?;
            for user in users::list(&mut conn)? {
                let last = user
                    .last_login_at
                    .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
                    .unwrap_or_else(|| "never".into());
                say!(
                    "{:<36} {:<28} {:<12} {:<8} {}",
                    user.email,
                    user.display_name,
                    user.role,
                    if user.active { "yes" } else { "no" },
                    last
                )?;
            }
        }
        UserCommand::ResetPassword { email, password_stdin } => {
            let user = find(&mut conn, &email)?;
            let holder = Holder { email: &user.email, authority: config.authority() };
            let (password, generated) = read_password(password_stdin, &holder)?;
            users::set_password(&mut conn, &actor, user.id, &password::hash(&password)?)?;
            say!("Password reset for {}; their sessions have ended.", user.email)?;
            if generated {
                say!("New password (shown once): {password}")?;
            }
        }
        UserCommand::Deactivate { email } => {
            let user = find(&mut conn, &email)?;
            let changes = UserChanges { display_name: user.display_name.clone(), role: user.role, active: false }
                .validate(&super::context(config))
                .map_err(|e| Failure::input(e.to_string()))?;
            users::update(&mut conn, &actor, user.id, user.version, &changes)?;
            say!("{} can no longer sign in; their sessions have ended.", user.email)?;
        }
    }
    Ok(())
}
