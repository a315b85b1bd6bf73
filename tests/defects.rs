//! The defects found when the app was attacked (issue 9), each reproduced as
//! the attack was made and shown to be refused, on both backends.

mod common;

use common::TestApp;
use std::time::{Duration, Instant};
use sustain::db::{self, actions, areas, evidence, transfer, users, Actor, DbConnection};
use sustain::domain::evidence::EvidenceInput;
use sustain::domain::ids::{ActionId, EvidenceId, UserId};
use sustain::domain::kinds::{ActionState, EvidenceKind, Role};
use sustain::domain::plan::{ActionInput, AreaInput};

const PASSWORD: &str = "a-long-test-password-1";

/// What the tests point their requests at.
#[derive(Debug, Clone, Copy)]
struct Fixture {
    action: ActionId,
    evidence: EvidenceId,
    someone: UserId,
}

/// A practice area with one action and one draft evidence item, an admin, a
/// leader, a contributor, and one more user for admins to edit.
fn prepare(conn: &mut DbConnection) -> Fixture {
    let actor = Actor::system("test");
    common::add_user(conn, "admin@hartwell.example", Role::Admin, PASSWORD);
    common::add_user(conn, "leader@hartwell.example", Role::Leader, PASSWORD);
    common::add_user(conn, "qa@hartwell.example", Role::Contributor, PASSWORD);
    let someone = common::add_user(conn, "someone@hartwell.example", Role::Viewer, PASSWORD);
    let area =
        areas::create(conn, &actor, &common::valid(AreaInput { name: "Front door".into(), ..Default::default() }))
            .unwrap();
    let action = actions::create(
        conn,
        &actor,
        &common::valid(ActionInput {
            reference: "1.1".into(),
            title: "Audit the front door".into(),
            description: String::new(),
            owner_id: None,
            practice_area_id: area.id,
            start_date: None,
            due_date: None,
            completed_date: None,
            state: ActionState::Planned,
            success_measure: String::new(),
        }),
    )
    .unwrap();
    let item = evidence::create(
        conn,
        &actor,
        &common::valid(EvidenceInput {
            title: "Dip-sample".into(),
            kind: EvidenceKind::CaseAudit,
            description: String::new(),
            observed_on: chrono::NaiveDate::from_ymd_opt(2025, 1, 31).unwrap(),
            period_start: None,
            period_end: None,
            practice_area_id: area.id,
        }),
        &[],
    )
    .unwrap();
    Fixture { action: action.id, evidence: item.id, someone }
}

async fn spawn(backend: common::Backend) -> (TestApp, Fixture) {
    let mut fixture = None;
    let app = TestApp::spawn_with(backend, |conn| fixture = Some(prepare(conn))).await;
    (app, fixture.expect("the fixture is prepared"))
}

/// A client with no cookie jar: it sends exactly the cookies it is given, as
/// an attacker replaying a copied cookie would.
fn bare_client() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client")
}

/// The value of a cookie a response sets.
fn set_cookie(response: &reqwest::Response, name: &str) -> String {
    let prefix = format!("{name}=");
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix(&prefix).map(|rest| rest.split(';').next().unwrap_or_default().to_string()))
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| panic!("the response sets {name}"))
}

/// Signs in on a client of its own; returns the client and its session cookie.
async fn signed_in(app: &TestApp, email: &str) -> (reqwest::Client, String) {
    let client = TestApp::new_client();
    let response = app.sign_in_with(&client, email, PASSWORD).await;
    assert_eq!(response.status(), 303, "{email} signs in");
    let session = set_cookie(&response, "sustain_session");
    (client, session)
}

async fn api_token(app: &TestApp, email: &str) -> String {
    let response =
        app.client.post(app.url("/api/v1/tokens")).json(&serde_json::json!({ "email": email, "password": PASSWORD }));
    let response = response.send().await.unwrap();
    assert_eq!(response.status(), 201);
    response.json::<serde_json::Value>().await.unwrap()["token"].as_str().unwrap().to_string()
}

fn update_form<'a>(token: &'a str, note: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![("csrf_token", token), ("update_date", "2025-02-01"), ("rag", "green"), ("note", note)]
}

// 1. Signing out did not end the session: a copied cookie went on working.
on_both_backends! {
    async fn a_copied_session_cookie_stops_working_after_sign_out(backend) {
        let (app, f) = spawn(backend).await;
        let (browser, session) = signed_in(&app, "leader@hartwell.example").await;
        let edit = format!("/actions/{}/edit", f.action);
        let replay = |cookie: String, path: String| bare_client().get(app.url(&path)).header("cookie", cookie).send();

        // The copied cookie works while the session lasts, and gives the attacker the form token too.
        let copied = format!("sustain_session={session}");
        assert_eq!(replay(copied.clone(), edit.clone()).await.unwrap().status(), 200);
        let account = replay(copied.clone(), "/account".into()).await.unwrap().text().await.unwrap();
        let token = common::token_in(&account).expect("the account page has a form");

        assert_eq!(app.post_form(&browser, "/sign-out", &[]).await.status(), 303);
        let after = replay(copied.clone(), edit.clone()).await.unwrap();
        assert_eq!(after.status(), 303, "the replayed cookie is signed out");
        assert!(after.headers()["location"].to_str().unwrap().starts_with("/sign-in"));
        let posted = bare_client()
            .post(app.url(&format!("/actions/{}/updates", f.action)))
            .header("cookie", copied)
            .form(&update_form(&token, "Added with a copied cookie"))
            .send()
            .await
            .unwrap();
        assert_eq!(posted.status(), 303, "sent to sign in");
        assert!(actions::updates(&mut app.db.connect(), Some(f.action)).unwrap().is_empty(), "nothing was added");

        // A session past its expiry time ends, whatever its token says.
        let (_, session) = signed_in(&app, "leader@hartwell.example").await;
        let cookie = format!("sustain_session={session}");
        assert_eq!(replay(cookie.clone(), "/".into()).await.unwrap().status(), 200);
        {
            use diesel::prelude::*;
            use sustain::db::schema::sessions;
            let past = chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap().and_hms_opt(0, 0, 0).unwrap();
            diesel::update(sessions::table.filter(sessions::ended_at.is_null()))
                .set(sessions::expires_at.eq(past))
                .execute(&mut app.db.connect())
                .unwrap();
        }
        assert_eq!(replay(cookie, "/".into()).await.unwrap().status(), 303, "an expired session is signed out");

        // An API token stops working once revoked.
        let bearer = api_token(&app, "leader@hartwell.example").await;
        let areas = || app.client.get(app.url("/api/v1/areas")).bearer_auth(&bearer).send();
        assert_eq!(areas().await.unwrap().status(), 200);
        let revoked = app.client.delete(app.url("/api/v1/tokens/current")).bearer_auth(&bearer).send().await.unwrap();
        assert_eq!(revoked.status(), 204);
        assert_eq!(areas().await.unwrap().status(), 401, "a revoked token is refused");

        // The account page lists both live sessions, and signs out the other one.
        let (first, _) = signed_in(&app, "leader@hartwell.example").await;
        let (second, _) = signed_in(&app, "leader@hartwell.example").await;
        let page = first.get(app.url("/account")).send().await.unwrap().text().await.unwrap();
        assert_eq!(page.matches("<tr>").count(), 3, "a heading row and two sessions: {page}");
        assert!(page.contains("Sign out of 1 other session"), "{page}");
        assert_eq!(app.post_form(&first, "/account/sessions", &[]).await.status(), 303);
        assert_eq!(second.get(app.url("/")).send().await.unwrap().status(), 303, "the other session ended");
        assert_eq!(first.get(app.url("/")).send().await.unwrap().status(), 200, "this one carries on");
        let page = first.get(app.url("/account")).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("You are not signed in anywhere else"), "{page}");
    }
}

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
        assert!(tabbed.text().await.unwrap().contains("contains a control character"));
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
            transfer::ImportError::ForbiddenText { table, row, column } => {
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

// 3. A form token was not tied to the session: one session's token worked in another.
on_both_backends! {
    async fn a_form_token_from_another_session_is_refused_with_a_page_that_says_why(backend) {
        let (app, f) = spawn(backend).await;
        let admin = TestApp::new_client();
        let signed = app.sign_in_with(&admin, "admin@hartwell.example", PASSWORD).await;
        let admin_session = set_cookie(&signed, "sustain_session");
        let leader = TestApp::new_client();
        let signed = app.sign_in_with(&leader, "leader@hartwell.example", PASSWORD).await;
        let leader_csrf_cookie = set_cookie(&signed, "sustain_csrf");
        let leader_token = app.csrf_token_for(&leader).await;

        // The admin's session cookie, with the leader's CSRF cookie and a token
        // from the leader's session: the one its forms carry, and the cookie's
        // own value (what a form carried when tokens were tied to the cookie).
        let cookie = format!("sustain_session={admin_session}; sustain_csrf={leader_csrf_cookie}");
        for token in [leader_token.clone(), leader_csrf_cookie.clone()] {
            let forged = |path: String, fields: Vec<(&'static str, String)>| {
                let mut form = fields;
                form.push(("csrf_token", token.clone()));
                bare_client().post(app.url(&path)).header("cookie", cookie.clone()).form(&form).send()
            };
            let new_user = vec![("email", "new@hartwell.example".into()), ("display_name", "New".into()), ("role", "admin".into())];
            let refused = forged("/users".into(), new_user).await.unwrap();
            assert_eq!(refused.status(), 403);
            let page = refused.text().await.unwrap();
            assert!(page.contains("This form did not come from your current session, so nothing was saved"), "{page}");
            assert!(users::find_by_email(&mut app.db.connect(), "new@hartwell.example").unwrap().is_none());

            let update = vec![("update_date", "2025-02-01".into()), ("rag", "green".into()), ("note", "Forged".into())];
            assert_eq!(forged(format!("/actions/{}/updates", f.action), update).await.unwrap().status(), 403);
            assert!(actions::updates(&mut app.db.connect(), Some(f.action)).unwrap().is_empty());
            assert_eq!(forged("/account/sessions".into(), vec![]).await.unwrap().status(), 403);
            assert_eq!(forged("/sign-out".into(), vec![]).await.unwrap().status(), 403);
            assert_eq!(admin.get(app.url("/")).send().await.unwrap().status(), 200, "the admin is still signed in");
            assert_eq!(leader.get(app.url("/")).send().await.unwrap().status(), 200, "so is the leader");
        }

        // The admin's own token still works.
        let created = app.post_form(&admin, "/users", &[("email", "new@hartwell.example"), ("display_name", "New"), ("role", "viewer")]).await;
        assert_eq!(created.status(), 201);
    }
}

/// The hidden `next` field of the sign-in page.
fn next_in(page: &str) -> String {
    let marker = "name=\"next\" value=\"";
    let start = page.find(marker).expect("the page carries next") + marker.len();
    page[start..start + page[start..].find('"').unwrap()].to_string()
}

// 4. The address to go to after sign-in could send the browser to another site.
on_both_backends! {
    async fn a_hostile_next_address_after_sign_in_goes_to_the_overview(backend) {
        let (app, _) = spawn(backend).await;
        for (query, raw) in [
            ("%2F%09%2F127.0.0.1:18198%2Fpwned", "/\t/127.0.0.1:18198/pwned"),
            ("/%0A/evil", "/\n/evil"),
            ("%2F%2Fevil.example", "//evil.example"),
        ] {
            for post_raw in [false, true] {
                let client = TestApp::new_client();
                let form = client.get(app.url(&format!("/sign-in?next={query}"))).send().await.unwrap();
                assert_eq!(form.status(), 200, "{query}");
                let page = form.text().await.unwrap();
                assert_eq!(next_in(&page), "/", "{query}: the page carries only a safe address");
                let token = common::token_in(&page).unwrap();
                let next = if post_raw { raw.to_string() } else { next_in(&page) };
                let signed = client.post(app.url("/sign-in"))
                    .form(&[("csrf_token", token.as_str()), ("email", "leader@hartwell.example"), ("password", PASSWORD), ("next", &next)])
                    .send().await.unwrap();
                assert_eq!(signed.status(), 303, "{query}");
                assert_eq!(signed.headers()["location"], "/", "{query} (posted as typed: {post_raw})");
            }
        }
        let client = TestApp::new_client();
        let page = client.get(app.url("/sign-in?next=%2Factions%2F1%3Fas_at%3D2025-03-31")).send().await.unwrap();
        assert_eq!(next_in(&page.text().await.unwrap()), "/actions/1?as_at=2025-03-31", "a plain path is kept");
    }
}

// 5. Guessing one's current password while signed in was not throttled.
on_both_backends! {
    async fn guessing_the_current_password_is_throttled_and_recorded(backend) {
        let (app, _) = spawn(backend).await;
        let (client, _) = signed_in(&app, "qa@hartwell.example").await;
        let change = |current: &'static str| {
            let fields = [("current_password", current), ("new_password", "harbour-otter-lantern-7"), ("confirm_password", "harbour-otter-lantern-7")];
            let (app, client) = (&app, &client);
            async move { app.post_form(client, "/account/password", &fields).await }
        };
        for n in 0..5 {
            let wrong = change("not-my-password-at-all").await;
            assert_eq!(wrong.status(), 422, "guess {n}");
            assert!(wrong.text().await.unwrap().contains("Your current password is not right"));
        }
        let right = change(PASSWORD).await;
        assert!([422, 429].contains(&right.status().as_u16()), "{}", right.status());
        assert!(right.text().await.unwrap().contains("Too many failed sign-in attempts"), "the right password waits too");

        let conn = &mut app.db.connect();
        let row = users::find_by_email(conn, "qa@hartwell.example").unwrap().unwrap();
        assert!(sustain::auth::password::verify(PASSWORD, row.password_hash.as_deref().unwrap()), "the password is unchanged");
        let history = db::history::list(conn, &db::history::HistoryFilter { entity: Some("user".into()), ..Default::default() }).unwrap();
        let failed = history.iter().filter(|h| h.what == "password_change_failed" && h.entity_id == row.id.0).count();
        assert_eq!(failed, 5, "{history:?}");
        assert_eq!(client.get(app.url("/")).send().await.unwrap().status(), 200, "the session itself carries on");
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
        let completed_tomorrow = (chrono::Utc::now().date_naive() + chrono::Days::new(1)).format("%Y-%m-%d").to_string();
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
