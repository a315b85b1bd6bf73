//! Who may do what, on every route, and the usual attacks refused.

#[path = "security_api/mod.rs"]
mod api_matrix;
use crate::common;
use crate::security_fixture;

use common::TestApp;
use security_fixture::{email, prepare, Fixture, PASSWORD};
use sustain::db::{self, actions, areas, evidence, findings, inspections, measures, owners};
use sustain::domain::kinds::*;
use sustain::routes::{self, Access};

/// The kind of record a path names: its first segment, or the one after `/api/v1/`.
fn segment(path: &str) -> &str {
    let n = if path.starts_with("/api/v1/") { 3 } else { 1 };
    path.split('/').nth(n).unwrap_or("")
}

fn concrete(path: &str, f: &Fixture) -> String {
    let path = path.replace("{finding_id}", &f.finding.to_string()).replace("{action_id}", &f.action.to_string());
    let id = match segment(&path) {
        "actions" => f.action.0,
        "evidence" => f.evidence.0,
        "attachments" => f.attachment.0,
        "inspections" => f.inspection.0,
        "findings" => f.finding.0,
        "areas" => f.empty_area.0,
        "owners" => f.other_owner.0,
        "measures" => f.measure.0,
        "shares" => f.share,
        "judgements" => f.judgement.0,
        "results" if path.ends_with("/evidence") => f.audit_result.0,
        "results" => f.result.0,
        "reports" => f.report,
        "figures" => f.figure,
        "requests" => f.request.0,
        "users" if path.starts_with("/users/invitations/") => f.invitation,
        _ => f.target_user.0,
    };
    // Swindon: the fixture's council details give no number of their own.
    let path = match path.as_str() {
        "/api/v1/figures" | "/api/v1/figures/{id}" => format!("{path}?la=866"),
        _ => path,
    };
    path.replace("{id}", &id.to_string())
        .replace("{result_id}", &f.result.to_string())
        .replace("{file}", "sustain.css")
        // No session has this handle and no invitation this token: they answer as for one that has ended.
        .replace("{handle}", "none")
        .replace("{token}", "not-a-token")
}

fn version_of(app: &TestApp, method: &actix_web::http::Method, path: &str, f: &Fixture) -> String {
    let conn = &mut app.db.connect();
    if path == "/measures/{id}/results/import/confirm" {
        return measures::fingerprint(conn, f.measure).unwrap();
    }
    let method = if method == actix_web::http::Method::PUT { "POST" } else { method.as_str() };
    let v = match (method, segment(path)) {
        ("GET", _) => 0,
        ("POST", "actions") => actions::get_any(conn, f.action).unwrap().version,
        ("POST", "evidence") => evidence::get_any(conn, f.evidence).unwrap().version,
        ("POST", "inspections") => inspections::get_any(conn, f.inspection).unwrap().version,
        ("POST", "findings") => findings::get_any(conn, f.finding).unwrap().version,
        ("POST", "areas") => areas::get_any(conn, f.empty_area).unwrap().version,
        ("POST", "owners") => owners::get_any(conn, f.other_owner).unwrap().version,
        ("POST", "measures") if path.contains("/results/") => {
            measures::result::get_any(conn, f.result).unwrap().version
        }
        ("POST", "measures") => measures::get_any(conn, f.measure).unwrap().version,
        ("POST", "results") => measures::result::get_any(conn, f.result).unwrap().version,
        ("POST", "judgements") => inspections::judgement::get_any(conn, f.judgement).unwrap().version,
        ("POST", "users") => db::users::get(conn, f.target_user).unwrap().version,
        ("POST", "council") => db::council::find(conn).unwrap().expect("the council's details").version,
        ("POST", "requests") => db::requests::get_any(conn, f.request).unwrap().version,
        _ => 0,
    };
    v.to_string()
}

/// A valid request for each POST route; a route added without one fails the test.
fn form_for(
    method: &actix_web::http::Method,
    path: &str,
    role: Option<Role>,
    version: &str,
    n: usize,
    f: &Fixture,
) -> Option<Vec<(String, String)>> {
    let owner = f.owner.to_string();
    let (area, action, finding) = (f.area.to_string(), f.action.to_string(), f.finding.to_string());
    let inspection = f.inspection.to_string();
    // A different year for each request, so that results and recalculation points never collide.
    let period_year = (1991 + n % 30).to_string();
    let pairs = |items: &[(&str, &str)]| Some(items.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect());
    let who = role.map(email).unwrap_or_default();
    let new_email = format!("new{n}@hartwell.example");
    // A shared link lasts at most 90 days: it expires in 30.
    let expiry = sustain::domain::dates::england_date(chrono::Utc::now().naive_utc()) + chrono::Duration::days(30);
    let (share_day, share_month, share_year) =
        (expiry.format("%-d").to_string(), expiry.format("%-m").to_string(), expiry.format("%Y").to_string());
    match (method.as_str(), path) {
        ("GET", _) => Some(vec![]),
        ("POST", "/sign-in") => pairs(&[("email", &who), ("password", PASSWORD)]),
        ("POST", "/sign-out") => pairs(&[]),
        ("POST", "/actions") | ("POST", "/actions/{id}") => pairs(&[
            ("version", version),
            ("reference", "1.1"),
            ("title", "Audit the front door"),
            ("practice_area_id", &area),
            ("owner_id", &owner),
            ("finding_ids", &finding),
            ("state", "in_progress"),
            ("start_date-day", "1"),
            ("start_date-month", "1"),
            ("start_date-year", "2025"),
        ]),
        ("POST", "/actions/{id}/sign-off") => {
            pairs(&[("version", version), ("decision", "return"), ("sign_off_note", "Not yet")])
        }
        ("POST", "/actions/{id}/updates") => pairs(&[
            ("update_date-day", "1"),
            ("update_date-month", "2"),
            ("update_date-year", "2025"),
            ("rag", "green"),
            ("note", "On track"),
        ]),
        ("POST", "/evidence") | ("POST", "/evidence/{id}") => pairs(&[
            ("version", version),
            ("title", "Case example"),
            ("kind", "case_example"),
            ("practice_area_id", &area),
            ("observed_on-day", "15"),
            ("observed_on-month", "1"),
            ("observed_on-year", "2025"),
            ("action_ids", &action),
        ]),
        ("POST", "/evidence/{id}/files") | ("POST", "/api/v1/evidence/{id}/attachments") => {
            pairs(&[("version", version)])
        }
        ("POST", "/inspections/{id}/shares") => pairs(&[
            ("label", "Ofsted inspection team"),
            ("expires_on-day", &share_day),
            ("expires_on-month", &share_month),
            ("expires_on-year", &share_year),
        ]),
        ("POST", "/shares/{id}/revoke") => pairs(&[]),
        ("POST", "/requests") => pairs(&[
            ("action_id", &action),
            ("owner_id", &owner),
            ("due_on-day", &share_day),
            ("due_on-month", &share_month),
            ("due_on-year", &share_year),
            ("wanted", "The last three supervision records"),
        ]),
        ("POST", "/requests/{id}/close") => {
            pairs(&[("version", version), ("why", "not_needed"), ("reason", "The audit covers it")])
        }
        ("POST", "/inspections") | ("POST", "/inspections/{id}") => pairs(&[
            ("version", version),
            ("kind", "focused_visit"),
            ("title", "Focused visit"),
            ("inspectorate", "Ofsted"),
            ("start_date-day", "5"),
            ("start_date-month", "3"),
            ("start_date-year", "2024"),
            ("end_date-day", "6"),
            ("end_date-month", "3"),
            ("end_date-year", "2024"),
            ("overall_judgement", "none"),
        ]),
        ("POST", "/findings") => pairs(&[
            ("inspection_id", &inspection),
            ("practice_area_id", &area),
            ("kind", "recommendation"),
            ("reference", &format!("R{n}")),
            ("text", "Improve plans"),
        ]),
        ("POST", "/findings/{id}") => pairs(&[
            ("version", version),
            ("inspection_id", &inspection),
            ("practice_area_id", &area),
            ("kind", "priority_action"),
            ("reference", "APA1"),
            ("text", "Identification of risk"),
            ("action_ids", &action),
        ]),
        ("POST", "/areas") => pairs(&[("name", &format!("Area {n}"))]),
        ("POST", "/areas/{id}") => {
            pairs(&[("version", version), ("name", "Care leavers"), ("evidence_min_kinds", "3")])
        }
        ("POST", "/owners") | ("POST", "/owners/{id}") => {
            pairs(&[("version", version), ("job_title", "Detective Inspector"), ("team", "Hartshire Police")])
        }
        ("POST", "/measures") | ("POST", "/measures/{id}") => pairs(&[
            ("version", version),
            ("practice_area_id", &area),
            // A new measure gets a name of its own, so that the fixture's stays the only one of its name.
            (
                "name",
                &if path == "/measures" { format!("Referral decisions (check {n})") } else { FIXTURE_MEASURE.into() },
            ),
            ("kind", "indicator"),
            ("unit", "percent"),
            ("direction", "higher_is_better"),
            ("target", "80"),
            ("frequency", "monthly"),
            ("is_key", "yes"),
            ("screen_moving_ranges", "yes"),
        ]),
        ("POST", "/measures/{id}/results") => pairs(&[
            ("period_end-day", "1"),
            ("period_end-month", "1"),
            ("period_end-year", &period_year),
            ("value", "81"),
        ]),
        ("POST", "/measures/{id}/results/{result_id}") => pairs(&[
            ("version", version),
            ("period_end-day", "31"),
            ("period_end-month", "12"),
            ("period_end-year", "2024"),
            ("value", "82"),
        ]),
        ("POST", "/measures/{id}/results/import") => pairs(&[("csv", &format!("{period_year}-02-01,83"))]),
        ("POST", "/measures/{id}/results/import/confirm") => {
            pairs(&[("fingerprint", version), ("csv", &format!("{period_year}-03-01,84"))])
        }
        ("POST", "/measures/{id}/recalculations") => pairs(&[
            ("starts_on-day", "1"),
            ("starts_on-month", "4"),
            ("starts_on-year", &period_year),
            ("reason", "New front-door model"),
        ]),
        (_, p) if p.ends_with("/archive") || p.ends_with("/restore") => pairs(&[("version", version)]),
        ("POST", "/evidence/{id}/review") => pairs(&[("version", version), ("decision", "verify")]),
        ("POST", "/evidence/review") => pairs(&[
            ("selected", &f.evidence.to_string()),
            (&format!("version-{}", f.evidence), version),
            // Returned, it stays a draft its author may still change.
            ("bulk_decision", "return"),
            ("bulk_reason", "Say which cases were sampled"),
        ]),
        ("POST", "/account/password") => {
            pairs(&[("current_password", PASSWORD), ("new_password", PASSWORD), ("confirm_password", PASSWORD)])
        }
        ("POST", "/users") => pairs(&[("email", &new_email), ("display_name", "New person"), ("role", "viewer")]),
        ("POST", "/users/{id}") => {
            pairs(&[("version", version), ("display_name", "Someone"), ("role", "viewer"), ("active", "true")])
        }
        ("POST", "/users/{id}/password") => pairs(&[]),
        ("POST", "/users/invitations") => {
            pairs(&[("email", &new_email), ("display_name", "New person"), ("role", "viewer"), ("owner_id", "")])
        }
        ("POST", "/users/invitations/{id}/resend")
        | ("POST", "/users/invitations/{id}/revoke")
        | ("POST", "/users/{id}/invitation")
        | ("POST", "/users/{id}/sessions")
        | ("POST", "/account/sessions/{handle}/end") => pairs(&[]),
        ("POST", "/invitations/{token}") => pairs(&[("new_password", PASSWORD), ("confirm_password", PASSWORD)]),
        // A date of its own for each request, so no save finds another's words.
        ("POST", "/reports/progress/commentary") => {
            let day = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + chrono::Days::new(n as u64 % 300);
            pairs(&[("as_at", &day.to_string()), ("overall", "Checked by the access matrix")])
        }
        ("POST", "/council") => {
            pairs(&[("version", version), ("name", "Hartwell Borough Council"), ("colour", "#1d3a5f")])
        }
        ("POST", "/api/v1/tokens") => pairs(&[("email", &who), ("password", PASSWORD)]),
        ("POST", "/account/sessions") => pairs(&[]),
        ("POST", "/plan/import") => pairs(&[("create_missing", "yes")]),
        ("POST", "/results/import") => pairs(&[]),
        ("POST", "/figures/import") => pairs(&[]),
        // An upload that is not (or no longer) kept sends the user back to choose the file again.
        ("POST", "/plan/import/confirm")
        | ("POST", "/plan/import/create-missing")
        | ("POST", "/results/import/confirm") => pairs(&[("upload", "not-kept")]),
        ("DELETE", "/api/v1/tokens/current") => pairs(&[]),
        _ => None,
    }
}

/// Puts the fixture's action in a state a leader can decide on: completed,
/// with a success measure no earlier sign-off kept.
fn awaiting_sign_off(app: &TestApp, f: &Fixture, n: usize) {
    use diesel::prelude::*;
    use sustain::db::schema::actions;
    diesel::update(actions::table.find(f.action))
        .set((
            actions::state.eq(sustain::domain::kinds::ActionState::Completed),
            actions::completed_date.eq(Some(common::today())),
            actions::success_measure.eq(format!("Checked for request {n}")),
        ))
        .execute(&mut app.db.connect())
        .expect("the action is completed");
}

async fn send(
    app: &TestApp,
    client: &reqwest::Client,
    def: &routes::RouteDef,
    role: Option<Role>,
    f: &Fixture,
    n: usize,
) -> reqwest::StatusCode {
    let url = app.url(&concrete(def.path, f));
    if def.path.ends_with("/sign-off") {
        awaiting_sign_off(app, f, n);
    }
    let version = version_of(app, &def.method, def.path, f);
    let json = api_matrix::json_for(&def.method, def.path, &version, n, f);
    let mut form = match json {
        Some(_) => vec![],
        None => form_for(&def.method, def.path, role, &version, n, f)
            .unwrap_or_else(|| panic!("no sample request for {} {}: add one to the matrix", def.method, def.path)),
    };
    let request = if def.method == actix_web::http::Method::GET {
        client.get(url)
    } else if let Some(body) = json.filter(|_| !MULTIPART.contains(&def.path)) {
        client.request(reqwest::Method::from_bytes(def.method.as_str().as_bytes()).unwrap(), url).json(&body)
    } else if def.method == actix_web::http::Method::DELETE {
        client.delete(url)
    } else if def.path.starts_with("/api/") && !MULTIPART.contains(&def.path) {
        let body: serde_json::Map<String, serde_json::Value> = form.into_iter().map(|(k, v)| (k, v.into())).collect();
        client.post(url).json(&body)
    } else {
        form.push(("csrf_token".into(), app.csrf_token_for(client).await));
        if MULTIPART.contains(&def.path) {
            let mut multipart = reqwest::multipart::Form::new();
            for (k, v) in form {
                multipart = multipart.text(k, v);
            }
            if def.path == "/evidence/{id}/files" || def.path == "/api/v1/evidence/{id}/attachments" {
                let file = reqwest::multipart::Part::bytes(b"a,b\n".to_vec()).file_name("more.csv");
                multipart = multipart.part("file", file);
            }
            if let Some(file) = sample_sheet(def.path) {
                multipart = multipart.part("file", reqwest::multipart::Part::bytes(file).file_name("sample.csv"));
            }
            if def.path == "/figures/import" {
                let model = include_bytes!("../assets/figures/sn_model_2025_wide.csv").to_vec();
                multipart =
                    multipart.part("files", reqwest::multipart::Part::bytes(model).file_name("sn_model_2025_wide.csv"));
            }
            client.post(url).multipart(multipart)
        } else {
            client.post(url).form(&form)
        }
    };
    let response = request.send().await.expect("request");
    response.status()
}

on_both_backends! {
    async fn every_route_answers_every_role_as_its_rule_says(backend) {
        let mut fixture = None;
        let app = TestApp::spawn_with(backend, |conn| fixture = Some(prepare(conn))).await;
        let fixture = fixture.expect("the fixture is prepared");
        let mut clients = vec![(None, TestApp::new_client())];
        for role in Role::ALL {
            let client = TestApp::new_client();
            assert_eq!(app.sign_in_with(&client, &email(*role), PASSWORD).await.status(), 303);
            clients.push((Some(*role), client));
        }
        let mut checked = 0;
        for (n, def) in routes::table().iter().enumerate() {
            // Signing out (or revoking the session's token) would end the session
            // the rest of the matrix uses; they are checked last.
            if ENDS_SESSION.contains(&def.path) { continue; }
            for (role, client) in &clients {
                let status = send(&app, client, def, *role, &fixture, n * 10 + checked).await;
                let context = format!("{} {} as {:?}", def.method, def.path, role);
                match (def.access, role) {
                    // Anyone may reach a public route; with no credentials to give it answers 422.
                    (Access::Public, _) => assert!(![401, 403].contains(&status.as_u16()) && !status.is_server_error(), "{context}: {status}"),
                    (Access::SignedIn(_), None) if def.path.starts_with("/api/") => assert_eq!(status, 401, "{context}"),
                    (Access::SignedIn(_), None) => assert_eq!(status, 303, "{context}: signed out goes to sign-in"),
                    (Access::SignedIn(needed), Some(role)) if !role.includes(needed) => assert_eq!(status, 403, "{context}"),
                    (Access::SignedIn(_), Some(_)) if NEEDS_MAIL.contains(&def.path) => assert_eq!(status, 409, "{context}: no mail server"),
                    (Access::SignedIn(_), Some(_)) => assert!(status.is_success() || status.is_redirection(), "{context}: {status}"),
                }
                checked += 1;
            }
        }
        assert!(checked >= 100, "{checked} checks");
        for (role, client) in &clients {
            let def = routes::table().into_iter().find(|d| d.path == "/api/v1/tokens/current").unwrap();
            let status = send(&app, client, &def, *role, &fixture, 998).await;
            let expected = if role.is_some() { 204 } else { 401 };
            assert_eq!(status, expected, "revoking the session as {role:?}");
            if role.is_some() {
                assert_eq!(app.sign_in_with(client, &email(role.unwrap()), PASSWORD).await.status(), 303);
            }
            let def = routes::table().into_iter().find(|d| d.path == "/sign-out").unwrap();
            let status = send(&app, client, &def, *role, &fixture, 999).await;
            assert_eq!(status, 303, "sign-out as {role:?}");
        }
    }
}

/// Routes whose forms are sent as multipart (they carry files).
const MULTIPART: &[&str] = &[
    "/evidence",
    "/evidence/{id}/files",
    "/measures/{id}/results/import",
    "/plan/import",
    "/results/import",
    "/figures/import",
    "/api/v1/evidence/{id}/attachments",
];

/// The name of the fixture's measure, which the results import names.
const FIXTURE_MEASURE: &str = "Referral decisions within 1 working day";

/// A spreadsheet each import route accepts: it previews, writing nothing.
fn sample_sheet(path: &str) -> Option<Vec<u8>> {
    match path {
        "/plan/import" => Some(b"Reference,Title,Practice area\n9.9,Matrix check,Front door\n".to_vec()),
        "/results/import" => Some(format!("Measure,Period end,Value\n{FIXTURE_MEASURE},2025-01-31,91\n").into_bytes()),
        _ => None,
    }
}

/// Routes that send email: the matrix runs without a mail server, so those
/// allowed answer 409 with a page that says how to set one up.
const NEEDS_MAIL: &[&str] = &["/users/invitations", "/users/invitations/{id}/resend", "/users/{id}/invitation"];

/// Routes that end the session making the request.
const ENDS_SESSION: &[&str] = &["/sign-out", "/api/v1/tokens/current"];

#[test]
fn every_route_has_one_rule() {
    let table = routes::table();
    let mut seen = std::collections::HashSet::new();
    for def in &table {
        assert!(seen.insert((def.method.clone(), def.path)), "{} {} twice", def.method, def.path);
    }
}

/// The access check finds a request's rule by the first pattern that matches
/// its path, whatever the method: a literal path (`/areas/new`) listed after a
/// pattern that matches it (`/areas/{id}`) would be checked by the wrong rule.
#[test]
fn no_route_is_shadowed_by_an_earlier_pattern() {
    let table = routes::table();
    for (i, later) in table.iter().enumerate() {
        let concrete = later.path.replace("{id}", "new").replace("{result_id}", "new").replace("{file}", "x.css");
        for earlier in &table[..i] {
            if earlier.path == later.path {
                continue;
            }
            let pattern = actix_web::dev::ResourceDef::new(earlier.path);
            assert!(
                !pattern.is_match(&concrete) || later.path.contains('{'),
                "{} is listed after {}, which matches it: move it before",
                later.path,
                earlier.path
            );
        }
    }
}

/// A route registered without a rule in the table is refused, even to an
/// admin, so a new route cannot be left open by mistake.
#[actix_web::test]
async fn a_route_missing_from_the_table_is_refused() {
    use actix_web::{middleware::from_fn, test, web, App, HttpResponse};
    let db = common::TestDb::new(common::Backend::Sqlite);
    let auth = web::Data::new(sustain::auth::AuthState {
        pool: db::pool(&db.url, 1).unwrap().into(),
        keys: sustain::auth::TokenKeys::new(
            b"a-test-secret-key-that-is-long-enough-for-hs256",
            chrono::Duration::minutes(5),
        ),
        access: routes::access_table(),
        https: false,
        trust_forwarded_for: false,
    });
    let service = test::init_service(
        App::new()
            .app_data(auth)
            .wrap(from_fn(sustain::auth::guard::enforce_access))
            .route("/healthz", web::get().to(HttpResponse::Ok))
            .route("/not-in-the-table", web::get().to(HttpResponse::Ok)),
    )
    .await;
    let listed = test::call_service(&service, test::TestRequest::get().uri("/healthz").to_request()).await;
    assert_eq!(listed.status(), 200, "a public route in the table is served");
    let unlisted = test::call_service(&service, test::TestRequest::get().uri("/not-in-the-table").to_request()).await;
    assert_eq!(unlisted.status(), 403, "a route with no rule is refused");
}
