use super::*;
use crate::domain::sheets::{Cell, Row};

fn table(headers: &[&str], rows: &[&[&str]]) -> Table {
    Table {
        headers: headers.iter().map(|h| h.to_string()).collect(),
        rows: rows
            .iter()
            .enumerate()
            .map(|(i, cells)| Row { number: i + 2, cells: cells.iter().map(|c| Cell::Text(c.to_string())).collect() })
            .collect(),
    }
}

#[test]
fn vocabularies_are_read_by_stored_name_or_label() {
    let kinds = (InspectionKind::ALL, InspectionKind::as_str, InspectionKind::label);
    assert_eq!(vocabulary("Focused visit", kinds.0, kinds.1, kinds.2), Some(InspectionKind::FocusedVisit));
    assert_eq!(vocabulary("focused_visit", kinds.0, kinds.1, kinds.2), Some(InspectionKind::FocusedVisit));
    assert_eq!(
        vocabulary("requires improvement to be good", Grade::ALL, Grade::as_str, Grade::label),
        Some(Grade::RequiresImprovement)
    );
    assert_eq!(vocabulary("Great", Grade::ALL, Grade::as_str, Grade::label), None);
}

#[test]
fn every_problem_names_its_sheet_row_and_column() {
    let tables = vec![
        (
            Sheet::Inspections,
            table(
                &["Title", "Kind", "Inspectorate", "Start date", "End date"],
                &[&["Visit", "Visitation", "Ofsted", "2025-01-14", "14/13/2025"]],
            ),
        ),
        (
            Sheet::Measures,
            table(
                &["Practice area", "Measure", "Kind", "Unit", "Direction", "Frequency", "Key measure"],
                &[&["Front door", "Timeliness", "Indicator", "percent", "Higher is better", "Monthly", "Perhaps"]],
            ),
        ),
    ];
    let (rows, problems) = read_workbook(&tables, true).unwrap();
    let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    assert!(shown.iter().any(|p| p.starts_with("inspections, row 2, Kind: 'Visitation' is not one of")), "{shown:?}");
    assert!(shown.iter().any(|p| p.starts_with("inspections, row 2, End date:")), "{shown:?}");
    assert!(shown.iter().any(|p| p == "measures, row 2, Key measure: 'Perhaps' is not Yes or No"), "{shown:?}");
    assert_eq!(rows.measures[0].kind, Some(MeasureKind::Indicator));
}

#[test]
fn a_sheet_without_a_required_column_is_refused_by_name() {
    let tables = vec![(Sheet::Judgements, table(&["Inspection", "Grade"], &[&["Visit", "Good"]]))];
    let refused = read_workbook(&tables, true).unwrap_err();
    assert!(
        refused.0.starts_with("Sheet 'judgements': The header row (row 1) has no column 'Judgement area'"),
        "{refused}"
    );
}
