//! Test support: a fresh database per test on either backend, and the real
//! server spawned on port 0 against it.
#![allow(dead_code)]

pub mod large;
pub mod tablespace;
pub mod templates;

use std::sync::atomic::{AtomicU32, Ordering};
use sustain::app;
use sustain::config::Config;
use sustain::db::{self, DatabaseUrl, DbConnection};

/// The PostgreSQL server tests use, from `TEST_DATABASE_URL`. Tests talk to a
/// local server without TLS: it adds nothing here, and the TLS library's
/// clean-up at process exit can race with server threads still closing
/// connections.
pub fn postgres_base_url() -> String {
    let url = std::env::var("TEST_DATABASE_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
    if url.contains("sslmode=") {
        url
    } else if url.contains('?') {
        format!("{url}&sslmode=disable")
    } else {
        format!("{url}?sslmode=disable")
    }
}

/// Which backend a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A database made for one test and removed when it ends.
pub struct TestDb {
    pub url: DatabaseUrl,
    pub raw_url: String,
    _dir: Option<tempfile::TempDir>,
    postgres_name: Option<String>,
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

impl TestDb {
    /// A new, migrated, empty database: a copy of the run's migrated template.
    pub fn new(backend: Backend) -> Self {
        Self::copy_of(backend, &templates::migrated(backend))
    }

    /// A new database holding the demo authority as built back from `as_at`: a
    /// copy of the run's demo template for that date, loaded once.
    pub fn with_demo(backend: Backend, as_at: chrono::NaiveDate) -> Self {
        Self::copy_of(backend, &templates::demo(backend, as_at))
    }

    /// A new database holding the demo as at today.
    pub fn with_demo_today(backend: Backend) -> Self {
        Self::with_demo(backend, today())
    }

    /// A new database copied from `template` (a test's own, made with `templates::migrated_afresh`).
    pub fn copy_of(backend: Backend, template: &templates::Template) -> Self {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temp dir");
                let path = dir.path().join("sustain-test.db").to_string_lossy().to_string();
                std::fs::copy(template.path(), &path).expect("copy the template database");
                TestDb { url: DatabaseUrl::Sqlite(path.clone()), raw_url: path, _dir: Some(dir), postgres_name: None }
            }
            Backend::Postgres => {
                let name = unique_name("sustain_test");
                templates::create_from(&name, template.path());
                let raw = with_database(&postgres_base_url(), &name);
                TestDb {
                    url: DatabaseUrl::parse(&raw).expect("url"),
                    raw_url: raw,
                    _dir: None,
                    postgres_name: Some(name),
                }
            }
        }
    }

    /// A new connection to this database.
    pub fn connect(&self) -> DbConnection {
        db::establish(&self.url).expect("connect to test database")
    }
}

/// A database name no other test or run uses, with this process's id in it.
pub fn unique_name(prefix: &str) -> String {
    format!("{prefix}_{}_{}_{}", std::process::id(), COUNTER.fetch_add(1, Ordering::SeqCst), rand_suffix())
}

/// Today's date in England, as the server reads it.
pub fn today() -> chrono::NaiveDate {
    sustain::domain::dates::england_date(chrono::Utc::now().naive_utc())
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some(name) = &self.postgres_name {
            if let Ok(mut admin) = db::establish(&DatabaseUrl::Postgres(postgres_base_url())) {
                let _ = diesel::connection::SimpleConnection::batch_execute(
                    &mut admin,
                    &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
                );
            }
        }
    }
}

fn rand_suffix() -> u32 {
    use std::time::{SystemTime, UNIX_EPOCH};
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0)
}

pub(crate) fn run(conn: &mut DbConnection, sql: &str) {
    diesel::connection::SimpleConnection::batch_execute(conn, sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
}

/// The base URL with its database name replaced.
pub fn with_database(base: &str, name: &str) -> String {
    let mut url = url::Url::parse(base).expect("TEST_DATABASE_URL is a URL");
    url.set_path(&format!("/{name}"));
    url.to_string()
}

/// The real server, on a random port, over a fresh database.
pub struct TestApp {
    pub address: String,
    pub db: TestDb,
    pub client: reqwest::Client,
    /// The server's own pool, for tests that must hold its connections.
    pub pool: db::DbPool,
    server: actix_web::dev::ServerHandle,
}

/// Settings for a test server.
pub fn test_config(db: &TestDb) -> Config {
    Config {
        database_url: db.raw_url.clone(),
        bind: "127.0.0.1:0".into(),
        secret_key: Some("a-test-secret-key-that-is-long-enough-for-hs256".into()),
        ..Config::default()
    }
}

impl TestApp {
    /// Starts a server on a fresh database of the given backend.
    pub async fn spawn(backend: Backend) -> Self {
        Self::spawn_with(backend, |_| {}).await
    }

    /// Starts a server after `prepare` has put data in the database.
    pub async fn spawn_with(backend: Backend, prepare: impl FnOnce(&mut DbConnection)) -> Self {
        Self::spawn_configured(backend, prepare, |_| {}).await
    }

    /// Starts a server with adjusted settings.
    pub async fn spawn_configured(
        backend: Backend,
        prepare: impl FnOnce(&mut DbConnection),
        configure: impl FnOnce(&mut Config),
    ) -> Self {
        let db = TestDb::new(backend);
        prepare(&mut db.connect());
        Self::spawn_on(db, configure).await
    }

    /// Starts a server over the demo authority as at today (a copy of the
    /// run's demo template), after `prepare` has added to it.
    pub async fn spawn_demo(backend: Backend, prepare: impl FnOnce(&mut DbConnection)) -> Self {
        Self::spawn_demo_configured(backend, prepare, |_| {}).await
    }

    /// As `spawn_demo`, with adjusted settings.
    pub async fn spawn_demo_configured(
        backend: Backend,
        prepare: impl FnOnce(&mut DbConnection),
        configure: impl FnOnce(&mut Config),
    ) -> Self {
        let db = TestDb::with_demo_today(backend);
        prepare(&mut db.connect());
        Self::spawn_on(db, configure).await
    }

    /// Starts a server over a database already made.
    pub async fn spawn_on(db: TestDb, configure: impl FnOnce(&mut Config)) -> Self {
        let mut config = test_config(&db);
        config.pool_size = 4;
        configure(&mut config);
        let state = app::state(config).expect("state");
        let pool = state.pool.pool().clone();
        let (server, address) = app::build(state).expect("server builds");
        let handle = server.handle();
        actix_web::rt::spawn(server);
        let client = Self::new_client();
        TestApp { address: format!("http://{address}"), db, client, pool, server: handle }
    }

    /// A full URL for a path.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    /// A client with its own cookie jar (another browser). Idle connections
    /// are dropped before the server's 5-second keep-alive ends them, so a
    /// request after a long pause never goes out on a connection being closed.
    pub fn new_client() -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .pool_idle_timeout(std::time::Duration::from_secs(2))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client")
    }

    /// GETs a path with this app's client (and its cookies).
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("request")
    }

    /// The CSRF token the sign-in page hands out (and its cookie, now in the jar).
    pub async fn csrf_token(&self) -> String {
        self.csrf_token_for(&self.client).await
    }

    /// The CSRF token a client's forms carry: its session's when signed in
    /// (read from the account page), else the sign-in form's.
    pub async fn csrf_token_for(&self, client: &reqwest::Client) -> String {
        let account = client.get(self.url("/account")).send().await.expect("request");
        let page = if account.status() == 200 {
            account.text().await.expect("body")
        } else {
            client.get(self.url("/sign-in")).send().await.expect("request").text().await.expect("body")
        };
        token_in(&page).expect("the page has a form with a CSRF token")
    }

    /// POSTs a form with the client's CSRF token filled in.
    pub async fn post_form(&self, client: &reqwest::Client, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let token = self.csrf_token_for(client).await;
        let mut form: Vec<(&str, &str)> = vec![("csrf_token", &token)];
        form.extend_from_slice(fields);
        client.post(self.url(path)).form(&form).send().await.expect("request")
    }

    /// Signs in through the form; returns the response to the POST.
    pub async fn sign_in(&self, email: &str, password: &str) -> reqwest::Response {
        self.sign_in_with(&self.client, email, password).await
    }

    /// Signs another client in.
    pub async fn sign_in_with(&self, client: &reqwest::Client, email: &str, password: &str) -> reqwest::Response {
        let token = self.csrf_token_for(client).await;
        client
            .post(self.url("/sign-in"))
            .form(&[("csrf_token", token.as_str()), ("email", email), ("password", password), ("next", "/")])
            .send()
            .await
            .expect("request")
    }
}

/// The text of the first status tag after the first place a page names something
/// (`>NAME<`), e.g. the status shown beside an area's name.
pub fn status_after(page: &str, name: &str) -> Option<String> {
    let escaped = name.replace('&', "&amp;").replace('\'', "&#39;");
    let at = page.find(&format!(">{escaped}<")).or_else(|| page.find(&format!(">{name}<")))?;
    let rest = &page[at..];
    let tag = rest.find("app-tag app-tag--")?;
    let start = rest[tag..].find('>')? + tag + 1;
    let end = rest[start..].find('<')? + start;
    Some(rest[start..end].to_string())
}

/// The markup of the section a heading with this id labels.
pub fn section<'a>(html: &'a str, heading: &str) -> &'a str {
    let start = html.find(&format!("aria-labelledby=\"{heading}\"")).unwrap_or_else(|| panic!("no section {heading}"));
    let rest = &html[start..];
    &rest[..rest.find("</section>").expect("the section ends")]
}

/// Every id linked as `/{kind}/{id}` in some markup, in order.
pub fn linked(markup: &str, kind: &str) -> Vec<i64> {
    let marker = format!("href=\"/{kind}/");
    markup
        .match_indices(&marker)
        .filter_map(|(at, _)| {
            let digits: String = markup[at + marker.len()..].chars().take_while(char::is_ascii_digit).collect();
            digits.parse().ok()
        })
        .collect()
}

/// The CSRF token in a page's first form.
pub fn token_in(page: &str) -> Option<String> {
    let marker = "name=\"csrf_token\" value=\"";
    let start = page.find(marker)? + marker.len();
    page.get(start..start + 64).map(str::to_string)
}

/// Another server over the same database, as a second instance behind a load
/// balancer would be.
pub struct Instance {
    pub address: String,
    pub client: reqwest::Client,
    server: actix_web::dev::ServerHandle,
}

impl Instance {
    /// A full URL for a path.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        drop(self.server.stop(false));
    }
}

impl TestApp {
    /// Starts a second server on this app's database, sharing its secret key.
    pub async fn another_instance(&self) -> Instance {
        self.another_instance_with(|_| {}).await
    }

    /// As `another_instance`, with adjusted settings (its clock, say).
    pub async fn another_instance_with(&self, configure: impl FnOnce(&mut Config)) -> Instance {
        let mut config = test_config(&self.db);
        configure(&mut config);
        let (server, address) = app::build(app::state(config).expect("state")).expect("server builds");
        let handle = server.handle();
        actix_web::rt::spawn(server);
        Instance { address: format!("http://{address}"), client: Self::new_client(), server: handle }
    }

    /// Statements this app's connections have run so far, as `/metrics` says
    /// to a scraper on this machine.
    pub async fn statements(&self, client: &reqwest::Client) -> u64 {
        let text = client.get(self.url("/metrics")).send().await.expect("request").text().await.expect("figures");
        text.lines()
            .find_map(|line| line.strip_prefix("sustain_db_statements_total "))
            .and_then(|count| count.trim().parse().ok())
            .unwrap_or_else(|| panic!("a statement count in the figures:\n{text}"))
    }

    /// How many statements one GET of `path` runs, less the cost of reading the count.
    pub async fn statements_for(&self, client: &reqwest::Client, path: &str) -> u64 {
        let first = self.statements(client).await;
        let second = self.statements(client).await;
        let reading = second - first;
        let status = client.get(self.url(path)).send().await.expect("request").status();
        assert_eq!(status, 200, "GET {path}");
        let third = self.statements(client).await;
        third - second - reading
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // Stop accepting at once; the database is removed after.
        let handle = self.server.clone();
        drop(handle.stop(false));
    }
}

/// A password hash as the server stores one, at argon2id's lowest cost. A
/// sign-in costs what the stored hash's parameters say, so the users tests make
/// sign in in well under a millisecond instead of the tens of milliseconds of a
/// real hash. Only tests make these; the server always hashes at full cost.
pub fn password_hash(password: &str) -> String {
    use argon2::password_hash::{rand_core::OsRng, PasswordHasher, SaltString};
    let params = argon2::Params::new(argon2::Params::MIN_M_COST, 1, 1, None).expect("argon2 parameters");
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    argon.hash_password(password.as_bytes(), &SaltString::generate(&mut OsRng)).expect("hash").to_string()
}

/// Adds a user with a password directly in the database.
pub fn add_user(
    conn: &mut DbConnection,
    email: &str,
    role: sustain::domain::kinds::Role,
    password: &str,
) -> sustain::domain::ids::UserId {
    let hash = password_hash(password);
    let new = sustain::domain::users::UserInput { email: email.into(), display_name: format!("Test {role}"), role };
    db::users::create(conn, &db::Actor::system("test"), &valid(new), Some(&hash)).expect("user").id
}

/// A priority-action finding, APA1 "Identification of risk", from `inspection` in `area`.
pub fn add_priority_action(
    conn: &mut DbConnection,
    actor: &db::Actor,
    inspection: sustain::domain::ids::InspectionId,
    area: sustain::domain::ids::AreaId,
) -> db::findings::FindingRow {
    let input = sustain::domain::plan::FindingInput {
        inspection_id: inspection,
        practice_area_id: area,
        kind: sustain::domain::kinds::FindingKind::PriorityAction,
        reference: "APA1".into(),
        text: "Identification of risk".into(),
    };
    db::findings::create(conn, actor, &valid(input)).expect("finding")
}

/// The checks' context tests use: today, and the default range of dates.
pub fn context() -> sustain::domain::valid::Context {
    sustain::domain::valid::Context::for_today(sustain::domain::dates::england_date(chrono::Utc::now().naive_utc()))
}

/// Input checked as a form or JSON body would be; panics on a problem, since
/// fixtures are meant to be valid.
pub fn valid<T: sustain::domain::valid::Validate + std::fmt::Debug>(input: T) -> sustain::domain::valid::Valid<T> {
    let shown = format!("{input:?}");
    input.validate(&context()).unwrap_or_else(|e| panic!("fixture {shown} is not valid: {e}"))
}

/// Defines one test per backend: `name::sqlite` and `name::postgres`.
/// Attributes written before the `fn` (`#[ignore = "why"]`) apply to both.
#[macro_export]
macro_rules! on_both_backends {
    ($(#[$meta:meta])* fn $name:ident($backend:ident) $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            fn run($backend: common::Backend) $body
            #[test]
            $(#[$meta])*
            fn sqlite() { run(common::Backend::Sqlite) }
            #[test]
            $(#[$meta])*
            fn postgres() { run(common::Backend::Postgres) }
        }
    };
    ($(#[$meta:meta])* async fn $name:ident($backend:ident) $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            async fn run($backend: common::Backend) $body
            #[actix_web::test]
            $(#[$meta])*
            async fn sqlite() { run(common::Backend::Sqlite).await }
            #[actix_web::test]
            $(#[$meta])*
            async fn postgres() { run(common::Backend::Postgres).await }
        }
    };
}
