use super::*;
use crate::domain::ids::ActionId;
use crate::domain::kinds::ActionState;
use chrono::NaiveDate;

fn context() -> Context {
    Context::for_today(NaiveDate::from_ymd_opt(2025, 3, 31).unwrap())
}

fn existing() -> ExistingPlan {
    ExistingPlan {
        records: Default::default(),
        areas: vec![(AreaId(1), "Front door".into()), (AreaId(2), "Children in care".into())],
        owners: vec![
            ExistingOwner { id: OwnerId(1), name: "Aisha Rahman".into(), job_title: "Head of Service".into() },
            ExistingOwner { id: OwnerId(2), name: "Tom Okafor".into(), job_title: "QA Manager".into() },
            ExistingOwner { id: OwnerId(3), name: "Sam Lee".into(), job_title: "Team manager".into() },
            ExistingOwner { id: OwnerId(4), name: "Jo Bell".into(), job_title: "Team manager".into() },
        ],
        inspections: vec![(InspectionId(1), "Focused visit".into()), (InspectionId(2), "ILACS".into())],
        findings: vec![
            ExistingFinding { id: FindingId(1), inspection_id: InspectionId(1), reference: "APA1".into() },
            ExistingFinding { id: FindingId(2), inspection_id: InspectionId(1), reference: "S1".into() },
            ExistingFinding { id: FindingId(3), inspection_id: InspectionId(2), reference: "S1".into() },
        ],
        actions: vec![ExistingAction {
            id: ActionId(10),
            version: 3,
            input: ActionInput {
                reference: "1.1".into(),
                title: "Daily risk meeting".into(),
                description: String::new(),
                owner_id: Some(OwnerId(1)),
                practice_area_id: AreaId(1),
                start_date: None,
                due_date: None,
                completed_date: None,
                state: ActionState::InProgress,
                success_measure: String::new(),
            },
            findings: vec![FindingId(1)],
        }],
    }
}

fn row(n: usize, reference: &str, area: &str) -> PlanRow {
    PlanRow {
        row: n,
        reference: reference.into(),
        title: "Daily risk meeting".into(),
        description: String::new(),
        area: area.into(),
        findings: vec![FindingName { inspection: None, reference: "apa1".into() }],
        owner: Some(OwnerName {
            name: "aisha rahman".into(),
            job_title: "Head of service".into(),
            agency: String::new(),
        }),
        start_date: None,
        due_date: None,
        completed_date: None,
        state: ActionState::InProgress,
        success_measure: String::new(),
    }
}

fn create() -> ImportOptions {
    ImportOptions { create_missing: true }
}

#[test]
fn the_same_row_again_changes_nothing() {
    let changes = plan_changes(&[row(2, " 1.1 ", "front  door")], &existing(), ImportOptions::default(), &context());
    let changes = changes.unwrap();
    assert_eq!(changes.counts(), (0, 0, 1));
    assert!(changes.is_empty());
}

#[test]
fn a_changed_row_updates_its_action_and_names_what_changed() {
    let mut changed = row(2, "1.1", "Front door");
    changed.title = "Daily risk meeting with police".into();
    changed.findings.clear();
    let changes = plan_changes(&[changed], &existing(), ImportOptions::default(), &context()).unwrap();
    match &changes.actions[0].write {
        ActionWrite::Update { id, version, changed } => {
            assert_eq!((*id, *version), (ActionId(10), 3));
            assert_eq!(changed, &vec!["Title", "Finding references"]);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(changes.actions[0].unlink, vec![FindingId(1)]);
}

#[test]
fn a_missing_area_is_refused_with_the_nearest_name_unless_creating() {
    let problems =
        plan_changes(&[row(3, "2.1", "Front dor")], &existing(), ImportOptions::default(), &context()).unwrap_err();
    assert_eq!(
        problems[0].to_string(),
        "row 3, Practice area: no practice area named 'Front dor'; did you mean 'Front door'?"
    );
    let changes =
        plan_changes(&[row(3, "2.1", "Fostering"), row(4, "2.2", "fostering")], &existing(), create(), &context())
            .unwrap();
    assert_eq!(changes.new_areas.len(), 1, "one new area for both rows");
    assert_eq!(changes.actions[1].area, Link::New(0));
}

#[test]
fn a_job_title_alone_finds_its_one_owner_and_is_ambiguous_for_two() {
    let mut one = row(2, "2.1", "Front door");
    one.owner = Some(OwnerName { name: String::new(), job_title: "qa manager".into(), agency: String::new() });
    let mut two = row(3, "2.2", "Front door");
    two.owner = Some(OwnerName { name: String::new(), job_title: "Team manager".into(), agency: String::new() });
    let problems = plan_changes(&[one.clone(), two], &existing(), create(), &context()).unwrap_err();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].row, 3);
    assert!(problems[0].message.starts_with("2 owners have the job title 'Team manager'"), "{}", problems[0]);
    let changes = plan_changes(&[one], &existing(), ImportOptions::default(), &context()).unwrap();
    assert_eq!(changes.actions[0].owner, Some(Link::Existing(OwnerId(2))));
}

#[test]
fn a_reference_used_by_two_inspections_needs_the_inspection_title() {
    let mut r = row(2, "2.1", "Front door");
    r.findings = vec![FindingName { inspection: None, reference: "S1".into() }];
    let problems = plan_changes(&[r.clone()], &existing(), create(), &context()).unwrap_err();
    assert!(problems[0].message.contains("more than one inspection"), "{}", problems[0]);
    r.findings = vec![FindingName { inspection: Some("ilacs".into()), reference: "S1".into() }];
    let changes = plan_changes(&[r], &existing(), create(), &context()).unwrap();
    assert_eq!(changes.actions[0].link, vec![Link::Existing(FindingId(3))]);
}

#[test]
fn a_new_finding_is_created_only_in_a_named_inspection() {
    let mut r = row(2, "2.1", "Front door");
    r.findings = vec![FindingName { inspection: None, reference: "R9".into() }];
    assert!(plan_changes(&[r.clone()], &existing(), create(), &context()).is_err());
    r.findings = vec![FindingName { inspection: Some("Focused visit".into()), reference: "R9".into() }];
    let changes = plan_changes(&[r], &existing(), create(), &context()).unwrap();
    assert_eq!(changes.new_findings[0].input.kind, FindingKind::Recommendation);
    assert_eq!(changes.new_findings[0].area, Link::Existing(AreaId(1)));
}

#[test]
fn every_bad_row_is_reported_and_a_reference_twice_names_the_first_row() {
    let mut bad = row(4, "1.1", "Front door");
    bad.title = String::new();
    let problems = plan_changes(
        &[row(2, "1.1", "Front door"), bad, row(5, "", "Nowhere")],
        &existing(),
        ImportOptions::default(),
        &context(),
    )
    .unwrap_err();
    let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert!(shown.contains(&"row 4, Reference: '1.1' is also the reference on row 2".to_string()), "{shown:?}");
    assert!(shown.contains(&"row 4, Title: Enter a title".to_string()), "{shown:?}");
    assert!(shown.iter().any(|s| s.starts_with("row 5, Practice area")), "{shown:?}");
    assert!(shown.iter().any(|s| s.starts_with("row 5, Reference")), "{shown:?}");
}
