use super::*;
use crate::domain::kinds::{FindingKind, InspectionKind};
use crate::domain::sheets::plan::OwnerName;
use crate::domain::sheets::workbook::{AreaSheetRow, FindingSheetRow, InspectionSheetRow, OwnerSheetRow};
use chrono::NaiveDate;

fn context() -> Context {
    Context::for_today(NaiveDate::from_ymd_opt(2025, 3, 31).unwrap())
}

fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn visit(row: usize, title: &str) -> InspectionSheetRow {
    InspectionSheetRow {
        row,
        title: title.into(),
        kind: Some(InspectionKind::FocusedVisit),
        inspectorate: "Ofsted".into(),
        start_date: day(2025, 1, 14),
        end_date: day(2025, 1, 15),
        published_on: None,
        overall_judgement: None,
        report_url: None,
        draft_plan_due: None,
        final_plan_due: None,
    }
}

#[test]
fn rows_name_what_earlier_sheets_create() {
    let rows = WorkbookRows {
        owners: vec![OwnerSheetRow {
            row: 2,
            owner: OwnerName {
                name: "Aisha Rahman".into(),
                job_title: "Head of Service".into(),
                agency: String::new(),
            },
            email: None,
        }],
        areas: vec![AreaSheetRow {
            row: 2,
            name: "Front door".into(),
            description: String::new(),
            lead: Some(OwnerName {
                name: "Aisha Rahman".into(),
                job_title: "Head of Service".into(),
                agency: String::new(),
            }),
            overrides: [None, None, None, Some(9), None, None],
        }],
        inspections: vec![visit(2, "Focused visit")],
        findings: vec![FindingSheetRow {
            row: 2,
            inspection: "focused VISIT".into(),
            reference: "APA1".into(),
            kind: None,
            area: "Front door".into(),
            text: "Identification of risk".into(),
        }],
        ..Default::default()
    };
    let changes =
        workbook_changes(&rows, &ExistingPlan::default(), ImportOptions::default(), &context(), true).unwrap();
    assert_eq!(changes.new_owners.len(), 1);
    assert_eq!(changes.new_areas[0].lead, Some(Link::New(0)), "the area's lead is the owner the sheet before creates");
    assert_eq!(changes.new_areas[0].input.results_window_months, Some(9));
    assert_eq!(changes.new_findings[0].inspection, Link::New(0));
    assert_eq!(changes.new_findings[0].area, Link::New(0));
    assert_eq!(changes.new_findings[0].input.kind, FindingKind::PriorityAction);
}

#[test]
fn problems_on_several_sheets_are_each_named_by_sheet_row_and_column() {
    let rows = WorkbookRows {
        inspections: vec![visit(2, "Focused visit"), visit(3, "Focused visit")],
        findings: vec![FindingSheetRow {
            row: 4,
            inspection: "Focused vist".into(),
            reference: "APA1".into(),
            kind: None,
            area: "Front door".into(),
            text: "Identification of risk".into(),
        }],
        ..Default::default()
    };
    let problems =
        workbook_changes(&rows, &ExistingPlan::default(), ImportOptions::default(), &context(), true).unwrap_err();
    let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(
        shown,
        vec![
            "inspections, row 3, Title: this is also on row 2".to_string(),
            "findings, row 4, Inspection: no inspection titled 'Focused vist'; did you mean 'Focused visit'?"
                .to_string(),
            "findings, row 4, Practice area: no practice area named 'Front door'".to_string(),
        ]
    );
}
