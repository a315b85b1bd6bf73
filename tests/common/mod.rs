//! Test support: a fresh database per test on either backend, and the real
//! server spawned on port 0 against it.
#![allow(dead_code)]

use std::sync::atomic::{AtomicU32, Ordering};
use sustain::app::{self, AppState};
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    /// A new, migrated, empty database.
    pub fn new(backend: Backend) -> Self {
        let db = match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temp dir");
                let path = dir.path().join("sustain-test.db").to_string_lossy().to_string();
                TestDb { url: DatabaseUrl::Sqlite(path.clone()), raw_url: path, _dir: Some(dir), postgres_name: None }
            }
            Backend::Postgres => {
                let base = postgres_base_url();
                let name = format!(
                    "sustain_test_{}_{}_{}",
                    std::process::id(),
                    COUNTER.fetch_add(1, Ordering::SeqCst),
                    rand_suffix()
                );
                let mut admin = db::establish(&DatabaseUrl::parse(&base).expect("TEST_DATABASE_URL"))
                    .unwrap_or_else(|e| panic!("PostgreSQL for tests is not reachable at {base}: {e}"));
                run(&mut admin, &format!("CREATE DATABASE {name}"));
                let raw = with_database(&base, &name);
                TestDb {
                    url: DatabaseUrl::parse(&raw).expect("url"),
                    raw_url: raw,
                    _dir: None,
                    postgres_name: Some(name),
                }
            }
        };
        let mut conn = db.connect();
        db::migrate(&mut conn).expect("migrations apply");
        db
    }

    /// A new connection to this database.
    pub fn connect(&self) -> DbConnection {
        db::establish(&self.url).expect("connect to test database")
    }
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

fn run(conn: &mut DbConnection, sql: &str) {
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
        let mut config = test_config(&db);
        configure(&mut config);
        let pool = db::pool(&db.url, 4).expect("pool");
        let (server, address) = app::build(AppState::new(pool, config)).expect("server builds");
        let handle = server.handle();
        actix_web::rt::spawn(server);
        let client = Self::new_client();
        TestApp { address: format!("http://{address}"), db, client, server: handle }
    }

    /// A full URL for a path.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    /// A client with its own cookie jar (another browser).
    pub fn new_client() -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
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

    /// The CSRF token of another client's session.
    pub async fn csrf_token_for(&self, client: &reqwest::Client) -> String {
        let page = client.get(self.url("/sign-in")).send().await.expect("request").text().await.expect("body");
        let marker = "name=\"csrf_token\" value=\"";
        let start = page.find(marker).expect("sign-in form has a CSRF token") + marker.len();
        page[start..start + 64].to_string()
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

impl Drop for TestApp {
    fn drop(&mut self) {
        // Stop accepting at once; the database is removed after.
        let handle = self.server.clone();
        drop(handle.stop(false));
    }
}

/// Adds a user with a password directly in the database.
pub fn add_user(conn: &mut DbConnection, email: &str, role: sustain::domain::kinds::Role, password: &str) -> i64 {
    let hash = sustain::auth::password::hash(password).expect("hash");
    let new = db::users::NewUser {
        email: email.into(),
        display_name: format!("Test {role}"),
        role,
        password_hash: Some(hash),
    };
    db::users::create(conn, &db::Actor::system("test"), &new).expect("user").id
}

/// Defines one test per backend: `name::sqlite` and `name::postgres`.
#[macro_export]
macro_rules! on_both_backends {
    ($(#[$meta:meta])* fn $name:ident($backend:ident) $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            fn run($backend: common::Backend) $body
            #[test]
            fn sqlite() { run(common::Backend::Sqlite) }
            #[test]
            fn postgres() { run(common::Backend::Postgres) }
        }
    };
    ($(#[$meta:meta])* async fn $name:ident($backend:ident) $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            async fn run($backend: common::Backend) $body
            #[actix_web::test]
            async fn sqlite() { run(common::Backend::Sqlite).await }
            #[actix_web::test]
            async fn postgres() { run(common::Backend::Postgres).await }
        }
    };
}
