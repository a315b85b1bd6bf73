//! A digest in words: the email's subject and plain-text body, and the
//! one-line summaries the command prints.

use super::slipping::SlippingItem;
use super::{ActionGroups, ActionItem, Digest, EvidenceItem, RequestItem};
use crate::domain::dates::long_date;
use std::fmt::Write;

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "due today", "due in 3 days", "5 days overdue".
pub fn when(days_left: i64) -> String {
    match days_left {
        0 => "due today".into(),
        1 => "due tomorrow".into(),
        -1 => "1 day overdue".into(),
        d if d < 0 => format!("{} days overdue", -d),
        d => format!("due in {d} days"),
    }
}

/// What a digest holds, in a few words: "2 overdue, 1 due in the next 14 days".
pub fn summary(digest: &Digest) -> String {
    let a = &digest.actions;
    let mut parts = Vec::new();
    if !a.overdue.is_empty() {
        parts.push(format!("{} overdue", plural(a.overdue.len(), "action", "actions")));
    }
    if !a.due_soon.is_empty() {
        parts.push(format!("{} due in the next 14 days", plural(a.due_soon.len(), "action", "actions")));
    }
    if !a.coming_up.is_empty() {
        parts.push(format!("{} due in 15 to 30 days", plural(a.coming_up.len(), "action", "actions")));
    }
    if !digest.requests.is_empty() {
        parts.push(plural(digest.requests.len(), "request for evidence", "requests for evidence"));
    }
    if !digest.evidence.is_empty() {
        parts.push(format!("{} waiting for review", plural(digest.evidence.len(), "evidence item", "evidence items")));
    }
    if !digest.slipping.is_empty() {
        parts.push(format!("{} at risk of slipping", plural(digest.slipping.len(), "area you lead", "areas you lead")));
    }
    if !digest.unreachable.is_empty() {
        parts.push(plural(digest.unreachable.len(), "owner without an email", "owners without an email"));
    }
    if parts.is_empty() {
        "nothing due".into()
    } else {
        parts.join(", ")
    }
}

/// The email's subject line.
pub fn subject(digest: &Digest, authority: &str) -> String {
    format!("{authority}: improvement plan reminders for {}", long_date(digest.on))
}

fn action_line(out: &mut String, item: &ActionItem) -> std::fmt::Result {
    let a = &item.action;
    let new = if item.new_reminder { " [reminder]" } else { "" };
    writeln!(out, "  - {} {}: due {}, {}{new}", a.reference, a.title, long_date(a.due), when(item.days_left))
}

fn evidence_line(out: &mut String, item: &EvidenceItem) -> std::fmt::Result {
    let e = &item.evidence;
    let new = if item.new_reminder { " [reminder]" } else { "" };
    let weeks = item.days_waiting / 7;
    let waited = if weeks == 0 { "this week".to_string() } else { plural(weeks as usize, "week", "weeks") };
    writeln!(out, "  - {} (observed {}, waiting {waited}){new}", e.title, long_date(e.observed_on))
}

/// "needed today", "needed in 3 days", "5 days overdue".
pub fn needed(days_left: i64) -> String {
    match days_left {
        d if d < 0 => when(d),
        0 => "needed today".into(),
        1 => "needed tomorrow".into(),
        d => format!("needed in {d} days"),
    }
}

fn request_line(out: &mut String, item: &RequestItem) -> std::fmt::Result {
    let r = &item.request;
    let new = if item.new_reminder { " [reminder]" } else { "" };
    let wanted = r.wanted.trim_end_matches('.');
    writeln!(out, "  - {}: {wanted} (by {}, {}){new}", r.about, long_date(r.due), needed(item.days_left))
}

/// "in 5 days", "tomorrow".
fn slips_in(days_left: i64) -> String {
    if days_left == 1 {
        "tomorrow".into()
    } else {
        format!("in {days_left} days")
    }
}

/// The areas the recipient leads that would slip, within a week first (flagged) then in 8 to 30 days.
fn slipping(out: &mut String, items: &[SlippingItem]) -> std::fmt::Result {
    let (week, later): (Vec<&SlippingItem>, Vec<&SlippingItem>) = items.iter().partition(|i| i.within_week());
    let sections = [("within 7 days: act now", week), ("in 8 to 30 days", later)];
    for (when, items) in sections {
        if items.is_empty() {
            continue;
        }
        writeln!(out, "\nAreas you lead that stop being embedded {when}, unless more is recorded ({})", items.len())?;
        for item in items {
            let new = if item.new_reminder { " [reminder]" } else { "" };
            writeln!(out, "  - {} ({}): {}{new}", item.area.name, slips_in(item.days_left), item.area.reason)?;
        }
    }
    Ok(())
}

fn groups(out: &mut String, groups: &ActionGroups, whose: &str) -> std::fmt::Result {
    let sections = [
        (format!("{whose} overdue actions"), &groups.overdue),
        (format!("{whose} actions due in the next 14 days"), &groups.due_soon),
        (format!("{whose} actions due in 15 to 30 days"), &groups.coming_up),
    ];
    for (heading, items) in sections {
        if items.is_empty() {
            continue;
        }
        writeln!(out, "\n{heading} ({})", items.len())?;
        for item in items {
            action_line(out, item)?;
        }
    }
    Ok(())
}

/// The email's body, in plain text.
pub fn body(digest: &Digest, authority: &str) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write_body(&mut out, digest, authority);
    out
}

fn write_body(out: &mut String, digest: &Digest, authority: &str) -> std::fmt::Result {
    writeln!(out, "Dear {},", digest.recipient.label)?;
    writeln!(out)?;
    writeln!(out, "Your improvement plan reminders from {authority} as at {}.", long_date(digest.on))?;
    writeln!(out, "Items marked [reminder] are new since your last digest.")?;
    groups(out, &digest.actions, "Your")?;
    if !digest.requests.is_empty() {
        writeln!(out, "\nEvidence asked of you ({})", digest.requests.len())?;
        for item in &digest.requests {
            request_line(out, item)?;
        }
    }
    slipping(out, &digest.slipping)?;
    if !digest.evidence.is_empty() {
        writeln!(out, "\nEvidence waiting for review ({})", digest.evidence.len())?;
        for item in &digest.evidence {
            evidence_line(out, item)?;
        }
    }
    if !digest.unreachable.is_empty() {
        writeln!(out, "\nOwners without an email address: please pass these on")?;
        for u in &digest.unreachable {
            writeln!(out, "\n{}", u.owner.label)?;
            for item in u.actions.all() {
                action_line(out, item)?;
            }
            for item in &u.requests {
                request_line(out, item)?;
            }
        }
    }
    writeln!(out, "\nUpdate your actions in Sustain. This message was sent because you own improvement plan actions or lead a practice area.")
}

/// Each reminder-carrying line of a digest, as the command's dry run lists
/// them: the recipient's own actions, evidence, and others' actions passed on.
pub fn reminder_lines(digest: &Digest) -> Vec<String> {
    let mut lines = Vec::new();
    let action = |i: &ActionItem, whose: &str| {
        format!("{whose}action {} {}: {}", i.action.reference, i.action.title, when(i.days_left))
    };
    lines.extend(digest.actions.all().filter(|i| i.new_reminder).map(|i| action(i, "")));
    let request = |i: &RequestItem, whose: &str| {
        format!("{whose}evidence asked about {}: {}", i.request.about, needed(i.days_left))
    };
    lines.extend(digest.requests.iter().filter(|i| i.new_reminder).map(|i| request(i, "")));
    lines.extend(
        digest
            .slipping
            .iter()
            .filter(|i| i.new_reminder)
            .map(|i| format!("area {}: stops being embedded {}", i.area.name, slips_in(i.days_left))),
    );
    let evidence = digest.evidence.iter().filter(|i| i.new_reminder).count();
    if evidence > 0 {
        lines.push(format!("{} waiting for review", plural(evidence, "evidence item", "evidence items")));
    }
    for u in &digest.unreachable {
        let whose = format!("for {}: ", u.owner.label);
        lines.extend(u.actions.all().filter(|i| i.new_reminder).map(|i| action(i, &whose)));
        lines.extend(u.requests.iter().filter(|i| i.new_reminder).map(|i| request(i, &whose)));
    }
    lines
}
