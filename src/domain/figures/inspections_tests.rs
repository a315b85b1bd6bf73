use super::*;

const HEADER: [&str; 13] = [
    "Web link",
    "Local authority area code",
    "Local authority name",
    "Local authority status",
    "Ofsted region",
    "Inspection date",
    "Publication date",
    "Inspection type",
    "Overall effectiveness",
    "The impact of leaders on social work practice with children and families",
    "The experiences and progress of children who need help and protection",
    "The experiences and progress of children in care",
    "The experiences and progress of care leavers",
];

fn sheet(header: &[&str], data: &[&[&str]]) -> Vec<TextRow> {
    let mut rows = vec![
        TextRow::new(1, &["ILACS inspection history from 2018-2025"]),
        TextRow::new(2, &["This worksheet contains one table."]),
        TextRow::new(3, header),
    ];
    rows.extend(data.iter().enumerate().map(|(i, cells)| TextRow::new(4 + i, cells)));
    rows
}

const SWINDON_2019: [&str; 12] = [
    "Ofsted Local Authority Webpage",
    "E06000030",
    "Swindon",
    "Current",
    "South West",
    "2019-05-13T00:00:00",
    "2019-07-01T00:00:00",
    "ILACS Standard Inspection",
    "Good",
    "Good",
    "Requires improvement to be good",
    "Good",
];

#[test]
fn rows_become_inspections_with_dates_and_ofsteds_words() {
    let mut later: Vec<&str> = SWINDON_2019.to_vec();
    later[5] = "17/07/2023";
    later[8] = "Inadequate";
    later.push("Outstanding");
    let read = read(&sheet(&HEADER, &[&SWINDON_2019, &later, &[""; 13]])).unwrap();
    assert_eq!(read.len(), 2, "the blank row is skipped");
    let first = &read[0];
    assert_eq!(first.ons_code, "E06000030");
    assert_eq!(first.la_name, "Swindon");
    assert_eq!(first.inspection_type, "ILACS Standard Inspection");
    assert_eq!(first.start_date, NaiveDate::from_ymd_opt(2019, 5, 13));
    assert_eq!(first.published_date, NaiveDate::from_ymd_opt(2019, 7, 1));
    assert_eq!(first.overall.label(), "Good");
    assert_eq!(first.help_and_protection, Some(Grade::RequiresImprovement));
    assert_eq!(first.care_leavers, None, "not judged before 2023");
    assert_eq!(read[1].start_date, NaiveDate::from_ymd_opt(2023, 7, 17));
    assert_eq!(read[1].overall, Grade::Inadequate);
    assert_eq!(read[1].care_leavers, Some(Grade::Outstanding));
}

#[test]
fn columns_are_found_by_their_header_wherever_they_are() {
    let mut header: Vec<&str> = HEADER.to_vec();
    let mut row: Vec<&str> = SWINDON_2019.to_vec();
    row.push("");
    header.swap(2, 8);
    row.swap(2, 8);
    header[1] = "  local authority\narea code ";
    let read = read(&sheet(&header, &[&row])).unwrap();
    assert_eq!((read[0].ons_code.as_str(), read[0].la_name.as_str()), ("E06000030", "Swindon"));
    assert_eq!(read[0].overall, Grade::Good);
}

#[test]
fn a_missing_column_is_refused_naming_it() {
    let header: Vec<&str> = HEADER.iter().copied().filter(|h| *h != "Overall effectiveness").collect();
    let problem = read(&sheet(&header, &[&SWINDON_2019])).unwrap_err();
    assert_eq!(problem.0, "ILACS_inspection_history: no column 'Overall effectiveness' in the header on row 3");
}

#[test]
fn an_edition_without_care_leavers_reads() {
    let header = &HEADER[..12];
    let read = read(&sheet(header, &[&SWINDON_2019])).unwrap();
    assert_eq!(read[0].care_leavers, None);
}

#[test]
fn a_bad_date_or_judgement_names_its_row_and_column() {
    let mut row: Vec<&str> = SWINDON_2019.to_vec();
    row[6] = "soon";
    let problem = read(&sheet(&HEADER, &[&SWINDON_2019, &row])).unwrap_err();
    assert_eq!(problem.0, "ILACS_inspection_history row 5, column 'Publication date': 'soon' is not a date");
    let mut row: Vec<&str> = SWINDON_2019.to_vec();
    row[9] = "Fine";
    let problem = read(&sheet(&HEADER, &[&row])).unwrap_err();
    assert!(
        problem.0.starts_with(
            "ILACS_inspection_history row 4, column 'The impact of leaders on social work practice with children and \
             families': 'Fine' is not a judgement"
        ),
        "{problem}"
    );
    let mut row: Vec<&str> = SWINDON_2019.to_vec();
    row[1] = " ";
    let problem = read(&sheet(&HEADER, &[&row])).unwrap_err();
    assert_eq!(problem.0, "ILACS_inspection_history row 4, column 'Local authority area code': is blank");
}

#[test]
fn a_sheet_with_no_inspections_is_refused() {
    assert!(read(&sheet(&HEADER, &[])).unwrap_err().0.contains("no inspections"));
    assert!(read(&[TextRow::new(1, &["title"])]).unwrap_err().0.contains("no header on row 3"));
}
