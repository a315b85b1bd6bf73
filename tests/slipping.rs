//! Slipping seen ahead, on the demo: the management oversight area is
//! embedded today but its supervision measure has not been entered for two
//! months. The day the API says it would slip agrees with the verdict the
//! app gives as at that day (asked of a second server whose today is that
//! day); the dashboard lists it and its page says why; its lead owner's
//! digest reminds them 30 and 7 days before, once each.

use crate::common::{self, TestApp};
use crate::smtp;

use chrono::{Days, NaiveDate};
use serde_json::Value;
use std::process::Command;
use sustain::db::{self, Actor, DbConnection};
use sustain::domain::dates::long_date;

const PASSWORD: &str = "a-long-test-password-1";
const LEADER: &str = "leader@hartwell.example";
const VIEWER: &str = "viewer@hartwell.example";
const OVERSIGHT: &str = "Management oversight and supervision";

fn passwords(conn: &mut DbConnection) {
    let hash = common::password_hash(PASSWORD);
    for user in db::users::list(conn).expect("users") {
        db::users::set_password(conn, &Actor::system("test"), user.id, &hash).expect("password");
    }
}

async fn token(client: &reqwest::Client, base: &str) -> String {
    let answer: Value = client
        .post(format!("{base}/api/v1/tokens"))
        .json(&serde_json::json!({ "email": VIEWER, "password": PASSWORD }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    answer["token"].as_str().expect("a token").to_string()
}

async fn api(client: &reqwest::Client, base: &str, bearer: &str, path: &str) -> Value {
    let response = client.get(format!("{base}{path}")).bearer_auth(bearer).send().await.unwrap();
    assert_eq!(response.status(), 200, "{path}");
    response.json().await.unwrap()
}

/// Settings whose clock reads noon in England on `day`.
fn noon_on(day: NaiveDate) -> impl FnOnce(&mut sustain::config::Config) {
    move |config| config.now = Some(format!("{day}T12:00:00+00:00"))
}

fn date(value: &Value) -> NaiveDate {
    value.as_str().and_then(|d| d.parse().ok()).unwrap_or_else(|| panic!("a date: {value}"))
}

/// The oversight area's verdict from the list of every verdict, and which areas are at risk.
fn oversight_and_at_risk(verdicts: &Value) -> (&Value, Vec<&str>) {
    let all = verdicts["verdicts"].as_array().expect("verdicts");
    let at_risk = all.iter().filter(|v| !v["slipping"].is_null()).map(|v| v["name"].as_str().unwrap()).collect();
    (all.iter().find(|v| v["name"] == OVERSIGHT).expect("the oversight area"), at_risk)
}

on_both_backends! {
    async fn the_day_an_area_would_slip_agrees_with_its_verdict_as_at_that_day(backend) {
        let app = TestApp::spawn_demo(backend, passwords).await;
        let today = common::today();
        let bearer = token(&app.client, &app.address).await;
        let verdicts = api(&app.client, &app.address, &bearer, "/api/v1/verdicts").await;
        let (oversight, at_risk) = oversight_and_at_risk(&verdicts);
        assert_eq!(at_risk, [OVERSIGHT], "the demo's one area at risk");
        assert_eq!(oversight["status"], "embedded");
        let slip = &oversight["slipping"];
        let on = date(&slip["on"]);
        assert_eq!(date(&slip["embedded_until"]), on - Days::new(1));
        assert_eq!(slip["days"].as_i64(), Some((on - today).num_days()));
        assert!((28..=62).contains(&(on - today).num_days()), "{slip}");
        assert_eq!(slip["criterion"], "sustained");
        assert_eq!(
            slip["reason"],
            format!(
                "Results grow too old on {}: Supervision within timescale will have 2 results in the 6 months, 3 are needed",
                long_date(on)
            )
        );
        let id = oversight["area_id"].as_i64().unwrap();
        let one = api(&app.client, &app.address, &bearer, &format!("/api/v1/areas/{id}/verdict")).await;
        assert_eq!(one["slipping"], *slip, "one area's verdict says the same");

        // Ask the app itself about that day: a server whose today is the day it would slip.
        let later = app.another_instance_with(noon_on(on)).await;
        let bearer = token(&later.client, &later.address).await;
        let path = |day: NaiveDate| format!("/api/v1/areas/{id}/verdict?as_at={day}");
        let before = api(&later.client, &later.address, &bearer, &path(on - Days::new(1))).await;
        assert_eq!(before["status"], "embedded", "embedded the day before: {before}");
        assert_eq!(date(&before["slipping"]["on"]), on, "and a day from slipping then");
        let then = api(&later.client, &later.address, &bearer, &path(on)).await;
        assert_ne!(then["status"], "embedded", "{then}");
        let sustained = &then["verdict"]["criteria"][2];
        assert_eq!(sustained["criterion"], "sustained");
        assert_eq!(sustained["met"], false, "{sustained}");
        let reasons = sustained["reasons"].to_string();
        assert!(reasons.contains("Supervision within timescale: target 85% met in 2 of 2 results"), "{reasons}");
        assert!(reasons.contains("needs at least 3 results"), "{reasons}");
        assert!(then["verdict"]["criteria"][0]["met"].as_bool().unwrap() && then["verdict"]["criteria"][1]["met"].as_bool().unwrap(), "only sustained fails");
        assert!(then["slipping"].is_null(), "not embedded, so nothing to slip from");
    }
}

on_both_backends! {
    async fn the_dashboard_lists_the_area_at_risk_and_its_page_says_why(backend) {
        let app = TestApp::spawn_demo(backend, passwords).await;
        assert_eq!(app.sign_in(VIEWER, PASSWORD).await.status(), 303);
        let dashboard = app.get("/").await.text().await.unwrap();
        let start = dashboard.find(r#"id="at-risk""#).expect("the at-risk panel");
        let panel = &dashboard[start..start + dashboard[start..].find("</section>").unwrap()];
        assert!(panel.contains("At risk of slipping (1)"), "{panel}");
        assert!(panel.contains(OVERSIGHT) && panel.contains("Results grow too old on "), "{panel}");
        let href = panel.split("href=\"").nth(1).and_then(|h| h.split('"').next()).expect("a link");
        assert!(href.starts_with("/areas/") && href.ends_with("#slipping"), "{href}");
        let page = app.get(href.trim_end_matches("#slipping")).await.text().await.unwrap();
        assert!(page.contains(r#"id="slipping""#) && page.contains("At risk of slipping in "), "the area page warns");
        assert!(page.contains("Supervision within timescale will have 2 results in the 6 months, 3 are needed"));
        assert!(page.contains("If nothing new is recorded it stays embedded until "));
        assert!(page.contains("New results for its key measures, on target, would keep it embedded."));
    }
}

/// Runs `sustain digest --as-at DAY` on the database through the SMTP server at `port`.
fn digest(db: &common::TestDb, port: u16, day: NaiveDate) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_sustain"))
        .args(["digest", "--as-at", &day.to_string()])
        .env("SUSTAIN_DATABASE_URL", &db.raw_url)
        .env("SUSTAIN_CONFIG", "/dev/null")
        .env("SUSTAIN_LOG", "off")
        .env("SUSTAIN_SMTP__HOST", "127.0.0.1")
        .env("SUSTAIN_SMTP__PORT", port.to_string())
        .env("SUSTAIN_SMTP__TLS", "none")
        .env("SUSTAIN_SMTP__FROM", "Sustain <sustain@council.example>")
        .env("SUSTAIN_SMTP__TIMEOUT_SECONDS", "10")
        .output()
        .expect("the sustain binary runs");
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    stdout
}

on_both_backends! {
    async fn the_lead_owner_is_reminded_30_and_7_days_before_the_area_would_slip(backend) {
        let Some(python) = smtp::python() else { return };
        let app = TestApp::spawn_demo(backend, passwords).await;
        let snapshot = sustain::read::cache::Snapshot::new(
            sustain::read::plan::PlanIndex::load(&mut app.db.connect()).unwrap(),
            sustain::domain::status::Rules::default(),
        );
        let at_risk = sustain::read::slipping::at_risk(&snapshot, common::today());
        let on = at_risk.iter().find(|a| a.name == OVERSIGHT).expect("the read layer finds it too").slip.on;
        let server = smtp::SmtpServer::start(&python, smtp::free_port());
        let slipping_in = |body: &str| body.contains("stop being embedded");

        digest(&app.db, server.port, on - Days::new(31));
        assert!(!server.messages().iter().any(|m| slipping_in(&m.body)), "31 days before, no reminder");

        let stdout = digest(&app.db, server.port, on - Days::new(8));
        assert!(stdout.contains(&format!("reminder: area {OVERSIGHT}: stops being embedded in 8 days")), "{stdout}");
        let reminded: Vec<_> = server.messages().into_iter().filter(|m| slipping_in(&m.body)).collect();
        assert_eq!(reminded.len(), 1, "{reminded:?}");
        assert_eq!(reminded[0].to, LEADER, "the area's lead owner, and nobody else");
        let body = &reminded[0].body;
        assert!(body.contains("Areas you lead that stop being embedded in 8 to 30 days, unless more is recorded (1)"), "{body}");
        assert!(body.contains(&format!("{OVERSIGHT} (in 8 days): Results grow too old on {}", long_date(on))), "{body}");
        assert!(body.contains("3 are needed [reminder]"), "{body}");

        let again = digest(&app.db, server.port, on - Days::new(8));
        assert!(!again.contains("reminder: area"), "once only: {again}");
        let week = digest(&app.db, server.port, on - Days::new(7));
        assert!(week.contains(&format!("reminder: area {OVERSIGHT}: stops being embedded in 7 days")), "{week}");
        let reminded: Vec<_> = server.messages().into_iter().filter(|m| slipping_in(&m.body)).collect();
        assert_eq!(reminded.len(), 2, "{reminded:?}");
        let body = &reminded.iter().find(|m| m.body.contains("in 7 days")).expect("the 7-day reminder").body;
        assert!(body.contains("Areas you lead that stop being embedded within 7 days: act now, unless more is recorded (1)"), "{body}");
        assert!(!body.contains("in 8 to 30 days"), "{body}");

        // The lead's own page a week before: the digest flags the area.
        let later = app.another_instance_with(noon_on(on - Days::new(7))).await;
        let sign_in = later.client.get(later.url("/sign-in")).send().await.unwrap().text().await.unwrap();
        let csrf = common::token_in(&sign_in).unwrap();
        let signed = later
            .client
            .post(later.url("/sign-in"))
            .form(&[("csrf_token", csrf.as_str()), ("email", LEADER), ("password", PASSWORD), ("next", "/")])
            .send()
            .await
            .unwrap();
        assert_eq!(signed.status(), 303);
        let mine = later.client.get(later.url("/owners/me")).send().await.unwrap().text().await.unwrap();
        assert!(mine.contains("Areas led at risk of slipping (1)"), "the digest on the page");
        assert!(mine.contains("Within 7 days") && mine.contains(&format!("Results grow too old on {}", long_date(on))));
    }
}
