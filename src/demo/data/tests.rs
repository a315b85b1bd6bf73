use super::people::{ADMIN, LEADER};
use super::*;
use crate::domain::status::{verdict, Rules};
use chrono::Datelike;
use std::collections::{BTreeMap, BTreeSet};

fn demo() -> DemoAuthority {
    hartwell(NaiveDate::from_ymd_opt(2025, 3, 31).unwrap())
}

/// Dates the demo must hold its shape on: month ends, mid-months, a leap day,
/// the turn of a year, over several years.
fn many_dates() -> Vec<NaiveDate> {
    let mut dates: Vec<NaiveDate> = ["2024-02-29", "2025-03-31", "2025-12-31", "2026-07-15", "2027-01-01"]
        .iter()
        .map(|d| d.parse().unwrap())
        .collect();
    let mut d = NaiveDate::from_ymd_opt(2024, 1, 3).unwrap();
    while d.year() < 2029 {
        dates.push(d);
        d = d.checked_add_days(chrono::Days::new(23)).unwrap();
    }
    dates
}

#[test]
fn the_engine_gives_every_area_its_intended_status_on_any_date() {
    for as_at in many_dates() {
        let demo = hartwell(as_at);
        for area in &demo.areas {
            let v = verdict(&area.facts(), &Rules::default(), as_at);
            assert_eq!(v.status, area.intended_status, "as at {as_at}, {}: {:#?}", area.key, v.criteria);
            if area.intended_status == AreaStatus::Embedded {
                // Steadily embedded, not flickering in the "as at" history.
                assert!(
                    v.months_embedded >= Some(6),
                    "as at {as_at}, {} embedded only {:?}",
                    area.key,
                    v.months_embedded
                );
            }
        }
        let shown: BTreeSet<String> = demo.areas.iter().map(|a| format!("{:?}", a.intended_status)).collect();
        assert_eq!(shown.len(), 5, "every status is shown");
    }
}

#[test]
fn the_demo_has_the_promised_size() {
    let d = demo();
    let actions: usize = d.areas.iter().map(|a| a.actions.len()).sum();
    let evidence: usize = d.areas.iter().map(|a| a.evidence.len()).sum();
    assert_eq!(d.areas.len(), 10);
    assert!((38..=42).contains(&actions), "{actions} actions");
    assert!((110..=130).contains(&evidence), "{evidence} evidence items");
    assert_eq!(d.users.len(), 4);
    let roles: BTreeSet<_> = d.users.iter().map(|u| u.role).collect();
    assert_eq!(roles.len(), 4, "one user per role");
}

#[test]
fn evidence_covers_every_kind_and_review_state() {
    let d = demo();
    let items: Vec<&DemoEvidence> = d.areas.iter().flat_map(|a| &a.evidence).collect();
    for kind in EvidenceKind::ALL {
        assert!(items.iter().any(|e| e.kind == *kind), "no {kind} evidence");
    }
    for state in ReviewState::ALL {
        assert!(items.iter().any(|e| e.review == *state), "no {state} evidence");
    }
    assert!(items.iter().filter(|e| e.review == ReviewState::Rejected).all(|e| e.rejection_reason.is_some()));
}

#[test]
fn every_measure_has_two_years_of_results_and_audits_add_up() {
    for measure in demo().areas.iter().flat_map(|a| &a.measures) {
        assert!(measure.results.len() >= 24, "{}", measure.name);
        for result in &measure.results {
            if let Some(grades) = result.grades {
                assert_eq!(Some(result.value), grades.percent_good_or_better(), "{}", measure.name);
                assert_eq!(result.sample_size, Some(grades.total()));
            }
        }
    }
}

#[test]
fn nothing_is_dated_after_the_as_at_date_but_plans_ahead() {
    for d in many_dates().into_iter().map(hartwell) {
        nothing_after(&d);
    }
}

fn nothing_after(d: &DemoAuthority) {
    for area in &d.areas {
        for e in &area.evidence {
            assert!(
                e.observed_on <= d.as_at && e.reviewed_on.is_none_or(|r| r <= d.as_at && r >= e.observed_on),
                "{}",
                e.title
            );
        }
        for m in &area.measures {
            assert!(m.results.iter().all(|r| r.period_end <= d.as_at));
        }
        for a in &area.actions {
            assert!(a.completed_date.is_none_or(|c| c <= d.as_at));
            assert!(a.updates.iter().all(|u| u.date <= d.as_at));
            // A completed action had started; it may be completed before it was due (6.3, awaiting sign-off).
            if a.completed_date.is_some() {
                assert!(a.start_date.is_none_or(|s| s <= d.as_at));
            }
        }
    }
    for i in d.inspections.iter().map(|i| &i.details) {
        let dates = [Some(i.start_date), Some(i.end_date), i.published_on, i.draft_plan_due, i.final_plan_due];
        assert!(dates.iter().flatten().all(|date| *date <= d.as_at), "{}", i.title);
        assert!(i.start_date <= i.end_date && i.published_on.is_none_or(|p| p >= i.end_date));
    }
}

#[test]
fn reviews_are_by_leaders_and_updates_by_users() {
    for d in many_dates().into_iter().map(hartwell) {
        reviews_and_updates(&d);
    }
}

fn reviews_and_updates(d: &DemoAuthority) {
    let users: BTreeSet<&str> = d.users.iter().map(|u| u.email.as_str()).collect();
    for area in &d.areas {
        for e in &area.evidence {
            match e.review {
                // A draft returned for changes was returned on a day, by a leader.
                ReviewState::Draft if e.return_reason.is_some() => {
                    assert!(e.reviewed_on.is_some() && e.reviewer_email.is_some())
                }
                ReviewState::Draft => assert!(e.reviewed_on.is_none() && e.reviewer_email.is_none()),
                _ => assert!(matches!(e.reviewer_email.as_deref(), Some(LEADER | ADMIN)), "{}", e.title),
            }
        }
        for a in &area.actions {
            assert!((2..=6).contains(&a.updates.len()), "{} has {} updates", a.reference, a.updates.len());
            assert!(a.updates.iter().all(|u| users.contains(u.author_email.as_str())));
            assert!(a.updates.windows(2).all(|w| w[0].date <= w[1].date), "{} updates in order", a.reference);
            assert!(!a.description.is_empty() && !a.success_measure.is_empty(), "{}", a.reference);
            assert!(!a.finding_keys.is_empty(), "{} answers no finding", a.reference);
        }
    }
}

#[test]
fn every_finding_is_answered_by_an_action_in_its_own_area() {
    let d = demo();
    for finding in d.inspections.iter().flat_map(|i| &i.findings) {
        if finding.kind == FindingKind::Strength {
            continue;
        }
        let area = d.areas.iter().find(|a| a.key == finding.area_key).unwrap();
        assert!(area.actions.iter().any(|a| a.finding_keys.contains(&finding.key)), "{}", finding.key);
    }
}

#[test]
fn results_are_monthly_up_to_the_last_month_end() {
    for d in many_dates().into_iter().map(hartwell) {
        let cal = Calendar::new(d.as_at);
        for m in d.areas.iter().flat_map(|a| &a.measures) {
            // Supervision timeliness has not been entered for two months: its area is at risk of slipping.
            let last = if m.name == "Supervision within timescale" { cal.m(2) } else { cal.last };
            assert_eq!(m.results.last().map(|r| r.period_end), Some(last), "{}", m.name);
            assert!(m.results.windows(2).all(|w| w[0].period_end < w[1].period_end));
        }
    }
}

#[test]
fn partners_own_actions_without_being_users() {
    let d = demo();
    let partners: Vec<&DemoOwner> =
        d.owners.iter().filter(|o| o.team.contains("Police") || o.team.contains("Integrated Care")).collect();
    assert_eq!(partners.len(), 2);
    for p in partners {
        assert!(d.areas.iter().flat_map(|a| &a.actions).any(|a| a.owner_key == p.key));
        assert!(d.users.iter().all(|u| u.owner_key.as_ref() != Some(&p.key)));
    }
}

#[test]
fn finding_references_are_unique_within_an_inspection_and_areas_exist() {
    let d = demo();
    let areas: BTreeSet<&str> = d.areas.iter().map(|a| a.key.as_str()).collect();
    for i in &d.inspections {
        let mut seen = BTreeMap::new();
        for f in &i.findings {
            assert!(seen.insert(f.reference.clone(), ()).is_none(), "{} twice in {}", f.reference, i.details.title);
            assert!(areas.contains(f.area_key.as_str()));
        }
    }
    let fv = &d.inspections[0];
    assert_eq!(fv.findings.iter().filter(|f| f.kind == FindingKind::PriorityAction).count(), 2);
    assert_eq!(fv.findings.iter().filter(|f| f.kind == FindingKind::AreaForImprovement).count(), 8);
}

#[test]
fn the_same_date_gives_the_same_demo() {
    assert_eq!(demo(), demo());
    assert_ne!(demo(), hartwell(NaiveDate::from_ymd_opt(2025, 4, 30).unwrap()));
}

#[test]
fn the_oversight_area_is_at_risk_of_slipping_on_any_date_and_the_front_door_is_not() {
    for as_at in many_dates() {
        let demo = hartwell(as_at);
        let slip = |key: &str| {
            let area = demo.areas.iter().find(|a| a.key == key).unwrap();
            crate::domain::status::slip_ahead(&area.facts(), &Rules::default(), as_at)
        };
        let oversight = slip("oversight").unwrap_or_else(|| panic!("as at {as_at} oversight is not at risk"));
        let days = oversight.days_from(as_at);
        assert!((28..=62).contains(&days), "as at {as_at}: slips in {days} days");
        assert!(oversight.reason.starts_with("Results grow too old on "), "{}", oversight.reason);
        assert!(oversight.reason.contains("Supervision within timescale will have 2 results in the 6 months"));
        assert_eq!(slip("front_door"), None, "as at {as_at}");
    }
}
