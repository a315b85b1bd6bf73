//! One rule for text where it enters (`domain::fields`): every kind of
//! character a field refuses is refused, with the field named, by a form
//! (shown again with the message by the field), the API (422 naming the
//! field), a spreadsheet import (row and column), `sustain import` (table,
//! row and column) and the command line; long text keeps what right-to-left
//! writing and emoji need; and bytes that are not UTF-8 are refused by name
//! in a form body, a multipart form and a CSV, never stored as U+FFFD. Both
//! backends.

use crate::common;
use crate::defects_fixture;

use common::TestApp;
use defects_fixture::*;
use sustain::db::{actions, transfer};

/// A character of each kind a one-line field refuses, in the middle of a
/// title, and how the message names it.
const REFUSED_IN_A_LINE: &[(char, &str)] = &[
    ('\u{FFFE}', "a non-character (U+FFFE)"),
    ('\u{FDD0}', "a non-character (U+FDD0)"),
    ('\u{7}', "a control character (U+0007)"),
    ('\u{85}', "a control character (U+0085)"),
    ('\u{2028}', "a line separator (U+2028)"),
    ('\u{2029}', "a paragraph separator (U+2029)"),
    ('\u{202E}', "a text direction override (U+202E)"),
    ('\u{2066}', "a text direction isolate (U+2066)"),
    ('\u{200F}', "a text direction mark (U+200F)"),
    ('\u{200B}', "a zero-width character (U+200B)"),
    ('\u{FEFF}', "a zero-width character (U+FEFF)"),
    ('\t', "a tab"),
    ('\n', "a line break"),
];

fn edit_form(token: &str, title: &str, description: &str) -> Vec<(String, String)> {
    [
        ("csrf_token", token),
        ("version", "1"),
        ("reference", "1.1"),
        ("title", title),
        ("description", description),
        ("practice_area_id", "1"),
        ("state", "in_progress"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

/// The text of the message shown beside a field of a page.
fn message_beside(page: &str, field: &str) -> Option<String> {
    let html = scraper::Html::parse_document(page);
    let selector = scraper::Selector::parse(&format!("#{field}-error")).expect("selector");
    html.select(&selector).next().map(|e| e.text().collect::<String>())
}

on_both_backends! {
    async fn a_form_shows_each_refused_character_by_its_field_and_saves_nothing(backend) {
        let (app, f) = spawn(backend).await;
        let (client, _) = signed_in(&app, "leader@hartwell.example").await;
        let path = app.url(&format!("/actions/{}", f.action));
        for (c, words) in REFUSED_IN_A_LINE {
            let token = app.csrf_token_for(&client).await;
            let title = format!("Audit the{c}front door");
            let response = client.post(&path).form(&edit_form(&token, &title, "")).send().await.unwrap();
            assert_eq!(response.status(), 422, "{words}");
            let page = response.text().await.unwrap();
            let message = message_beside(&page, "title").unwrap_or_else(|| panic!("{words}: no message by the title"));
            assert!(message.contains(&format!("Title contains {words}, which cannot be stored: remove it")), "{message}");
        }
        assert_eq!(actions::get_any(&mut app.db.connect(), f.action).unwrap().version, 1, "nothing was saved");

        // Long text keeps direction marks, isolates and joiners, and refuses overrides and non-characters.
        let token = app.csrf_token_for(&client).await;
        let refused = client.post(&path).form(&edit_form(&token, "Audit", "Reversed \u{202E}text")).send().await.unwrap();
        assert_eq!(refused.status(), 422);
        let message = message_beside(&refused.text().await.unwrap(), "description").expect("a message by the description");
        assert!(message.contains("The description contains a text direction override (U+202E)"), "{message}");
        let kept = "Says \u{2067}مرحبا\u{2069} \u{200F}(RLM) 👩\u{200D}👧 line\r\nbreak\ttab";
        let token = app.csrf_token_for(&client).await;
        let saved = client.post(&path).form(&edit_form(&token, "Audit", kept)).send().await.unwrap();
        assert_eq!(saved.status(), 303);
        assert_eq!(actions::get_any(&mut app.db.connect(), f.action).unwrap().description, kept);
    }
}

on_both_backends! {
    async fn the_api_names_the_field_of_each_refused_character(backend) {
        let (app, _) = spawn(backend).await;
        let token = api_token(&app, "leader@hartwell.example").await;
        for (c, words) in REFUSED_IN_A_LINE {
            let body = serde_json::json!({
                "reference": "9.1", "title": format!("Audit{c}it"), "practice_area_id": 1, "state": "planned",
                "description": "Kept: \u{200F}مرحبا",
            });
            let response = app.client.post(app.url("/api/v1/actions")).bearer_auth(&token).json(&body).send().await.unwrap();
            assert_eq!(response.status(), 422, "{words}");
            let answer: serde_json::Value = response.json().await.unwrap();
            let fields = answer["error"]["fields"].as_object().expect("fields");
            assert_eq!(fields.keys().collect::<Vec<_>>(), ["title"], "only the title is named: {answer}");
            let message = fields["title"][0].as_str().unwrap();
            assert_eq!(message, format!("Title contains {words}, which cannot be stored: remove it"));
        }
        let body = serde_json::json!({ "reference": "9.1", "title": "Audit", "practice_area_id": 1, "state": "planned",
            "success_measure": "Fewer \u{FFFF} re-referrals" });
        let response = app.client.post(app.url("/api/v1/actions")).bearer_auth(&token).json(&body).send().await.unwrap();
        assert_eq!(response.status(), 422);
        let answer: serde_json::Value = response.json().await.unwrap();
        assert!(answer["error"]["fields"]["success_measure"][0].as_str().unwrap().contains("a non-character (U+FFFF)"));
        assert_eq!(actions::list(&mut app.db.connect(), sustain::db::Archived::Include).unwrap().len(), 1, "nothing added");
    }
}

/// Uploads a plan CSV to the import page; the status and each (row, column, problem) listed.
async fn import_plan(app: &TestApp, client: &reqwest::Client, csv: Vec<u8>) -> (u16, Vec<(String, String, String)>) {
    let token = app.csrf_token_for(client).await;
    let form = reqwest::multipart::Form::new()
        .text("csrf_token", token)
        .text("create_missing", "yes")
        .part("file", reqwest::multipart::Part::bytes(csv).file_name("plan.csv"));
    let response = client.post(app.url("/plan/import")).multipart(form).send().await.unwrap();
    let status = response.status().as_u16();
    let page = scraper::Html::parse_document(&response.text().await.unwrap());
    let rows = scraper::Selector::parse(".app-sheets-problems tbody tr").expect("selector");
    let cells = scraper::Selector::parse("td").expect("selector");
    let problems = page
        .select(&rows)
        .map(|row| {
            let texts: Vec<String> = row.select(&cells).map(|c| c.text().collect()).collect();
            (texts[0].clone(), texts[1].clone(), texts[2].clone())
        })
        .collect();
    let summary = scraper::Selector::parse(".app-error-summary").expect("selector");
    let said: String = page.select(&summary).flat_map(|s| s.text()).collect();
    let mut problems: Vec<(String, String, String)> = problems;
    if problems.is_empty() && !said.is_empty() {
        problems.push((String::new(), String::new(), said));
    }
    (status, problems)
}

on_both_backends! {
    async fn a_spreadsheet_import_names_the_row_and_column_of_each_refused_character(backend) {
        let (app, _) = spawn(backend).await;
        let (client, _) = signed_in(&app, "leader@hartwell.example").await;
        let csv = "Reference,Title,Practice area,Description\n\
                   2.1,Audit\u{2028}it,Front door,\n\
                   2\u{200B}.2,Audit,Front door,\n\
                   2.3,Audit,Front door,Fewer \u{FFFE} re-referrals\n\
                   2.4,Audit,Front door,Kept \u{200F}مرحبا\u{2069}\n";
        let (status, problems) = import_plan(&app, &client, csv.as_bytes().to_vec()).await;
        assert_eq!(status, 422);
        let expected = [
            ("2", "Title", "Title contains a line separator (U+2028), which cannot be stored: remove it"),
            ("3", "Reference", "Reference contains a zero-width character (U+200B), which cannot be stored: remove it"),
            ("4", "Description", "The description contains a non-character (U+FFFE), which cannot be stored: remove it"),
        ];
        let found: Vec<(&str, &str, &str)> = problems.iter().map(|(r, c, m)| (r.as_str(), c.as_str(), m.as_str())).collect();
        assert_eq!(found, expected);

        // A file that is not UTF-8 names its row, and nothing is stored in its place.
        let (status, problems) = import_plan(&app, &client, b"Reference,Title,Practice area\n2.1,Caf\xe9,Front door\n".to_vec()).await;
        assert_eq!(status, 422);
        assert!(problems.iter().any(|(_, _, m)| m.contains("Row 2 is not UTF-8 text")), "{problems:?}");
        assert_eq!(actions::list(&mut app.db.connect(), sustain::db::Archived::Include).unwrap().len(), 1, "nothing added");
    }
}

on_both_backends! {
    async fn bytes_that_are_not_utf8_are_refused_by_name_not_stored_as_replacement_characters(backend) {
        let (app, f) = spawn(backend).await;
        let (client, _) = signed_in(&app, "leader@hartwell.example").await;
        // A URL-encoded form: the title percent-encoded, then raw.
        for title in [&b"Front%FFdoor"[..], &b"Front\xE9door"[..]] {
            let token = app.csrf_token_for(&client).await;
            let mut body = format!("csrf_token={token}&version=1&reference=1.1&practice_area_id=1&state=in_progress&title=").into_bytes();
            body.extend_from_slice(title);
            let response = client.post(app.url(&format!("/actions/{}", f.action)))
                .header("content-type", "application/x-www-form-urlencoded").body(body).send().await.unwrap();
            assert_eq!(response.status(), 422);
            let page = response.text().await.unwrap();
            assert!(page.contains("The title field is not UTF-8 text, so it cannot be stored: type it again"), "{page}");
        }
        let action = actions::get_any(&mut app.db.connect(), f.action).unwrap();
        assert_eq!((action.version, action.title.as_str()), (1, "Audit the front door"), "nothing was saved");
        assert!(!action.title.contains('\u{FFFD}'));

        // A multipart form's text field.
        let token = app.csrf_token_for(&client).await;
        let form = reqwest::multipart::Form::new()
            .text("csrf_token", token)
            .part("title", reqwest::multipart::Part::bytes(&b"Dip\xFFsample"[..]))
            .text("kind", "case_example")
            .text("practice_area_id", "1")
            .text("observed_on-day", "15").text("observed_on-month", "1").text("observed_on-year", "2025");
        let response = client.post(app.url("/evidence")).multipart(form).send().await.unwrap();
        assert_eq!(response.status(), 422);
        assert!(response.text().await.unwrap().contains("The title field is not UTF-8 text"));
        let items = sustain::db::evidence::list(&mut app.db.connect(), sustain::db::Archived::Include).unwrap();
        assert_eq!(items.len(), 1, "no evidence was added");
    }
}

on_both_backends! {
    fn sustain_import_and_the_command_line_refuse_by_the_same_rule(backend) {
        let source = common::TestDb::new(backend);
        prepare(&mut source.connect());
        let clean = transfer::export(&mut source.connect()).unwrap();
        let target = common::TestDb::new(backend);

        let mut doc = clean.clone();
        doc.actions[0].title = "Audit \u{202E}door".into();
        let refused = transfer::import(&mut target.connect(), &doc).unwrap_err().to_string();
        assert!(refused.starts_with(&format!("actions, the row with id {}, column title: the text contains a text direction override (U+202E)", doc.actions[0].id)), "{refused}");
        let mut doc = clean.clone();
        doc.practice_areas[0].name = "Front\u{2060}door".into();
        let refused = transfer::import(&mut target.connect(), &doc).unwrap_err().to_string();
        assert!(refused.contains("practice_areas") && refused.contains("column name") && refused.contains("a zero-width character (U+2060)"), "{refused}");
        assert!(transfer::is_empty(&mut target.connect()).unwrap(), "nothing was imported");
        let mut doc = clean;
        doc.practice_areas[0].description = "Kept: \u{200F}مرحبا \u{2066}x\u{2069} 👩\u{200D}👧".into();
        transfer::import(&mut target.connect(), &doc).expect("long text keeps marks, isolates and joiners");

        let out = std::process::Command::new(env!("CARGO_BIN_EXE_sustain"))
            .args(["user", "add", "new@hartwell.example", "--name", "New\u{200B}Person", "--role", "viewer"])
            .env("SUSTAIN_DATABASE_URL", &target.raw_url)
            .env("SUSTAIN_CONFIG", "/dev/null")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("display_name") && stderr.contains("a zero-width character (U+200B)"), "{stderr}");
    }
}
