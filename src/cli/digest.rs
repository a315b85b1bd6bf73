//! `sustain digest [--dry-run]`, and the weekly digest that `serve` sends
//! when `[digest] schedule` is set.

use super::{open, Failure};
use crate::config::Config;
use crate::domain::dates::uk_local;
use crate::domain::digest::schedule::Weekly;
use crate::mail::digests::{run, Delivery};
use crate::mail::Mailer;
use chrono::NaiveDate;
use std::time::Duration;

/// Sends (or with `dry_run` lists) the digests for `as_at` (default today);
/// fails with one line naming the server when any digest could not be sent.
pub(super) fn digest(config: &Config, dry_run: bool, as_at: Option<NaiveDate>) -> Result<(), Failure> {
    let on = as_at.unwrap_or_else(|| super::today(config));
    let mailer = if dry_run { None } else { Some(Mailer::new(&config.smtp).map_err(Failure::input)?) };
    let mut conn = open(config)?;
    let delivery = mailer.as_ref().map_or(Delivery::DryRun, Delivery::Send);
    let authority = super::authority_in(&mut conn, config)?;
    let report = run(&mut conn, &authority, on, delivery)?;
    super::emit(&report.text())?;
    let failed = report.failures().count();
    if failed > 0 {
        let server = mailer.as_ref().map_or("", |m| m.server());
        let owners: Vec<&str> = report.failures().map(|l| l.digest.recipient.label.as_str()).collect();
        return Err(Failure::new(format!(
            "{failed} digest(s) could not be sent through the mail server {server} (to {}); \
             run `sustain digest` again to send them",
            owners.join(", ")
        )));
    }
    Ok(())
}

/// Starts a thread that sends the digest at each scheduled moment, for as
/// long as the process runs. The first run is the next scheduled moment after
/// start-up, so restarting the server does not send anything extra; a failure
/// is logged and retried at the next moment (or by `sustain digest`).
pub(super) fn start_schedule(config: &Config) -> Result<Option<Weekly>, Failure> {
    let Some(weekly) = config.digest.weekly()? else { return Ok(None) };
    let mailer = Mailer::new(&config.smtp).map_err(|e| Failure::input(format!("[digest] schedule is set, but {e}")))?;
    let config = config.clone();
    std::thread::Builder::new()
        .name("digest-schedule".into())
        .spawn(move || {
            let clock = config.clock().unwrap_or_default();
            let local_now = || uk_local(clock.now().naive_utc());
            let mut last = weekly.latest_at_or_before(local_now());
            loop {
                std::thread::sleep(Duration::from_secs(15));
                let due = weekly.latest_at_or_before(local_now());
                if due <= last {
                    continue;
                }
                last = due;
                let on = clock.today();
                let outcome = open(&config).and_then(|mut conn| {
                    let authority = super::authority_in(&mut conn, &config)?;
                    Ok(run(&mut conn, &authority, on, Delivery::Send(&mailer))?)
                });
                match outcome {
                    Ok(report) => {
                        let sent = report.count(|o| matches!(o, crate::mail::digests::Outcome::Sent));
                        for line in report.failures() {
                            let owner = &line.digest.recipient.label;
                            tracing::warn!(%owner, outcome = ?line.outcome, "a reminder digest was not sent");
                        }
                        let failed = report.failures().count();
                        tracing::info!(sent, failed, server = mailer.server(), "weekly reminder digests");
                    }
                    Err(e) => tracing::error!(error = %e.message, "the weekly reminder digests could not run"),
                }
            }
        })
        .map_err(|e| Failure::new(format!("could not start the digest schedule: {e}")))?;
    Ok(Some(weekly))
}
