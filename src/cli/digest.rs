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
    let report = run(&mut conn, &authority, &config.rules, on, delivery)?;
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

/// The longest the schedule sleeps between looks at the clock, so that a
/// clock change is noticed within it.
const LONGEST_WAIT: Duration = Duration::from_secs(15);

/// The weekly digest that `serve` sends while it runs.
pub(super) struct DigestSchedule {
    pub weekly: Weekly,
    mailer: Mailer,
    config: Config,
}

/// The schedule of the settings, with its mail server checked, before the
/// server changes anything; `None` when no schedule is set.
pub(super) fn schedule(config: &Config) -> Result<Option<DigestSchedule>, Failure> {
    let Some(weekly) = config.digest.weekly()? else { return Ok(None) };
    let mailer = Mailer::new(&config.smtp).map_err(|e| Failure::input(format!("[digest] schedule is set, but {e}")))?;
    Ok(Some(DigestSchedule { weekly, mailer, config: config.clone() }))
}

impl DigestSchedule {
    /// Sends the digest at each scheduled moment, as a task of the server's
    /// runtime that ends when the server stops (`serve` aborts it then). The
    /// first run is the next scheduled moment after start-up, so restarting the
    /// server does not send anything extra; a failure is logged and retried at
    /// the next moment (or by `sustain digest`). The sending itself, database and
    /// mail server, runs on a blocking thread.
    pub async fn run(self) {
        let schedule = std::sync::Arc::new(self);
        let clock = schedule.config.clock().unwrap_or_default();
        let local_now = || uk_local(clock.now().naive_utc());
        let mut last = schedule.weekly.latest_at_or_before(local_now());
        loop {
            actix_web::rt::time::sleep(schedule.weekly.next_look(local_now(), LONGEST_WAIT)).await;
            let due = schedule.weekly.latest_at_or_before(local_now());
            if due <= last {
                continue;
            }
            last = due;
            let on = clock.today();
            let sending = schedule.clone();
            match actix_web::rt::task::spawn_blocking(move || sending.send(on)).await {
                Ok(()) => {}
                Err(e) => tracing::error!(error = %e, "the weekly reminder digests stopped unexpectedly"),
            }
        }
    }

    /// Sends the digests of `on` and logs what happened.
    fn send(&self, on: NaiveDate) {
        let outcome = open(&self.config).and_then(|mut conn| {
            let authority = super::authority_in(&mut conn, &self.config)?;
            Ok(run(&mut conn, &authority, &self.config.rules, on, Delivery::Send(&self.mailer))?)
        });
        match outcome {
            Ok(report) => {
                let sent = report.count(|o| matches!(o, crate::mail::digests::Outcome::Sent));
                for line in report.failures() {
                    let owner = &line.digest.recipient.label;
                    tracing::warn!(%owner, outcome = ?line.outcome, "a reminder digest was not sent");
                }
                let failed = report.failures().count();
                tracing::info!(sent, failed, server = self.mailer.server(), "weekly reminder digests");
                use crate::telemetry::figures::{DIGESTS_FAILED, DIGESTS_SENT};
                metrics::counter!(DIGESTS_SENT).increment(sent as u64);
                metrics::counter!(DIGESTS_FAILED).increment(failed as u64);
            }
            Err(e) => tracing::error!(error = %e.message, "the weekly reminder digests could not run"),
        }
    }
}
