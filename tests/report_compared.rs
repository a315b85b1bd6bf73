//! The progress report's "How we compare" table, on both backends, with the
//! real shipped files: the demo's re-referrals measure is linked to the
//! DfE's indicator and its council details name Swindon (866). The row holds
//! Swindon's figure, its ten neighbours' median and England's, judged by the
//! indicator's polarity (lower is better); a report as at an earlier date
//! takes the year published by then; an issued report made again after the
//! figures were loaded again says why it cannot be the same bytes.

use crate::common;

use common::TestApp;
use sustain::db::{self, Actor, DbConnection};

const PASSWORD: &str = "a-long-test-password-1";
const LEADER: &str = "leader@hartwell.example";

fn demo_with_figures(conn: &mut DbConnection) {
    let hash = common::password_hash(PASSWORD);
    for user in db::users::list(conn).expect("users") {
        db::users::set_password(conn, &Actor::system("test"), user.id, &hash).expect("password");
    }
    db::figures::load_shipped(conn, &Actor::system("test")).expect("shipped figures");
}

const C1: &str = "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv";

/// The shipped c1 file with Swindon's 2025 re-referral percentage replaced.
fn c1_with_swindon_2025(percent: &str) -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/figures/c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"
    );
    let text = std::fs::read_to_string(path).unwrap();
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader.headers().unwrap().clone();
    let at = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (year, level, la, column) =
        (at("time_period"), at("geographic_level"), at("old_la_code"), at("rereferral_percent"));
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&headers).unwrap();
    for row in reader.records() {
        let row = row.unwrap();
        let swindon = &row[year] == "2025" && &row[level] == "Local authority" && &row[la] == "866";
        let cells: Vec<&str> =
            row.iter().enumerate().map(|(i, v)| if swindon && i == column { percent } else { v }).collect();
        writer.write_record(cells).unwrap();
    }
    String::from_utf8(writer.into_inner().unwrap()).unwrap()
}

/// The text of the report's "How we compare" section, tags stripped.
fn compared_section(page: &str) -> String {
    let start = page.find(">How we compare</h3>").expect("the report has a How we compare section");
    let end = page[start..].find("The rules in force").map_or(page.len(), |e| start + e);
    let text = page[start..end].replace(['\n'], " ");
    let mut out = String::new();
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&#39;", "'").split_whitespace().collect::<Vec<_>>().join(" ")
}

on_both_backends! {
    async fn the_report_compares_each_linked_indicator_with_the_neighbours_and_england(backend) {
        let app = TestApp::spawn_demo(backend, demo_with_figures).await;
        assert_eq!(app.sign_in(LEADER, PASSWORD).await.status(), 303);
        let page = app.get("/reports/progress").await.text().await.unwrap();
        let section = compared_section(&page);
        assert!(section.contains("Swindon's published figures (local authority number 866)"), "{section}");
        // From c1: Swindon 23.0, England 22.6; its ten neighbours' 2025 figures have a median of 22.5.
        assert!(
            section.contains(
                "Re-referrals within 12 months (measure: Re-referrals within 12 months) 2025 23% \
                 22.5% (median of 10 neighbours) 22.6% worse than neighbours; worse than England"
            ),
            "{section}"
        );
        // As at 30 June 2025 the 2025 figures were not yet published: 2024's are used (Swindon 20.4, England 22.4).
        let earlier = app.get("/reports/progress?as_at=2025-06-30&since=2025-03-31").await.text().await.unwrap();
        let section = compared_section(&earlier);
        assert!(section.contains(" 2024 20.4% 24.4% (median of 10 neighbours) 22.4% better than neighbours; better than England"), "{section}");
    }
}

on_both_backends! {
    async fn an_issued_report_made_after_the_figures_were_loaded_again_says_why_it_differs(backend) {
        let app = TestApp::spawn_demo(backend, demo_with_figures).await;
        assert_eq!(app.sign_in(LEADER, PASSWORD).await.status(), 303);
        assert_eq!(app.get("/reports/progress.pdf").await.status(), 200, "the PDF is issued");
        let history = app.get("/history").await.text().await.unwrap();
        let link = history
            .split("href=\"")
            .filter_map(|s| s.split('"').next())
            .find(|h| h.starts_with("/reports/issued/") && !h.contains('?'))
            .expect("the issued report is in history")
            .to_string();
        let check = format!("{link}?check=yes");
        let same = app.get(&check).await.text().await.unwrap();
        assert!(same.contains("Same document"), "made again straight away: {same}");
        // Later, a corrected release of the c1 file gives Swindon's 2025 re-referrals as 25.0.
        tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
        let corrected = c1_with_swindon_2025("25.0");
        db::figures::load_files(&mut app.db.connect(), &Actor::system("test"), &[(C1, corrected.as_bytes())])
            .expect("loaded again");
        let page = app.get("/reports/progress").await.text().await.unwrap();
        assert!(compared_section(&page).contains(" 2025 25% "), "the report now shows the corrected figure");
        let checked = app.get(&check).await.text().await.unwrap();
        assert!(checked.contains("published figures were loaded again on"), "{checked}");
        assert!(!checked.contains("Not the same"), "not called a different document: {checked}");
    }
}
