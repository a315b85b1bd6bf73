//! Session tokens: HS256 JWTs carrying the user id, role and token version.

use crate::domain::ids::UserId;
use crate::domain::kinds::Role;
use chrono::{DateTime, Duration, Utc};
use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

/// What a token says about its holder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claims {
    /// The user id, as a string as the JWT standard has it.
    pub sub: String,
    /// The session this token belongs to; the session row is checked on every request.
    pub sid: String,
    /// The role when the token was issued (the user's current role is checked too).
    pub role: Role,
    /// The user's token version when issued; a bump ends older tokens.
    pub tv: i32,
    /// Issued at, seconds since the epoch.
    pub iat: i64,
    /// Expires at, seconds since the epoch.
    pub exp: i64,
}

/// Signing and checking keys made from the configured secret.
#[derive(Clone)]
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    /// The secret again, for tokens derived from it (CSRF tokens per session).
    secret: Vec<u8>,
    lifetime: Duration,
}

impl std::fmt::Debug for TokenKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenKeys(..)")
    }
}

impl TokenKeys {
    /// Keys from a secret; tokens last `lifetime`.
    pub fn new(secret: &[u8], lifetime: Duration) -> Self {
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            secret: secret.to_vec(),
            lifetime,
        }
    }

    /// Issues a token for a user's session, with its expiry.
    pub fn issue(
        &self,
        user_id: UserId,
        session_id: &str,
        role: Role,
        token_version: i32,
    ) -> Result<(String, DateTime<Utc>), String> {
        let now = Utc::now();
        let expires = now + self.lifetime;
        let claims = Claims {
            sub: user_id.to_string(),
            sid: session_id.to_string(),
            role,
            tv: token_version,
            iat: now.timestamp(),
            exp: expires.timestamp(),
        };
        encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map(|t| (t, expires))
            .map_err(|e| format!("could not sign a token: {e}"))
    }

    /// The user id a token's claims name.
    pub fn user_id(claims: &Claims) -> Option<UserId> {
        claims.sub.parse().ok()
    }

    /// Reads a token: only HS256 under our key, not expired. Anything else
    /// (another algorithm, `none`, a changed payload) is refused.
    pub fn verify(&self, token: &str) -> Option<Claims> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 0;
        validation.set_required_spec_claims(&["exp", "sub"]);
        validation.validate_exp = true;
        decode::<Claims>(token, &self.decoding, &validation).ok().map(|data| data.claims)
    }

    /// The form token of one session: a keyed hash of its id, so a token taken
    /// from another session (or made up) never matches.
    pub fn csrf_token(&self, session_id: &str) -> String {
        use hmac::{Hmac, Mac};
        let Ok(mut mac) = Hmac::<sha2::Sha256>::new_from_slice(&self.secret) else { return String::new() };
        mac.update(b"csrf:");
        mac.update(session_id.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    /// A keyed hash of a device cookie's contents, so that a cookie made up or
    /// changed by hand is not taken for one this server set.
    pub fn device_signature(&self, contents: &str) -> String {
        use hmac::{Hmac, Mac};
        let Ok(mut mac) = Hmac::<sha2::Sha256>::new_from_slice(&self.secret) else { return String::new() };
        mac.update(b"device:");
        mac.update(contents.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    /// A keyed hash of `contents` for one `purpose` (`oidc-flow`), as hex: what
    /// the browser keeps between leaving for a provider and coming back.
    pub fn signature(&self, purpose: &str, contents: &str) -> String {
        use hmac::{Hmac, Mac};
        let Ok(mut mac) = Hmac::<sha2::Sha256>::new_from_slice(&self.secret) else { return String::new() };
        mac.update(purpose.as_bytes());
        mac.update(b":");
        mac.update(contents.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    /// Whether `signature` is `signature(purpose, contents)`, compared in constant time.
    pub fn signature_matches(&self, purpose: &str, contents: &str, signature: &str) -> bool {
        use hmac::{Hmac, Mac};
        let (Ok(mut mac), Ok(given)) = (Hmac::<sha2::Sha256>::new_from_slice(&self.secret), hex::decode(signature))
        else {
            return false;
        };
        mac.update(purpose.as_bytes());
        mac.update(b":");
        mac.update(contents.as_bytes());
        mac.verify_slice(&given).is_ok()
    }

    /// Whether `signature` is `device_signature(contents)`, compared in constant time.
    pub fn device_signature_matches(&self, contents: &str, signature: &str) -> bool {
        use hmac::{Hmac, Mac};
        let (Ok(mut mac), Ok(given)) = (Hmac::<sha2::Sha256>::new_from_slice(&self.secret), hex::decode(signature))
        else {
            return false;
        };
        mac.update(b"device:");
        mac.update(contents.as_bytes());
        mac.verify_slice(&given).is_ok()
    }

    /// How long a token lasts.
    pub fn lifetime(&self) -> Duration {
        self.lifetime
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> TokenKeys {
        TokenKeys::new(b"an-example-secret-that-is-long-enough-0123", Duration::minutes(30))
    }

    #[test]
    fn a_token_reads_back_its_claims() {
        let (token, _) = keys().issue(UserId(7), "s1", Role::Leader, 3).unwrap();
        let claims = keys().verify(&token).unwrap();
        assert_eq!((TokenKeys::user_id(&claims), claims.role, claims.tv), (Some(UserId(7)), Role::Leader, 3));
    }

    #[test]
    fn a_token_signed_with_another_key_is_refused() {
        let other = TokenKeys::new(b"another-secret-that-is-also-long-enough-99", Duration::minutes(30));
        let (token, _) = other.issue(UserId(7), "s1", Role::Admin, 0).unwrap();
        assert!(keys().verify(&token).is_none());
    }

    #[test]
    fn an_expired_token_is_refused() {
        let expired = TokenKeys::new(b"an-example-secret-that-is-long-enough-0123", Duration::seconds(-5));
        let (token, _) = expired.issue(UserId(7), "s1", Role::Admin, 0).unwrap();
        assert!(keys().verify(&token).is_none());
    }

    #[test]
    fn each_session_has_its_own_form_token() {
        let keys = keys();
        assert_eq!(keys.csrf_token("a").len(), 64);
        assert_eq!(keys.csrf_token("a"), keys.csrf_token("a"));
        assert_ne!(keys.csrf_token("a"), keys.csrf_token("b"));
        let other = TokenKeys::new(b"another-secret-that-is-also-long-enough-99", Duration::minutes(30));
        assert_ne!(keys.csrf_token("a"), other.csrf_token("a"), "the token depends on the secret");
    }
}
