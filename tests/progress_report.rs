//! The lead-member progress report on the demo authority: as at the demo's
//! date and since six months earlier it shows what the demo's story implies
//! (one area slipped, one became not yet sustained), on both dates; the PDF
//! is real text naming every area; a copy is recorded as issued and the same
//! data and dates give the same bytes; the command line writes all forms.

use crate::common;

use chrono::NaiveDate;
use common::TestApp;
use std::collections::HashMap;
use sustain::db::{self, Actor, DbConnection};
use sustain::domain::dates::{long_date, months_before};
use sustain::domain::kinds::Role;
use sustain::domain::status::{AreaStatus, Rules};
use sustain::read::cache::Snapshot;
use sustain::read::plan::PlanIndex;

const PASSWORD: &str = "a-long-test-password-1";

fn today() -> NaiveDate {
    sustain::domain::dates::england_date(chrono::Utc::now().naive_utc())
}

fn demo(conn: &mut DbConnection) {
    common::add_user(conn, "member@hartwell.example", Role::Viewer, PASSWORD);
}

async fn signed_in(backend: common::Backend) -> TestApp {
    let app = TestApp::spawn_demo(backend, demo).await;
    assert_eq!(app.sign_in("member@hartwell.example", PASSWORD).await.status(), 303);
    app
}

/// The count in the status table's row for a status: (earlier date, as at date).
fn counts(html: &str, status: AreaStatus) -> (usize, usize) {
    let row = format!("<th scope=\"row\">{}</th>", status.label());
    let at = html.find(&row).unwrap_or_else(|| panic!("no row for {}", status.label()));
    let cells: Vec<usize> = html[at..]
        .split("<td class=\"app-numeric\">")
        .skip(1)
        .take(2)
        .map(|cell| cell[..cell.find('<').unwrap()].parse().unwrap())
        .collect();
    (cells[0], cells[1])
}

on_both_backends! {
    async fn the_demo_report_shows_six_months_of_change(backend) {
        let app = signed_in(backend).await;
        let (as_at, since) = (today(), months_before(today(), 6));
        let response = app.get(&format!("/reports/progress?as_at={as_at}&since={since}")).await;
        assert_eq!(response.status(), 200);
        let html = response.text().await.unwrap();
        assert!(html.contains(&format!("As at {}, with changes since {}", long_date(as_at), long_date(since))));
        // The demo's story: the LADO area was embedded and has slipped; case
        // recording has been delivered since, but is not yet sustained.
        assert_eq!(counts(&html, AreaStatus::Embedded), (3, 2));
        assert_eq!(counts(&html, AreaStatus::Slipping), (0, 1));
        assert_eq!(counts(&html, AreaStatus::NotYetSustained), (1, 2));
        assert_eq!(counts(&html, AreaStatus::InProgress), (5, 4));
        assert_eq!(counts(&html, AreaStatus::NotStarted), (1, 1));
        assert!(html.contains("Slipped (1)") && html.contains("LADO and allegations management: embedded then, slipping now"));
        assert!(html.contains("Became embedded (0)"));
        assert!(html.contains(&format!("Slipped: embedded on {}, slipping now", long_date(since))));
        assert!(html.contains(&format!(
            "Moved from in progress on {} to not yet sustained; 1 action completed.",
            long_date(since)
        )));
        // Every area's section agrees with the status engine on both dates.
        let plan = PlanIndex::load(&mut app.db.connect()).unwrap();
        let snapshot = Snapshot::new(plan, Rules::default());
        for area in &snapshot.plan.areas {
            let now = snapshot.verdict(area.id, as_at).unwrap().status;
            let then = snapshot.verdict(area.id, since).unwrap().status;
            let heading = format!("id=\"area-{}\">{} ", area.id, area.name);
            let section = &html[html.find(&heading).unwrap_or_else(|| panic!("no section for {}", area.name))..];
            let section = &section[..section.find("</section>").unwrap()];
            assert!(section.contains(&format!(">{}</strong>", now.label())), "{}: {section}", area.name);
            if then == now {
                assert!(section.contains(&format!("{} on both dates", now.label().to_lowercase())), "{}", area.name);
            } else {
                assert!(section.contains(&format!("{} on {}", then.label().to_lowercase(), long_date(since))), "{}", area.name);
            }
        }
        // The summary's completed and overdue actions are the plan's.
        let completed = snapshot.plan.actions.iter().filter(|a| a.completed_date.is_some_and(|d| d > since && d <= as_at)).count();
        assert!(html.contains(&format!("Actions completed ({completed})")));
    }
}

on_both_backends! {
    async fn the_pdf_is_text_naming_every_area_and_is_recorded_as_issued(backend) {
        let app = signed_in(backend).await;
        let since = months_before(today(), 6);
        let path = format!("/reports/progress.pdf?as_at={}&since={since}", today());
        let response = app.get(&path).await;
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "application/pdf");
        let pdf = response.bytes().await.unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        let again = app.get(&path).await.bytes().await.unwrap();
        assert_eq!(pdf, again, "the same data and dates give the same report");
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("report.pdf");
        std::fs::write(&file, &pdf).unwrap();
        let out = std::process::Command::new("pdftotext").arg(&file).arg("-").output()
            .expect("pdftotext (poppler-utils) is installed");
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        let plan = PlanIndex::load(&mut app.db.connect()).unwrap();
        for area in &plan.areas {
            assert!(text.contains(&area.name), "the PDF names {}", area.name);
        }
        assert!(text.contains("Hartwell Borough Council") || text.contains("Your council"));
        assert!(text.contains(&format!("As at {}, with changes since {}", long_date(today()), long_date(since))));
        // Both copies are recorded with the hash of what was handed out.
        let issued = db::reports::latest(&mut app.db.connect(), 10).unwrap();
        assert_eq!(issued.len(), 2);
        assert_eq!(issued[0].sha256, sustain::reports::progress::sha256_hex(&pdf));
        assert_eq!((issued[0].as_at, issued[0].since), (today(), Some(since)));
    }
}

on_both_backends! {
    async fn the_earlier_date_defaults_to_the_last_issued_report_and_must_come_first(backend) {
        let app = signed_in(backend).await;
        let html = app.get("/reports/progress").await.text().await.unwrap();
        let three_back = months_before(today(), 3);
        assert!(html.contains(&format!("with changes since {}", long_date(three_back))), "three months back by default");
        let issued_on = months_before(today(), 1);
        let actor = Actor::system("test");
        let new = db::reports::NewReport {
            kind: sustain::domain::kinds::ReportKind::Progress, format: sustain::domain::kinds::ReportFormat::Pdf, as_at: issued_on, since: None, inspection_id: None,
            generation: 1, sha256: "0".repeat(64), form: sustain::domain::kinds::ReportForm::Full, commentary: None,
        };
        db::reports::issue(&mut app.db.connect(), &actor, new).unwrap();
        let html = app.get("/reports/progress").await.text().await.unwrap();
        assert!(html.contains(&format!("with changes since {}", long_date(issued_on))), "since the last report");
        let refused = app.get(&format!("/reports/progress?as_at={issued_on}&since={}", today())).await;
        assert_eq!(refused.status(), 422);
    }
}

on_both_backends! {
    async fn the_word_document_has_headings_tables_and_described_charts(backend) {
        let app = signed_in(backend).await;
        let since = months_before(today(), 6);
        let response = app.get(&format!("/reports/progress.docx?as_at={}&since={since}", today())).await;
        assert_eq!(response.status(), 200);
        assert_eq!(
            response.headers()["content-type"],
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        );
        let bytes = response.bytes().await.unwrap();
        let mut docx = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).expect("a .docx is a ZIP");
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut docx.by_name("word/document.xml").unwrap(), &mut xml).unwrap();
        let plan = PlanIndex::load(&mut app.db.connect()).unwrap();
        let sections = xml.matches("<w:pStyle w:val=\"Heading2\" />").count();
        assert_eq!(sections, plan.areas.len() + 3, "the leaders' commentary, Summary, the rules and a heading per area");
        for area in &plan.areas {
            assert!(xml.contains(&area.name.replace('&', "&amp;").replace('\'', "&apos;")) || xml.contains(&area.name), "{}", area.name);
        }
        assert!(xml.contains("<w:pStyle w:val=\"Heading1\" />"));
        let tables = xml.matches("<w:tbl>").count();
        assert!(tables > 10, "{tables} tables");
        assert_eq!(xml.matches("<w:tblHeader />").count(), tables, "every table has a header row");
        let pictures = xml.matches("<wp:docPr ").count();
        assert!(pictures > 0);
        assert_eq!(xml.matches("<wp:docPr descr=\"").count(), pictures, "every chart has a description");
    }
}

#[test]
fn the_command_line_writes_the_report_in_each_form() {
    let db = common::TestDb::with_demo_today(common::Backend::Sqlite);
    demo(&mut db.connect());
    let dir = tempfile::tempdir().unwrap();
    let mut hashes = HashMap::new();
    for format in ["html", "pdf", "docx"] {
        let output = dir.path().join(format!("report.{format}"));
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_sustain"))
            .args(["report", "progress", "--since", &months_before(today(), 6).to_string(), "--format", format])
            .arg("--output")
            .arg(&output)
            .env("SUSTAIN_DATABASE_URL", &db.raw_url)
            .env("SUSTAIN_AUTHORITY_NAME", "Hartwell Borough Council")
            .status()
            .unwrap();
        assert!(status.success(), "{format}");
        let bytes = std::fs::read(&output).unwrap();
        hashes.insert(format, sustain::reports::progress::sha256_hex(&bytes));
        if format == "html" {
            let text = String::from_utf8(bytes).unwrap();
            assert!(text.contains("Hartwell Borough Council") && text.contains("LADO and allegations management"));
            assert!(!text.contains("href=\"/"), "the file links nowhere in the app");
        }
    }
    let issued = db::reports::latest(&mut db.connect(), 10).unwrap();
    assert_eq!(issued.len(), 3);
    assert_eq!(issued[0].sha256, hashes["docx"]);
    assert_eq!(issued[1].sha256, hashes["pdf"]);
    assert_eq!(issued[2].sha256, hashes["html"]);
}
