//! An area's plan actions: its template's, renumbered and given to
//! Marlshire's owners, then new ones up to 125, dated so that the area keeps
//! its template's status (see the module above), each answering findings of
//! its own area.

use super::people;
use super::rng::Rng;
use super::themes::{BLOCKERS, CANCELLATIONS};
use super::{Place, ACTIONS_PER_AREA};
use crate::demo::data::build::{action, Dates, Plan};
use crate::demo::data::{Calendar, DemoAction};
use crate::domain::kinds::{ActionState, Rag};
use crate::domain::status::AreaStatus;
use std::collections::HashMap;

/// The area's actions, and the template's references with the new ones they became.
pub(super) fn actions(cal: &Calendar, place: &Place, rng: &mut Rng) -> (Vec<DemoAction>, HashMap<String, String>) {
    let loc = place.locality.to_ascii_lowercase();
    let mut renumbered = HashMap::new();
    let mut actions = Vec::with_capacity(ACTIONS_PER_AREA);
    for (i, template) in place.template.actions.iter().enumerate() {
        let mut a = template.clone();
        a.reference = format!("{}.{}", place.number, i + 1);
        renumbered.insert(template.reference.clone(), a.reference.clone());
        a.owner_key = people::owner_for(place.locality, job_for(&template.owner_key));
        a.description = a.description.replace("Hartwell", "Marlshire");
        a.finding_keys = a.finding_keys.iter().map(|k| format!("{k}-{loc}")).collect();
        let author = place.author(&a.owner_key);
        a.updates.iter_mut().for_each(|u| u.author_email = author.clone());
        actions.push(a);
    }
    let first = actions.len();
    for i in 0..ACTIONS_PER_AREA.saturating_sub(first) {
        actions.push(extra(cal, place, rng, i, first + i + 1));
    }
    answer_findings(place, &mut actions[first..], rng);
    (actions, renumbered)
}

/// The Marlshire job that holds a Hartwell owner's part.
fn job_for(hartwell_owner: &str) -> &str {
    match hartwell_owner {
        "hos_mash" => "hos_front_door",
        "qa_manager" => "qa_officer",
        "police" => "police_di",
        "health" => "health_nurse",
        "early_help" => "early_help_manager",
        "cic" => "hos_cic",
        // The director, assistant director, principal social worker, LADO,
        // commissioning and workforce hold the same jobs in Marlshire.
        same => same,
    }
}

/// What happens to an action besides its dates.
enum Fate {
    AsPlanned,
    Blocked(&'static str),
    Cancelled(&'static str),
}

/// The `i`th new action: one of the theme's actions for one of its teams,
/// a second phase once every pairing has been used.
fn extra(cal: &Calendar, place: &Place, rng: &mut Rng, i: usize, n: usize) -> DemoAction {
    let theme = place.theme;
    let mut parts = theme.actions[i % theme.actions.len()].split('|');
    let mut part = || parts.next().unwrap_or_default();
    let team = theme.teams[(i / theme.actions.len()) % theme.teams.len()];
    let pairings = theme.actions.len() * theme.teams.len();
    let phase = if i >= pairings { format!(" (phase {})", i / pairings + 1) } else { String::new() };
    let title = format!("{}{phase}", part().replace("{}", team));
    let (what, success) = (part().replace("{}", team), part().replace("{}", team));
    let owner = people::owner_for(place.locality, rng.pick(theme.owners));
    let reference = format!("{}.{n}", place.number);
    let (dates, fate) = when(cal, place.status(), rng);
    let plan =
        Plan { reference: &reference, title: &title, what: &what, owner: &owner, success: &success, findings: &[] };
    let mut a = action(cal, plan, dates);
    let author = place.author(&owner);
    a.updates.iter_mut().for_each(|u| u.author_email = author.clone());
    let (state, rag, note) = match fate {
        Fate::AsPlanned => return a,
        Fate::Blocked(why) => (ActionState::Blocked, Rag::Red, format!("Blocked: {why}.")),
        Fate::Cancelled(why) => (ActionState::Cancelled, Rag::Amber, format!("Cancelled: {why}.")),
    };
    a.state = state;
    if let Some(last) = a.updates.last_mut() {
        last.rag = rag;
        last.note = note;
    }
    a
}

/// Dates for a new action that keep the area's status, whatever the draw:
/// - embedded: started 16 to 30 months ago and done at least 10 months ago,
///   before the template's key measures settled (so it stays embedded for months);
/// - slipping: done at least 17 months ago, before the area was embedded;
/// - not yet sustained: done by last month (never embedded: its template's
///   evidence or measures fall short, and later completions only delay delivery);
/// - in progress: any mix (the template's open actions keep it undelivered);
/// - not started: every one starts after the "as at" date, or is cancelled.
fn when(cal: &Calendar, status: AreaStatus, rng: &mut Rng) -> (Dates, Fate) {
    match status {
        AreaStatus::Embedded => (completed(cal, rng, (16, 30), 10), Fate::AsPlanned),
        AreaStatus::Slipping => (completed(cal, rng, (22, 32), 17), Fate::AsPlanned),
        AreaStatus::NotYetSustained => (completed(cal, rng, (5, 26), 1), Fate::AsPlanned),
        AreaStatus::InProgress => {
            let roll = rng.unit();
            if roll < 0.5 {
                (completed(cal, rng, (4, 26), 1), Fate::AsPlanned)
            } else if roll < 0.85 {
                (open(cal, rng), Fate::AsPlanned)
            } else if roll < 0.92 {
                (open(cal, rng), Fate::Blocked(rng.pick(BLOCKERS)))
            } else if roll < 0.97 {
                (planned(cal, rng), Fate::AsPlanned)
            } else {
                (open(cal, rng), Fate::Cancelled(rng.pick(CANCELLATIONS)))
            }
        }
        AreaStatus::NotStarted if rng.chance(0.96) => (planned(cal, rng), Fate::AsPlanned),
        AreaStatus::NotStarted => (planned(cal, rng), Fate::Cancelled(rng.pick(CANCELLATIONS))),
    }
}

/// Started in a month `starts` back and completed at least three months later,
/// no more recently than `newest` months back; due around then, or earlier when
/// it finished late.
fn completed(cal: &Calendar, rng: &mut Rng, starts: (u32, u32), newest: u32) -> Dates {
    let began = rng.between(starts.0, starts.1);
    let finished = rng.between(newest, began - 3);
    let due = rng.between(finished.saturating_sub(1), began - 1);
    Dates {
        start: cal.day(began, rng.between(1, 28)),
        due: cal.m(due),
        done: Some(cal.day(finished, rng.between(1, 28))),
    }
}

/// Started 3 to 14 months ago and still open: due from months ago (overdue)
/// to six months ahead.
fn open(cal: &Calendar, rng: &mut Rng) -> Dates {
    let began = rng.between(3, 14);
    let due = rng.between(0, began - 1 + 6);
    Dates {
        start: cal.day(began, rng.between(1, 28)),
        due: if due >= 6 { cal.m(due - 6) } else { cal.ahead(6 - due) },
        done: None,
    }
}

/// Starting a week to ten months after the "as at" date.
fn planned(cal: &Calendar, rng: &mut Rng) -> Dates {
    let start = Calendar::after(cal.as_at, u64::from(rng.between(7, 300)));
    Dates { start, due: Calendar::after(start, u64::from(rng.between(60, 365))), done: None }
}

/// Every new action answers one or two of its area's findings that were raised
/// before it started (the earliest, if it started before any); then any finding
/// still unanswered (not a strength) goes to the action that started soonest
/// after it was raised, or the latest to start.
fn answer_findings(place: &Place, actions: &mut [DemoAction], rng: &mut Rng) {
    let open: Vec<_> = place.findings.iter().filter(|f| !f.strength).collect();
    if open.is_empty() || actions.is_empty() {
        return;
    }
    for a in actions.iter_mut() {
        let start = a.start_date.unwrap_or(chrono::NaiveDate::MAX);
        let known = open.partition_point(|f| f.raised <= start).max(1);
        let first = rng.pick(&open[..known]).key.clone();
        let second = rng.pick(&open[..known]).key.clone();
        if rng.chance(0.6) && second != first {
            a.finding_keys.push(second);
        }
        a.finding_keys.insert(0, first);
    }
    for f in &open {
        if actions.iter().any(|a| a.finding_keys.contains(&f.key)) {
            continue;
        }
        let after = actions
            .iter()
            .enumerate()
            .filter(|(_, a)| a.start_date >= Some(f.raised))
            .min_by_key(|(_, a)| a.start_date);
        let latest = actions.iter().enumerate().max_by_key(|(_, a)| a.start_date);
        if let Some((i, _)) = after.or(latest) {
            actions[i].finding_keys.push(f.key.clone());
        }
    }
}
