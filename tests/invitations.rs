//! Invitations sent through a real SMTP server on loopback (aiosmtpd): the
//! link sets a password once and signs the person in, then is refused; an
//! expired, revoked or replaced link is refused with a clear page; without a
//! mail server the form says what to do. And sessions people can see and end:
//! ending one from "Your sessions" stops its cookie at once, and an admin can
//! end all of a user's.

use crate::common;
use crate::smtp;

use common::TestApp;
use sustain::config::{Config, TlsMode};
use sustain::domain::kinds::Role;

const PASSWORD: &str = "a-long-test-password-1";
const ADMIN: &str = "admin@hartwell.example";
const INVITED: &str = "jo.reed@hartwell.example";
const CHOSEN: &str = "heron-quarry-violet-42";

fn mail_through(port: u16) -> impl FnOnce(&mut Config) {
    move |config| {
        config.smtp.host = Some("127.0.0.1".into());
        config.smtp.port = Some(port);
        config.smtp.tls = TlsMode::None;
        config.smtp.from = Some("Sustain <sustain@hartwell.example>".into());
        config.smtp.timeout_seconds = 10;
    }
}

async fn spawn(backend: common::Backend, configure: impl FnOnce(&mut Config)) -> TestApp {
    let app = TestApp::spawn_configured(
        backend,
        |conn| {
            common::add_user(conn, ADMIN, Role::Admin, PASSWORD);
        },
        configure,
    )
    .await;
    assert_eq!(app.sign_in(ADMIN, PASSWORD).await.status(), 303);
    app
}

async fn invite(app: &TestApp, email: &str) -> reqwest::Response {
    let fields = [("email", email), ("display_name", "Jo Reed"), ("role", "contributor"), ("owner_id", "")];
    app.post_form(&app.client, "/users/invitations", &fields).await
}

/// The links in the messages to `email` (in no order), each as a path on the server.
fn emailed_links(server: &smtp::SmtpServer, email: &str) -> Vec<String> {
    let links: Vec<String> = server
        .messages_to(email)
        .iter()
        .map(|message| {
            let start = message.body.find("http://").expect("the message has a link");
            let link = message.body[start..].split_whitespace().next().unwrap();
            let path_start = link.find("/invitations/").expect("a link to an invitation");
            link[path_start..].to_string()
        })
        .collect();
    assert!(!links.is_empty(), "no mail to {email}: {:?}", server.messages());
    links
}

/// The link in the only message to `email`.
fn emailed_link(server: &smtp::SmtpServer, email: &str) -> String {
    let links = emailed_links(server, email);
    assert_eq!(links.len(), 1, "{links:?}");
    links[0].clone()
}

async fn set_password(app: &TestApp, client: &reqwest::Client, path: &str, password: &str) -> reqwest::Response {
    app.post_form(client, path, &[("new_password", password), ("confirm_password", password)]).await
}

async fn text(response: reqwest::Response) -> String {
    response.text().await.expect("body")
}

on_both_backends! {
    async fn an_emailed_link_sets_a_password_once_and_signs_the_person_in(backend) {
        let Some(python) = smtp::python() else { return };
        let server = smtp::SmtpServer::start(&python, smtp::free_port());
        let app = spawn(backend, mail_through(server.port)).await;

        let sent = invite(&app, INVITED).await;
        assert_eq!(sent.status(), 303, "{}", text(sent).await);
        let messages = server.messages_to(INVITED);
        assert_eq!(messages.len(), 1);
        assert!(messages[0].subject.contains("Set your password"), "{}", messages[0].subject);
        assert!(messages[0].body.contains("works once"), "{}", messages[0].body);
        let link = emailed_link(&server, INVITED);
        let token = link.trim_start_matches("/invitations/");
        let stored = sustain::db::invitations::list(&mut app.db.connect()).unwrap();
        assert_eq!(stored.len(), 1);
        assert_ne!(stored[0].0.token_hash, token, "only a hash of the token is stored");
        let users = text(app.get("/users").await).await;
        assert!(users.contains("Jo Reed") && users.contains("Pending"), "{users}");

        // Not signed in yet: the link opens the form; the rules on passwords apply.
        let person = TestApp::new_client();
        let form = person.get(app.url(&link)).send().await.unwrap();
        assert_eq!(form.status(), 200);
        assert!(text(form).await.contains("Choose your password"));
        let short = set_password(&app, &person, &link, "short").await;
        assert_eq!(short.status(), 422);
        assert!(text(short).await.contains("12 characters or more"));

        let done = set_password(&app, &person, &link, CHOSEN).await;
        assert_eq!(done.status(), 303);
        assert_eq!(done.headers()["location"], "/");
        let home = person.get(app.url("/")).send().await.unwrap();
        assert_eq!(home.status(), 200, "signed in by the link");

        // The link works once.
        let again = TestApp::new_client();
        let refused = again.get(app.url(&link)).send().await.unwrap();
        assert_eq!(refused.status(), 410);
        assert!(text(refused).await.contains("This invitation has been used"));
        assert_eq!(set_password(&app, &again, &link, "another-long-password-9").await.status(), 410);
        assert_eq!(app.sign_in_with(&again, INVITED, "another-long-password-9").await.status(), 401);
        assert_eq!(app.sign_in_with(&again, INVITED, CHOSEN).await.status(), 303);

        let users = text(app.get("/users").await).await;
        assert!(users.contains("Accepted"), "{users}");
        let history = text(app.get("/history").await).await;
        assert!(history.contains("Invited by email") && history.contains("Invitation accepted"), "{history}");
    }
}

on_both_backends! {
    async fn an_expired_revoked_or_replaced_link_is_refused_with_a_clear_page(backend) {
        let Some(python) = smtp::python() else { return };
        let server = smtp::SmtpServer::start(&python, smtp::free_port());
        let app = spawn(backend, mail_through(server.port)).await;
        assert_eq!(invite(&app, INVITED).await.status(), 303);
        let first = emailed_link(&server, INVITED);

        // Eight days on, by the clock of an instance set ahead, the link has expired.
        let later = (chrono::Utc::now() + chrono::Duration::days(8)).to_rfc3339();
        let ahead = app.another_instance_with(move |config| config.now = Some(later)).await;
        let expired = ahead.client.get(ahead.url(&first)).send().await.unwrap();
        assert_eq!(expired.status(), 410);
        assert!(text(expired).await.contains("This invitation has expired"));
        let token = app.csrf_token_for(&ahead.client).await;
        let fields = [("csrf_token", token.as_str()), ("new_password", CHOSEN), ("confirm_password", CHOSEN)];
        assert_eq!(ahead.client.post(ahead.url(&first)).form(&fields).send().await.unwrap().status(), 410);
        // Six days on it still works.
        let sooner = (chrono::Utc::now() + chrono::Duration::days(6)).to_rfc3339();
        let nearly = app.another_instance_with(move |config| config.now = Some(sooner)).await;
        assert_eq!(nearly.client.get(nearly.url(&first)).send().await.unwrap().status(), 200);

        // Sent again: a new link; the first no longer works.
        let id = sustain::db::invitations::list(&mut app.db.connect()).unwrap()[0].0.id;
        let resent = app.post_form(&app.client, &format!("/users/invitations/{id}/resend"), &[]).await;
        assert_eq!(resent.status(), 303);
        let links = emailed_links(&server, INVITED);
        assert_eq!(links.len(), 2, "{links:?}");
        let second = links.into_iter().find(|l| *l != first).expect("a new link");
        let replaced = app.get(&first).await;
        assert_eq!(replaced.status(), 404);
        assert!(text(replaced).await.contains("This invitation link does not work"));

        // Revoked: refused, and it cannot set a password.
        assert_eq!(app.post_form(&app.client, &format!("/users/invitations/{id}/revoke"), &[]).await.status(), 303);
        let person = TestApp::new_client();
        let revoked = person.get(app.url(&second)).send().await.unwrap();
        assert_eq!(revoked.status(), 410);
        assert!(text(revoked).await.contains("This invitation was withdrawn"));
        assert_eq!(set_password(&app, &person, &second, CHOSEN).await.status(), 410);
        assert_eq!(app.sign_in_with(&person, INVITED, CHOSEN).await.status(), 401);
        let users = text(app.get("/users").await).await;
        assert!(users.contains("Revoked"), "{users}");
    }
}

on_both_backends! {
    async fn without_a_mail_server_the_invitation_form_says_what_to_do(backend) {
        let app = spawn(backend, |_| {}).await;
        let users = text(app.get("/users").await).await;
        assert!(users.contains("href=\"/users/invite\""), "{users}");
        let form = text(app.get("/users/invite").await).await;
        assert!(form.contains("Invitations cannot be sent yet") && form.contains("SUSTAIN_SMTP__HOST"), "{form}");
        let refused = invite(&app, INVITED).await;
        assert_eq!(refused.status(), 409);
        assert!(sustain::db::users::find_by_email(&mut app.db.connect(), INVITED).unwrap().is_none());
    }
}

/// A client whose browser says it is Firefox on Windows, so its session can be told apart.
fn firefox() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .user_agent("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0")
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// The "Sign out" form's address in the row of "Your sessions" that names `device`.
fn sign_out_of(account: &str, device: &str) -> String {
    let row = account.split("<tr>").find(|row| row.contains(device)).unwrap_or_else(|| panic!("{device}: {account}"));
    let start = row.find("action=\"/account/sessions/").expect("a sign-out form") + "action=\"".len();
    row[start..start + row[start..].find('"').unwrap()].to_string()
}

on_both_backends! {
    async fn ending_a_session_from_your_sessions_stops_its_cookie_at_once(backend) {
        let app = spawn(backend, |_| {}).await;
        let laptop = firefox();
        assert_eq!(app.sign_in_with(&laptop, ADMIN, PASSWORD).await.status(), 303);
        assert_eq!(laptop.get(app.url("/")).send().await.unwrap().status(), 200);

        let account = text(app.get("/account").await).await;
        assert!(account.contains("Firefox on Windows"), "{account}");
        for heading in ["Device", "Address", "Started", "Last seen"] {
            assert!(account.contains(&format!(">{heading}<")), "{heading}: {account}");
        }
        let end = sign_out_of(&account, "Firefox on Windows");
        let ended = app.post_form(&app.client, &end, &[]).await;
        assert_eq!(ended.status(), 303);
        assert_eq!(laptop.get(app.url("/")).send().await.unwrap().status(), 303, "its cookie stopped working");
        assert_eq!(app.get("/").await.status(), 200, "this session carries on");
        let account = text(app.get("/account").await).await;
        assert!(!account.contains("Firefox on Windows"), "{account}");
        let again = app.post_form(&app.client, &end, &[]).await;
        assert_eq!(again.status(), 303, "ending it again changes nothing");

        // An admin ends every session of another user.
        let id = common::add_user(&mut app.db.connect(), "viewer@hartwell.example", Role::Viewer, PASSWORD);
        let viewer = TestApp::new_client();
        assert_eq!(app.sign_in_with(&viewer, "viewer@hartwell.example", PASSWORD).await.status(), 303);
        let page = text(app.get(&format!("/users/{id}")).await).await;
        assert!(page.contains(&format!("action=\"/users/{id}/sessions\"")), "{page}");
        assert_eq!(app.post_form(&app.client, &format!("/users/{id}/sessions"), &[]).await.status(), 303);
        assert_eq!(viewer.get(app.url("/")).send().await.unwrap().status(), 303, "the viewer is signed out");

        let history = text(app.get("/history?kind=sign_in").await).await;
        assert!(history.contains("Signed out of one session"), "{history}");
        assert!(history.contains("Every session ended by an admin"), "{history}");
    }
}
