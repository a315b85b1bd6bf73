//! User administration through the pages, and changing one's own password.

use crate::common;

use common::TestApp;
use sustain::domain::kinds::Role;

const PASSWORD: &str = "a-long-test-password-1";

fn shown_password(page: &str) -> String {
    let marker = "<span class=\"app-password\">";
    let start = page.find(marker).expect("the password is shown") + marker.len();
    page[start..start + 20].to_string()
}

async fn post(app: &TestApp, client: &reqwest::Client, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    let token = app.csrf_token_for(client).await;
    let mut form: Vec<(&str, &str)> = fields.to_vec();
    form.push(("csrf_token", &token));
    client.post(app.url(path)).form(&form).send().await.unwrap()
}

on_both_backends! {
    async fn an_admin_adds_a_user_changes_their_role_and_resets_their_password(backend) {
        let app = TestApp::spawn_with(backend, |conn| { common::add_user(conn, "admin@hartwell.example", Role::Admin, PASSWORD); }).await;
        assert_eq!(app.sign_in("admin@hartwell.example", PASSWORD).await.status(), 303);

        let added = post(&app, &app.client, "/users", &[("email", "Cllr.Reed@hartwell.example"), ("display_name", "Cllr Jo Reed"), ("role", "viewer")]).await;
        assert_eq!(added.status(), 201);
        let first_password = shown_password(&added.text().await.unwrap());

        let duplicate = post(&app, &app.client, "/users", &[("email", "cllr.reed@HARTWELL.example"), ("display_name", "Copy"), ("role", "viewer")]).await;
        assert_eq!(duplicate.status(), 422);
        assert!(duplicate.text().await.unwrap().contains("A user with that email address already exists"));

        let member = TestApp::new_client();
        assert_eq!(app.sign_in_with(&member, "cllr.reed@hartwell.example", &first_password).await.status(), 303);
        assert_eq!(member.get(app.url("/")).send().await.unwrap().status(), 200);
        assert_eq!(member.get(app.url("/users")).send().await.unwrap().status(), 403, "a viewer is not an admin");

        let id = sustain::db::users::find_by_email(&mut app.db.connect(), "cllr.reed@hartwell.example").unwrap().unwrap().id;
        let changed = post(&app, &app.client, &format!("/users/{id}"), &[("version", "1"), ("display_name", "Cllr Jo Reed"), ("role", "leader"), ("active", "true")]).await;
        assert_eq!(changed.status(), 303);
        assert_eq!(member.get(app.url("/")).send().await.unwrap().status(), 303, "the role change ended the session");

        let reset = post(&app, &app.client, &format!("/users/{id}/password"), &[]).await;
        assert_eq!(reset.status(), 200);
        let second_password = shown_password(&reset.text().await.unwrap());
        assert_ne!(first_password, second_password);
        assert_eq!(app.sign_in_with(&member, "cllr.reed@hartwell.example", &first_password).await.status(), 401);
        assert_eq!(app.sign_in_with(&member, "cllr.reed@hartwell.example", &second_password).await.status(), 303);
        let users_page = app.get("/users").await.text().await.unwrap();
        assert!(users_page.contains("Cllr Jo Reed") && users_page.contains("Leader"));
    }
}

on_both_backends! {
    async fn a_user_changes_their_own_password_within_the_policy(backend) {
        let app = TestApp::spawn_with(backend, |conn| { common::add_user(conn, "qa@hartwell.example", Role::Contributor, PASSWORD); }).await;
        assert_eq!(app.sign_in("qa@hartwell.example", PASSWORD).await.status(), 303);
        let change = |current: &'static str, new: &'static str, confirm: &'static str| {
            let app = &app;
            async move { post(app, &app.client, "/account/password", &[("current_password", current), ("new_password", new), ("confirm_password", confirm)]).await }
        };
        let wrong = change("not-my-password", "harbour-otter-lantern-7", "harbour-otter-lantern-7").await;
        assert_eq!(wrong.status(), 422);
        assert!(wrong.text().await.unwrap().contains("Your current password is not right"));
        let short = change(PASSWORD, "short", "short").await;
        assert!(short.text().await.unwrap().contains("Password must be 12 characters or more"));
        let common_one = change(PASSWORD, "Password1234", "Password1234").await;
        assert!(common_one.text().await.unwrap().contains("too common"));
        let mismatch = change(PASSWORD, "harbour-otter-lantern-7", "harbour-otter-lantern-8").await;
        assert!(mismatch.text().await.unwrap().contains("Enter the same new password twice"));

        let done = change(PASSWORD, "harbour-otter-lantern-7", "harbour-otter-lantern-7").await;
        assert_eq!(done.status(), 200);
        assert_eq!(app.get("/").await.status(), 200, "this session carries on with a fresh token");
        let other = TestApp::new_client();
        assert_eq!(app.sign_in_with(&other, "qa@hartwell.example", PASSWORD).await.status(), 401);
        assert_eq!(app.sign_in_with(&other, "qa@hartwell.example", "harbour-otter-lantern-7").await.status(), 303);
    }
}
