//! `sustain serve [--demo]`.

use super::{open, Failure};
use crate::app;
use crate::auth::password;
use crate::config::Config;
use crate::db::users;
use crate::db::{transfer, Actor, DbConnection};
use crate::domain::kinds::Role;
use crate::domain::users::UserInput;
use crate::domain::valid::Validate;

/// Prepares the database, then serves until stopped (SIGTERM or Ctrl-C end it
/// gracefully: requests in flight are finished first).
pub(super) fn serve(mut config: Config, demo: bool) -> Result<(), Failure> {
    let url = config.database()?;
    if demo && config.authority_name.is_none() {
        config.authority_name = Some(crate::demo::data::NAME.to_string());
    }
    // A schedule without a mail server stops the start, before anything is changed.
    let schedule = super::digest::start_schedule(&config)?;
    let mut conn = open(&config)?;
    if demo && transfer::is_empty(&mut conn)? {
        let as_at = super::today(&config);
        let summary = crate::demo::load(&mut conn, as_at)?;
        println!("Loaded the demo authority, Hartwell Borough Council, as at {as_at}: {summary}");
        give_demo_users_a_password(&mut conn, &config)?;
    }
    if users::count(&mut conn)? == 0 {
        create_first_admin(&mut conn, &config)?;
    }
    drop(conn);
    if let Some(weekly) = schedule {
        println!("Reminder digests are sent every {weekly} (English time) through {}", config.smtp.server());
    }
    let state = app::state(config)?;
    actix_web::rt::System::new().block_on(async move {
        let (server, address) = app::build(state)?;
        println!("Sustain is running at http://{address}/ (database: {})", url.redacted());
        server.await.map_err(|e| format!("the server stopped: {e}"))
    })?;
    Ok(())
}

fn password_from(config: &Config) -> Result<(String, bool), Failure> {
    match &config.admin_password {
        Some(p) => {
            password::check_policy("SUSTAIN_ADMIN_PASSWORD", p).map_err(|e| Failure::new(e.to_string()))?;
            Ok((p.clone(), false))
        }
        None => Ok((password::generate(), true)),
    }
}

fn give_demo_users_a_password(conn: &mut DbConnection, config: &Config) -> Result<(), Failure> {
    let (password, generated) = password_from(config)?;
    let hash = password::hash(&password)?;
    let actor = Actor::system("serve --demo");
    println!("Demo users (one per role) can sign in with:");
    for user in users::list(conn)? {
        users::set_password(conn, &actor, user.id, &hash)?;
        println!("  {:<32} {}", user.email, user.role);
    }
    if generated {
        println!("Password for all of them (shown once): {password}");
    } else {
        println!("Password: the value of SUSTAIN_ADMIN_PASSWORD");
    }
    Ok(())
}

fn create_first_admin(conn: &mut DbConnection, config: &Config) -> Result<(), Failure> {
    let (password, generated) = password_from(config)?;
    let new = UserInput { email: config.admin_email.clone(), display_name: "Administrator".into(), role: Role::Admin }
        .validate(&super::context(config))
        .map_err(|e| Failure::new(format!("SUSTAIN_ADMIN_EMAIL: {e}")))?;
    users::create(conn, &Actor::system("first start"), &new, Some(&password::hash(&password)?))?;
    println!("Created the first admin: {}", config.admin_email);
    if generated {
        println!("Password (shown once): {password}");
    }
    Ok(())
}
