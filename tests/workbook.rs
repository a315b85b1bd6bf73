//! The whole plan in one workbook: the demo's workbook, as XLSX and as the
//! CSV folder (a ZIP, and a directory on the command line), imported into an
//! empty database and exported again gives the same rows and values, sheet by
//! sheet and cell by cell; problems on several sheets are each named by sheet,
//! row and column with nothing written; and "create them and check again"
//! works on the page without a second upload.

use crate::common;

use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::io::{Read, Write};
use sustain::db::{self, Actor, DbConnection};
use sustain::domain::sheets::plan_match::ImportOptions;
use sustain::domain::sheets::workbook::Sheet;
use sustain::domain::sheets::SheetLimits;
use sustain::read::cache::Snapshot;
use sustain::read::plan::PlanIndex;
use sustain::reports::sheets::export::{write_csv_zip, write_workbook, ExportHeading};
use sustain::reports::sheets::import::{self, ImportFailure, ImportSummary, SheetFile};
use sustain::reports::sheets::read::read_sheets;

fn today() -> NaiveDate {
    sustain::domain::dates::england_date(chrono::Utc::now().naive_utc())
}

fn snapshot(conn: &mut DbConnection) -> Snapshot {
    Snapshot::new(PlanIndex::load(conn).expect("plan"), Default::default())
}

fn workbook_of(conn: &mut DbConnection) -> Vec<u8> {
    let heading =
        ExportHeading { authority: "Hartwell Borough Council".into(), as_at: today(), made_at: db::history::now() };
    let mut bytes = Vec::new();
    write_workbook(&snapshot(conn), &heading, &mut bytes).expect("workbook");
    bytes
}

fn csv_folder_of(conn: &mut DbConnection) -> Vec<u8> {
    write_csv_zip(&snapshot(conn), today(), Vec::new()).expect("zip")
}

fn limits() -> SheetLimits {
    SheetLimits::default()
}

fn import_whole(conn: &mut DbConnection, bytes: &[u8], create_missing: bool) -> Result<ImportSummary, ImportFailure> {
    let file = SheetFile { bytes, sheet: None, limits: &limits() };
    let options = ImportOptions { create_missing };
    import::import_plan(conn, &Actor::system("test"), file, options, &common::context(), &mut |_, _| {})
}

/// Every sheet the import reads, as the cells a person sees, header first.
fn sheets_of(bytes: &[u8]) -> BTreeMap<&'static str, Vec<Vec<String>>> {
    let (tables, named) = read_sheets(bytes, None, &limits()).expect("readable");
    assert!(named, "read as a whole-plan file");
    tables
        .into_iter()
        .map(|(sheet, table)| {
            let mut rows = vec![table.headers.clone()];
            rows.extend(table.rows.iter().map(|r| r.cells.iter().map(|c| c.shown()).collect::<Vec<_>>()));
            (sheet.name(), rows)
        })
        .collect()
}

/// The CSV files of a ZIP, by name.
fn files_of(zip: &[u8]) -> BTreeMap<String, String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).expect("a zip");
    let mut files = BTreeMap::new();
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).unwrap();
        let mut text = String::new();
        part.read_to_string(&mut text).unwrap();
        files.insert(part.name().map(|n| n.to_string()).unwrap_or_default(), text);
    }
    files
}

fn assert_same_sheets(again: &[u8], first: &[u8], how: &str) {
    let (again, first) = (sheets_of(again), sheets_of(first));
    for sheet in Sheet::ALL {
        let name = sheet.name();
        let (a, f) = (&again[name], &first[name]);
        assert_eq!(a.len(), f.len(), "{how}: the {name} sheet has as many rows");
        for (row, (a, f)) in a.iter().zip(f).enumerate() {
            assert_eq!(a, f, "{how}: the {name} sheet, row {}", row + 1);
        }
    }
}

on_both_backends! {
    fn the_demo_whole_plan_round_trips_through_the_workbook_and_the_csv_folder(backend) {
        let source_db = common::TestDb::with_demo(backend, today());
        let source = &mut source_db.connect();
        let workbook = workbook_of(source);
        let folder = csv_folder_of(source);
        let first = sheets_of(&workbook);
        for sheet in Sheet::ALL {
            assert!(first[sheet.name()].len() > 1, "the demo fills the {} sheet", sheet.name());
        }

        for (how, file) in [("xlsx", &workbook), ("csv folder", &folder)] {
            let target_db = common::TestDb::new(backend);
            let target = &mut target_db.connect();
            let summary = import_whole(target, file, false).unwrap_or_else(|e| match e {
                ImportFailure::Rows(problems) => panic!("{how}: {:#?}", &problems[..problems.len().min(20)]),
                other => panic!("{how}: {other}"),
            });
            assert_eq!(summary.added.len(), first["plan"].len() - 1, "{how}: every action added");
            assert_same_sheets(&workbook_of(target), &workbook, how);
            let (again, before) = (files_of(&csv_folder_of(target)), files_of(&folder));
            for sheet in Sheet::ALL {
                let name = format!("{}.csv", sheet.name());
                assert_eq!(again[&name], before[&name], "{how}: {name} is the same, byte for byte");
            }
            // The same file again changes nothing.
            let repeat = import_whole(target, file, false).expect("re-import");
            assert!(repeat.writes_nothing(), "{how}: {}", repeat.headline());
        }
    }
}

/// A workbook of the given sheets, each (name, rows), the first row its header.
fn xlsx(sheets: &[(&str, &[&[&str]])]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    for (name, rows) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(*name).unwrap();
        for (r, cells) in rows.iter().enumerate() {
            for (c, cell) in cells.iter().enumerate() {
                sheet.write_string(r as u32, c as u16, *cell).unwrap();
            }
        }
    }
    book.save_to_buffer().unwrap()
}

on_both_backends! {
    fn problems_on_several_sheets_are_each_named_by_sheet_row_and_column_and_nothing_is_written(backend) {
        let test_db = common::TestDb::new(backend);
        let conn = &mut test_db.connect();
        let file = xlsx(&[
            ("owners", &[&["Name", "Job title", "Email"], &["Aisha Rahman", "Head of Service", "not an address"]]),
            ("areas", &[&["Practice area", "Results needed"], &["Front door", ""], &["Care leavers", "99"]]),
            ("inspections", &[
                &["Title", "Kind", "Inspectorate", "Start date", "End date"],
                &["Focused visit", "Focused visit", "Ofsted", "14/01/2025", "15/01/2025"],
                &["Monitoring visit", "Visitation", "Ofsted", "14/01/2025", "15/01/2025"],
            ]),
            ("findings", &[&["Inspection", "Reference", "Practice area", "Text"], &["Focused visit", "APA1", "Front dor", "Risk"]]),
            ("plan", &[&["Reference", "Title", "Practice area"], &["1.1", "", "Front door"]]),
            ("measures", &[
                &["Practice area", "Measure", "Kind", "Unit", "Direction", "Frequency"],
                &["Front door", "Timeliness", "Performance indicator", "weeks", "Higher is better", "Monthly"],
            ]),
        ]);
        let Err(ImportFailure::Rows(problems)) = import_whole(conn, &file, false) else { panic!("problems expected") };
        let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(shown.len(), 6, "{shown:#?}");
        for expected in [
            "owners, row 2, Email: Enter an email address in the correct format",
            "areas, row 3, Results needed: Enter a whole number from 1 to 36",
            "inspections, row 3, Kind: 'Visitation' is not one of",
            "findings, row 2, Practice area: no practice area named 'Front dor'; did you mean 'Front door'?",
            "plan, row 2, Title: Enter a title",
            "measures, row 2, Unit: 'weeks' is not one of",
        ] {
            assert!(shown.iter().any(|p| p.starts_with(expected)), "{expected} in {shown:#?}");
        }
        assert!(db::transfer::is_empty(conn).unwrap(), "nothing was written");
    }
}

#[test]
fn the_template_has_every_sheet_with_its_headers_and_its_hints_import_nothing() {
    let mut bytes = Vec::new();
    sustain::reports::sheets::template::template_xlsx(sustain::reports::sheets::template::Template::Plan, &mut bytes)
        .unwrap();
    let (tables, named) = read_sheets(&bytes, None, &limits()).unwrap();
    assert!(named);
    let found: Vec<Sheet> = tables.iter().map(|(s, _)| *s).collect();
    assert_eq!(found, Sheet::ALL.to_vec(), "every sheet, in the order records are created");
    for (sheet, table) in &tables {
        let headers: Vec<&str> = sheet.columns().iter().map(|c| c.header).collect();
        assert_eq!(table.headers, headers, "{} headers", sheet.name());
        let expected = usize::from(*sheet == Sheet::Plan);
        assert_eq!(table.rows.len(), expected, "{}: only the plan's example row is data", sheet.name());
    }
    let mut zip = Vec::new();
    sustain::reports::sheets::template::template_zip(&mut zip).unwrap();
    let files = files_of(&zip);
    for sheet in Sheet::ALL {
        assert!(files.contains_key(&format!("{}.csv", sheet.name())), "{} in the CSV folder", sheet.name());
    }
}

#[test]
fn the_command_line_round_trips_the_csv_folder_of_a_directory() {
    let dir = tempfile::tempdir().unwrap();
    let run = |db: &str, args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_sustain"))
            .args(args)
            .env("SUSTAIN_DATABASE_URL", dir.path().join(db))
            .env("SUSTAIN_CONFIG", "/dev/null")
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        out
    };
    let (first, again) = (dir.path().join("first"), dir.path().join("again"));
    run("source.db", &["migrate"]);
    run("target.db", &["migrate"]);
    run("source.db", &["demo"]);
    run("source.db", &["plan", "export", "--format", "csv", "--output", first.to_str().unwrap()]);
    let out = run("target.db", &["plan", "import", first.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("Imported: "), "{out:?}");
    run("target.db", &["plan", "export", "--format", "csv", "--output", again.to_str().unwrap()]);
    for sheet in Sheet::ALL {
        let name = format!("{}.csv", sheet.name());
        let (a, b) = (std::fs::read(again.join(&name)).unwrap(), std::fs::read(first.join(&name)).unwrap());
        assert!(a == b, "{name} is the same after the round trip");
    }
}

fn zip_of(files: &[(&str, &str)]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    for (name, text) in files {
        zip.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
    out.into_inner()
}

on_both_backends! {
    async fn create_them_and_check_again_needs_no_second_upload(backend) {
        use sustain::domain::kinds::Role;
        let app = common::TestApp::spawn_with(backend, |conn| {
            common::add_user(conn, "leader@hartwell.example", Role::Leader, "a-long-test-password-1");
        })
        .await;
        assert_eq!(app.sign_in("leader@hartwell.example", "a-long-test-password-1").await.status(), 303);
        let token = app.csrf_token().await;
        let folder = zip_of(&[
            ("plan/inspections.csv", "Title,Kind,Inspectorate,Start date,End date\nFocused visit,Focused visit,Ofsted,14/01/2025,15/01/2025\n"),
            ("plan/plan.csv", "Reference,Title,Practice area,Owner job title,Finding references\n1.1,Daily risk meeting,Front door,Head of Service,Focused visit: APA1\n"),
        ]);
        let form = reqwest::multipart::Form::new()
            .text("csrf_token", token.clone())
            .part("file", reqwest::multipart::Part::bytes(folder).file_name("plan.zip"));
        let response = app.client.post(app.url("/plan/import")).multipart(form).send().await.unwrap();
        assert_eq!(response.status(), 422);
        let body = response.text().await.unwrap();
        assert!(body.contains("no practice area named &#39;Front door&#39;") || body.contains("no practice area named 'Front door'"), "{body}");
        assert!(body.contains("Create them and check again"), "{body}");
        let upload_in = |body: &str| {
            let marker = "name=\"upload\" value=\"";
            let at = body.find(marker).expect("the form carries the kept upload") + marker.len();
            body[at..at + 32].to_string()
        };
        let kept = upload_in(&body);
        assert!(db::areas::list(&mut app.db.connect(), db::Archived::Hide).unwrap().is_empty(), "nothing yet");

        let response = app.post_form(&app.client, "/plan/import/create-missing", &[("upload", &kept)]).await;
        assert_eq!(response.status(), 200);
        let body = response.text().await.unwrap();
        assert!(body.contains("Check before importing") && body.contains("New practice areas") && body.contains("New inspections"), "{body}");
        let checked = upload_in(&body);
        let response = app.post_form(&app.client, "/plan/import/confirm", &[("upload", &checked)]).await;
        assert_eq!(response.status(), 303);
        let conn = &mut app.db.connect();
        let actions = db::actions::list(conn, db::Archived::Hide).unwrap();
        assert_eq!(actions.len(), 1);
        assert_eq!(db::areas::list(conn, db::Archived::Hide).unwrap()[0].name, "Front door");
        assert_eq!(db::findings::list(conn, db::Archived::Hide).unwrap()[0].reference, "APA1");
        assert_eq!(db::actions::findings_of(conn, actions[0].id).unwrap().len(), 1, "the action answers the finding");
        let again = app.post_form(&app.client, "/plan/import/create-missing", &[("upload", &kept)]).await;
        assert_eq!(again.headers()["location"], "/plan/import", "the first upload was replaced by the checked one");
    }
}
