//! Readiness of an inspection and its gaps.

use super::*;
use crate::domain::ids::{AreaId, FindingId};
use std::collections::HashMap;

/// A finding answered by `actions` actions completed long ago, with no evidence of its own.
pub(super) fn finding(reference: &str, area: AreaId, actions: usize) -> FindingFacts {
    FindingFacts {
        id: FindingId(1),
        reference: reference.into(),
        area_id: area,
        area_name: "Management oversight".into(),
        actions: (0..actions).map(|i| action(&format!("1.{i}"), None, Some(d(2024, 1, 1)), None)).collect(),
        evidence: vec![],
    }
}

fn verdicts_of(facts: &HashMap<AreaId, AreaFacts>) -> HashMap<AreaId, Verdict> {
    facts.iter().map(|(id, f)| (*id, verdict(f, &Rules::default(), as_at()))).collect()
}

#[test]
fn readiness_is_the_share_of_findings_in_embedded_areas_with_the_gaps() {
    let mut facts = HashMap::new();
    facts.insert(AreaId(1), embedded_area());
    let mut open = embedded_area();
    open.actions.push(action("2.2", Some(d(2024, 6, 1)), None, Some(d(2025, 1, 31))));
    open.measures[0].key = false;
    facts.insert(AreaId(2), open);
    let verdicts: HashMap<AreaId, Verdict> =
        facts.iter().map(|(id, f)| (*id, verdict(f, &Rules::default(), as_at()))).collect();
    let findings = vec![finding("APA1", AreaId(1), 1), finding("R2", AreaId(2), 0)];
    let r = readiness(&findings, &verdicts, &facts, &Rules::default(), as_at());
    assert_eq!((r.findings_total, r.findings_embedded, r.percent_embedded), (2, 1, 50.0));
    assert_eq!((r.findings_ready, r.percent_ready), (0, 0.0), "neither has evidence of its own");
    assert!(r.gaps.contains(&Gap::FindingWithoutAction { finding: "R2".into() }));
    assert!(r.gaps.contains(&Gap::AreaWithoutKeyMeasure { area_id: AreaId(2) }));
    assert!(r.gaps.contains(&Gap::OverdueAction { area_id: AreaId(2), action: "2.2".into(), due: d(2025, 1, 31) }));
}

#[test]
fn an_area_with_no_verified_evidence_is_a_gap_and_cancelled_or_completed_actions_are_not_overdue() {
    let mut area = embedded_area();
    area.evidence = vec![EvidenceFact {
        title: String::new(),
        kind: EvidenceKind::CaseAudit,
        observed_on: d(2025, 1, 1),
        verified_on: None,
    }];
    area.actions.push(ActionFact {
        state: ActionState::Cancelled,
        ..action("3.1", Some(d(2024, 1, 1)), None, Some(d(2024, 2, 1)))
    });
    area.actions.push(action("3.2", Some(d(2024, 1, 1)), Some(d(2025, 3, 31)), Some(d(2025, 1, 31))));
    area.actions.push(action("3.3", Some(d(2024, 1, 1)), None, Some(d(2025, 3, 31))));
    let facts = HashMap::from([(AreaId(7), area)]);
    let findings = vec![finding("AFI3", AreaId(7), 2)];
    let r = readiness(&findings, &verdicts_of(&facts), &facts, &Rules::default(), as_at());
    assert_eq!(
        r.gaps,
        vec![Gap::AreaWithoutVerifiedEvidence { area_id: AreaId(7) }],
        "due on the date is not yet overdue"
    );
    assert_eq!((r.findings_embedded, r.percent_embedded), (0, 0.0));
}

#[test]
fn evidence_verified_after_the_date_leaves_a_gap_then() {
    let facts = HashMap::from([(AreaId(1), embedded_area())]);
    let findings = vec![finding("R1", AreaId(1), 1)];
    let r = readiness(&findings, &verdicts_of(&facts), &facts, &Rules::default(), d(2024, 11, 1));
    assert!(r.gaps.contains(&Gap::AreaWithoutVerifiedEvidence { area_id: AreaId(1) }));
}

#[test]
fn an_inspection_with_no_findings_is_zero_percent_ready_with_no_gaps() {
    let r = readiness(&[], &HashMap::new(), &HashMap::new(), &Rules::default(), as_at());
    assert_eq!((r.findings_total, r.percent_embedded, r.gaps.len()), (0, 0.0, 0));
    assert_eq!((r.findings_ready, r.percent_ready), (0, 0.0));
}

#[test]
fn readiness_counts_the_findings_that_are_ready_each_on_its_own() {
    let facts = HashMap::from([(AreaId(1), embedded_area())]);
    let mut evidenced = finding("APA1", AreaId(1), 1);
    evidenced.evidence = vec![verified(EvidenceKind::CaseAudit, d(2025, 1, 20))];
    let findings = vec![evidenced, finding("AFI2", AreaId(1), 1), finding("AFI3", AreaId(1), 0)];
    let r = readiness(&findings, &verdicts_of(&facts), &facts, &Rules::default(), as_at());
    assert_eq!((r.findings_total, r.findings_embedded, r.percent_embedded), (3, 3, 100.0));
    assert_eq!(r.findings_ready, 1);
    assert!((r.percent_ready - 100.0 / 3.0).abs() < 1e-9);
    let ready: Vec<(&str, bool)> = r.findings.iter().map(|f| (f.reference.as_str(), f.ready)).collect();
    assert_eq!(ready, vec![("APA1", true), ("AFI2", false), ("AFI3", false)]);
}

#[test]
fn the_new_counts_come_after_the_fields_readiness_always_had() {
    let r = readiness(&[finding("R1", AreaId(1), 0)], &HashMap::new(), &HashMap::new(), &Rules::default(), as_at());
    let json = serde_json::to_string(&r).unwrap();
    let at = |key: &str| json.find(&format!("\"{key}\"")).unwrap_or_else(|| panic!("{key} in {json}"));
    let keys = ["findings_total", "findings_embedded", "percent_embedded", "gaps", "findings_ready", "percent_ready"];
    assert!(keys.windows(2).all(|pair| at(pair[0]) < at(pair[1])), "{json}");
}
