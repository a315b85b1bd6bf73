//! Spreadsheets in and out: the round trip on both backends, every bad row
//! reported with nothing written, hostile files refused, formulas escaped,
//! a LibreOffice-saved workbook, and the page's preview and confirmation.

use crate::common;

use chrono::NaiveDate;
use sustain::db::{self, areas, inspections, measures, Actor, DbConnection};
use sustain::domain::evidence::{MeasureInput, RecalculationInput};
use sustain::domain::plan::AreaInput;
use sustain::domain::sheets::plan_match::ImportOptions;
use sustain::domain::sheets::SheetLimits;
use sustain::read::cache::Snapshot;
use sustain::read::plan::PlanIndex;
use sustain::reports::sheets::export::{write_csv, write_workbook, ExportHeading};
use sustain::reports::sheets::import::{self, ImportFailure, ImportSummary, SheetFile};
use sustain::reports::sheets::read::read_table;
use sustain::reports::sheets::registers::Register;

fn today() -> NaiveDate {
    sustain::domain::dates::england_date(chrono::Utc::now().naive_utc())
}

fn snapshot(conn: &mut DbConnection) -> Snapshot {
    Snapshot::new(PlanIndex::load(conn).expect("plan"), Default::default())
}

fn csv_of(conn: &mut DbConnection, register: Register) -> String {
    let (_, bytes) = write_csv(&snapshot(conn), register, today(), Vec::new()).expect("csv");
    String::from_utf8(bytes).expect("utf-8")
}

fn workbook_of(conn: &mut DbConnection) -> Vec<u8> {
    let heading =
        ExportHeading { authority: "Hartwell Borough Council".into(), as_at: today(), made_at: db::history::now() };
    let mut bytes = Vec::new();
    write_workbook(&snapshot(conn), &heading, &mut bytes).expect("workbook");
    bytes
}

fn limits() -> SheetLimits {
    SheetLimits::default()
}

fn import_plan(conn: &mut DbConnection, bytes: &[u8], create_missing: bool) -> Result<ImportSummary, ImportFailure> {
    import_plan_sheet(conn, bytes, None, create_missing)
}

/// Imports one sheet of a workbook as the plan (none: every sheet it names).
fn import_plan_sheet(
    conn: &mut DbConnection,
    bytes: &[u8],
    sheet: Option<&str>,
    create_missing: bool,
) -> Result<ImportSummary, ImportFailure> {
    let file = SheetFile { bytes, sheet, limits: &limits() };
    let options = ImportOptions { create_missing };
    import::import_plan(conn, &Actor::system("test"), file, options, &common::context(), &mut |_, _| {})
}

fn import_results(conn: &mut DbConnection, bytes: &[u8]) -> Result<ImportSummary, ImportFailure> {
    let file = SheetFile { bytes, sheet: None, limits: &limits() };
    import::import_results(conn, &Actor::system("test"), file, &common::context(), &mut |_, _| {})
}

/// What a plan import needs that it never creates: the inspections. Measures
/// are added after the plan import has created the areas.
fn copy_inspections(from: &mut DbConnection, to: &mut DbConnection) {
    for i in inspections::list(from, db::Archived::Hide).unwrap() {
        inspections::create(to, &Actor::system("test"), &common::valid(i.into_input())).unwrap();
    }
}

fn copy_measures(from: &mut DbConnection, to: &mut DbConnection) {
    let actor = Actor::system("test");
    let source_areas = areas::list(from, db::Archived::Hide).unwrap();
    let recalculations = measures::recalculations(from).unwrap();
    for m in measures::list(from, db::Archived::Hide).unwrap() {
        let area_name = &source_areas.iter().find(|a| a.id == m.practice_area_id).unwrap().name;
        let area = match areas::list(to, db::Archived::Hide).unwrap().into_iter().find(|a| &a.name == area_name) {
            Some(a) => a.id,
            None => {
                areas::create(to, &actor, &common::valid(AreaInput { name: area_name.clone(), ..Default::default() }))
                    .unwrap()
                    .id
            }
        };
        let input = MeasureInput { practice_area_id: area, ..m.clone().into_input() };
        let made = measures::create(to, &actor, &common::valid(input)).unwrap();
        for r in recalculations.iter().filter(|r| r.measure_id == m.id) {
            let point = RecalculationInput { measure_id: made.id, starts_on: r.starts_on, reason: r.reason.clone() };
            measures::add_recalculation(to, &actor, &common::valid(point)).unwrap();
        }
    }
}

fn rows_of(bytes: &[u8], sheet: &str) -> Vec<Vec<String>> {
    let table = read_table(bytes, Some(sheet), sheet, &limits()).expect("readable");
    table.rows.iter().map(|r| r.cells.iter().map(|c| c.shown()).collect()).collect()
}

on_both_backends! {
    fn the_demo_plan_and_results_round_trip_through_csv_and_xlsx(backend) {
        let source_db = common::TestDb::with_demo(backend, today());
        let source = &mut source_db.connect();
        let plan_csv = csv_of(source, Register::Plan);
        let results_csv = csv_of(source, Register::Results);
        let workbook = workbook_of(source);

        for via_xlsx in [false, true] {
            let target_db = common::TestDb::new(backend);
            let target = &mut target_db.connect();
            copy_inspections(source, target);
            let (plan_in, results_in) = if via_xlsx {
                (workbook.clone(), workbook.clone())
            } else {
                (plan_csv.clone().into_bytes(), results_csv.clone().into_bytes())
            };
            // The plan sheet alone: this test is of the plan and results sheets (tests/workbook.rs has the whole workbook).
            let summary = import_plan_sheet(target, &plan_in, via_xlsx.then_some("plan"), true).expect("the plan imports");
            assert_eq!(summary.added.len(), 40, "{summary:?}");
            copy_measures(source, target);
            let summary = import_results(target, &results_in).expect("the results import");
            assert!(summary.added.len() >= 500, "{}", summary.headline());
            assert_eq!(csv_of(target, Register::Plan), plan_csv, "plan via xlsx: {via_xlsx}");
            assert_eq!(csv_of(target, Register::Results), results_csv, "results via xlsx: {via_xlsx}");
            let again = workbook_of(target);
            for sheet in ["plan", "results"] {
                assert_eq!(rows_of(&again, sheet), rows_of(&workbook, sheet), "{sheet} sheet via xlsx: {via_xlsx}");
            }
            // The same file again changes nothing.
            let again = import_plan_sheet(target, &plan_in, via_xlsx.then_some("plan"), false).expect("re-import");
            assert_eq!((again.added.len(), again.changed.len(), again.unchanged), (0, 0, 40));
            assert!(import_results(target, &results_in).unwrap().writes_nothing());
        }
    }
}

fn plan_file(rows: usize, bad_every: Option<usize>) -> String {
    let mut csv = String::from("Reference,Title,Practice area,Due date,State\n");
    for i in 0..rows {
        let bad = bad_every.is_some_and(|n| i % n == 0);
        let due = if bad { "31/02/2025".to_string() } else { "31/03/2025".to_string() };
        csv.push_str(&format!("{}.{},Action {i},Front door,{due},In progress\n", i / 100 + 1, i % 100 + 1));
    }
    csv
}

on_both_backends! {
    fn fifty_bad_rows_are_all_reported_and_nothing_is_written(backend) {
        let test_db = common::TestDb::new(backend);
        let conn = &mut test_db.connect();
        let file = plan_file(100, Some(2));
        match import_plan(conn, file.as_bytes(), true) {
            Err(ImportFailure::Rows(problems)) => {
                assert_eq!(problems.len(), 50);
                assert!(problems.iter().all(|p| p.column == "Due date" && p.message.contains("not a real date")));
                let rows: std::collections::BTreeSet<usize> = problems.iter().map(|p| p.row).collect();
                assert_eq!(rows.len(), 50);
                assert_eq!(problems[0].to_string(), "row 2, Due date: '31/02/2025' is not a real date; enter it like 31/03/2025 or 2025-03-31");
            }
            other => panic!("expected row problems, got {other:?}"),
        }
        assert!(db::actions::list(conn, db::Archived::Include).unwrap().is_empty());
        assert!(areas::list(conn, db::Archived::Include).unwrap().is_empty(), "not even the area was created");
        let summary = import_plan(conn, plan_file(100, None).as_bytes(), true).expect("a good file imports");
        assert_eq!(summary.added.len(), 100);
    }
}

#[test]
fn text_a_spreadsheet_would_run_is_escaped_in_csv_and_a_string_in_xlsx() {
    let test_db = common::TestDb::new(common::Backend::Sqlite);
    let conn = &mut test_db.connect();
    let hostile = "=HYPERLINK(\"http://evil.example\",\"Click\")";
    let csv = format!(
        "Reference,Title,Practice area,Success measure\n1.1,\"{}\",Front door,-1+2\n1.2,@SUM(A1),Front door,+7\n",
        hostile.replace('"', "\"\"")
    );
    import_plan(conn, csv.as_bytes(), true).expect("imports");
    let exported = csv_of(conn, Register::Plan);
    assert!(exported.contains("'=HYPERLINK("), "{exported}");
    assert!(exported.contains(",'-1+2") && exported.contains("'@SUM(A1)") && exported.contains(",'+7"), "{exported}");
    for line in exported.lines().skip(1) {
        for cell in line.split(',') {
            assert!(!cell.starts_with(['=', '+', '-', '@']), "unescaped cell {cell} in {line}");
        }
    }
    // Read back, the apostrophes come off: the round trip keeps the text.
    let again = import_plan(conn, exported.as_bytes(), false).expect("re-import");
    assert_eq!(again.unchanged, 2, "{again:?}");
    let workbook = workbook_of(conn);
    let mut book: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(&workbook)).unwrap();
    use calamine::Reader;
    let formulas = book.worksheet_formula("plan").unwrap();
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()), "no cell is a formula");
    let values = book.worksheet_range("plan").unwrap();
    assert_eq!(values.get_value((1, 1)), Some(&calamine::Data::String(hostile.to_string())));
}

fn zip_with(name: &str, content: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    zip.start_file(name, options).unwrap();
    zip.write_all(content).unwrap();
    zip.finish().unwrap();
    out.into_inner()
}

#[test]
fn hostile_files_are_refused_cleanly() {
    let unsafe_message = sustain::reports::sheets::read::UNSAFE;
    // A ZIP bomb dressed as XLSX: 50 MB of zeros packs to about 50 KB.
    let bomb = zip_with("xl/worksheets/sheet1.xml", &vec![0u8; 50 * 1024 * 1024]);
    assert!(bomb.len() < 200_000);
    assert_eq!(read_table(&bomb, None, "plan", &limits()).unwrap_err().0, unsafe_message);
    let small = SheetLimits { max_uncompressed_bytes: 1024 * 1024, ..limits() };
    let big_part = zip_with("xl/worksheets/sheet1.xml", &vec![b'x'; 2 * 1024 * 1024]);
    assert_eq!(read_table(&big_part, None, "plan", &small).unwrap_err().0, unsafe_message);
    // Not a zip at all, but starting like one.
    assert_eq!(read_table(b"PK\x03\x04garbage", None, "plan", &limits()).unwrap_err().0, unsafe_message);
    // Too large: refused before reading.
    let large = vec![b'a'; limits().max_bytes + 1];
    assert!(read_table(&large, None, "plan", &limits()).unwrap_err().0.starts_with("The file is larger than 10 MB"));
    // Invalid UTF-8 names its row; a file with no rows says so.
    let latin1 = b"Reference,Title,Practice area\n1.1,Caf\xe9,Front door\n";
    assert!(read_table(latin1, None, "plan", &limits()).unwrap_err().0.starts_with("Row 2 is not UTF-8 text"));
    assert_eq!(read_table(b"", None, "plan", &limits()).unwrap_err().0, "The file has no rows");
    assert_eq!(read_table(b"\xEF\xBB\xBF\n\n", None, "plan", &limits()).unwrap_err().0, "The file has no rows");
}

#[test]
fn a_100_mb_file_is_refused_by_the_command_line_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("huge.csv");
    std::fs::File::create(&file).unwrap().set_len(100 * 1024 * 1024).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sustain"))
        .args(["plan", "import", file.to_str().unwrap()])
        .env("SUSTAIN_DATABASE_URL", dir.path().join("s.db"))
        .env("SUSTAIN_CONFIG", "/dev/null")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is larger than 10 MB"));
}

#[test]
fn a_workbook_saved_by_libreoffice_imports() {
    let test_db = common::TestDb::with_demo(common::Backend::Sqlite, today());
    let conn = &mut test_db.connect();
    let bytes =
        std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/plan-template-libreoffice.xlsx")).unwrap();
    let summary = import_plan(conn, &bytes, false).expect("the LibreOffice file imports");
    assert_eq!(summary.changed.len(), 1, "the example row updates action 1.1: {summary:?}");
    let action =
        db::actions::list(conn, db::Archived::Hide).unwrap().into_iter().find(|a| a.reference == "1.1").unwrap();
    assert_eq!(action.due_date, NaiveDate::from_ymd_opt(2025, 5, 30));
}

#[test]
fn the_command_line_lists_every_bad_row_on_standard_error_with_exit_code_2() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plan.csv");
    std::fs::write(&file, "Reference;Title;Practice area\n1.1;;Front door\n1.2;Ok;\n").unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_sustain"))
            .args(args)
            .env("SUSTAIN_DATABASE_URL", dir.path().join("s.db"))
            .env("SUSTAIN_CONFIG", "/dev/null")
            .output()
            .unwrap()
    };
    assert!(run(&["migrate"]).status.success());
    let out = run(&["plan", "import", file.to_str().unwrap(), "--create-missing"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("row 2, Title: Enter a title"), "{stderr}");
    assert!(stderr.contains("row 3, Practice area: Enter the practice area's name"), "{stderr}");
    assert!(stderr.contains("nothing was imported"), "{stderr}");
    std::fs::write(&file, "Reference;Title;Practice area\n1.1;Audit;Front door\n").unwrap();
    let out = run(&["plan", "import", file.to_str().unwrap(), "--create-missing", "--dry-run"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "Dry run, nothing written: 1 actions added, 0 changed, 0 left as they were, 1 new practice area(s)"
    );
    let out = run(&["plan", "import", file.to_str().unwrap(), "--create-missing"]);
    assert_eq!(out.status.code(), Some(0));
    let out = run(&["plan", "import", file.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("0 actions added, 0 changed, 1 left as they were"));
}

on_both_backends! {
    async fn the_page_previews_an_upload_then_imports_it_on_confirmation(backend) {
        use sustain::domain::kinds::Role;
        let app = common::TestApp::spawn_with(backend, |conn| {
            common::add_user(conn, "leader@hartwell.example", Role::Leader, "a-long-test-password-1");
        })
        .await;
        assert_eq!(app.sign_in("leader@hartwell.example", "a-long-test-password-1").await.status(), 303);
        let token = app.csrf_token().await;
        let upload = |bytes: &'static [u8]| {
            reqwest::multipart::Form::new()
                .text("csrf_token", token.clone())
                .text("create_missing", "yes")
                .part("file", reqwest::multipart::Part::bytes(bytes).file_name("plan.csv"))
        };
        let response = app.client.post(app.url("/plan/import")).multipart(upload(b"Reference,Title,Practice area\n1.1,,Front door\n")).send().await.unwrap();
        assert_eq!(response.status(), 422, "the problems page");
        let body = response.text().await.unwrap();
        assert!(body.contains("nothing was imported") && body.contains("Enter a title"), "{body}");

        let response = app.client.post(app.url("/plan/import")).multipart(upload(b"Reference,Title,Practice area\n1.1,Audit,Front door\n")).send().await.unwrap();
        assert_eq!(response.status(), 200);
        let body = response.text().await.unwrap();
        assert!(body.contains("Check before importing") && body.contains("1.1 Audit"), "{body}");
        let marker = "name=\"upload\" value=\"";
        let at = body.find(marker).expect("the confirm form carries the upload") + marker.len();
        let id = &body[at..at + 32];
        assert!(db::actions::list(&mut app.db.connect(), db::Archived::Hide).unwrap().is_empty(), "nothing yet");
        let response = app.post_form(&app.client, "/plan/import/confirm", &[("upload", id)]).await;
        assert_eq!(response.status(), 303);
        assert_eq!(response.headers()["location"], "/plan/export");
        assert_eq!(db::actions::list(&mut app.db.connect(), db::Archived::Hide).unwrap().len(), 1);
        let again = app.post_form(&app.client, "/plan/import/confirm", &[("upload", id)]).await;
        assert_eq!(again.headers()["location"], "/plan/import", "an upload is imported once");

        let workbook = app.get("/plan/export/download?format=xlsx&as_at=2025-03-31").await;
        assert_eq!(workbook.status(), 200);
        assert!(workbook.headers()["content-disposition"].to_str().unwrap().contains("sustain-registers-2025-03-31.xlsx"));
        let bytes = workbook.bytes().await.unwrap();
        assert_eq!(rows_of(&bytes, "plan")[0][0], "1.1");
        let csv = app.get("/plan/export/download?register=plan").await.text().await.unwrap();
        assert!(csv.starts_with("\u{feff}Reference,Title"), "{csv}");
        assert_eq!(app.get("/plan/template.xlsx").await.status(), 200);
    }
}
