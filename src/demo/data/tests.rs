use super::*;
use std::collections::{BTreeMap, BTreeSet};

fn demo() -> DemoAuthority {
    hartwell(NaiveDate::from_ymd_opt(2025, 3, 31).unwrap())
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
    let d = demo();
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
        }
    }
    for i in &d.inspections {
        assert!(i.end_date <= d.as_at);
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
        assert!(d.users.iter().all(|u| u.owner_key != Some(p.key)));
    }
}

#[test]
fn finding_references_are_unique_within_an_inspection_and_areas_exist() {
    let d = demo();
    let areas: BTreeSet<&str> = d.areas.iter().map(|a| a.key).collect();
    for i in &d.inspections {
        let mut seen = BTreeMap::new();
        for f in &i.findings {
            assert!(seen.insert(f.reference.clone(), ()).is_none(), "{} twice in {}", f.reference, i.title);
            assert!(areas.contains(f.area_key));
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
