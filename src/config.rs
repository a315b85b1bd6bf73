//! Typed settings from an optional `sustain.toml` and `SUSTAIN_*` environment
//! variables (the environment wins). No global state: the value is built once
//! and handed to whatever needs it.

mod oidc;

pub use oidc::{OidcSettings, PasswordSignIn, ProviderSettings, Unmapped};

use crate::db::DatabaseUrl;
use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use std::path::Path;

/// Overrides of the status rules that apply to every area unless an area sets its own.
pub use crate::domain::status::Rules;

/// Everything Sustain can be configured with.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Config {
    /// A file path or `sqlite://PATH` for the embedded default; `postgres://...` for PostgreSQL.
    pub database_url: String,
    /// Address and port to listen on.
    pub bind: String,
    /// Key for signing session tokens; generated per process when absent (sessions
    /// then end at restart and do not cross instances, so set it in production).
    /// Secrets never print: `Debug` shows them redacted, and they are never written back out.
    #[serde(skip_serializing)]
    pub secret_key: Option<SecretString>,
    /// Password for the first admin (or the demo users) when the database has none.
    #[serde(skip_serializing)]
    pub admin_password: Option<SecretString>,
    /// Email of the first admin created on an empty database.
    pub admin_email: String,
    /// Largest attachment accepted, in bytes.
    pub upload_limit_bytes: usize,
    /// Most files in one upload.
    pub upload_max_files: usize,
    /// Largest total of the files in one upload, in bytes.
    pub upload_total_limit_bytes: usize,
    /// How long a sign-in lasts, in minutes.
    pub session_minutes: i64,
    /// Set cookies `Secure` and send HSTS (when served over HTTPS, directly or behind a proxy).
    pub https: bool,
    /// Connections in the pool.
    pub pool_size: u32,
    /// Served behind one reverse proxy that appends the client's address to
    /// `X-Forwarded-For`: sign-in throttling then counts by that address.
    pub trust_forwarded_for: bool,
    /// Default status rules.
    pub rules: Rules,
    /// The range of dates accepted anywhere in the plan.
    pub dates: DateRange,
    /// The council's name, shown in the header and on every printed page;
    /// `serve --demo` uses the demo authority's when none is set.
    pub authority_name: Option<String>,
    /// The colour of the page header (a hex colour dark enough for white
    /// text). Like the name, a first-start default: admins change both on the
    /// council page, which is what every page then shows.
    pub authority_colour: Option<String>,
    /// Requests one API token may make per minute, on each instance (a burst
    /// of this many, refilled evenly); past it the API answers 429 with
    /// Retry-After. 0 turns the limit off.
    pub api_requests_per_minute: u32,
    /// Limits on spreadsheets brought in (size, rows, and what an XLSX unpacks to).
    pub spreadsheets: crate::domain::sheets::SheetLimits,
    /// The largest body each kind of route reads (`[bodies]`).
    pub bodies: BodyLimits,
    /// How many large documents are made at once (`[documents]`).
    pub documents: DocumentLimits,
    /// The mail server reminder digests go through (`[smtp]`).
    pub smtp: SmtpSettings,
    /// When `serve` sends the digest (`[digest]`).
    pub digest: DigestSettings,
    /// A bearer token that reads `/metrics` from elsewhere than this machine;
    /// without one, only requests from the loopback address that came through
    /// no proxy may read it.
    #[serde(skip_serializing)]
    pub metrics_token: Option<SecretString>,
    /// Seconds `serve` goes on answering after SIGTERM with `/readyz` saying
    /// "draining", so a load balancer stops sending before the listener closes.
    pub drain_seconds: u64,
    /// Single sign-on through OpenID providers (`[oidc]`).
    pub oidc: OidcSettings,
    /// The moment the clock reads when the process starts, as RFC 3339
    /// (`2026-07-01T00:30:00+01:00`); it runs on from there. Unset, the
    /// clock is the system's. For reproducible runs and tests.
    pub now: Option<String>,
}

/// The one clock the application reads: the system's, or one set to start at
/// a given moment (`now` in the settings) and run on from it. "Today" is the
/// date in England by this clock; moments stored stay UTC.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Clock {
    /// How far this clock is ahead of the system's.
    offset: chrono::TimeDelta,
}

impl Clock {
    /// The system's clock.
    pub fn system() -> Self {
        Self::default()
    }

    /// A clock that reads `moment` now and runs on from it.
    pub fn starting_at(moment: chrono::DateTime<chrono::Utc>) -> Self {
        Self { offset: moment - chrono::Utc::now() }
    }

    /// The moment, in UTC.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        chrono::Utc::now() + self.offset
    }

    /// Today's date in England (Europe/London).
    pub fn today(&self) -> chrono::NaiveDate {
        crate::domain::dates::england_date(self.now().naive_utc())
    }
}

/// How the connection to the mail server is protected.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum TlsMode {
    /// Plain SMTP (a relay on the same machine or a trusted network only).
    None,
    /// Plain at first, then upgraded with STARTTLS, which must succeed (port 587).
    #[default]
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
}

/// The mail server reminder digests are sent through. Unset `host` means no
/// server: `sustain digest` then only runs with `--dry-run`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct SmtpSettings {
    pub host: Option<String>,
    /// Default: 25 without TLS, 587 with STARTTLS, 465 with TLS.
    pub port: Option<u16>,
    pub tls: TlsMode,
    /// User name and password, when the server asks for them.
    pub user: Option<String>,
    #[serde(skip_serializing)]
    pub password: Option<SecretString>,
    /// The sender, as `Name <address>` or a bare address.
    pub from: Option<String>,
    /// How long to wait for the server before giving up on it.
    pub timeout_seconds: u64,
}

impl Default for SmtpSettings {
    fn default() -> Self {
        Self {
            host: None,
            port: None,
            tls: TlsMode::default(),
            user: None,
            password: None,
            from: None,
            timeout_seconds: 30,
        }
    }
}

impl SmtpSettings {
    /// The port to connect to.
    pub fn port(&self) -> u16 {
        self.port.unwrap_or(match self.tls {
            TlsMode::None => 25,
            TlsMode::Starttls => 587,
            TlsMode::Tls => 465,
        })
    }

    /// `host:port`, to name the server in messages.
    pub fn server(&self) -> String {
        format!("{}:{}", self.host.as_deref().unwrap_or("(no host)"), self.port())
    }

    fn check(&self) -> Result<(), String> {
        let Some(host) = &self.host else { return Ok(()) };
        if host.trim().is_empty() {
            return Err("SUSTAIN_SMTP__HOST is empty: set a mail server's name, or leave it out".into());
        }
        if !self.from.as_deref().is_some_and(|f| f.contains('@')) {
            return Err("SUSTAIN_SMTP__FROM must be the sender's address when an SMTP host is set".into());
        }
        if self.user.is_some() != self.password.is_some() {
            return Err("SUSTAIN_SMTP__USER and SUSTAIN_SMTP__PASSWORD go together: set both or neither".into());
        }
        if self.timeout_seconds == 0 {
            return Err("SUSTAIN_SMTP__TIMEOUT_SECONDS must be more than 0".into());
        }
        Ok(())
    }
}

/// When `serve` sends the weekly digest.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[serde(default)]
pub struct DigestSettings {
    /// A weekday and a 24-hour time in English clock time ("monday 07:00");
    /// unset, `serve` sends no digest.
    pub schedule: Option<String>,
}

impl DigestSettings {
    /// The schedule, read.
    pub fn weekly(&self) -> Result<Option<crate::domain::digest::schedule::Weekly>, String> {
        self.schedule.as_deref().map(|s| s.parse().map_err(|e| format!("SUSTAIN_DIGEST__SCHEDULE: {e}"))).transpose()
    }
}

/// The largest request body each kind of route reads, in bytes; a body past
/// its route's limit is refused (413) before it is read, when it says its
/// length, or as soon as the limit is passed while it arrives. Uploads and
/// imports are bounded by their own settings (`upload_total_limit_bytes`,
/// `[spreadsheets] max_bytes`).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct BodyLimits {
    /// Signing in (`POST /sign-in`, `POST /api/v1/tokens`): an email and a password.
    pub sign_in_bytes: usize,
    /// Every other form: the longest text a form holds (20,000 characters,
    /// up to 12 bytes each once a browser has encoded them) fits.
    pub form_bytes: usize,
    /// JSON bodies of the API.
    pub json_bytes: usize,
}

impl Default for BodyLimits {
    fn default() -> Self {
        Self { sign_in_bytes: 16 * 1024, form_bytes: 256 * 1024, json_bytes: 256 * 1024 }
    }
}

/// Large documents (evidence packs, the progress report, exports, verdicts
/// with every point) take memory and a core each while they are made, so only
/// `at_once` are made at a time on each instance; a request that finds them
/// all busy waits up to `wait_seconds`, then is answered 503 with
/// `Retry-After`, and ordinary pages keep answering meanwhile. One at a time
/// by default: the largest authority's pack ZIP (its PDF is made whole) adds
/// about 120 MB while it is made, so two at once took the server past 300 MB.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct DocumentLimits {
    pub at_once: usize,
    pub wait_seconds: u64,
}

impl Default for DocumentLimits {
    fn default() -> Self {
        Self { at_once: 1, wait_seconds: 20 }
    }
}

/// The name shown when no `authority_name` is set.
pub const DEFAULT_AUTHORITY_NAME: &str = crate::domain::council::DEFAULT_NAME;

/// The years between which a date is plausible; anything outside is a typing
/// mistake ("0202" for "2020") and is refused with a message naming the field.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct DateRange {
    pub earliest_year: i32,
    pub latest_year: i32,
}

impl Default for DateRange {
    fn default() -> Self {
        Self { earliest_year: 1990, latest_year: 2100 }
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            database_url: "sustain.db".into(),
            bind: "127.0.0.1:8080".into(),
            secret_key: None,
            admin_password: None,
            admin_email: "admin@sustain.local".into(),
            upload_limit_bytes: 20 * 1024 * 1024,
            upload_max_files: 20,
            upload_total_limit_bytes: 100 * 1024 * 1024,
            session_minutes: 8 * 60,
            https: false,
            pool_size: 10,
            trust_forwarded_for: false,
            rules: Rules::default(),
            dates: DateRange::default(),
            authority_name: None,
            authority_colour: None,
            api_requests_per_minute: 600,
            spreadsheets: crate::domain::sheets::SheetLimits::default(),
            bodies: BodyLimits::default(),
            documents: DocumentLimits::default(),
            smtp: SmtpSettings::default(),
            digest: DigestSettings::default(),
            metrics_token: None,
            drain_seconds: 0,
            oidc: OidcSettings::default(),
            now: None,
        }
    }
}

impl Config {
    /// Reads `sustain.toml` (or the file named by `SUSTAIN_CONFIG`) if present, then
    /// the environment, then checks the result.
    pub fn load() -> Result<Self, String> {
        let file = std::env::var("SUSTAIN_CONFIG").unwrap_or_else(|_| "sustain.toml".into());
        if std::env::var("SUSTAIN_CONFIG").is_ok() && !Path::new(&file).exists() {
            return Err(format!("the configuration file '{file}' does not exist"));
        }
        let config: Config = Figment::from(Serialized::defaults(Config::default()))
            .merge(Toml::file(&file))
            .merge(Env::prefixed("SUSTAIN_").split("__").ignore(&["config"]))
            .extract()
            .map_err(|e| format!("configuration: {e}"))?;
        config.check()?;
        Ok(config)
    }

    /// Checks values that cannot be wrong at start-up.
    pub fn check(&self) -> Result<(), String> {
        self.database()?;
        self.bind_address()?;
        if let Some(key) = &self.secret_key {
            if key.expose_secret().len() < 32 {
                return Err("SUSTAIN_SECRET_KEY must be at least 32 characters".into());
            }
        }
        if self.upload_limit_bytes == 0 || self.upload_max_files == 0 {
            return Err("the upload limits must be more than 0".into());
        }
        if self.upload_total_limit_bytes < self.upload_limit_bytes {
            return Err("the total upload limit must be at least the limit for one file".into());
        }
        if self.dates.earliest_year >= self.dates.latest_year || self.dates.earliest_year < 1 {
            return Err("the date range needs an earliest year before its latest year".into());
        }
        if self.spreadsheets.max_bytes == 0 || self.spreadsheets.max_rows == 0 {
            return Err("the spreadsheet limits must be more than 0".into());
        }
        let b = self.bodies;
        if b.sign_in_bytes < 1024 || b.form_bytes < 1024 || b.json_bytes < 1024 {
            return Err("the body limits ([bodies]) must be at least 1024 bytes".into());
        }
        if self.documents.at_once == 0 {
            return Err("SUSTAIN_DOCUMENTS__AT_ONCE must be at least 1".into());
        }
        if self.session_minutes <= 0 {
            return Err("the session length must be a positive number of minutes".into());
        }
        self.smtp.check()?;
        self.digest.weekly()?;
        self.oidc.check()?;
        self.clock()?;
        self.council_defaults()?;
        Ok(())
    }

    /// The clock these settings ask for: the system's, or one starting at `now`.
    pub fn clock(&self) -> Result<Clock, String> {
        match self.now.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
            None => Ok(Clock::system()),
            Some(text) => chrono::DateTime::parse_from_rfc3339(text)
                .map(|moment| Clock::starting_at(moment.with_timezone(&chrono::Utc)))
                .map_err(|_| format!("SUSTAIN_NOW: '{text}' is not a moment such as 2026-07-01T00:30:00+01:00")),
        }
    }

    /// The council's details written on first start: the name and colour
    /// set here, or the defaults.
    pub fn council_defaults(
        &self,
    ) -> Result<crate::domain::valid::Valid<crate::domain::council::CouncilInput>, String> {
        use crate::domain::valid::Validate;
        let input = crate::domain::council::CouncilInput::defaults(
            self.authority_name.as_deref(),
            self.authority_colour.as_deref(),
        );
        let context =
            crate::domain::valid::Context::new(self.clock()?.today(), self.dates.earliest_year, self.dates.latest_year);
        input.validate(&context).map_err(|errors| {
            let field = |name: &str| errors.for_field(name).map(str::to_string);
            match (field("name"), field("colour")) {
                (Some(problem), _) => format!("SUSTAIN_AUTHORITY_NAME: {problem}"),
                (_, Some(problem)) => format!("SUSTAIN_AUTHORITY_COLOUR: {problem}"),
                _ => format!("the council's details: {errors}"),
            }
        })
    }

    /// The council's name as people see it.
    pub fn authority(&self) -> &str {
        self.authority_name.as_deref().map(str::trim).filter(|n| !n.is_empty()).unwrap_or(DEFAULT_AUTHORITY_NAME)
    }

    /// The database URL, read.
    pub fn database(&self) -> Result<DatabaseUrl, String> {
        DatabaseUrl::parse(&self.database_url).map_err(|e| format!("SUSTAIN_DATABASE_URL: {e}"))
    }

    /// The bind address, read.
    pub fn bind_address(&self) -> Result<SocketAddr, String> {
        self.bind
            .parse()
            .map_err(|_| format!("SUSTAIN_BIND: '{}' is not an address:port such as 127.0.0.1:8080", self.bind))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_valid() {
        assert!(Config::default().check().is_ok());
    }

    #[test]
    fn a_bad_bind_address_is_named() {
        let config = Config { bind: "localhost".into(), ..Config::default() };
        assert!(config.check().unwrap_err().starts_with("SUSTAIN_BIND"));
    }

    #[test]
    fn smtp_settings_need_a_sender_and_both_halves_of_a_login() {
        let smtp = SmtpSettings { host: Some("mail.council.example".into()), ..SmtpSettings::default() };
        let config = Config { smtp: smtp.clone(), ..Config::default() };
        assert!(config.check().unwrap_err().contains("SUSTAIN_SMTP__FROM"));
        let smtp = SmtpSettings { from: Some("sustain@council.example".into()), user: Some("u".into()), ..smtp };
        let config = Config { smtp: smtp.clone(), ..Config::default() };
        assert!(config.check().unwrap_err().contains("SUSTAIN_SMTP__PASSWORD"));
        assert_eq!(smtp.port(), 587, "STARTTLS by default");
        assert_eq!(SmtpSettings { tls: TlsMode::Tls, ..smtp }.port(), 465);
    }

    #[test]
    fn a_digest_schedule_that_cannot_be_read_is_named() {
        let config = Config { digest: DigestSettings { schedule: Some("mondays".into()) }, ..Config::default() };
        assert!(config.check().unwrap_err().starts_with("SUSTAIN_DIGEST__SCHEDULE"));
    }

    #[test]
    fn a_clock_set_to_half_past_midnight_in_summer_reads_englands_date() {
        let config = Config { now: Some("2026-07-01T00:30:00+01:00".into()), ..Config::default() };
        let clock = config.clock().unwrap();
        assert_eq!(clock.today(), chrono::NaiveDate::from_ymd_opt(2026, 7, 1).unwrap());
        assert_eq!(
            clock.now().date_naive(),
            chrono::NaiveDate::from_ymd_opt(2026, 6, 30).unwrap(),
            "UTC is still on 30 June"
        );
        let bad = Config { now: Some("tomorrow".into()), ..Config::default() };
        assert!(bad.check().unwrap_err().starts_with("SUSTAIN_NOW"));
    }

    #[test]
    fn secrets_never_print() {
        let config = Config {
            secret_key: Some(SecretString::from("the-signing-key-nobody-may-read-0123456789")),
            admin_password: Some(SecretString::from("the-first-admins-password")),
            smtp: SmtpSettings { password: Some(SecretString::from("the-mail-password")), ..SmtpSettings::default() },
            ..Config::default()
        };
        let printed = format!("{config:?} {config:#?}");
        for secret in ["the-signing-key", "the-first-admins-password", "the-mail-password"] {
            assert!(!printed.contains(secret), "{secret} printed");
        }
        assert!(config.check().is_ok());
    }

    #[test]
    fn a_short_secret_key_is_refused() {
        let config = Config { secret_key: Some(SecretString::from("short")), ..Config::default() };
        assert!(config.check().is_err());
    }
}
