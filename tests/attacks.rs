//! The usual attacks on a web app, refused: forged tokens, cross-site forms,
//! password guessing, stale sessions, hostile uploads, leaky errors.

use crate::common;

use base64::Engine;
use common::TestApp;
use jsonwebtoken::{encode, EncodingKey, Header};
use sustain::db::{self, Actor};
use sustain::domain::kinds::Role;

const PASSWORD: &str = "a-long-test-password-1";
const SECRET: &str = "a-test-secret-key-that-is-long-enough-for-hs256";

async fn bearer_status(app: &TestApp, token: &str) -> u16 {
    app.client.get(app.url("/api/v1/areas")).bearer_auth(token).send().await.unwrap().status().as_u16()
}

async fn api_token(app: &TestApp, email: &str) -> String {
    let response = app
        .client
        .post(app.url("/api/v1/tokens"))
        .json(&serde_json::json!({ "email": email, "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let body: serde_json::Value = response.json().await.unwrap();
    assert!(body["expires_at"].is_string());
    body["token"].as_str().unwrap().to_string()
}

fn claims(user: sustain::domain::ids::UserId, role: &str, exp_offset: i64) -> serde_json::Value {
    let now = chrono::Utc::now().timestamp();
    serde_json::json!({ "sub": user.to_string(), "role": role, "tv": 0, "iat": now, "exp": now + exp_offset })
}

on_both_backends! {
    async fn forged_expired_and_unsigned_tokens_are_refused(backend) {
        let mut viewer = sustain::domain::ids::UserId(0);
        let app = TestApp::spawn_with(backend, |conn| { viewer = common::add_user(conn, "viewer@hartwell.example", Role::Viewer, PASSWORD); }).await;
        let good = api_token(&app, "viewer@hartwell.example").await;
        assert_eq!(bearer_status(&app, &good).await, 200);

        let key = EncodingKey::from_secret(SECRET.as_bytes());
        let expired = encode(&Header::default(), &claims(viewer, "viewer", -60), &key).unwrap();
        assert_eq!(bearer_status(&app, &expired).await, 401, "expired");

        let wrong_key = encode(&Header::default(), &claims(viewer, "viewer", 600), &EncodingKey::from_secret(b"another-key-that-is-long-enough-for-this-test")).unwrap();
        assert_eq!(bearer_status(&app, &wrong_key).await, 401, "wrong key");

        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let parts: Vec<&str> = good.split('.').collect();
        let tampered_payload = b64.encode(claims(viewer, "admin", 600).to_string());
        let tampered = format!("{}.{}.{}", parts[0], tampered_payload, parts[2]);
        assert_eq!(bearer_status(&app, &tampered).await, 401, "tampered payload");

        let none_header = b64.encode(r#"{"alg":"none","typ":"JWT"}"#);
        let unsigned = format!("{none_header}.{}.", b64.encode(claims(viewer, "viewer", 600).to_string()));
        assert_eq!(bearer_status(&app, &unsigned).await, 401, "alg none");

        assert_eq!(bearer_status(&app, "not-a-token").await, 401);
        let response = app.client.get(app.url("/api/v1/areas")).send().await.unwrap();
        assert_eq!(response.status(), 401);
        assert_eq!(response.headers()["www-authenticate"], "Bearer");
    }
}

on_both_backends! {
    async fn changing_role_password_or_active_ends_sessions_at_once(backend) {
        let mut viewer = sustain::domain::ids::UserId(0);
        let app = TestApp::spawn_with(backend, |conn| { viewer = common::add_user(conn, "viewer@hartwell.example", Role::Viewer, PASSWORD); }).await;
        assert_eq!(app.sign_in("viewer@hartwell.example", PASSWORD).await.status(), 303);
        let token = api_token(&app, "viewer@hartwell.example").await;
        assert_eq!(app.get("/").await.status(), 200);

        let conn = &mut app.db.connect();
        let row = db::users::get(conn, viewer).unwrap();
        db::users::update(conn, &Actor::system("admin"), viewer, row.version, &common::valid(sustain::domain::users::UserChanges { display_name: row.display_name.clone(), role: Role::Viewer, active: false })).unwrap();
        assert_eq!(app.get("/").await.status(), 303, "the cookie session ended");
        assert_eq!(bearer_status(&app, &token).await, 401, "the bearer token ended");
        assert_eq!(app.sign_in("viewer@hartwell.example", PASSWORD).await.status(), 401, "cannot sign in again");

        let row = db::users::get(conn, viewer).unwrap();
        db::users::update(conn, &Actor::system("admin"), viewer, row.version, &common::valid(sustain::domain::users::UserChanges { display_name: row.display_name.clone(), role: Role::Leader, active: true })).unwrap();
        let token = api_token(&app, "viewer@hartwell.example").await;
        let row = db::users::get(conn, viewer).unwrap();
        db::users::update(conn, &Actor::system("admin"), viewer, row.version, &common::valid(sustain::domain::users::UserChanges { display_name: row.display_name.clone(), role: Role::Viewer, active: true })).unwrap();
        assert_eq!(bearer_status(&app, &token).await, 401, "a token issued for the old role ends");

        let token = api_token(&app, "viewer@hartwell.example").await;
        db::users::set_password(conn, &Actor::system("admin"), viewer, &common::password_hash("another-long-password-9")).unwrap();
        assert_eq!(bearer_status(&app, &token).await, 401, "a password reset ends tokens");
    }
}

on_both_backends! {
    async fn a_form_without_the_right_csrf_token_is_refused_and_changes_nothing(backend) {
        let app = TestApp::spawn_with(backend, |conn| { common::add_user(conn, "admin@hartwell.example", Role::Admin, PASSWORD); }).await;
        assert_eq!(app.sign_in("admin@hartwell.example", PASSWORD).await.status(), 303);
        let form = |token: Option<&str>| {
            let mut fields = vec![("email", "new@hartwell.example"), ("display_name", "New"), ("role", "viewer")];
            if let Some(t) = token { fields.push(("csrf_token", t)); }
            app.client.post(app.url("/users")).form(&fields).send()
        };
        // A signed-in session's forms carry its own token: any other is refused with 403.
        assert_eq!(form(None).await.unwrap().status(), 403, "missing token");
        assert_eq!(form(Some(&"0".repeat(64))).await.unwrap().status(), 403, "wrong token");
        // A token from another session does not work either.
        let other = TestApp::new_client();
        let foreign = app.csrf_token_for(&other).await;
        assert_eq!(form(Some(&foreign)).await.unwrap().status(), 403, "another session's token");
        assert!(db::users::find_by_email(&mut app.db.connect(), "new@hartwell.example").unwrap().is_none());
        let token = app.csrf_token().await;
        assert_eq!(form(Some(&token)).await.unwrap().status(), 201, "with the session's token it works");
    }
}

on_both_backends! {
    async fn repeated_failed_sign_ins_are_throttled_by_account_and_recorded(backend) {
        let app = TestApp::spawn_with(backend, |conn| { common::add_user(conn, "leader@hartwell.example", Role::Leader, PASSWORD); }).await;
        for _ in 0..5 {
            assert_eq!(app.sign_in("leader@hartwell.example", "wrong-password-guess").await.status(), 401);
        }
        let blocked = app.sign_in("leader@hartwell.example", PASSWORD).await;
        assert_eq!(blocked.status(), 429, "even the right password waits");
        assert!(blocked.text().await.unwrap().contains("Too many failed sign-in attempts. Wait 15 minutes"));
        let api = app.client.post(app.url("/api/v1/tokens")).json(&serde_json::json!({ "email": "leader@hartwell.example", "password": PASSWORD })).send().await.unwrap();
        assert_eq!(api.status(), 429);
        let history = db::history::list(&mut app.db.connect(), &db::history::HistoryFilter { entity: Some(sustain::domain::history::Entity::User), ..Default::default() }).unwrap();
        let count = |what: &str| history.iter().filter(|h| h.what.as_str() == what).count();
        assert_eq!((count("sign_in_failed"), count("sign_in_throttled")), (5, 2), "{history:?}");
    }
}

on_both_backends! {
    async fn guessing_across_accounts_is_throttled_by_address(backend) {
        let app = TestApp::spawn_with(backend, |conn| { common::add_user(conn, "leader@hartwell.example", Role::Leader, PASSWORD); }).await;
        for n in 0..5 {
            assert_eq!(app.sign_in(&format!("guess{n}@hartwell.example"), "password-guess-1234").await.status(), 401);
        }
        assert_eq!(app.sign_in("leader@hartwell.example", PASSWORD).await.status(), 429);
    }
}

on_both_backends! {
    async fn colleagues_signing_in_at_once_from_one_address_are_not_locked_out(backend) {
        let app = TestApp::spawn_with(backend, |conn| {
            for n in 0..20 {
                common::add_user(conn, &format!("colleague{n}@hartwell.example"), Role::Viewer, PASSWORD);
            }
        }).await;
        let attempts = (0..20).map(|n| {
            let app = &app;
            async move {
                let client = TestApp::new_client();
                app.sign_in_with(&client, &format!("colleague{n}@hartwell.example"), PASSWORD).await.status()
            }
        });
        let statuses = futures_util::future::join_all(attempts).await;
        assert!(statuses.iter().all(|s| *s == 303), "all twenty sign in: {statuses:?}");
    }
}

on_both_backends! {
    async fn behind_a_trusted_proxy_throttling_counts_by_the_forwarded_address(backend) {
        let app = TestApp::spawn_configured(backend, |conn| {
            common::add_user(conn, "leader@hartwell.example", Role::Leader, PASSWORD);
        }, |config| config.trust_forwarded_for = true).await;
        let attempt = |forwarded: &'static str, email: String, password: &'static str| {
            let app = &app;
            async move {
                let client = TestApp::new_client();
                let token = app.csrf_token_for(&client).await;
                client.post(app.url("/sign-in")).header("X-Forwarded-For", forwarded)
                    .form(&[("csrf_token", token.as_str()), ("email", email.as_str()), ("password", password)])
                    .send().await.unwrap().status()
            }
        };
        for n in 0..5 {
            // The first entry is forged by the client; the last is what the proxy saw.
            assert_eq!(attempt("10.9.9.9, 192.0.2.7", format!("guess{n}@hartwell.example"), "password-guess-1234").await, 401);
        }
        assert_eq!(attempt("10.9.9.9, 192.0.2.7", "leader@hartwell.example".into(), PASSWORD).await, 429, "the guessing address is refused");
        assert_eq!(attempt("10.9.9.9, 192.0.2.8", "leader@hartwell.example".into(), PASSWORD).await, 303, "another office is not");
    }
}

fn evidence_form(token: &str, file_name: &str, content: Vec<u8>) -> reqwest::multipart::Form {
    reqwest::multipart::Form::new()
        .text("csrf_token", token.to_string())
        .text("title", "Front door dip-sample")
        .text("kind", "case_audit")
        .text("practice_area_id", "1")
        .text("observed_on-day", "15")
        .text("observed_on-month", "1")
        .text("observed_on-year", "2025")
        .part("file", reqwest::multipart::Part::bytes(content).file_name(file_name.to_string()))
}

on_both_backends! {
    async fn uploads_are_checked_by_size_and_content_and_served_as_downloads(backend) {
        let app = TestApp::spawn_configured(backend, |conn| {
            common::add_user(conn, "qa@hartwell.example", Role::Contributor, PASSWORD);
            db::areas::create(conn, &Actor::system("test"), &common::valid(sustain::domain::plan::AreaInput { name: "Front door".into(), ..Default::default() })).unwrap();
        }, |config| config.upload_limit_bytes = 1024).await;
        assert_eq!(app.sign_in("qa@hartwell.example", PASSWORD).await.status(), 303);
        let app = &app;
        let post = |name: &'static str, content: Vec<u8>| async move {
            let token = app.csrf_token().await;
            app.client.post(app.url("/evidence")).multipart(evidence_form(&token, name, content)).send().await.unwrap()
        };
        let too_big = post("notes.txt", vec![b'a'; 4096]).await;
        assert_eq!(too_big.status(), 422);
        assert!(too_big.text().await.unwrap().contains("The selected file must be smaller than 1 KB"));
        let disguised = post("report.pdf", b"MZ\x90\x00 this is not a pdf".to_vec()).await;
        assert_eq!(disguised.status(), 422);
        assert!(disguised.text().await.unwrap().contains("not a .pdf file"));
        let page = post("page.html", b"<script>alert(1)</script>".to_vec()).await;
        assert_eq!(page.status(), 422);
        let conn = &mut app.db.connect();
        assert!(db::evidence::list(conn, db::Archived::Include).unwrap().is_empty(), "nothing saved for a bad file");

        let good = post("../../Audit results.csv", b"case,grade\n1,good\n".to_vec()).await;
        assert_eq!(good.status(), 303);
        let item = db::evidence::list(conn, db::Archived::Hide).unwrap().remove(0);
        let file = db::attachments::for_evidence(conn, item.id).unwrap().remove(0);
        assert_eq!((file.file_name.as_str(), file.media_type.as_str()), ("Audit results.csv", "text/csv"));
        let download = app.get(&format!("/attachments/{}", file.id)).await;
        assert_eq!(download.status(), 200);
        assert_eq!(download.headers()["content-disposition"], "attachment; filename=\"Audit results.csv\"");
        assert_eq!(download.headers()["x-content-type-options"], "nosniff");
        assert_eq!(download.bytes().await.unwrap().as_ref(), b"case,grade\n1,good\n");
    }
}

on_both_backends! {
    async fn a_server_error_shows_a_reference_and_never_the_database_message(backend) {
        let app = TestApp::spawn_with(backend, |conn| { common::add_user(conn, "viewer@hartwell.example", Role::Viewer, PASSWORD); }).await;
        assert_eq!(app.sign_in("viewer@hartwell.example", PASSWORD).await.status(), 303);
        diesel::connection::SimpleConnection::batch_execute(&mut app.db.connect(), "ALTER TABLE practice_areas RENAME TO practice_areas_gone").unwrap();
        for path in ["/", "/api/v1/areas"] {
            let response = app.get(path).await;
            assert_eq!(response.status(), 500, "{path}");
            let body = response.text().await.unwrap();
            assert!(body.contains("reference"), "{path}: {body}");
            for leak in ["practice_areas", "no such table", "relation", "does not exist", "SELECT", "src/", "panicked"] {
                assert!(!body.contains(leak), "{path} leaks '{leak}': {body}");
            }
        }
    }
}

on_both_backends! {
    async fn every_response_carries_the_security_headers(backend) {
        let app = TestApp::spawn(backend).await;
        for path in ["/sign-in", "/", "/no-such-page", "/healthz"] {
            let response = app.get(path).await;
            let headers = response.headers();
            let csp = headers["content-security-policy"].to_str().unwrap();
            assert!(csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "{path}: {csp}");
            assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
            assert_eq!(headers["referrer-policy"], "same-origin", "{path}");
            assert!(headers.get("strict-transport-security").is_none(), "no HSTS over plain HTTP");
        }
        let https = TestApp::spawn_configured(backend, |_| {}, |config| config.https = true).await;
        let response = https.get("/sign-in").await;
        assert!(response.headers()["strict-transport-security"].to_str().unwrap().starts_with("max-age="));
        let cookie = response.headers()["set-cookie"].to_str().unwrap();
        assert!(cookie.contains("Secure") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
    }
}
