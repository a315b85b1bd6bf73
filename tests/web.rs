//! Signing in and the first page, over HTTP against the real server.

use crate::common;

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
    async fn signing_in_shows_the_dashboard_with_every_area_and_its_status(backend) {
        let app = common::TestApp::spawn_demo(backend, |conn| {
            common::add_user(conn, "tester@hartwell.example", Role::Viewer, PASSWORD);
        }).await;
        let response = app.sign_in("tester@hartwell.example", PASSWORD).await;
        assert_eq!(response.status(), 303);
        let cookie = response.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_string()).find(|c| c.starts_with("sustain_session=")).expect("session cookie");
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
        let page = app.get("/").await;
        assert_eq!(page.status(), 200);
        let html = page.text().await.unwrap();
        assert!(html.contains("Practice areas, most urgent first"));
        // Each area's tile shows the status its data gives it (not just a legend of statuses).
        let tiles = &html[html.find("class=\"app-tiles\"").expect("the areas' tiles")..];
        for area in sustain::demo::data::hartwell(sustain::domain::dates::england_date(chrono::Utc::now().naive_utc())).areas {
            let shown = common::status_after(tiles, &area.name).unwrap_or_else(|| panic!("{} has a status tag", area.name));
            assert_eq!(shown, area.intended_status.label(), "{}", area.name);
        }
        assert!(html.contains("Overdue actions"), "overdue actions are listed");
        let inspections = app.get("/inspections/1").await.text().await.unwrap();
        assert!(inspections.contains("APA1"), "findings are listed on their inspection");
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

fn plan_with_action(conn: &mut sustain::db::DbConnection) -> sustain::domain::ids::ActionId {
    use sustain::db::{actions, areas, Actor};
    let actor = Actor::system("test");
    let area = areas::create(
        conn,
        &actor,
        &common::valid(sustain::domain::plan::AreaInput { name: "Front door".into(), ..Default::default() }),
    )
    .unwrap();
    actions::create(
        conn,
        &actor,
        &common::valid(sustain::domain::plan::ActionInput {
            reference: "2.1".into(),
            title: "Weekly MASH threshold clinic".into(),
            description: String::new(),
            owner_id: None,
            practice_area_id: area.id,
            start_date: None,
            due_date: None,
            completed_date: None,
            state: sustain::domain::kinds::ActionState::Planned,
            success_measure: String::new(),
        }),
    )
    .unwrap()
    .id
}

on_both_backends! {
    async fn a_stale_edit_is_refused_with_409_and_nothing_changes(backend) {
        let mut action = sustain::domain::ids::ActionId(0);
        let app = common::TestApp::spawn_with(backend, |conn| {
            common::add_user(conn, "leader@hartwell.example", Role::Leader, PASSWORD);
            action = plan_with_action(conn);
        }).await;
        assert_eq!(app.sign_in("leader@hartwell.example", PASSWORD).await.status(), 303);
        let edit = |title: &'static str, version: &'static str| {
            let app = &app;
            async move {
                let token = app.csrf_token().await;
                app.client.post(app.url(&format!("/actions/{action}"))).form(&[
                    ("csrf_token", token.as_str()), ("version", version), ("reference", "2.1"), ("title", title),
                    ("practice_area_id", "1"), ("state", "in_progress"),
                    ("start_date-day", "6"), ("start_date-month", "1"), ("start_date-year", "2025"),
                ]).send().await.unwrap()
            }
        };
        assert_eq!(edit("Fortnightly threshold clinic", "1").await.status(), 303);
        let stale = edit("A stale title", "1").await;
        assert_eq!(stale.status(), 409);
        let body = stale.text().await.unwrap();
        assert!(body.contains("changed by someone else"), "{body}");
        assert!(body.contains("A stale title"), "the form keeps what was typed");
        let row = sustain::db::actions::get_any(&mut app.db.connect(), action).unwrap();
        assert_eq!((row.title.as_str(), row.version), ("Fortnightly threshold clinic", 2));
    }
}

on_both_backends! {
    async fn a_bad_progress_update_is_reshown_with_the_error_beside_the_field(backend) {
        let mut action = sustain::domain::ids::ActionId(0);
        let app = common::TestApp::spawn_with(backend, |conn| {
            common::add_user(conn, "leader@hartwell.example", Role::Leader, PASSWORD);
            action = plan_with_action(conn);
        }).await;
        assert_eq!(app.sign_in("leader@hartwell.example", PASSWORD).await.status(), 303);
        let token = app.csrf_token().await;
        let response = app.client.post(app.url(&format!("/actions/{action}/updates")))
            .form(&[("csrf_token", token.as_str()), ("update_date-day", "30"), ("update_date-month", "2"), ("update_date-year", "2025"), ("rag", "amber"), ("note", "")])
            .send().await.unwrap();
        assert_eq!(response.status(), 422);
        let body = response.text().await.unwrap();
        assert!(body.contains("id=\"update_date-error\""), "the message sits beside the date");
        assert!(body.contains("must be a real date"), "{body}");
        assert!(body.contains("Enter what has happened since the last update"));
        assert!(sustain::db::actions::updates(&mut app.db.connect(), Some(action)).unwrap().is_empty());
    }
}
