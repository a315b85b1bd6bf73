//! The report a councillor reads: the leaders' commentary, written by a
//! leader for the report's date, is printed in the page, the PDF and the Word
//! copy and kept with each copy issued, so a copy is made again the same
//! after the words change; the demo's full report prints on at most 20 A4
//! pages and its summary on one; owners are named with their team or agency
//! and an overdue action says since when.

use crate::common;

use common::TestApp;
use sustain::db::{self, DbConnection};
use sustain::domain::dates::long_date;
use sustain::domain::kinds::Role;
use sustain::read::plan::PlanIndex;

const PASSWORD: &str = "a-long-test-password-1";
const LEADER: &str = "director@hartwell.example";

fn today() -> chrono::NaiveDate {
    common::today()
}

fn people(conn: &mut DbConnection) {
    common::add_user(conn, LEADER, Role::Leader, PASSWORD);
}

async fn as_leader(backend: common::Backend) -> TestApp {
    let app = TestApp::spawn_demo(backend, people).await;
    assert_eq!(app.sign_in(LEADER, PASSWORD).await.status(), 303);
    app
}

/// The value of a hidden field in a page.
fn hidden(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let at = html.find(&marker).unwrap_or_else(|| panic!("no field {name}")) + marker.len();
    html[at..at + html[at..].find('"').unwrap()].to_string()
}

/// A PDF's text and its number of pages, as poppler reads them.
fn pdf_text_and_pages(pdf: &[u8]) -> (String, usize) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.pdf");
    std::fs::write(&file, pdf).unwrap();
    let text = std::process::Command::new("pdftotext").arg(&file).arg("-").output().expect("pdftotext is installed");
    let info = std::process::Command::new("pdfinfo").arg(&file).output().expect("pdfinfo is installed");
    let info = String::from_utf8(info.stdout).unwrap();
    let pages =
        info.lines().find_map(|l| l.strip_prefix("Pages:")).expect("pdfinfo counts pages").trim().parse().unwrap();
    // pdftotext breaks lines where the PDF wraps them: join the words again.
    let text = String::from_utf8(text.stdout).unwrap().split_whitespace().collect::<Vec<_>>().join(" ");
    (text, pages)
}

/// The text of a Word document's body.
fn docx_xml(bytes: &[u8]) -> String {
    let mut docx = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).expect("a .docx is a ZIP");
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut docx.by_name("word/document.xml").unwrap(), &mut xml).unwrap();
    xml
}

/// Saves the commentary for today as the form reads it, with new overall and LADO words.
async fn write(app: &TestApp, overall: &str, lado: &str) -> reqwest::Response {
    let form = app.get(&format!("/reports/progress/commentary?as_at={}", today())).await.text().await.unwrap();
    let plan = PlanIndex::load(&mut app.db.connect()).unwrap();
    let area = plan.areas.iter().find(|a| a.name.starts_with("LADO")).unwrap().id;
    let (v_overall, v_area) = (hidden(&form, "version_overall"), hidden(&form, &format!("version_area_{area}")));
    let field = format!("area_{area}");
    let version_field = format!("version_{field}");
    let as_at = today().to_string();
    let fields = [
        ("as_at", as_at.as_str()),
        ("overall", overall),
        ("version_overall", &v_overall),
        (&field, lado),
        (&version_field, &v_area),
    ];
    app.post_form(&app.client, "/reports/progress/commentary", &fields).await
}

on_both_backends! {
    async fn commentary_is_printed_in_every_form_and_an_issued_copy_is_made_again_the_same(backend) {
        let app = as_leader(backend).await;
        let report = app.get("/reports/progress").await.text().await.unwrap();
        assert!(report.contains("The front door and management oversight have held"), "the demo carries a commentary");
        assert!(report.contains("href=\"/reports/progress/commentary?as_at="), "leaders are offered the form");
        let saved = write(&app, "Words for the committee on 12 March.", "The interim LADO starts on Monday.").await;
        assert_eq!(saved.status(), 303);
        let report = app.get("/reports/progress").await.text().await.unwrap();
        assert!(report.contains("Leaders' commentary saved"), "the notice says so");
        assert!(report.contains("Words for the committee on 12 March.") && report.contains("The interim LADO starts on Monday."));
        // The PDF and the Word copy print it too, and each is recorded with the words it printed.
        let pdf = app.get("/reports/progress.pdf").await.bytes().await.unwrap();
        let (text, _) = pdf_text_and_pages(&pdf);
        assert!(text.contains("Words for the committee on 12 March.") && text.contains("The interim LADO starts on Monday."), "{text}");
        let docx = app.get("/reports/progress.docx?form=summary").await.bytes().await.unwrap();
        let xml = docx_xml(&docx);
        assert!(xml.contains("Words for the committee on 12 March.") && xml.contains("The interim LADO starts on Monday."));
        let issued = db::reports::latest(&mut app.db.connect(), 10).unwrap();
        assert_eq!(issued.len(), 2);
        assert!(issued[1].commentary.as_deref().is_some_and(|c| c.contains("Words for the committee")));
        assert_eq!(issued[0].form, sustain::domain::kinds::ReportForm::Summary);
        // The words change; both copies are still made again byte for byte.
        assert_eq!(write(&app, "Later words.", "").await.status(), 303);
        assert!(!app.get("/reports/progress").await.text().await.unwrap().contains("The interim LADO starts on Monday."));
        for copy in &issued {
            let checked = app.get(&format!("/reports/issued/{}?check=yes", copy.id)).await.text().await.unwrap();
            assert!(checked.contains("Same document"), "{:?} {:?}: {checked}", copy.format, copy.form);
        }
        // Change history keeps each version of the words.
        let history = app.get("/history").await.text().await.unwrap();
        assert!(history.contains("Report commentary"), "{history}");
    }
}

on_both_backends! {
    async fn a_save_over_someone_elses_is_refused_with_their_words_shown(backend) {
        let app = as_leader(backend).await;
        let form = app.get(&format!("/reports/progress/commentary?as_at={}", today())).await.text().await.unwrap();
        let stale_version = hidden(&form, "version_overall");
        assert_eq!(write(&app, "Theirs, saved first.", "").await.status(), 303);
        let as_at = today().to_string();
        let fields = [("as_at", as_at.as_str()), ("overall", "Mine, saved second."), ("version_overall", &stale_version)];
        let refused = app.post_form(&app.client, "/reports/progress/commentary", &fields).await;
        assert_eq!(refused.status(), 409);
        let page = refused.text().await.unwrap();
        assert!(page.contains("changed by someone else") && page.contains("Theirs, saved first.") && page.contains("Mine, saved second."));
        let too_long = "x".repeat(sustain::domain::commentary::OVERALL_MAX + 1);
        let form = app.get(&format!("/reports/progress/commentary?as_at={}", today())).await.text().await.unwrap();
        let fields = [("as_at", as_at.as_str()), ("overall", too_long.as_str()), ("version_overall", &hidden(&form, "version_overall"))];
        let invalid = app.post_form(&app.client, "/reports/progress/commentary", &fields).await;
        assert_eq!(invalid.status(), 422);
        assert_eq!(db::commentary::commentary(&mut app.db.connect(), today()).unwrap().overall.as_deref(), Some("Theirs, saved first."));
    }
}

on_both_backends! {
    async fn the_demo_report_prints_on_twenty_pages_and_its_summary_on_one(backend) {
        let app = as_leader(backend).await;
        let (text, pages) = pdf_text_and_pages(&app.get("/reports/progress.pdf").await.bytes().await.unwrap());
        assert!(pages <= 20, "the full report prints on {pages} pages");
        // Areas needing attention first, in full; embedded ones in a few lines, last.
        let lado = text.find("LADO and allegations management: Slipping").expect("the slipping area's section");
        let front_door = text.find("Front door decisions and risk identification: Embedded").expect("an embedded area");
        assert!(lado < front_door);
        assert!(text[front_door..].contains("verified evidence items counted; key measures on target"), "in brief");
        let (summary, pages) = pdf_text_and_pages(&app.get("/reports/progress.pdf?form=summary").await.bytes().await.unwrap());
        assert_eq!(pages, 1, "the summary: {summary}");
        assert!(summary.contains("Progress summary as at") && summary.contains("Leaders' commentary"));
        assert!(summary.contains("A LADO vacancy since August"), "each area's commentary: {summary}");
        let page = app.get("/reports/progress?form=summary").await.text().await.unwrap();
        assert!(page.contains("Progress summary as at") && page.contains("href=\"/reports/progress.pdf?") && page.contains("&amp;form=summary"));
        assert_eq!(app.get("/reports/progress?form=everything").await.status(), 422);
    }
}

on_both_backends! {
    async fn owners_are_named_with_their_agency_and_overdue_actions_since_their_due_date(backend) {
        let app = as_leader(backend).await;
        let html = app.get("/reports/progress").await.text().await.unwrap();
        assert!(html.contains("DI Chris Walsh (Hartshire Police)"), "a partner named with their agency");
        assert!(!html.contains("Overdue by"));
        let plan = PlanIndex::load(&mut app.db.connect()).unwrap();
        let overdue: Vec<_> = plan.actions.iter().filter(|a| sustain::read::dated::is_overdue(a, today())).collect();
        assert!(!overdue.is_empty(), "the demo has overdue actions");
        let dashboard = app.get("/").await.text().await.unwrap();
        for action in overdue {
            let words = format!("Overdue since {}", long_date(action.due_date.unwrap()));
            assert!(html.contains(&words), "the report: {words}");
            assert!(dashboard.contains(&words), "the dashboard: {words}");
        }
    }
}
