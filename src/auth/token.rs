//! Session tokens: HS256 JWTs carrying the user id, role and token version.

use crate::domain::kinds::Role;
use chrono::{DateTime, Duration, Utc};
use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

/// What a token says about its holder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claims {
    /// The user id, as a string as the JWT standard has it.
    pub sub: String,
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
        Self { encoding: EncodingKey::from_secret(secret), decoding: DecodingKey::from_secret(secret), lifetime }
    }

    /// Issues a token for a user, with its expiry.
    pub fn issue(&self, user_id: i64, role: Role, token_version: i32) -> Result<(String, DateTime<Utc>), String> {
        let now = Utc::now();
        let expires = now + self.lifetime;
        let claims = Claims {
            sub: user_id.to_string(),
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
    pub fn user_id(claims: &Claims) -> Option<i64> {
        claims.sub.parse().ok()
    }

    /// Reads a token: only HS256 under our key, not expired. Anything else
    /// (another algorithm, `none`, a changed payload) is refused.
    pub fn verify(&self, token: &str) -> Option<Claims> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 0;
        validation.set_required_spec_claims(&["exp", "sub"]);
        decode::<Claims>(token, &self.decoding, &validation).ok().map(|data| data.claims)
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
        let (token, _) = keys().issue(7, Role::Leader, 3).unwrap();
        let claims = keys().verify(&token).unwrap();
        assert_eq!((TokenKeys::user_id(&claims), claims.role, claims.tv), (Some(7), Role::Leader, 3));
    }

    #[test]
    fn a_token_signed_with_another_key_is_refused() {
        let other = TokenKeys::new(b"another-secret-that-is-also-long-enough-99", Duration::minutes(30));
        let (token, _) = other.issue(7, Role::Admin, 0).unwrap();
        assert!(keys().verify(&token).is_none());
    }

    #[test]
    fn an_expired_token_is_refused() {
        let expired = TokenKeys::new(b"an-example-secret-that-is-long-enough-0123", Duration::seconds(-5));
        let (token, _) = expired.issue(7, Role::Admin, 0).unwrap();
        assert!(keys().verify(&token).is_none());
    }
}
