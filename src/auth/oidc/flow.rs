//! What the browser carries between leaving for a provider and coming back:
//! the state, nonce and PKCE verifier of one sign-in, signed with the
//! server's key so that it cannot be made up or changed, and short-lived.

use crate::auth::TokenKeys;
use actix_web::cookie::{Cookie, SameSite};
use serde::{Deserialize, Serialize};

/// The cookie's name.
pub const FLOW_COOKIE: &str = "sustain_oidc_flow";
/// Where the cookie is sent: the callbacks only.
const FLOW_PATH: &str = "/auth/oidc";
/// How long a person has at the provider before the sign-in must start again.
const FLOW_MINUTES: i64 = 10;
const PURPOSE: &str = "oidc-flow";

/// One sign-in under way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flow {
    /// The provider's id in the settings.
    pub provider: String,
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
    /// The redirect URI sent, which the code exchange must repeat.
    pub redirect_uri: String,
    /// Where to go once signed in (already made safe).
    pub next: String,
    /// Unix seconds after which the flow is refused.
    pub expires: i64,
}

impl Flow {
    /// A flow begun now.
    pub fn begun(
        provider: &str,
        state: String,
        nonce: String,
        pkce_verifier: String,
        redirect_uri: String,
        next: String,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Self {
        let expires = (now + chrono::Duration::minutes(FLOW_MINUTES)).timestamp();
        Self { provider: provider.to_string(), state, nonce, pkce_verifier, redirect_uri, next, expires }
    }

    /// The cookie: `SameSite=Lax`, since the provider sends the browser back
    /// from another site and a `Strict` cookie would not come with it.
    pub fn cookie(&self, keys: &TokenKeys, secure: bool) -> Cookie<'static> {
        let contents = hex::encode(serde_json::to_string(self).unwrap_or_default());
        let signature = keys.signature(PURPOSE, &contents);
        Cookie::build(FLOW_COOKIE, format!("{contents}.{signature}"))
            .path(FLOW_PATH)
            .http_only(true)
            .secure(secure)
            .same_site(SameSite::Lax)
            .max_age(actix_web::cookie::time::Duration::minutes(FLOW_MINUTES))
            .finish()
    }

    /// The flow a cookie's value carries, if it is ours, whole and not expired.
    pub fn read(value: &str, keys: &TokenKeys, now: chrono::DateTime<chrono::Utc>) -> Option<Self> {
        let (contents, signature) = value.rsplit_once('.')?;
        if !keys.signature_matches(PURPOSE, contents, signature) {
            return None;
        }
        let json = hex::decode(contents).ok()?;
        let flow: Flow = serde_json::from_slice(&json).ok()?;
        (flow.expires > now.timestamp()).then_some(flow)
    }

    /// The cookie that removes the flow once used: a code is exchanged once.
    pub fn removal(secure: bool) -> Cookie<'static> {
        let mut cookie = Cookie::build(FLOW_COOKIE, "").path(FLOW_PATH).http_only(true).secure(secure).finish();
        cookie.make_removal();
        cookie
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flow(now: chrono::DateTime<chrono::Utc>) -> Flow {
        Flow::begun("council", "s".into(), "n".into(), "v".into(), "http://x/cb".into(), "/".into(), now)
    }

    #[test]
    fn a_flow_reads_back_only_when_whole_and_in_time() {
        let keys = TokenKeys::new(b"a-test-secret-key-that-is-long-enough-for-hs256", chrono::Duration::hours(1));
        let now = chrono::Utc::now();
        let value = flow(now).cookie(&keys, false).value().to_string();
        assert_eq!(Flow::read(&value, &keys, now), Some(flow(now)));
        assert_eq!(Flow::read(&value, &keys, now + chrono::Duration::minutes(11)), None, "expired");
        let (contents, signature) = value.rsplit_once('.').unwrap();
        let forged = format!("{contents}00.{signature}");
        assert_eq!(Flow::read(&forged, &keys, now), None, "changed");
        let other = TokenKeys::new(b"another-test-secret-key-long-enough-for-hs256", chrono::Duration::hours(1));
        assert_eq!(Flow::read(&value, &other, now), None, "another server's key");
    }
}
