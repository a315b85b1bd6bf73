//! `sustain serve [--demo]`.

use super::{open_migrated, Failure};
use crate::app;
use crate::auth::password::{self, Holder};
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
    let schedule = super::digest::schedule(&config)?;
    let mut conn = open_migrated(&config)?;
    if demo && transfer::is_empty(&mut conn)? {
        let as_at = super::today(&config);
        let summary = crate::demo::load(&mut conn, as_at)?;
        say!("Loaded the demo authority, Hartwell Borough Council, as at {as_at}: {summary}")?;
        give_demo_users_a_password(&mut conn, &config)?;
    }
    let first_start = Actor::system("first start");
    if let Some(loaded) = crate::db::figures::ensure_shipped(&mut conn, &first_start)? {
        say!("Loaded the published figures that ship with Sustain: {} files", loaded.len())?;
    }
    if let Some(count) =
        crate::reports::sheets::inspections::load_shipped(&mut conn, &first_start).map_err(super::figures::outcomes)?
    {
        say!("Loaded Ofsted's inspection outcomes that ship with Sustain: {count} inspections")?;
    }
    if users::count(&mut conn)? == 0 {
        create_first_admin(&mut conn, &config)?;
    }
    drop(conn);
    if let Some(schedule) = &schedule {
        say!("Reminder digests are sent every {} (English time) through {}", schedule.weekly, config.smtp.server())?;
    }
    let drain = std::time::Duration::from_secs(config.drain_seconds);
    let state = app::state(config)?;
    let draining = state.draining.clone();
    actix_web::rt::System::new().block_on(async move {
        let (server, address) = app::build(state)?;
        actix_web::rt::spawn(stop_on_signal(server.handle(), draining, drain));
        let digests = schedule.map(|schedule| actix_web::rt::spawn(schedule.run()));
        say!("Sustain is running at http://{address}/ (database: {})", url.redacted())?;
        let stopped = server.await;
        // The schedule stops with the server; a digest being sent is finished first.
        if let Some(task) = digests {
            task.abort();
        }
        stopped.map_err(|e| Failure::new(format!("the server stopped: {e}")))
    })?;
    Ok(())
}

/// Ctrl-C stops at once; SIGTERM first says "draining" on `/readyz` for
/// `drain`, still answering, so a load balancer moves traffic away before
/// the listener closes. Either way requests in flight are finished.
async fn stop_on_signal(
    server: actix_web::dev::ServerHandle,
    draining: std::sync::Arc<std::sync::atomic::AtomicBool>,
    drain: std::time::Duration,
) {
    use tokio::signal::unix::{signal, SignalKind};
    let Ok(mut terminate) = signal(SignalKind::terminate()) else {
        tracing::warn!("SIGTERM cannot be watched; Ctrl-C still stops the server");
        // A Ctrl-C that cannot be watched either never stops the server.
        if tokio::signal::ctrl_c().await.is_ok() {
            server.stop(true).await;
        }
        return;
    };
    tokio::select! {
        _ = terminate.recv() => {
            draining.store(true, std::sync::atomic::Ordering::Relaxed);
            tracing::info!(seconds = drain.as_secs(), "SIGTERM: draining, then stopping");
            actix_web::rt::time::sleep(drain).await;
        }
        Ok(()) = tokio::signal::ctrl_c() => {}
    }
    server.stop(true).await;
}

/// `SUSTAIN_ADMIN_PASSWORD`, checked against the policy for each account it is
/// for, or one generated for all of them.
fn password_from(config: &Config, emails: &[&str]) -> Result<(String, bool), Failure> {
    let holders: Vec<Holder<'_>> = emails.iter().map(|email| Holder { email, authority: config.authority() }).collect();
    match &config.admin_password {
        Some(p) => {
            let p = secrecy::ExposeSecret::expose_secret(p);
            for holder in &holders {
                password::check_policy("SUSTAIN_ADMIN_PASSWORD", p, holder)
                    .map_err(|e| Failure::new(format!("{e} (for {})", holder.email)))?;
            }
            Ok((p.to_string(), false))
        }
        None => loop {
            let first = holders.first().copied().unwrap_or(Holder { email: "", authority: config.authority() });
            let candidate = password::generate(&first);
            if holders.iter().all(|h| password::check_policy("password", &candidate, h).is_ok()) {
                break Ok((candidate, true));
            }
        },
    }
}

fn give_demo_users_a_password(conn: &mut DbConnection, config: &Config) -> Result<(), Failure> {
    let demo_users = users::list(conn)?;
    let emails: Vec<&str> = demo_users.iter().map(|u| u.email.as_str()).collect();
    let (password, generated) = password_from(config, &emails)?;
    let hash = password::hash(&password)?;
    let actor = Actor::system("serve --demo");
    // Every password is set before anything is said, so a closed output leaves no user without one.
    for user in &demo_users {
        users::set_password(conn, &actor, user.id, &hash)?;
    }
    say!("Demo users (one per role) can sign in with:")?;
    for user in &demo_users {
        say!("  {:<32} {}", user.email, user.role)?;
    }
    if generated {
        say!("Password for all of them (shown once): {password}")?;
    } else {
        say!("Password: the value of SUSTAIN_ADMIN_PASSWORD")?;
    }
    Ok(())
}

fn create_first_admin(conn: &mut DbConnection, config: &Config) -> Result<(), Failure> {
    let (password, generated) = password_from(config, &[config.admin_email.as_str()])?;
    let new = UserInput { email: config.admin_email.clone(), display_name: "Administrator".into(), role: Role::Admin }
        .validate(&super::context(config))
        .map_err(|e| Failure::new(format!("SUSTAIN_ADMIN_EMAIL: {e}")))?;
    users::create(conn, &Actor::system("first start"), &new, Some(&password::hash(&password)?))?;
    say!("Created the first admin: {}", config.admin_email)?;
    if generated {
        say!("Password (shown once): {password}")?;
    }
    Ok(())
}
