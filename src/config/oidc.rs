//! Single sign-on settings (`[oidc]`): the OpenID providers people may sign
//! in with, and whether password sign-in stays open to everyone.

use crate::domain::kinds::Role;
pub use crate::domain::sign_on::Unmapped;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `[oidc]`: providers by their short id (`[oidc.providers.council]`, or
/// `SUSTAIN_OIDC__PROVIDERS__COUNCIL__ISSUER=...`).
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct OidcSettings {
    /// The address people reach Sustain at (`https://sustain.council.example`):
    /// redirect URIs are made from it. Unset, they are made from each request's
    /// own address, which is right only when nothing in front rewrites it.
    pub public_url: Option<String>,
    /// Who may still sign in with a password once providers are set.
    pub password_sign_in: PasswordSignIn,
    pub providers: BTreeMap<String, ProviderSettings>,
}

/// Who may sign in with an email and password.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum PasswordSignIn {
    #[default]
    Everyone,
    /// Admins only (a way in when a provider is down); everyone else uses a provider.
    AdminsOnly,
}

/// One OpenID provider.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProviderSettings {
    /// The button's words: "Sign in with {name}".
    pub name: String,
    /// The issuer exactly as its ID tokens name it; for Entra ID the tenant's own,
    /// `https://login.microsoftonline.com/{tenant-id}/v2.0`.
    pub issuer: String,
    pub client_id: String,
    #[serde(skip_serializing)]
    pub client_secret: SecretString,
    #[serde(default = "default_scopes")]
    pub scopes: Vec<String>,
    /// The claim that carries roles or group ids (Entra ID: `roles` or `groups`).
    #[serde(default)]
    pub role_claim: Option<String>,
    /// Values of the role claim and the Sustain role each gives; the highest wins.
    #[serde(default)]
    pub roles: BTreeMap<String, Role>,
    #[serde(default)]
    pub unmapped: Unmapped,
    /// The claim that says the provider vouches for the email (Entra ID: `xms_edov`).
    #[serde(default = "default_email_verified_claim")]
    pub email_verified_claim: String,
}

fn default_scopes() -> Vec<String> {
    ["openid", "email", "profile"].map(String::from).to_vec()
}

fn default_email_verified_claim() -> String {
    "email_verified".into()
}

impl OidcSettings {
    /// Checks the settings once, at start-up.
    pub fn check(&self) -> Result<(), String> {
        if let Some(url) = &self.public_url {
            let parsed = url::Url::parse(url).map_err(|_| format!("SUSTAIN_OIDC__PUBLIC_URL: '{url}' is not a URL"))?;
            if !matches!(parsed.scheme(), "https" | "http") || parsed.host().is_none() {
                return Err(format!("SUSTAIN_OIDC__PUBLIC_URL: '{url}' must be an http(s) address"));
            }
        }
        if self.password_sign_in == PasswordSignIn::AdminsOnly && self.providers.is_empty() {
            return Err(
                "SUSTAIN_OIDC__PASSWORD_SIGN_IN is admins_only but no provider is set: nobody else could sign in"
                    .into(),
            );
        }
        for (id, provider) in &self.providers {
            provider.check(id)?;
        }
        Ok(())
    }
}

impl ProviderSettings {
    fn check(&self, id: &str) -> Result<(), String> {
        let name = format!("SUSTAIN_OIDC__PROVIDERS__{}", id.to_uppercase());
        let plain = !id.is_empty()
            && id.len() <= 40
            && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !plain {
            return Err(format!("{name}: a provider's id is lower-case letters, digits and hyphens"));
        }
        if self.name.trim().is_empty() {
            return Err(format!("{name}__NAME: give the words for its button"));
        }
        let issuer =
            url::Url::parse(&self.issuer).map_err(|_| format!("{name}__ISSUER: '{}' is not a URL", self.issuer))?;
        let loopback = issuer.host_str().is_some_and(|h| h == "127.0.0.1" || h == "localhost" || h == "[::1]");
        if issuer.scheme() != "https" && !loopback {
            return Err(format!(
                "{name}__ISSUER: an issuer must be https (only a provider on this machine may be http)"
            ));
        }
        if self.client_id.trim().is_empty() || self.client_secret.expose_secret().trim().is_empty() {
            return Err(format!("{name}__CLIENT_ID and {name}__CLIENT_SECRET are both needed"));
        }
        if !self.scopes.iter().any(|s| s == "openid") {
            return Err(format!("{name}__SCOPES must include openid"));
        }
        if !self.roles.is_empty() && self.role_claim.is_none() {
            return Err(format!("{name}__ROLE_CLAIM: name the claim the roles mapping reads"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn provider() -> ProviderSettings {
        ProviderSettings {
            name: "Hartwell Council".into(),
            issuer: "https://login.microsoftonline.com/0000-tenant/v2.0".into(),
            client_id: "client".into(),
            client_secret: SecretString::from("the-client-secret"),
            scopes: default_scopes(),
            role_claim: Some("roles".into()),
            roles: BTreeMap::from([("Sustain.Admin".into(), Role::Admin)]),
            unmapped: Unmapped::Viewer,
            email_verified_claim: default_email_verified_claim(),
        }
    }

    #[test]
    fn a_client_secret_never_prints() {
        let settings =
            OidcSettings { providers: BTreeMap::from([("council".into(), provider())]), ..Default::default() };
        assert!(settings.check().is_ok());
        assert!(!format!("{settings:?}").contains("the-client-secret"));
        assert!(!serde_json::to_string(&settings).unwrap().contains("the-client-secret"));
    }

    #[test]
    fn an_issuer_over_plain_http_elsewhere_is_refused() {
        let mut settings =
            OidcSettings { providers: BTreeMap::from([("council".into(), provider())]), ..Default::default() };
        settings.providers.get_mut("council").unwrap().issuer = "http://login.example/tenant".into();
        assert!(settings.check().unwrap_err().contains("ISSUER"));
        settings.providers.get_mut("council").unwrap().issuer = "http://127.0.0.1:4000".into();
        assert!(settings.check().is_ok());
    }

    #[test]
    fn admins_only_needs_a_provider() {
        let settings = OidcSettings { password_sign_in: PasswordSignIn::AdminsOnly, ..Default::default() };
        assert!(settings.check().is_err());
    }
}
