//! The demo focused visit's evidence pack: the page, and the ZIP that opens,
//! whose SHA256SUMS `sha256sum -c` accepts and whose index links only to
//! files inside it; the command line writes the same. A link shared with an
//! inspector opens that pack without signing in, stops at revocation or
//! expiry, and opens nothing else.

use crate::common;

use chrono::NaiveDate;
use common::TestApp;
use diesel::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::io::Read;
use sustain::db::attachments::NewAttachment;
use sustain::db::schema::change_history;
use sustain::db::{self, Actor, DbConnection};
use sustain::domain::ids::{EvidenceId, InspectionId};
use sustain::domain::kinds::{ReviewState, Role};
use sustain::read::plan::PlanIndex;

const PASSWORD: &str = "a-long-test-password-1";

fn today() -> NaiveDate {
    sustain::domain::dates::england_date(chrono::Utc::now().naive_utc())
}

/// The demo with a leader and a viewer, and two files on a verified item of the focused visit's APA1.
fn demo(conn: &mut DbConnection) {
    common::add_user(conn, "lead@hartwell.example", Role::Leader, PASSWORD);
    common::add_user(conn, "reader@hartwell.example", Role::Viewer, PASSWORD);
    let plan = PlanIndex::load(conn).unwrap();
    let (_, evidence) = apa1_evidence(&plan);
    let files = [("dip sample (March).pdf", b"%PDF-1.4 dip sample".to_vec()), ("notes.txt", b"Notes".to_vec())];
    let new: Vec<NewAttachment> = files
        .iter()
        .map(|(name, bytes)| NewAttachment {
            file_name: name.to_string(),
            media_type: "text/plain".into(),
            content: bytes.clone(),
        })
        .collect();
    db::attachments::add(conn, &Actor::system("test"), evidence, &new).unwrap();
}

fn focused_visit(plan: &PlanIndex) -> InspectionId {
    plan.inspections.iter().find(|i| i.title.starts_with("Focused visit")).unwrap().id
}

/// The focused visit and a verified evidence item linked to its APA1.
fn apa1_evidence(plan: &PlanIndex) -> (InspectionId, EvidenceId) {
    let visit = focused_visit(plan);
    let apa1 = plan.findings_of_inspection(visit).find(|f| f.reference == "APA1").unwrap();
    let evidence = plan
        .evidence_of_finding
        .get(&apa1.id)
        .expect("APA1 has evidence")
        .iter()
        .copied()
        .find(|e| plan.evidence_item(*e).unwrap().review_state == ReviewState::Verified)
        .unwrap();
    (visit, evidence)
}

async fn signed_in(backend: common::Backend, email: &str) -> TestApp {
    let app = TestApp::spawn_demo(backend, demo).await;
    assert_eq!(app.sign_in(email, PASSWORD).await.status(), 303);
    app
}

/// Every entry of a ZIP by name.
fn entries(bytes: &[u8]) -> HashMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("the ZIP opens");
    (0..zip.len())
        .map(|i| {
            let mut file = zip.by_index(i).unwrap();
            let mut content = Vec::new();
            file.read_to_end(&mut content).unwrap();
            (file.name().unwrap().to_string(), content)
        })
        .collect()
}

/// Every `href` and `src` of some markup.
fn links(html: &str) -> Vec<String> {
    ["href=\"", "src=\""]
        .iter()
        .flat_map(|attr| {
            html.match_indices(attr).map(move |(at, _)| {
                let rest = &html[at + attr.len()..];
                rest[..rest.find('"').unwrap()].to_string()
            })
        })
        .collect()
}

/// The checks the issue asks for, on a pack's bytes.
fn check_pack(bytes: &[u8]) {
    let files = entries(bytes);
    for name in ["index.html", "report.pdf", "SHA256SUMS"] {
        assert!(files.contains_key(name), "the pack holds {name}");
    }
    // Every line of SHA256SUMS matches its file, and every file is listed.
    let sums = String::from_utf8(files["SHA256SUMS"].clone()).unwrap();
    let mut listed = HashSet::new();
    for line in sums.lines() {
        let (hash, name) = line.split_once("  ").expect("sha256sum's format: hash, two spaces, name");
        assert_eq!(hash, hex::encode(Sha256::digest(&files[name])), "{name}");
        listed.insert(name.to_string());
    }
    let expected: HashSet<String> = files.keys().filter(|n| *n != "SHA256SUMS").cloned().collect();
    assert_eq!(listed, expected);
    // Attachments sit in a folder per finding.
    let attachments: Vec<&String> = files.keys().filter(|n| n.starts_with("findings/")).collect();
    assert!(
        attachments.iter().any(|n| n.starts_with("findings/APA1/") && n.ends_with("-dip_sample__March_.pdf")),
        "{attachments:?}"
    );
    assert_eq!(files[*attachments.iter().find(|n| n.ends_with("notes.txt")).unwrap()], b"Notes");
    // sha256sum itself accepts the file, in a folder the ZIP was unpacked to.
    let dir = tempfile::tempdir().unwrap();
    for (name, content) in &files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
    let check = std::process::Command::new("sha256sum")
        .args(["-c", "--strict", "SHA256SUMS"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stdout));
    // The index works offline: every link is relative and lands on a file in the ZIP or an id in the page.
    let index = String::from_utf8(files["index.html"].clone()).unwrap();
    assert!(!index.contains("<link") && !index.contains("<script"), "no outside stylesheet or script");
    let mut to_files = 0;
    for link in links(&index) {
        assert!(!link.contains("://") && !link.starts_with('/'), "a relative link: {link}");
        if let Some(id) = link.strip_prefix('#') {
            assert!(index.contains(&format!("id=\"{id}\"")), "#{id} is in the page");
        } else {
            assert!(files.contains_key(&link), "{link} is in the ZIP");
            to_files += 1;
        }
    }
    assert!(to_files >= 3, "the index links the PDF and both files");
}

on_both_backends! {
    async fn the_focused_visits_pack_opens_with_checksums_and_offline_links(backend) {
        let app = signed_in(backend, "reader@hartwell.example").await;
        let plan = PlanIndex::load(&mut app.db.connect()).unwrap();
        let visit = focused_visit(&plan);
        let page = app.get(&format!("/inspections/{visit}/pack")).await;
        assert_eq!(page.status(), 200);
        let html = page.text().await.unwrap();
        for finding in plan.findings_of_inspection(visit) {
            assert!(html.contains(&format!("id=\"finding-{}\"", finding.reference)), "{}", finding.reference);
        }
        assert!(!html.contains("Share with an inspector"), "only leaders share");
        let inspection = app.get(&format!("/inspections/{visit}")).await.text().await.unwrap();
        assert!(inspection.contains(&format!("href=\"/inspections/{visit}/pack\"")), "the inspection page links its pack");
        let response = app.get(&format!("/inspections/{visit}/pack.zip")).await;
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "application/zip");
        let bytes = response.bytes().await.unwrap();
        check_pack(&bytes);
        let pdf = entries(&bytes)["report.pdf"].clone();
        assert!(pdf.starts_with(b"%PDF-"));
    }
}

#[test]
fn the_command_line_writes_the_same_pack() {
    let db = common::TestDb::with_demo_today(common::Backend::Sqlite);
    demo(&mut db.connect());
    let visit = focused_visit(&PlanIndex::load(&mut db.connect()).unwrap());
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("pack.zip");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_sustain"))
        .args(["report", "pack", "--inspection", &visit.0.to_string(), "--output"])
        .arg(&output)
        .env("SUSTAIN_DATABASE_URL", &db.raw_url)
        .status()
        .unwrap();
    assert!(status.success());
    let bytes = std::fs::read(&output).unwrap();
    check_pack(&bytes);
    let issued = db::reports::latest(&mut db.connect(), 1).unwrap();
    assert_eq!((issued[0].kind.as_str(), issued[0].inspection_id), ("pack", Some(visit.0)));
    assert_eq!(issued[0].sha256, hex::encode(Sha256::digest(&bytes)));
}

fn uses_recorded(conn: &mut DbConnection, share: i64) -> i64 {
    change_history::table
        .filter(change_history::entity.eq("pack_share"))
        .filter(change_history::entity_id.eq(share))
        .filter(change_history::what.eq("use"))
        .count()
        .get_result(conn)
        .unwrap()
}

on_both_backends! {
    async fn a_shared_link_opens_one_pack_without_signing_in_until_revoked(backend) {
        let app = signed_in(backend, "lead@hartwell.example").await;
        let plan = PlanIndex::load(&mut app.db.connect()).unwrap();
        let visit = focused_visit(&plan);
        let path = format!("/inspections/{visit}/shares");
        let too_late = today() + chrono::Duration::days(91);
        let (d, m, y) = (too_late.format("%-d").to_string(), too_late.format("%-m").to_string(), too_late.format("%Y").to_string());
        let refused = app.post_form(&app.client, &path, &[("label", "Ofsted"), ("expires_on-day", &d), ("expires_on-month", &m), ("expires_on-year", &y)]).await;
        assert_eq!(refused.status(), 422, "at most 90 days ahead");
        assert!(refused.text().await.unwrap().contains("at most 90 days ahead"));
        let ok = today() + chrono::Duration::days(90);
        let (d, m, y) = (ok.format("%-d").to_string(), ok.format("%-m").to_string(), ok.format("%Y").to_string());
        let made = app.post_form(&app.client, &path, &[("label", "Ofsted inspection team"), ("expires_on-day", &d), ("expires_on-month", &m), ("expires_on-year", &y)]).await;
        // The address is shown once, in the pack page that answers the form (never in a cookie).
        assert_eq!(made.status(), 200);
        let page = made.text().await.unwrap();
        let at = page.find("/shared/").expect("the new link is shown once");
        let token: String = page[at + 8..].chars().take_while(char::is_ascii_hexdigit).collect();
        assert_eq!(token.len(), 64);
        let shares = db::shares::for_inspection(&mut app.db.connect(), visit).unwrap();
        assert_eq!(shares.len(), 1);
        assert_ne!(shares[0].token_hash, token, "only a hash of the token is kept");

        // An inspector with no account.
        let inspector = TestApp::new_client();
        let shared = inspector.get(app.url(&format!("/shared/{token}"))).send().await.unwrap();
        assert_eq!(shared.status(), 200);
        let html = shared.text().await.unwrap();
        assert!(html.contains("Evidence pack: Focused visit: the front door") && html.contains("id=\"finding-APA1\""));
        for link in links(&html) {
            assert!(link.starts_with('#') || link.starts_with("/assets/") || link == format!("/shared/{token}/pack.zip"), "the shared page links only to its own pack: {link}");
        }
        let zip = inspector.get(app.url(&format!("/shared/{token}/pack.zip"))).send().await.unwrap();
        assert_eq!(zip.status(), 200);
        check_pack(&zip.bytes().await.unwrap());
        assert_eq!(uses_recorded(&mut app.db.connect(), shares[0].id), 2, "each use is in change history");
        // Nothing else opens for the inspector.
        let ilacs = plan.inspections.iter().find(|i| i.id != visit).unwrap().id;
        let attachment = plan.attachments.values().flatten().next().unwrap().id;
        for other in ["/".to_string(), format!("/inspections/{visit}"), format!("/inspections/{ilacs}/pack"),
                      format!("/inspections/{visit}/pack.zip"), format!("/attachments/{attachment}"), "/reports/progress".into()] {
            let response = inspector.get(app.url(&other)).send().await.unwrap();
            assert_eq!(response.status(), 303, "{other} goes to sign-in");
        }
        let wrong = inspector.get(app.url(&format!("/shared/{}", "0".repeat(64)))).send().await.unwrap();
        assert_eq!(wrong.status(), 404);

        // Revoked: it stops at once.
        let revoked = app.post_form(&app.client, &format!("/shares/{}/revoke", shares[0].id), &[]).await;
        assert_eq!(revoked.status(), 303);
        for gone in [format!("/shared/{token}"), format!("/shared/{token}/pack.zip")] {
            assert_eq!(inspector.get(app.url(&gone)).send().await.unwrap().status(), 410, "{gone}");
        }
        assert_eq!(uses_recorded(&mut app.db.connect(), shares[0].id), 2, "a refused use opens nothing");
    }
}

on_both_backends! {
    async fn a_shared_link_stops_after_its_expiry_date(backend) {
        let app = signed_in(backend, "lead@hartwell.example").await;
        let visit = focused_visit(&PlanIndex::load(&mut app.db.connect()).unwrap());
        let actor = Actor::system("test");
        let (_, live) = db::shares::create(&mut app.db.connect(), &actor, visit, "Today only", today()).unwrap();
        let yesterday = today().pred_opt().unwrap();
        let (_, ended) = db::shares::create(&mut app.db.connect(), &actor, visit, "Ended", yesterday).unwrap();
        let inspector = TestApp::new_client();
        assert_eq!(inspector.get(app.url(&format!("/shared/{live}"))).send().await.unwrap().status(), 200, "open to the end of its day");
        assert_eq!(inspector.get(app.url(&format!("/shared/{ended}"))).send().await.unwrap().status(), 410);
        assert_eq!(inspector.get(app.url(&format!("/shared/{ended}/pack.zip"))).send().await.unwrap().status(), 410);
    }
}
