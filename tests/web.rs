//! Signing in and the first page, over HTTP against the real server.

mod common;

use sustain::domain::kinds::Role;

const PASSWORD: &str = "a-long-test-password-1";

on_both_backends! {
    async fn a_page_needs_sign_in(backend) {
        let app = common::TestApp::spawn(backend).await;
        let response = app.get("/").await;
        assert_eq!(response.status(), 303);
        assert_eq!(response.headers()["location"], "/sign-in?next=%2F");
    }
}

on_both_backends! {
    async fn a_wrong_password_and_an_unknown_email_get_the_same_refusal(backend) {
        let app = common::TestApp::spawn_with(backend, |conn| {
            common::add_user(conn, "leader@hartwell.example", Role::Leader, PASSWORD);
        }).await;
        let wrong = app.sign_in("leader@hartwell.example", "not-the-password").await;
        assert_eq!(wrong.status(), 401);
        let wrong_body = wrong.text().await.unwrap();
        assert!(wrong_body.contains("Enter a correct email address and password"));
        let unknown = app.sign_in("nobody@hartwell.example", "not-the-password").await;
        assert_eq!(unknown.status(), 401);
        assert!(unknown.text().await.unwrap().contains("Enter a correct email address and password"));
        assert_eq!(app.get("/").await.status(), 303, "still signed out");
    }
}

on_both_backends! {
    async fn signing_in_shows_the_areas_with_findings_and_actions(backend) {
        let app = common::TestApp::spawn_with(backend, |conn| {
            sustain::demo::load(conn, chrono::Utc::now().date_naive()).unwrap();
            common::add_user(conn, "tester@hartwell.example", Role::Viewer, PASSWORD);
        }).await;
        let response = app.sign_in("tester@hartwell.example", PASSWORD).await;
        assert_eq!(response.status(), 303);
        let cookie = response.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_string()).find(|c| c.starts_with("sustain_session=")).expect("session cookie");
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
        let page = app.get("/").await;
        assert_eq!(page.status(), 200);
        let html = page.text().await.unwrap();
        assert!(html.contains("Practice areas"));
        assert!(html.contains("Embedded"), "statuses are shown");
        assert!(html.contains("APA1"), "findings are listed");
        assert!(html.contains("Overdue"), "overdue actions are marked");
    }
}

on_both_backends! {
    async fn healthz_checks_the_database_without_sign_in(backend) {
        let app = common::TestApp::spawn(backend).await;
        let response = app.get("/healthz").await;
        assert_eq!(response.status(), 200);
        assert_eq!(response.json::<serde_json::Value>().await.unwrap()["database"], "ok");
    }
}

on_both_backends! {
    async fn a_sign_in_without_the_form_token_is_refused(backend) {
        let app = common::TestApp::spawn_with(backend, |conn| {
            common::add_user(conn, "leader@hartwell.example", Role::Leader, PASSWORD);
        }).await;
        let response = app.client.post(app.url("/sign-in"))
            .form(&[("email", "leader@hartwell.example"), ("password", PASSWORD)])
            .send().await.unwrap();
        assert_eq!(response.status(), 400);
        assert_eq!(app.get("/").await.status(), 303);
    }
}
