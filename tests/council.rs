//! The council's details, over HTTP on both backends: written from the
//! settings on first start only, changed by admins with every problem named,
//! each change in history, a stale edit refused, and the stored name printed
//! in the header, the printed page's margin and the progress report.

use crate::common;

use common::TestApp;
use diesel::prelude::*;
use sustain::db::schema::change_history;
use sustain::db::{self, DbConnection};
use sustain::domain::kinds::Role;

const PASSWORD: &str = "a-long-test-password-1";
const ADMIN: &str = "admin@borsetshire.example";
const LEADER: &str = "leader@borsetshire.example";

fn people(conn: &mut DbConnection) {
    common::add_user(conn, ADMIN, Role::Admin, PASSWORD);
    common::add_user(conn, LEADER, Role::Leader, PASSWORD);
}

async fn signed_in(app: &TestApp, email: &str) -> reqwest::Client {
    let client = TestApp::new_client();
    assert_eq!(app.sign_in_with(&client, email, PASSWORD).await.status(), 303, "{email} signs in");
    client
}

async fn text(client: &reqwest::Client, app: &TestApp, path: &str) -> (u16, String) {
    let response = client.get(app.url(path)).send().await.expect("request");
    (response.status().as_u16(), response.text().await.expect("body"))
}

fn stored(app: &TestApp) -> db::council::CouncilRow {
    db::council::find(&mut app.db.connect()).unwrap().expect("the council's details are stored")
}

on_both_backends! {
    async fn the_settings_are_written_on_first_start_and_the_stored_details_win_after(backend) {
        let app = TestApp::spawn_configured(backend, people, |config| {
            config.authority_name = Some("Borsetshire County Council".into());
            config.authority_colour = Some("#1D3A5F".into());
        })
        .await;
        let row = stored(&app);
        assert_eq!((row.name.as_str(), row.colour.as_str(), row.la_number), ("Borsetshire County Council", "#1d3a5f", None));
        let admin = signed_in(&app, ADMIN).await;
        let (_, dashboard) = text(&admin, &app, "/").await;
        assert!(dashboard.contains(r#"<span class="app-header__authority">Borsetshire County Council</span>"#));
        assert!(dashboard.contains(r#"href="/assets/council.css?colour=1d3a5f""#), "the header takes the colour");
        let (_, css) = text(&admin, &app, "/assets/council.css?colour=1d3a5f").await;
        assert_eq!(css.trim(), ".app-header { background: #1d3a5f; }");

        // A later start with other settings keeps what is stored.
        let mut config = common::test_config(&app.db);
        config.authority_name = Some("Another name".into());
        drop(sustain::app::state(config).expect("state"));
        assert_eq!(stored(&app).name, "Borsetshire County Council");
    }
}

on_both_backends! {
    async fn an_admin_changes_the_details_and_each_change_is_in_history(backend) {
        let app = TestApp::spawn_with(backend, people).await;
        assert_eq!(stored(&app).name, "Your council", "the default before a council names itself");
        let admin = signed_in(&app, ADMIN).await;
        let (status, form) = text(&admin, &app, "/council").await;
        assert_eq!(status, 200);
        assert!(form.contains(r#"href="/council" aria-current="page">Council</a>"#), "in the admin's navigation");
        let version = stored(&app).version.to_string();
        let saved = app
            .post_form(&admin, "/council", &[("version", &version), ("name", " Borsetshire County Council "),
                ("la_number", "866"), ("colour", "#1d3a5f")])
            .await;
        assert_eq!(saved.status(), 303);
        assert_eq!(saved.headers()["location"], "/council");
        let (_, after) = text(&admin, &app, "/council").await;
        assert!(after.contains("Council details saved: Borsetshire County Council"));
        assert!(after.contains(r#"value="866""#));
        let row = stored(&app);
        assert_eq!((row.name.as_str(), row.la_number.as_deref(), row.colour.as_str()), ("Borsetshire County Council", Some("866"), "#1d3a5f"));

        let entries: Vec<(String, Option<String>, Option<String>)> = change_history::table
            .filter(change_history::entity.eq("council"))
            .order(change_history::id.asc())
            .select((change_history::what, change_history::before_json, change_history::after_json))
            .load(&mut app.db.connect())
            .unwrap();
        assert_eq!(entries.iter().map(|e| e.0.as_str()).collect::<Vec<_>>(), ["create", "update"]);
        let (before, after) = (entries[1].1.clone().unwrap(), entries[1].2.clone().unwrap());
        assert!(before.contains("Your council") && after.contains("Borsetshire County Council") && after.contains("866"));
        let (_, history) = text(&admin, &app, "/history").await;
        assert!(history.contains("Council details") && history.contains("Local authority number"));

        // The edit read at the first version is now stale: refused, with the values now beside the ones typed.
        let stale = app
            .post_form(&admin, "/council", &[("version", &version), ("name", "Borsetshire Council"), ("la_number", ""),
                ("colour", "#1d3a5f")])
            .await;
        assert_eq!(stale.status(), 409);
        let page = stale.text().await.unwrap();
        assert!(page.contains("Borsetshire County Council") && page.contains("Borsetshire Council"));
        assert_eq!(stored(&app).name, "Borsetshire County Council", "nothing is overwritten");
    }
}

on_both_backends! {
    async fn bad_details_are_refused_with_every_reason_and_nothing_saved(backend) {
        let app = TestApp::spawn_with(backend, people).await;
        let admin = signed_in(&app, ADMIN).await;
        let version = stored(&app).version.to_string();
        let refused = app
            .post_form(&admin, "/council", &[("version", &version), ("name", ""), ("la_number", "86"), ("colour", "#ffdd00")])
            .await;
        assert_eq!(refused.status(), 422);
        let page = refused.text().await.unwrap();
        assert!(page.contains("There is a problem"), "the error summary");
        assert!(page.contains("Enter the local authority number as 3 digits, like 866"));
        assert!(page.contains("Choose a darker colour: white text on #ffdd00 has a contrast of 1.3 to 1"), "{page}");
        assert!(page.contains(r##"href="#name""##), "the summary links to the name");
        assert!(page.contains(r#"value="86""#), "the form keeps what was typed");
        let not_a_colour = app
            .post_form(&admin, "/council", &[("version", &version), ("name", "Borsetshire"), ("colour", "navy")])
            .await;
        assert_eq!(not_a_colour.status(), 422);
        assert!(not_a_colour.text().await.unwrap().contains("Enter the colour as a hex colour code, like #1d3a5f"));
        assert_eq!(stored(&app).name, "Your council");
        assert_eq!(stored(&app).version.to_string(), version);

        let leader = signed_in(&app, LEADER).await;
        let (status, dashboard) = text(&leader, &app, "/").await;
        assert_eq!(status, 200);
        assert!(!dashboard.contains(r#"href="/council""#), "no link where the role may not go");
        assert_eq!(text(&leader, &app, "/council").await.0, 403);
    }
}

on_both_backends! {
    async fn the_stored_name_is_on_the_printed_page_and_the_progress_report(backend) {
        let app = TestApp::spawn_demo(backend, |conn| {
            people(conn);
        })
        .await;
        let admin = signed_in(&app, ADMIN).await;
        assert_eq!(stored(&app).name, "Hartwell Borough Council", "the demo names its council");
        let version = stored(&app).version.to_string();
        let saved = app
            .post_form(&admin, "/council", &[("version", &version), ("name", "Borsetshire County Council"), ("colour", "#0b0c0c")])
            .await;
        assert_eq!(saved.status(), 303);
        let (_, margin) = text(&admin, &app, "/assets/print-frame.css?as_at=2025-03-31").await;
        assert!(margin.contains("Borsetshire County Council · As at 31 March 2025"), "{margin}");
        let (_, report) = text(&admin, &app, "/reports/progress").await;
        assert!(report.contains("Borsetshire County Council") && !report.contains("Hartwell Borough Council"));
        let pdf = admin.get(app.url("/reports/progress.pdf")).send().await.unwrap().bytes().await.unwrap();
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("report.pdf");
        std::fs::write(&file, &pdf).unwrap();
        let out = std::process::Command::new("pdftotext").arg(&file).arg("-").output().expect("pdftotext is installed");
        let words = String::from_utf8(out.stdout).unwrap();
        assert!(words.contains("Borsetshire County Council"), "the PDF names the stored council");
        assert!(!words.contains("Hartwell Borough Council"));
    }
}
