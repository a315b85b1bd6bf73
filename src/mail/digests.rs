//! A digest run: build every owner's digest for a date, and send those with
//! a new reminder. Each is recorded (claimed) before it is sent, so that two
//! runs at once send it once; one that fails to send is taken back, so the
//! next run sends it (and nothing already delivered).

use super::Mailer;
use crate::db::{self, Actor, DbConnection, DbError};
use crate::domain::digest::{self, text, Digest};
use crate::domain::status::Rules;
use crate::read::cache::Snapshot;
use crate::read::plan::PlanIndex;
use chrono::NaiveDate;
use std::fmt::Write;

/// Whether a run sends, or only says what it would send.
#[derive(Clone, Copy)]
pub enum Delivery<'a> {
    DryRun,
    Send(&'a Mailer),
}

/// What happened to one owner's digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Sent and recorded.
    Sent,
    /// Would be sent (dry run).
    WouldSend,
    /// Could not be sent (or recorded); the reason names the server.
    Failed(String),
    /// Everything in it was sent before.
    NothingNew,
    /// The owner has no email: their actions are in the leaders' digests.
    NoEmail,
    /// The owner has nothing due.
    Empty,
}

/// One owner's digest and what happened to it.
#[derive(Debug, Clone)]
pub struct Line {
    pub digest: Digest,
    pub outcome: Outcome,
}

/// The whole run.
#[derive(Debug, Clone)]
pub struct Report {
    pub on: NaiveDate,
    pub dry_run: bool,
    pub lines: Vec<Line>,
    /// How many owners lead (and so receive the owners without an email).
    pub leaders: usize,
}

impl Report {
    /// How many digests had this outcome.
    pub fn count(&self, wanted: fn(&Outcome) -> bool) -> usize {
        self.lines.iter().filter(|l| wanted(&l.outcome)).count()
    }

    /// The digests that failed.
    pub fn failures(&self) -> impl Iterator<Item = &Line> {
        self.lines.iter().filter(|l| matches!(l.outcome, Outcome::Failed(_)))
    }

    /// The run in words, as the command prints it.
    pub fn text(&self) -> String {
        let mut out = String::new();
        // Writing to a String cannot fail.
        let _ = self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) -> std::fmt::Result {
        let mode = if self.dry_run { " (dry run: nothing is sent or recorded)" } else { "" };
        writeln!(out, "Reminder digests for {}{mode}", self.on)?;
        for line in &self.lines {
            let d = &line.digest;
            let to = match &d.recipient.email {
                Some(email) => format!("{} <{email}>", d.recipient.label),
                None => d.recipient.label.clone(),
            };
            let what = match &line.outcome {
                Outcome::Sent => format!("sent: {}", text::summary(d)),
                Outcome::WouldSend => format!("would send: {}", text::summary(d)),
                Outcome::Failed(why) => format!("NOT SENT: {why}"),
                Outcome::NothingNew => format!("nothing new since the last digest ({})", text::summary(d)),
                Outcome::NoEmail if self.leaders == 0 => {
                    format!("no email address, and no leader to pass it on ({})", text::summary(d))
                }
                Outcome::NoEmail => format!("no email address: listed to the leaders ({})", text::summary(d)),
                Outcome::Empty => continue,
            };
            writeln!(out, "{to}: {what}")?;
            if matches!(line.outcome, Outcome::Sent | Outcome::WouldSend | Outcome::Failed(_)) {
                for reminder in text::reminder_lines(d) {
                    writeln!(out, "  reminder: {reminder}")?;
                }
            }
        }
        let sent = self.count(|o| matches!(o, Outcome::Sent | Outcome::WouldSend));
        let failed = self.count(|o| matches!(o, Outcome::Failed(_)));
        let verb = if self.dry_run { "would be sent" } else { "sent" };
        write!(out, "{sent} digest{} {verb}", if sent == 1 { "" } else { "s" })?;
        if failed > 0 {
            write!(out, ", {failed} failed (they are sent on the next run)")?;
        }
        writeln!(out, ".")
    }
}

/// Failures in a row after which the rest of a run is not tried.
const GIVE_UP_AFTER: usize = 3;

/// Builds every owner's digest for `on` and delivers those with a new
/// reminder; `rules` are the default status rules, for the areas at risk of slipping.
pub fn run(
    conn: &mut DbConnection,
    authority: &str,
    rules: &Rules,
    on: NaiveDate,
    delivery: Delivery,
) -> Result<Report, DbError> {
    let snapshot = Snapshot::new(PlanIndex::load(conn)?, rules.clone());
    let leaders = db::digests::leader_owners(conn)?;
    let input = crate::read::digest::input(&snapshot, &leaders, on);
    let sent = db::digests::sent_reminders(conn)?;
    let mut lines = Vec::new();
    let mut failures_in_a_row = 0;
    for d in digest::digests(on, &input, &sent) {
        let outcome = match (&d.recipient.email, delivery) {
            _ if d.is_empty() => Outcome::Empty,
            (None, _) => Outcome::NoEmail,
            (Some(_), _) if !d.has_news() => Outcome::NothingNew,
            (Some(_), Delivery::DryRun) => Outcome::WouldSend,
            // A server that refused three in a row is down or refusing us: don't wait on it for everyone.
            (Some(_), Delivery::Send(mailer)) if failures_in_a_row >= GIVE_UP_AFTER => Outcome::Failed(format!(
                "not tried: the mail server {} failed for the last {GIVE_UP_AFTER}",
                mailer.server()
            )),
            (Some(email), Delivery::Send(mailer)) => deliver(conn, mailer, &d, email, authority),
        };
        match outcome {
            Outcome::Failed(_) => failures_in_a_row += 1,
            Outcome::Sent => failures_in_a_row = 0,
            _ => {}
        }
        lines.push(Line { digest: d, outcome });
    }
    Ok(Report { on, dry_run: matches!(delivery, Delivery::DryRun), lines, leaders: leaders.len() })
}

fn deliver(conn: &mut DbConnection, mailer: &Mailer, d: &Digest, email: &str, authority: &str) -> Outcome {
    let actor = Actor::system("sustain digest");
    // Claimed first, so that two runs at once (two instances' schedules) send it once.
    let claim = match db::digests::claim(conn, &actor, d.recipient.id, email, d.on, &d.new_reminders) {
        Ok(Some(claim)) => claim,
        Ok(None) => return Outcome::NothingNew,
        Err(e) => return Outcome::Failed(format!("could not be recorded, so was not sent: {e}")),
    };
    let subject = text::subject(d, authority);
    let Err(why) = mailer.send(&d.recipient.label, email, &subject, text::body(d, authority)) else {
        return Outcome::Sent;
    };
    match db::digests::release(conn, &actor, &claim, &why) {
        Ok(()) => Outcome::Failed(why),
        Err(e) => Outcome::Failed(format!("{why}; and its reminders stay marked as sent ({e})")),
    }
}
