//! Every form, walked: each POST route of the route table is found with the
//! page that shows its form, sent empty and with nonsense in every field
//! (control characters, 100,000 characters, impossible dates, negative and
//! huge numbers, ids that do not exist, markup), and must answer with field
//! errors (4xx), never a server error, and never save anything. A POST route
//! added without a form page here fails the test, so no form skips it.

use crate::common;

use common::TestApp;
use sustain::db::{self, Archived};
use sustain::domain::kinds::Role;
use sustain::routes;

const PASSWORD: &str = "a-long-test-password-1";
const EMAIL: &str = "walker@hartwell.example";

/// Values that no field should accept as a whole form.
fn nonsense() -> Vec<String> {
    vec![
        "\u{0}\u{7}bell".into(),
        "x".repeat(100_000),
        "31/02/2025".into(),
        "-1".into(),
        "99999999999999999999".into(),
        "<script>alert(1)</script>".into(),
        "NaN".into(),
    ]
}

/// Ids of demo records the walk's addresses use.
struct Ids {
    action: i64,
    /// An action awaiting sign-off (the demo's 6.3), whose page has the sign-off form.
    awaiting: i64,
    evidence: i64,
    inspection: i64,
    finding: i64,
    area: i64,
    owner: i64,
    measure: i64,
    result: i64,
    user: i64,
    /// The demo's first request for evidence, still open.
    request: i64,
}

fn ids(conn: &mut db::DbConnection) -> Ids {
    let measure = db::measures::list(conn, Archived::Hide).unwrap().remove(0);
    let result = db::measures::results(conn, Some(measure.id), Archived::Hide).unwrap().remove(0);
    Ids {
        action: db::actions::list(conn, Archived::Hide).unwrap()[0].id.0,
        awaiting: {
            let plan = sustain::read::plan::PlanIndex::load(conn).unwrap();
            plan.actions.iter().find(|a| plan.sign_off(a).is_awaiting()).expect("the demo's 6.3 awaits sign-off").id.0
        },
        evidence: db::evidence::list(conn, Archived::Hide).unwrap()[0].id.0,
        inspection: db::inspections::list(conn, Archived::Hide).unwrap()[0].id.0,
        finding: db::findings::list(conn, Archived::Hide).unwrap()[0].id.0,
        area: db::areas::list(conn, Archived::Hide).unwrap()[0].id.0,
        owner: db::owners::list(conn, Archived::Hide).unwrap()[0].id.0,
        measure: measure.id.0,
        result: result.id.0,
        user: db::users::list(conn).unwrap()[0].id.0,
        request: db::requests::all(conn).unwrap()[0].id.0,
    }
}

fn concrete(path: &str, ids: &Ids) -> String {
    let id = match path.split('/').nth(1).unwrap_or("") {
        "actions" if path.contains("sign-off") => ids.awaiting,
        "actions" => ids.action,
        "evidence" => ids.evidence,
        "inspections" => ids.inspection,
        "findings" => ids.finding,
        "areas" => ids.area,
        "owners" => ids.owner,
        "measures" => ids.measure,
        "requests" => ids.request,
        _ => ids.user,
    };
    path.replace("{id}", &id.to_string()).replace("{result_id}", &ids.result.to_string())
}

/// The page whose form posts to a route; `None` for a form with no page of its own.
fn form_page(post: &str) -> Option<String> {
    let page = match post {
        "/evidence" => "/evidence/new?area={area}",
        "/requests" => "/requests/new?area={area}",
        "/requests/{id}/close" => "/requests/{id}",
        // The awaiting action's page (its address names the form, so that `concrete` picks that action).
        "/actions/{id}/sign-off" => "/actions/{id}#sign-off",
        "/actions/{id}/updates" | "/evidence/{id}/review" | "/evidence/{id}/files" | "/users/{id}" => {
            post.rsplit_once('/').map(|(head, tail)| if tail == "{id}" { post } else { head }).unwrap_or(post)
        }
        "/measures/{id}/results" | "/measures/{id}/recalculations" => return Some(format!("{post}/new")),
        "/measures/{id}/results/import"
        | "/evidence/review"
        | "/plan/import"
        | "/results/import"
        | "/figures/import"
        | "/account/password"
        | "/sign-in"
        | "/council" => post,
        "/inspections/{id}/shares" => "/inspections/{id}/pack",
        "/users/invitations" => "/users/invite",
        "/shares/{id}/revoke" => return None,
        p if p.ends_with("/archive") => p,
        p if p.ends_with("/restore") || p.ends_with("/import/confirm") || SHEET_CONFIRMS.contains(&p) => return None,
        p if p.ends_with("{id}") || p.ends_with("{result_id}") => return Some(format!("{p}/edit")),
        p => return Some(format!("{p}/new")),
    };
    Some(page.to_string())
}

/// Routes that take no input a person types: sending them empty is a success.
const NO_FIELDS: &[&str] = &[
    "/sign-out",
    "/account/sessions",
    "/account/sessions/{handle}/end",
    "/users/{id}/password",
    "/users/{id}/invitation",
    "/users/{id}/sessions",
    "/users/invitations/{id}/resend",
    "/users/invitations/{id}/revoke",
];
/// The password an invitation's link sets: any 12 characters or more make a password, so some of the
/// nonsense is one; its refusals (too short, too common, used or expired links) are checked by `invitations`.
const PASSWORD_ONLY: &[&str] = &["/invitations/{token}"];
/// Forms of free words only, where empty means "no commentary" and any words are words: their refusals
/// (stray characters, too long, a stale version) are checked by their own tests (`report_commentary`).
const FREE_WORDS: &[&str] = &["/reports/progress/commentary"];
/// JSON routes (everything under /api/) are checked by the API's own tests.
fn not_a_form(path: &str) -> bool {
    path.starts_with("/api/")
}
/// Forms of a kept upload (its id alone): the confirmation, and "create them and check again".
const SHEET_CONFIRMS: &[&str] = &["/plan/import/confirm", "/plan/import/create-missing", "/results/import/confirm"];
/// Multipart forms (they carry files).
const MULTIPART: &[&str] = &[
    "/evidence",
    "/evidence/{id}/files",
    "/measures/{id}/results/import",
    "/plan/import",
    "/results/import",
    "/figures/import",
];

/// The attributes of every `<input>`, `<select>` and `<textarea>` in the form posting to `action`.
fn fields_of(page: &str, action: &str) -> Vec<(String, String, String)> {
    let marker = format!("action=\"{action}\"");
    let Some(start) = page.find(&marker) else { return Vec::new() };
    let form = &page[start..start + page[start..].find("</form>").unwrap_or(page.len() - start)];
    let attr = |tag: &str, name: &str| {
        let key = format!(" {name}=\"");
        tag.find(&key).map(|i| {
            let rest = &tag[i + key.len()..];
            rest[..rest.find('"').unwrap_or(0)].to_string()
        })
    };
    let mut out: Vec<(String, String, String)> = Vec::new();
    for kind in ["<input", "<select", "<textarea"] {
        for (i, _) in form.match_indices(kind) {
            let tag = &form[i..i + form[i..].find('>').unwrap_or(0)];
            let Some(name) = attr(tag, "name") else { continue };
            let kind = attr(tag, "type").unwrap_or_else(|| "text".into());
            if name != "csrf_token" && !out.iter().any(|(n, _, _)| *n == name) {
                out.push((name, kind, attr(tag, "value").unwrap_or_default()));
            }
        }
    }
    out
}

/// Every link of a page's error summary lands on an element of the page.
fn summary_links_resolve(page: &str, context: &str) {
    let Some(start) = page.find("app-error-summary__list") else { return };
    let list = &page[start..start + page[start..].find("</ul>").unwrap_or(0)];
    for (i, _) in list.match_indices("href=\"#") {
        let id = &list[i + 7..i + 7 + list[i + 7..].find('"').unwrap()];
        assert!(
            page.contains(&format!("id=\"{id}\"")),
            "{context}: the summary links to #{id}, which is not on the page"
        );
    }
}

async fn send(app: &TestApp, path: &str, multipart: bool, fields: Vec<(String, String)>) -> reqwest::Response {
    let url = app.url(path);
    if multipart {
        let mut form = reqwest::multipart::Form::new();
        for (k, v) in fields {
            form = form.text(k, v);
        }
        app.client.post(url).multipart(form).send().await.unwrap()
    } else {
        app.client.post(url).form(&fields).send().await.unwrap()
    }
}

on_both_backends! {
    async fn every_form_refuses_empty_and_nonsense_input_with_field_errors(backend) {
        // A mail server is named (nothing listens there), so that the invitation form is shown; no input reaches it.
        let app = TestApp::spawn_demo_configured(backend, |conn| {
            common::add_user(conn, EMAIL, Role::Admin, PASSWORD);
        }, |config| {
            config.smtp.host = Some("127.0.0.1".into());
            config.smtp.port = Some(crate::smtp::free_port());
            config.smtp.tls = sustain::config::TlsMode::None;
            config.smtp.from = Some("sustain@hartwell.example".into());
        }).await;
        assert_eq!(app.sign_in(EMAIL, PASSWORD).await.status(), 303);
        let ids = ids(&mut app.db.connect());
        let token = app.csrf_token().await;
        let generation = || db::sessions::generation(&mut app.db.connect()).unwrap();
        let mut walked = 0;
        for def in routes::table().into_iter().filter(|d| d.method == actix_web::http::Method::POST) {
            let skipped = NO_FIELDS.contains(&def.path) || FREE_WORDS.contains(&def.path) || PASSWORD_ONLY.contains(&def.path);
            if skipped || not_a_form(def.path) {
                continue;
            }
            let path = concrete(def.path, &ids);
            // (name, the value a hidden field carries, whether a person types into it)
            let fields: Vec<(String, String, bool)> = match form_page(def.path) {
                Some(page) => {
                    let url = concrete(&page, &ids).replace("{area}", &ids.area.to_string());
                    let response = app.get(&url).await;
                    assert_eq!(response.status(), 200, "the form for {} is at {url}", def.path);
                    let html = response.text().await.unwrap();
                    let mut found = fields_of(&html, &path);
                    if found.is_empty() && html.contains("app-warning-text") {
                        // Archiving refused on the page (an area still in use): the post must refuse too.
                        found.push(("version".into(), "hidden".into(), String::new()));
                    }
                    assert!(!found.is_empty(), "{url} has a form posting to {path}");
                    found
                        .into_iter()
                        .filter(|(_, kind, _)| kind != "submit")
                        .map(|(name, kind, value)| {
                            let hidden = kind == "hidden";
                            (name, if hidden { value } else { String::new() }, !hidden)
                        })
                        .collect()
                }
                None if SHEET_CONFIRMS.contains(&def.path) => vec![("upload".to_string(), String::new(), false)],
                None => ["version", "csv", "fingerprint"].iter().map(|n| (n.to_string(), String::new(), false)).collect(),
            };
            // A form people type into keeps its hidden fields (the version), so
            // that what is judged is what was typed; a form of hidden fields only
            // (archive, restore) gets the nonsense there.
            let typed = fields.iter().any(|(_, _, typed)| *typed);
            let mut attempts: Vec<Vec<(String, String)>> =
                vec![fields.iter().map(|(n, v, _)| (n.clone(), if typed { v.clone() } else { String::new() })).collect()];
            for value in nonsense() {
                attempts.push(
                    fields
                        .iter()
                        .map(|(n, v, is_typed)| (n.clone(), if *is_typed || !typed { value.clone() } else { v.clone() }))
                        .collect(),
                );
            }
            for fields in attempts {
                let before = generation();
                let mut form = vec![("csrf_token".to_string(), token.clone())];
                form.extend(fields.iter().cloned());
                let response = send(&app, &path, MULTIPART.contains(&def.path), form).await;
                let status = response.status();
                let shown: String = fields.iter().map(|(n, v)| format!("{n}={}", v.chars().take(12).collect::<String>())).collect::<Vec<_>>().join("&");
                let context = format!("POST {path} with {shown}");
                // Confirming a spreadsheet that is not (or no longer) kept sends the
                // user back to choose it again, saving nothing.
                let restarts = SHEET_CONFIRMS.contains(&def.path) && status == 303;
                assert!(status.is_client_error() || restarts, "{context}: answered {status}");
                let body = response.text().await.unwrap();
                if status == 422 {
                    assert!(body.contains("app-error-summary") || body.contains("app-error-message"), "{context}: no field errors shown");
                    summary_links_resolve(&body, &context);
                }
                assert_eq!(generation(), before, "{context}: something was saved");
                walked += 1;
            }
        }
        assert!(walked > 200, "{walked} submissions");
    }
}

fn decode(text: &str) -> String {
    text.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&#39;", "'").replace("&amp;", "&")
}

/// What a browser would send for the form posting to `action`, as the page
/// fills it: (name, value, whether a person types or chooses it).
fn serialize(page: &str, action: &str) -> Vec<(String, String, bool)> {
    let marker = format!("action=\"{action}\"");
    let Some(start) = page.find(&marker) else { return Vec::new() };
    let form = &page[start..start + page[start..].find("</form>").unwrap_or(page.len() - start)];
    let attr = |tag: &str, name: &str| {
        let key = format!(" {name}=\"");
        tag.find(&key).map(|i| {
            let rest = &tag[i + key.len()..];
            decode(&rest[..rest.find('"').unwrap_or(0)])
        })
    };
    let mut out = Vec::new();
    for (i, _) in form.match_indices("<input") {
        let tag = &form[i..i + form[i..].find('>').unwrap_or(0)];
        let (Some(name), kind) = (attr(tag, "name"), attr(tag, "type").unwrap_or_else(|| "text".into())) else {
            continue;
        };
        let ticked = tag.contains(" checked");
        match kind.as_str() {
            "file" | "submit" => {}
            "radio" | "checkbox" if !ticked => {}
            _ if name == "csrf_token" => {}
            _ => out.push((name, attr(tag, "value").unwrap_or_default(), kind != "hidden")),
        }
    }
    for (i, _) in form.match_indices("<textarea") {
        let tag_end = i + form[i..].find('>').unwrap_or(0);
        let content_end = tag_end + form[tag_end..].find("</textarea>").unwrap_or(0);
        if let Some(name) = attr(&form[i..tag_end], "name") {
            out.push((name, decode(&form[tag_end + 1..content_end]), true));
        }
    }
    for (i, _) in form.match_indices("<select") {
        let end = i + form[i..].find("</select>").unwrap_or(0);
        let select = &form[i..end];
        let Some(name) = attr(&select[..select.find('>').unwrap_or(0)], "name") else { continue };
        let options: Vec<&str> =
            select.match_indices("<option").map(|(j, _)| &select[j..j + select[j..].find('>').unwrap_or(0)]).collect();
        let chosen = options.iter().find(|o| o.contains(" selected")).or(options.first());
        out.push((name, chosen.and_then(|o| attr(o, "value")).unwrap_or_default(), true));
    }
    out
}

on_both_backends! {
    async fn one_bad_field_in_a_filled_form_is_refused_whole_and_never_half_saved(backend) {
        let app = TestApp::spawn_demo(backend, |conn| {
            common::add_user(conn, EMAIL, Role::Admin, PASSWORD);
        }).await;
        assert_eq!(app.sign_in(EMAIL, PASSWORD).await.status(), 303);
        let ids = ids(&mut app.db.connect());
        let token = app.csrf_token().await;
        let generation = || db::sessions::generation(&mut app.db.connect()).unwrap();
        let edits: Vec<&str> = routes::table().iter().map(|d| d.path).filter(|p| p.ends_with("/edit")).collect();
        assert!(edits.len() >= 8, "{edits:?}");
        let mut tried = 0;
        for edit in edits {
            let page_path = concrete(edit, &ids);
            let action = page_path.trim_end_matches("/edit").to_string();
            let first = app.get(&page_path).await.text().await.unwrap();
            let names: Vec<String> = serialize(&first, &action).into_iter().filter(|(_, _, typed)| *typed).map(|(n, _, _)| n).collect();
            assert!(!names.is_empty(), "{page_path} has a form posting to {action}");
            for name in names {
                for (n, value) in nonsense().into_iter().enumerate() {
                    // Read afresh each time: a value that is fine on its own is saved, and moves the version on.
                    let page = app.get(&page_path).await.text().await.unwrap();
                    let mut form: Vec<(String, String)> = vec![("csrf_token".into(), token.clone())];
                    for (field, current, _) in serialize(&page, &action) {
                        form.push((field.clone(), if field == name { value.clone() } else { current }));
                    }
                    let before = generation();
                    let multipart = MULTIPART.contains(&edit.trim_end_matches("/edit"));
                    let response = send(&app, &action, multipart, form).await;
                    let status = response.status();
                    let context = format!("POST {action} with {name}={}", value.chars().take(12).collect::<String>());
                    assert!(!status.is_server_error(), "{context}: answered {status}");
                    // No field takes control characters or 100,000 characters.
                    if n < 2 {
                        assert!(status.is_client_error(), "{context}: answered {status}");
                    }
                    if status.is_client_error() {
                        assert_eq!(generation(), before, "{context}: refused, but something was saved");
                        summary_links_resolve(&response.text().await.unwrap(), &context);
                    }
                    tried += 1;
                }
            }
        }
        assert!(tried > 300, "{tried} submissions");
    }
}
