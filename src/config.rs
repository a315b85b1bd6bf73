//! Typed settings from an optional `sustain.toml` and `SUSTAIN_*` environment
//! variables (the environment wins). No global state: the value is built once
//! and handed to whatever needs it.

use crate::db::DatabaseUrl;
use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;
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
    pub secret_key: Option<String>,
    /// Password for the first admin (or the demo users) when the database has none.
    pub admin_password: Option<String>,
    /// Email of the first admin created on an empty database.
    pub admin_email: String,
    /// Largest attachment accepted, in bytes.
    pub upload_limit_bytes: usize,
    /// How long a sign-in lasts, in minutes.
    pub session_minutes: i64,
    /// Set cookies `Secure` and send HSTS (when served over HTTPS, directly or behind a proxy).
    pub https: bool,
    /// Connections in the pool.
    pub pool_size: u32,
    /// Default status rules.
    pub rules: Rules,
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
            session_minutes: 8 * 60,
            https: false,
            pool_size: 10,
            rules: Rules::default(),
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
            if key.len() < 32 {
                return Err("SUSTAIN_SECRET_KEY must be at least 32 characters".into());
            }
        }
        if self.upload_limit_bytes == 0 {
            return Err("the upload limit must be more than 0 bytes".into());
        }
        if self.session_minutes <= 0 {
            return Err("the session length must be a positive number of minutes".into());
        }
        Ok(())
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
    fn a_short_secret_key_is_refused() {
        let config = Config { secret_key: Some("short".into()), ..Config::default() };
        assert!(config.check().is_err());
    }
}
