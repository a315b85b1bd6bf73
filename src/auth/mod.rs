//! Who is asking, and whether they may: passwords, tokens, the current-user
//! extractor, the per-route access check, CSRF and security headers.

pub mod credentials;
pub mod csrf;
pub mod guard;
pub mod headers;
pub mod password;
pub mod session;
pub mod token;

pub use session::CurrentUser;
pub use token::TokenKeys;

/// The cookie that carries the session token.
pub const SESSION_COOKIE: &str = "sustain_session";
