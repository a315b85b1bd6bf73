use super::*;
use crate::demo::data::{DemoEvidence, DemoInspection};
use crate::domain::kinds::{FindingKind, ReviewState, Role};
use crate::domain::status::{verdict, Rules};
use crate::domain::upload::check_upload;
use chrono::Months;
use std::collections::BTreeSet;
use std::sync::OnceLock;

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// Dates the large demo must hold its shape on: month ends, mid-months, a
/// leap day, the turn of a year; each date seeds different draws.
const DATES: &[&str] = &["2024-02-29", "2024-09-17", "2025-03-31", "2025-12-31", "2026-07-15", "2027-01-01"];

/// The authority as at each of `DATES`, built once for all the tests here.
fn on_dates() -> &'static [DemoAuthority] {
    static BUILT: OnceLock<Vec<DemoAuthority>> = OnceLock::new();
    BUILT.get_or_init(|| DATES.iter().map(|d| marlshire(date(d))).collect())
}

/// The authority as at 31 March 2025.
fn demo() -> &'static DemoAuthority {
    &on_dates()[2]
}

#[test]
fn every_area_shows_its_templates_status_and_every_status_is_shown() {
    for demo in on_dates() {
        let as_at = demo.as_at;
        let mut shown = BTreeSet::new();
        for area in &demo.areas {
            let v = verdict(&area.facts(), &Rules::default(), as_at);
            assert_eq!(v.status, area.intended_status, "as at {as_at}, {}: {:#?}", area.name, v.criteria);
            if area.intended_status == AreaStatus::Embedded {
                assert!(v.months_embedded >= Some(6), "as at {as_at}, {} embedded {:?}", area.name, v.months_embedded);
            }
            shown.insert(v.status.as_str());
        }
        assert_eq!(shown.len(), AreaStatus::ALL.len(), "as at {as_at}: {shown:?}");
    }
}

#[test]
fn the_largest_authority_has_the_promised_size() {
    let d = demo();
    let count = |f: fn(&DemoArea) -> usize| d.areas.iter().map(f).sum::<usize>();
    assert_eq!(d.areas.len(), 40);
    assert_eq!(count(|a| a.actions.len()), 5_000);
    assert_eq!(count(|a| a.evidence.len()), 20_000);
    assert_eq!(count(|a| a.measures.len()), 300);
    assert!(d.areas.iter().flat_map(|a| &a.measures).all(|m| m.results.len() == 60));
    assert_eq!(d.inspections.len(), 30);
    assert_eq!(d.inspections.iter().map(|i| i.findings.len()).sum::<usize>(), 2_000);
    assert_eq!(d.owners.len(), 200);
    assert_eq!(d.users.len(), 50);
    let roles: BTreeSet<Role> = d.users.iter().map(|u| u.role).collect();
    assert_eq!(roles.len(), Role::ALL.len(), "every role");
    let updates = d.areas.iter().flat_map(|a| &a.actions).map(|a| a.updates.len());
    assert!(updates.clone().all(|n| (2..=6).contains(&n)), "2 to 6 progress updates each");
    let states: BTreeSet<_> = d.areas.iter().flat_map(|a| &a.actions).map(|a| a.state).collect();
    assert_eq!(states.len(), 5, "every action state: {states:?}");
}

#[test]
fn a_few_hundred_items_have_small_files_that_pass_the_upload_checks() {
    let d = demo();
    let files: Vec<_> = d.areas.iter().flat_map(|a| &a.evidence).flat_map(|e| &e.attachments).collect();
    assert!((250..=400).contains(&files.len()), "{} files", files.len());
    for file in files {
        assert!((500..=8 * 1024).contains(&file.content.len()), "{} is {} bytes", file.file_name, file.content.len());
        let checked = check_upload("files", &file.file_name, &file.content, 20 * 1024 * 1024);
        assert!(checked.is_ok(), "{}: {checked:?}", file.file_name);
        assert_eq!(checked.unwrap().file_name, file.file_name, "names need no cleaning");
    }
}

/// The change-history rows a load writes: one per row created, per review,
/// per link call and per attachment (see `demo::load`).
fn history_rows(d: &DemoAuthority) -> usize {
    let inspections: usize = d.inspections.iter().map(|i| 1 + i.judgements.len() + i.findings.len()).sum();
    let actions: usize =
        d.areas.iter().flat_map(|a| &a.actions).map(|a| 1 + a.finding_keys.len() + a.updates.len()).sum();
    let evidence: usize = d
        .areas
        .iter()
        .flat_map(|a| &a.evidence)
        .map(|e: &DemoEvidence| {
            let linked = !e.finding_keys.is_empty() || !e.action_refs.is_empty();
            1 + usize::from(e.review != ReviewState::Draft) + usize::from(linked) + e.attachments.len()
        })
        .sum();
    let measures: usize =
        d.areas.iter().flat_map(|a| &a.measures).map(|m| 1 + m.recalculation_points.len() + m.results.len()).sum();
    d.users.len() + d.owners.len() + d.areas.len() + inspections + actions + evidence + measures
}

#[test]
fn loading_it_writes_over_a_hundred_thousand_rows_of_change_history() {
    for d in on_dates() {
        let rows = history_rows(d);
        assert!(rows >= 100_000, "as at {}: {rows}", d.as_at);
    }
}

#[test]
fn the_same_date_gives_the_same_authority() {
    assert_eq!(&marlshire(date("2025-03-31")), demo());
}

#[test]
fn a_year_later_the_same_authority_has_its_dates_a_year_on() {
    let (before, after) = (demo(), &marlshire(date("2026-03-31")));
    assert_ne!(before, after, "another date draws other days and reviews");
    let names = |d: &DemoAuthority| d.areas.iter().map(|a| a.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(before), names(after));
    assert_eq!(before.owners, after.owners);
    assert_eq!(before.users, after.users);
    for (a, b) in before.areas.iter().zip(&after.areas) {
        let titles =
            |x: &DemoArea| x.actions.iter().map(|a| (a.reference.clone(), a.title.clone())).collect::<Vec<_>>();
        assert_eq!(titles(a), titles(b), "{}", a.name);
        for (m, n) in a.measures.iter().zip(&b.measures) {
            assert_eq!(m.name, n.name);
            for (r, s) in m.results.iter().zip(&n.results) {
                assert_eq!(s.period_end, crate::domain::dates::month_end(r.period_end + Months::new(12)), "{}", m.name);
            }
        }
    }
    for (i, j) in before.inspections.iter().zip(&after.inspections) {
        assert_eq!((&i.details.title, i.findings.len()), (&j.details.title, j.findings.len()));
        let shift = (j.details.start_date - i.details.start_date).num_days();
        assert!((360..=372).contains(&shift), "{} moved {shift} days", i.details.title);
    }
}

#[test]
fn nothing_is_dated_after_the_as_at_date_but_plans_ahead() {
    for d in on_dates() {
        for area in &d.areas {
            for e in &area.evidence {
                let reviewed_in_order = e.reviewed_on.is_none_or(|r| r <= d.as_at && r >= e.observed_on);
                assert!(e.observed_on <= d.as_at && reviewed_in_order, "{}", e.title);
            }
            for a in &area.actions {
                assert!(a.completed_date.is_none_or(|c| c <= d.as_at), "{}", a.reference);
                assert!(a.updates.iter().all(|u| u.date <= d.as_at), "{}", a.reference);
                assert!(a.updates.windows(2).all(|w| w[0].date <= w[1].date), "{} updates in order", a.reference);
                assert!(a.due_date >= a.start_date && a.completed_date.is_none_or(|c| Some(c) >= a.start_date));
            }
            assert!(area.measures.iter().flat_map(|m| &m.results).all(|r| r.period_end <= d.as_at));
        }
        for i in d.inspections.iter().map(|i| &i.details) {
            let dates = [Some(i.start_date), Some(i.end_date), i.published_on, i.draft_plan_due, i.final_plan_due];
            assert!(dates.iter().flatten().all(|day| *day <= d.as_at), "{} as at {}", i.title, d.as_at);
            assert!(i.start_date <= i.end_date && i.published_on.is_none_or(|p| p >= i.end_date), "{}", i.title);
        }
    }
}

#[test]
fn every_finding_that_needs_work_is_answered_in_its_own_area() {
    let d = demo();
    let areas: BTreeSet<&str> = d.areas.iter().map(|a| a.key.as_str()).collect();
    for finding in d.inspections.iter().flat_map(|i| &i.findings) {
        assert!(areas.contains(finding.area_key.as_str()), "{}", finding.key);
        if finding.kind == FindingKind::Strength {
            continue;
        }
        let area = d.areas.iter().find(|a| a.key == finding.area_key).unwrap();
        assert!(area.actions.iter().any(|a| a.finding_keys.contains(&finding.key)), "{} unanswered", finding.key);
    }
    let findings: BTreeSet<&str> = d.inspections.iter().flat_map(|i| &i.findings).map(|f| f.key.as_str()).collect();
    for area in &d.areas {
        for a in &area.actions {
            assert!(!a.finding_keys.is_empty(), "{} answers nothing", a.reference);
            assert!(a.finding_keys.iter().all(|k| findings.contains(k.as_str())), "{}", a.reference);
        }
        let refs: BTreeSet<&str> = area.actions.iter().map(|a| a.reference.as_str()).collect();
        for e in &area.evidence {
            assert!(e.action_refs.iter().all(|r| refs.contains(r.as_str())), "{}", e.title);
            assert!(e.finding_keys.iter().all(|k| findings.contains(k.as_str())), "{}", e.title);
        }
    }
}

#[test]
fn references_are_unique_and_findings_of_every_kind_are_made() {
    let d = demo();
    let actions: Vec<&str> = d.areas.iter().flat_map(|a| &a.actions).map(|a| a.reference.as_str()).collect();
    assert_eq!(actions.iter().collect::<BTreeSet<_>>().len(), actions.len(), "action references");
    for i in &d.inspections {
        let refs: BTreeSet<&str> = i.findings.iter().map(|f| f.reference.as_str()).collect();
        assert_eq!(refs.len(), i.findings.len(), "{}", i.details.title);
        assert!(i.findings.iter().all(|f| f.reference.len() <= 20 && !f.text.is_empty()));
    }
    let kinds: BTreeSet<FindingKind> = d.inspections.iter().flat_map(|i| &i.findings).map(|f| f.kind).collect();
    assert_eq!(kinds.len(), FindingKind::ALL.len());
    let inspection_kinds: BTreeSet<_> = d.inspections.iter().map(|i: &DemoInspection| i.details.kind).collect();
    assert!(inspection_kinds.len() >= 9, "{inspection_kinds:?}");
}

#[test]
fn people_are_distinct_and_partners_are_not_users() {
    let d = demo();
    let names: BTreeSet<&str> = d.owners.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names.len(), d.owners.len(), "owner names");
    let emails: BTreeSet<String> = d.users.iter().map(|u| u.email.to_lowercase()).collect();
    assert_eq!(emails.len(), d.users.len(), "user emails");
    let keys: BTreeSet<&str> = d.owners.iter().map(|o| o.key.as_str()).collect();
    assert_eq!(keys.len(), d.owners.len());
    for u in &d.users {
        assert!(crate::domain::plan::looks_like_email(&u.email), "{}", u.email);
        if let Some(owner) = &u.owner_key {
            let o = d.owners.iter().find(|o| &o.key == owner).expect("the user's owner exists");
            assert!(!o.team.contains("Police") && !o.team.contains("NHS"), "{} is a partner", o.name);
        }
    }
    for area in &d.areas {
        assert!(keys.contains(area.lead_owner_key.as_str()), "{}", area.name);
        assert!(area.actions.iter().all(|a| keys.contains(a.owner_key.as_str())), "{}", area.name);
    }
    let partners = d.owners.iter().filter(|o| o.team.contains("Police") || o.team.contains("NHS")).count();
    assert!(partners >= 15, "{partners} partner owners");
}

#[test]
fn reviews_are_by_leaders_and_updates_by_users() {
    let d = demo();
    let role = |email: &str| d.users.iter().find(|u| u.email == email).map(|u| u.role);
    for area in &d.areas {
        for e in &area.evidence {
            match e.review {
                // A draft returned for changes was returned on a day, by a leader.
                ReviewState::Draft if e.return_reason.is_some() => {
                    assert!(e.reviewed_on.is_some() && e.reviewer_email.is_some())
                }
                ReviewState::Draft => assert!(e.reviewed_on.is_none() && e.reviewer_email.is_none()),
                ReviewState::Rejected => assert!(e.rejection_reason.is_some()),
                ReviewState::Verified => {}
            }
            if let Some(reviewer) = &e.reviewer_email {
                assert_eq!(role(reviewer), Some(Role::Leader), "{} reviewed by {reviewer}", e.title);
            }
        }
        for a in &area.actions {
            assert!(a.updates.iter().all(|u| role(&u.author_email).is_some()), "{}", a.reference);
        }
    }
}
