//! Who is asking, and whether they may: passwords, tokens, the current-user
//! extractor, the per-route access check, CSRF and security headers.

pub mod access;
pub mod credentials;
pub mod csrf;
pub mod device;
pub mod guard;
pub mod headers;
pub mod oidc;
pub mod password;
pub mod session;
pub mod token;

pub use session::CurrentUser;
pub use token::TokenKeys;

/// What the access check and the session extractor need, and nothing else:
/// kept apart from the application state so that `auth` depends on no page code.
pub struct AuthState {
    pub pool: crate::blocking::Database,
    pub keys: TokenKeys,
    pub access: access::AccessTable,
    /// Cookies are `Secure` when served over HTTPS.
    pub https: bool,
    /// Take the client's address from the last `X-Forwarded-For` entry.
    pub trust_forwarded_for: bool,
}

/// The cookie that carries the session token.
pub const SESSION_COOKIE: &str = "sustain_session";
