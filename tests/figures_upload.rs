//! Published figures uploaded from the admin page: an admin reaches it from
//! the council's details, loads shipped files and sees what each put in; a
//! file missing a required column is refused naming it, and none of the files
//! chosen with it is written; only admins may load, and only from Sustain's form.

use crate::common;

use sustain::db::{figures, published_inspections};
use sustain::domain::kinds::Role;

const SHIPPED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/figures");
const ADMIN: &str = "admin@hartwell.example";
const LEADER: &str = "leader@hartwell.example";
const PASSWORD: &str = "a-long-test-password-1";

/// The shipped file whose name starts with `prefix_`: its name and bytes.
fn shipped(prefix: &str) -> (String, Vec<u8>) {
    let path = std::fs::read_dir(SHIPPED)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(&format!("{prefix}_")))
        .unwrap_or_else(|| panic!("no shipped {prefix} file"));
    (path.file_name().unwrap().to_string_lossy().to_string(), std::fs::read(&path).unwrap())
}

/// The c1 file without its `rereferral_percent` column.
fn c1_without_its_percent() -> (String, Vec<u8>) {
    let (name, bytes) = shipped("c1");
    let text = String::from_utf8(bytes).unwrap();
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let drop = reader.headers().unwrap().iter().position(|h| h == "rereferral_percent").unwrap();
    let mut writer = csv::Writer::from_writer(Vec::new());
    let keep = |(i, _): &(usize, &str)| *i != drop;
    writer.write_record(reader.headers().unwrap().iter().enumerate().filter(keep).map(|(_, h)| h)).unwrap();
    for row in reader.records() {
        writer.write_record(row.unwrap().iter().enumerate().filter(keep).map(|(_, v)| v)).unwrap();
    }
    (name, writer.into_inner().unwrap())
}

async fn spawn(backend: common::Backend) -> common::TestApp {
    common::TestApp::spawn_with(backend, |conn| {
        common::add_user(conn, ADMIN, Role::Admin, PASSWORD);
        common::add_user(conn, LEADER, Role::Leader, PASSWORD);
    })
    .await
}

fn form(token: Option<&str>, files: Vec<(String, Vec<u8>)>) -> reqwest::multipart::Form {
    let mut form = reqwest::multipart::Form::new();
    if let Some(token) = token {
        form = form.text("csrf_token", token.to_string());
    }
    for (name, bytes) in files {
        form = form.part("files", reqwest::multipart::Part::bytes(bytes).file_name(name));
    }
    form
}

async fn upload(app: &common::TestApp, files: Vec<(String, Vec<u8>)>) -> (u16, String) {
    let token = app.csrf_token().await;
    let response =
        app.client.post(app.url("/figures/import")).multipart(form(Some(&token), files)).send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

fn counts(app: &common::TestApp) -> (i64, i64) {
    let mut conn = app.db.connect();
    (figures::value_count(&mut conn).unwrap(), published_inspections::count(&mut conn).unwrap())
}

on_both_backends! {
    async fn an_admin_follows_a_link_loads_shipped_files_and_sees_what_each_put_in(backend) {
        let app = spawn(backend).await;
        assert_eq!(app.sign_in(ADMIN, PASSWORD).await.status(), 303);
        let council = app.get("/council").await.text().await.unwrap();
        assert!(council.contains("href=\"/figures/import\""), "the council's details link to the upload");
        let page = app.get("/figures/import").await.text().await.unwrap();
        assert!(page.contains("No published figures are held") && page.contains("None held"), "{page}");
        assert!(page.contains("0 inspections"), "{page}");

        let (c1, model, outcomes) = (shipped("c1"), shipped("sn_model"), shipped("LA_Inspection_Outcomes"));
        let (status, body) = upload(&app, vec![c1.clone(), model.clone(), outcomes.clone()]).await;
        assert_eq!(status, 200, "{body}");
        assert!(body.contains("Loaded 3 files"), "{body}");
        let (values, inspections) = counts(&app);
        assert!(values > 0 && inspections > 0, "the files were stored");
        // What c1 put in, as the page says it: its release, column, years and every value written.
        let loaded = &body[body.find("What the files put in").expect("the load is described")..];
        assert!(loaded.contains(&c1.0) && loaded.contains("Release 2025"), "{loaded}");
        assert!(loaded.contains("<code>rereferral_percent</code>") && loaded.contains("2013 to 2025"), "{loaded}");
        let thousands = |n: i64| sustain::views::fields::thousands(usize::try_from(n).unwrap());
        assert!(loaded.contains(&format!(">{}<", thousands(values))), "c1's one indicator wrote every value: {values}");
        assert!(loaded.contains("The 2025 statistical-neighbour model"), "{loaded}");
        assert!(loaded.contains(&format!("{} inspections, in place of those held before", thousands(inspections))), "{loaded}");
        // What is held now.
        let held = &body[body.find("Held now").unwrap()..];
        let indicator = figures::indicator_by_code(&mut app.db.connect(), "rereferrals_percent").unwrap().unwrap();
        assert!(held.contains(&indicator.name) && held.contains(&c1.0) && held.contains("The 2025 model"), "{held}");
        assert_eq!(app.get("/figures/import").await.text().await.unwrap().matches(&indicator.name).count(), 1);

        // The same files again: the same release replaces what it wrote, nothing is added twice.
        let (status, _) = upload(&app, vec![c1, model, outcomes]).await;
        assert_eq!(status, 200);
        assert_eq!(counts(&app), (values, inspections));
    }
}

on_both_backends! {
    async fn a_file_missing_a_column_is_refused_by_name_and_nothing_is_written(backend) {
        let app = spawn(backend).await;
        assert_eq!(app.sign_in(ADMIN, PASSWORD).await.status(), 303);
        let bad = c1_without_its_percent();
        let files = vec![shipped("d3"), bad.clone(), shipped("LA_Inspection_Outcomes")];
        let (status, body) = upload(&app, files).await;
        assert_eq!(status, 422, "{body}");
        let message = format!("{}: no column rereferral_percent (or Re_referrals_percent); nothing was loaded", bad.0);
        let beside = body.split("id=\"files-error\"").nth(1).expect("the error is beside the field");
        assert!(beside.contains(&message), "{body}");
        assert!(body.contains("<title>Error: Published figures"), "{body}");
        assert_eq!(counts(&app), (0, 0), "neither the good files nor the outcomes were written");

        // A bad outcomes file stops the statistics files chosen with it too.
        let (status, body) = upload(&app, vec![shipped("d3"), ("outcomes.ods".into(), b"not a spreadsheet".to_vec())]).await;
        assert_eq!(status, 422);
        assert!(body.split("id=\"files-error\"").nth(1).unwrap().contains("outcomes.ods: "), "{body}");
        assert_eq!(counts(&app), (0, 0));

        let (status, body) = upload(&app, vec![]).await;
        assert_eq!(status, 422);
        assert!(body.split("id=\"files-error\"").nth(1).unwrap().contains("Select one or more files"), "{body}");
    }
}

on_both_backends! {
    async fn only_an_admin_may_load_and_only_from_sustains_form(backend) {
        let app = spawn(backend).await;
        let leader = common::TestApp::new_client();
        assert_eq!(app.sign_in_with(&leader, LEADER, PASSWORD).await.status(), 303);
        assert_eq!(leader.get(app.url("/figures/import")).send().await.unwrap().status(), 403);
        let token = app.csrf_token_for(&leader).await;
        let sent = leader.post(app.url("/figures/import")).multipart(form(Some(&token), vec![shipped("d3")])).send().await;
        assert_eq!(sent.unwrap().status(), 403);

        assert_eq!(app.sign_in(ADMIN, PASSWORD).await.status(), 303);
        let sent = app.client.post(app.url("/figures/import")).multipart(form(None, vec![shipped("d3")])).send().await;
        assert_eq!(sent.unwrap().status(), 403, "no CSRF token");
        let sent = app.client.post(app.url("/figures/import")).multipart(form(Some(&token), vec![shipped("d3")])).send();
        assert_eq!(sent.await.unwrap().status(), 403, "another session's token");
        assert_eq!(counts(&app), (0, 0));
    }
}
