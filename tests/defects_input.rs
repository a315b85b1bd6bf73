//! The defects found when the app was attacked (issue 9) that concern what
//! was sent: NUL bytes, malformed requests, uploads, dates, the health check
//! and sign-in memory, each reproduced and shown to be refused, on both backends.

use crate::common;
use crate::defects_fixture;

use common::TestApp;
use defects_fixture::*;
use std::time::{Duration, Instant};
use sustain::db::{self, actions, evidence, transfer, users, Actor};
use sustain::domain::kinds::Role;

/// One text field of one form, and what makes the rest of the form good.
struct Case {
    path: String,
    field: &'static str,
    others: Vec<(&'static str, String)>,
    multipart: bool,
}

fn text_field_cases(f: &Fixture) -> Vec<Case> {
    let action = format!("/actions/{}", f.action);
    let edit = || {
        vec![
            ("version", "1".to_string()),
            ("reference", "1.1".into()),
            ("title", "Audit the front door".into()),
            ("practice_area_id", "1".into()),
            ("state", "in_progress".into()),
        ]
    };
    let case = |path: &str, field, others: Vec<(&'static str, String)>| Case {
        path: path.to_string(),
        field,
        others,
        multipart: path == "/evidence",
    };
    let evidence = || {
        vec![
            ("title", "Case example".to_string()),
            ("kind", "case_example".into()),
            ("practice_area_id", "1".into()),
            ("observed_on-day", "15".into()),
            ("observed_on-month", "1".into()),
            ("observed_on-year", "2025".into()),
        ]
    };
    let update = || {
        vec![
            ("update_date-day", "1".to_string()),
            ("update_date-month", "2".into()),
            ("update_date-year", "2025".into()),
            ("rag", "green".into()),
        ]
    };
    let review = || vec![("version", "1".to_string()), ("decision", "reject".into())];
    let new_user = || {
        vec![("email", "new@hartwell.example".to_string()), ("display_name", "New".into()), ("role", "viewer".into())]
    };
    let user = || {
        vec![
            ("version", "1".to_string()),
            ("display_name", "Someone".into()),
            ("role", "viewer".into()),
            ("active", "true".into()),
        ]
    };
    vec![
        case(&action, "reference", edit()),
        case(&action, "title", edit()),
        case(&action, "description", edit()),
        case(&action, "success_measure", edit()),
        case(&format!("{action}/updates"), "note", update()),
        case("/evidence", "title", evidence()),
        case("/evidence", "description", evidence()),
        case(&format!("/evidence/{}/review", f.evidence), "reason", review()),
        case("/users", "email", new_user()),
        case("/users", "display_name", new_user()),
        case(&format!("/users/{}", f.someone), "display_name", user()),
    ]
}

async fn send_case(app: &TestApp, client: &reqwest::Client, case: &Case, value: &str) -> reqwest::Response {
    let token = app.csrf_token_for(client).await;
    let mut fields: Vec<(&str, String)> = case.others.iter().filter(|(k, _)| *k != case.field).cloned().collect();
    fields.push((case.field, value.to_string()));
    fields.push(("csrf_token", token));
    let request = client.post(app.url(&case.path));
    let request = if case.multipart {
        let form = fields.into_iter().fold(reqwest::multipart::Form::new(), |form, (k, v)| form.text(k, v));
        request.multipart(form)
    } else {
        request.form(&fields)
    };
    request.send().await.unwrap()
}

// 2. A NUL byte in a text field gave a 500 on PostgreSQL.
on_both_backends! {
    async fn a_null_byte_in_any_text_field_of_any_form_is_refused_by_name(backend) {
        let (app, f) = spawn(backend).await;
        let (admin, _) = signed_in(&app, "admin@hartwell.example").await;
        for case in text_field_cases(&f) {
            let response = send_case(&app, &admin, &case, "a\u{0}b").await;
            let context = format!("{} {}", case.path, case.field);
            assert_eq!(response.status(), 422, "{context}");
            let body = response.text().await.unwrap();
            assert!(body.contains(&format!("id=\"{}-error\"", case.field)), "{context}: the message is beside the field");
            assert!(body.contains("contains a null character"), "{context}: {body}");
        }
        let conn = &mut app.db.connect();
        assert_eq!(actions::get_any(conn, f.action).unwrap().version, 1, "the action is unchanged");
        assert!(actions::updates(conn, Some(f.action)).unwrap().is_empty(), "no update was added");
        let items = evidence::list(conn, db::Archived::Include).unwrap();
        assert_eq!((items.len(), items[0].version), (1, 1), "no evidence was added or reviewed");
        assert!(users::find_by_email(conn, "new@hartwell.example").unwrap().is_none(), "no user was added");
        assert_eq!(users::get(conn, f.someone).unwrap().version, 1, "the user is unchanged");

        // Other control characters are refused too; long text keeps tabs and line breaks.
        let cases = text_field_cases(&f);
        let title = cases.iter().find(|c| c.field == "title").unwrap();
        let tabbed = send_case(&app, &admin, title, "Audit\tthe front door").await;
        assert_eq!(tabbed.status(), 422, "a one-line field has no tabs");
        assert!(tabbed.text().await.unwrap().contains("contains a tab"));
        let note = cases.iter().find(|c| c.field == "note").unwrap();
        assert_eq!(send_case(&app, &admin, note, "Rang \u{7} the bell").await.status(), 422);
        assert_eq!(send_case(&app, &admin, note, "First line\r\nSecond line\tindented").await.status(), 303);
        let saved = actions::updates(conn, Some(f.action)).unwrap();
        assert_eq!(saved.len(), 1);
        assert!(saved[0].note.contains('\t') && saved[0].note.contains('\n'), "{:?}", saved[0].note);
    }
}

// 2. The same through the sign-in page and POST /api/v1/tokens.
on_both_backends! {
    async fn a_null_byte_in_the_sign_in_email_or_password_is_refused_by_name(backend) {
        let (app, _) = spawn(backend).await;
        let page = app.sign_in("leader\u{0}@hartwell.example", PASSWORD).await;
        assert_eq!(page.status(), 422);
        let body = page.text().await.unwrap();
        assert!(body.contains("id=\"email-error\"") && body.contains("contains a null character"), "{body}");
        let page = app.sign_in("leader@hartwell.example", "a-long-test\u{0}password-1").await;
        assert_eq!(page.status(), 422);
        let body = page.text().await.unwrap();
        assert!(body.contains("id=\"password-error\"") && body.contains("null character"), "{body}");

        for (email, password, field) in [
            ("leader\u{0}@hartwell.example", PASSWORD, "email"),
            ("leader@hartwell.example\u{1b}", PASSWORD, "email"),
            ("leader@hartwell.example", "a-long-test\u{0}password-1", "password"),
        ] {
            let response = app.client.post(app.url("/api/v1/tokens"))
                .json(&serde_json::json!({ "email": email, "password": password }))
                .send().await.unwrap();
            assert_eq!(response.status(), 422, "{field}");
            let body: serde_json::Value = response.json().await.unwrap();
            assert_eq!(body["error"]["code"], "invalid", "{body}");
            let message = body["error"]["fields"][field][0].as_str().unwrap_or_default();
            assert!(message.contains("character"), "{field}: {body}");
        }
        let export = transfer::export(&mut app.db.connect()).unwrap();
        assert!(export.sign_in_attempts.is_empty(), "none of it reached the database");
        api_token(&app, "leader@hartwell.example").await;
    }
}

// 2. ... and in `sustain import` of a JSON export.
on_both_backends! {
    fn an_import_with_a_control_character_is_refused_naming_table_row_and_column(backend) {
        let source = common::TestDb::new(backend);
        prepare(&mut source.connect());
        let clean = transfer::export(&mut source.connect()).unwrap();

        let mut doc = clean.clone();
        doc.actions[0].title = "Audit the\u{0} front door".into();
        let target = common::TestDb::new(backend);
        let refused = transfer::import(&mut target.connect(), &doc).unwrap_err();
        match &refused {
            transfer::ImportError::ForbiddenText { table, row, column, .. } => {
                assert_eq!((*table, column.as_str()), ("actions", "title"));
                assert!(row.contains(&doc.actions[0].id.to_string()), "{row}");
            }
            other => panic!("{other:?}"),
        }
        assert!(transfer::is_empty(&mut target.connect()).unwrap(), "nothing was imported");

        let mut doc = clean.clone();
        doc.practice_areas[0].description = "Bell \u{7} here".into();
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("export.json");
        std::fs::write(&file, serde_json::to_vec(&doc).unwrap()).unwrap();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_sustain"))
            .args(["import", file.to_str().unwrap()])
            .env("SUSTAIN_DATABASE_URL", &target.raw_url)
            .env("SUSTAIN_CONFIG", "/dev/null")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("practice_areas") && stderr.contains("description") && stderr.contains("control character"), "{stderr}");
        assert!(transfer::is_empty(&mut target.connect()).unwrap());

        let mut doc = clean;
        doc.practice_areas[0].description = "Kept:\tтаб and\r\nline breaks".into();
        transfer::import(&mut target.connect(), &doc).expect("tabs and line breaks are kept");
    }
}

/// Words from parsers and frameworks that must never reach a person.
const FRAMEWORK_TEXT: &[&str] = &[
    "invalid type",
    "deserialize",
    "expected struct",
    "line 1 column",
    "duplicate field",
    "expected value",
    "payload",
];

fn assert_our_words(context: &str, body: &str) {
    let lower = body.to_lowercase();
    for leak in FRAMEWORK_TEXT {
        assert!(!lower.contains(leak), "{context} says '{leak}': {body}");
    }
}

/// An API answer in the error shape: status, code, a message, and the body.
async fn api_error(response: reqwest::Response, status: u16, code: &str, context: &str) -> serde_json::Value {
    assert_eq!(response.status(), status, "{context}");
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("application/json"), "{context}");
    let text = response.text().await.unwrap();
    assert_our_words(context, &text);
    let body: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(body["error"]["code"], code, "{context}: {body}");
    assert!(body["error"]["message"].as_str().is_some_and(|m| !m.is_empty()), "{context}: {body}");
    body
}

/// A page answer: status, HTML, our words; returns the page.
async fn error_page(response: reqwest::Response, status: u16, context: &str) -> String {
    assert_eq!(response.status(), status, "{context}");
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/html"), "{context}");
    let page = response.text().await.unwrap();
    assert_our_words(context, &page);
    page
}

// 6. Malformed requests were answered with the framework's text.
on_both_backends! {
    async fn unreadable_requests_are_answered_in_our_words_and_shape(backend) {
        let (app, f) = spawn(backend).await;
        let tokens = app.url("/api/v1/tokens");
        let post = |body: &'static str, content_type: &'static str| {
            app.client.post(tokens.clone()).header("content-type", content_type).body(body).send()
        };
        let hello = api_error(post("\"hello\"", "application/json").await.unwrap(), 422, "invalid", "a JSON string").await;
        assert!(hello["error"]["fields"]["body"][0].as_str().unwrap().contains("JSON object"), "{hello}");
        api_error(post("{\"email\": 5}", "application/json").await.unwrap(), 422, "invalid", "a number for the email").await;
        api_error(post("{\"email\": ", "application/json").await.unwrap(), 400, "bad_request", "broken JSON").await;
        api_error(post("email=a", "text/plain").await.unwrap(), 415, "unsupported_media_type", "not JSON").await;

        let bearer = api_token(&app, "leader@hartwell.example").await;
        let twice = app.client.get(app.url("/api/v1/verdicts?as_at=2025-01-01&as_at=2025-02-01")).bearer_auth(&bearer).send().await.unwrap();
        let body = api_error(twice, 400, "bad_request", "a repeated query parameter").await;
        assert!(body["error"]["message"].as_str().unwrap().contains("as_at is given more than once"), "{body}");
        let nowhere = app.client.get(app.url("/api/v1/nowhere")).bearer_auth(&bearer).send().await.unwrap();
        api_error(nowhere, 404, "not_found", "an API address that names nothing").await;
        let signed_out = app.client.get(app.url("/api/v1/areas")).send().await.unwrap();
        api_error(signed_out, 401, "unauthorized", "no token").await;

        let (browser, _) = signed_in(&app, "leader@hartwell.example").await;
        let page = browser.get(app.url("/?as_at=2025-01-01&as_at=2025-02-01")).send().await.unwrap();
        let page = error_page(page, 400, "a repeated query parameter on a page").await;
        assert!(page.contains("as_at is given more than once"), "{page}");
        for path in ["/actions/abc", "/actions/99999999999999999999", "/evidence/abc", "/attachments/1.5"] {
            let page = error_page(browser.get(app.url(path)).send().await.unwrap(), 404, path).await;
            assert!(page.contains("Page not found"), "{path}: {page}");
        }
        let token = app.csrf_token_for(&browser).await;
        // A field sent twice is read as a list (checkboxes); a multipart body that
        // breaks off cannot be read, and says so in our words.
        let garbled = browser.post(app.url("/evidence"))
            .header("content-type", "multipart/form-data; boundary=sustain-boundary")
            .body(format!("--sustain-boundary\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{token}\r\n--sustain-boundary\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nbroken off"))
            .send().await.unwrap();
        let page = error_page(garbled, 400, "a multipart form that breaks off").await;
        assert!(page.contains("The form could not be read"), "{page}");
        assert!(actions::updates(&mut app.db.connect(), Some(f.action)).unwrap().is_empty());
    }
}

fn text_file(n: usize) -> reqwest::multipart::Part {
    reqwest::multipart::Part::bytes(format!("case,grade\n{n},good\n").into_bytes()).file_name(format!("audit-{n}.csv"))
}

async fn upload(app: &TestApp, client: &reqwest::Client, files: usize) -> reqwest::Response {
    let token = app.csrf_token_for(client).await;
    let mut form = reqwest::multipart::Form::new()
        .text("csrf_token", token)
        .text("title", "Front door dip-sample")
        .text("kind", "case_audit")
        .text("practice_area_id", "1")
        .text("observed_on-day", "15")
        .text("observed_on-month", "1")
        .text("observed_on-year", "2025");
    for n in 0..files {
        form = form.part("file", text_file(n));
    }
    client.post(app.url("/evidence")).multipart(form).send().await.unwrap()
}

// 7. Files beyond the first were dropped without a word.
on_both_backends! {
    async fn more_files_than_the_limit_are_refused_and_every_file_of_a_good_upload_is_kept(backend) {
        let mut fixture = None;
        let app = TestApp::spawn_configured(backend, |conn| fixture = Some(prepare(conn)), |config| config.upload_max_files = 20).await;
        let (client, _) = signed_in(&app, "qa@hartwell.example").await;
        let conn = &mut app.db.connect();
        let before = evidence::list(conn, db::Archived::Include).unwrap().len();

        let too_many = upload(&app, &client, 30).await;
        assert_eq!(too_many.status(), 422);
        assert!(too_many.text().await.unwrap().contains("Select 20 files or fewer at a time"));
        assert_eq!(evidence::list(conn, db::Archived::Include).unwrap().len(), before, "nothing was saved");

        assert_eq!(upload(&app, &client, 3).await.status(), 303);
        let items = evidence::list(conn, db::Archived::Include).unwrap();
        let added = items.iter().find(|i| i.title == "Front door dip-sample").expect("the item was added");
        let files = db::attachments::for_evidence(conn, added.id).unwrap();
        let mut names: Vec<_> = files.iter().map(|a| a.file_name.clone()).collect();
        names.sort();
        assert_eq!(names, ["audit-0.csv", "audit-1.csv", "audit-2.csv"], "every file is on the item");
    }
}

/// A date typed as `YYYY-MM-DD` (the year may carry a sign) into the three
/// fields of a GOV.UK date input called `name`.
fn date_fields(name: &str, typed: &str) -> Vec<(String, String)> {
    let (sign, rest) = typed.strip_prefix('-').map_or(("", typed), |r| ("-", r));
    let parts: Vec<&str> = rest.splitn(3, '-').collect();
    vec![
        (format!("{name}-year"), format!("{sign}{}", parts[0])),
        (format!("{name}-month"), parts[1].to_string()),
        (format!("{name}-day"), parts[2].to_string()),
    ]
}

// 8. Implausible dates were stored.
on_both_backends! {
    async fn implausible_dates_are_refused_by_name_on_the_action_and_progress_forms(backend) {
        let (app, f) = spawn(backend).await;
        let (client, _) = signed_in(&app, "leader@hartwell.example").await;
        let action = format!("/actions/{}", f.action);
        for (field, label, typed) in [
            ("start_date", "The start date", "-2026-01-01"),
            ("due_date", "The due date", "0000-01-01"),
            ("completed_date", "The completed date", "3000-01-01"),
        ] {
            let dates = date_fields(field, typed);
            let mut fields = vec![("version", "1"), ("reference", "1.1"), ("title", "Audit the front door"), ("practice_area_id", "1")];
            fields.push(("state", if field == "completed_date" { "completed" } else { "in_progress" }));
            fields.extend(dates.iter().map(|(k, v)| (k.as_str(), v.as_str())));
            let response = app.post_form(&client, &action, &fields).await;
            assert_eq!(response.status(), 422, "{field} {typed}");
            let page = response.text().await.unwrap();
            assert!(page.contains(&format!("id=\"{field}-error\"")), "{field}: the message is beside the field");
            // A negative year is not a real date; a year out of range is implausible.
            let said = ["must be between 1990 and 2100", "must be a real date"];
            let label = label.trim_start_matches("The ");
            assert!(said.iter().any(|s| page.to_lowercase().contains(&format!("{label} {s}").to_lowercase())), "{field} {typed}");
        }
        let updates = format!("{action}/updates");
        for typed in ["-2026-01-01", "0000-01-01", "3000-01-01"] {
            let dates = date_fields("update_date", typed);
            let mut fields = vec![("rag", "green"), ("note", "On track")];
            fields.extend(dates.iter().map(|(k, v)| (k.as_str(), v.as_str())));
            let response = app.post_form(&client, &updates, &fields).await;
            assert_eq!(response.status(), 422, "{typed}");
            let page = response.text().await.unwrap();
            assert!(page.contains("id=\"update_date-error\""), "{typed}");
            assert!(
                ["must be between 1990 and 2100", "must be a real date"]
                    .iter()
                    .any(|said| page.contains(&format!("date of this update {said}"))),
                "{typed}"
            );
        }
        let completed_tomorrow = (sustain::domain::dates::england_date(chrono::Utc::now().naive_utc()) + chrono::Days::new(1)).format("%Y-%m-%d").to_string();
        let dates = date_fields("completed_date", &completed_tomorrow);
        let mut fields = vec![
            ("version", "1"), ("reference", "1.1"), ("title", "Audit"), ("practice_area_id", "1"), ("state", "completed"),
        ];
        fields.extend(dates.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let response = app.post_form(&client, &action, &fields).await;
        assert_eq!(response.status(), 422);
        assert!(response.text().await.unwrap().contains("The completed date must be today or in the past"));

        let conn = &mut app.db.connect();
        let row = actions::get_any(conn, f.action).unwrap();
        assert_eq!((row.version, row.start_date, row.due_date, row.completed_date), (1, None, None, None), "nothing was saved");
        assert!(actions::updates(conn, Some(f.action)).unwrap().is_empty());
    }
}

async fn timed_health(app: &TestApp) -> (u16, Duration) {
    let started = Instant::now();
    let status = app.get("/healthz").await.status().as_u16();
    (status, started.elapsed())
}

// 9. /healthz took ten seconds to say that the database was gone.
on_both_backends! {
    async fn the_health_check_answers_within_a_second_when_the_database_does_not(backend) {
        let app = TestApp::spawn(backend).await;
        assert_eq!(timed_health(&app).await.0, 200);

        // Every connection busy: the database answers nobody, and the check says so at once.
        let held: Vec<_> = (0..app.pool.max_size()).map(|_| app.pool.get_timeout(Duration::from_secs(5)).expect("a connection")).collect();
        let (status, took) = timed_health(&app).await;
        assert_eq!(status, 503);
        assert!(took < Duration::from_millis(1500), "took {took:?}");
        drop(held);
        assert_eq!(timed_health(&app).await.0, 200, "healthy again");

        // On PostgreSQL, the database itself can go: every check, including
        // those after the pool has thrown its broken connections away, answers quickly.
        if backend == common::Backend::Postgres {
            let name = url::Url::parse(&app.db.raw_url).unwrap().path().trim_start_matches('/').to_string();
            let mut admin = db::establish(&db::DatabaseUrl::Postgres(common::postgres_base_url())).unwrap();
            diesel::connection::SimpleConnection::batch_execute(&mut admin, &format!("DROP DATABASE {name} WITH (FORCE)")).unwrap();
            for n in 0..app.pool.max_size() + 2 {
                let (status, took) = timed_health(&app).await;
                assert_eq!(status, 503, "check {n}");
                assert!(took < Duration::from_millis(1500), "check {n} took {took:?}");
            }
        }
    }
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

// 10. Sign-ins held memory without bound; a wrong password must still take
// as long as an unknown email now that hashing waits its turn.
on_both_backends! {
    async fn twenty_sign_ins_at_once_all_complete_and_a_wrong_password_takes_as_long_as_an_unknown_email(backend) {
        let app = TestApp::spawn_with(backend, |conn| {
            // A hash at the server's own cost: the timing of a wrong password is compared with an unknown email's.
            let hash = sustain::auth::password::hash(PASSWORD).unwrap();
            for n in 0..20 {
                let input = sustain::domain::users::UserInput { email: format!("user{n}@hartwell.example"), display_name: format!("User {n}"), role: Role::Viewer };
                users::create(conn, &Actor::system("test"), &common::valid(input), Some(&hash)).unwrap();
            }
        }).await;
        let attempt = |client: reqwest::Client, email: String, password: &'static str| {
            let url = app.url("/api/v1/tokens");
            async move {
                let started = Instant::now();
                let response = client.post(url).json(&serde_json::json!({ "email": email, "password": password })).send().await.unwrap();
                (response.status().as_u16(), started.elapsed())
            }
        };
        // Each attempt comes from its own loopback address: attempts still
        // being checked count against their address's throttle, which would
        // otherwise answer (quickly, without hashing) instead.
        let from = |n: u8| {
            reqwest::Client::builder().local_address(std::net::IpAddr::from([127, 0, 0, n])).build().unwrap()
        };
        let all = (0..20u8).map(|n| attempt(from(100 + n), format!("user{n}@hartwell.example"), PASSWORD));
        let answers = futures_util::future::join_all(all).await;
        assert!(answers.iter().all(|(status, _)| *status == 201), "{answers:?}");

        // Wrong passwords each for their own account, so the account throttle never answers either.
        let (mut wrong, mut unknown) = (Vec::new(), Vec::new());
        for n in 0..5u8 {
            let (status, took) = attempt(from(10 + n), format!("user{n}@hartwell.example"), "not-the-password-1").await;
            assert_eq!(status, 401);
            wrong.push(took);
            let (status, took) = attempt(from(20 + n), format!("nobody{n}@hartwell.example"), "not-the-password-1").await;
            assert_eq!(status, 401);
            unknown.push(took);
        }
        let (wrong, unknown) = (median(wrong), median(unknown));
        assert!(wrong < unknown * 3 && unknown < wrong * 3, "wrong password {wrong:?}, unknown email {unknown:?}");
    }
}
