//! The known-device cookie. A browser that has signed in to an account gets a
//! signed cookie naming it, so that when guesses from elsewhere have locked the
//! account, its owner can still sign in from a browser they have used before
//! (see README, "Sign-in").

use super::TokenKeys;
use crate::domain::ids::UserId;
use actix_web::cookie::{Cookie, SameSite};
use actix_web::HttpRequest;

/// The cookie's name.
pub const DEVICE_COOKIE: &str = "sustain_device";
/// Accounts one browser is known for (a shared office computer), most recent first.
const ACCOUNTS_KEPT: usize = 5;
/// How long a browser stays known without signing in again.
const LIFETIME_DAYS: i64 = 365;

/// A browser, and the accounts that have signed in from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    /// 128 random bits, as hex.
    pub id: String,
    accounts: Vec<UserId>,
}

impl Device {
    /// The device the request's cookie names, if its signature is ours.
    pub fn from_request(req: &HttpRequest, keys: &TokenKeys) -> Option<Self> {
        Self::read(req.cookie(DEVICE_COOKIE)?.value(), keys)
    }

    fn read(value: &str, keys: &TokenKeys) -> Option<Self> {
        let (contents, signature) = value.rsplit_once('.')?;
        if !keys.device_signature_matches(contents, signature) {
            return None;
        }
        let (id, accounts) = contents.split_once('.')?;
        let accounts = accounts.split('_').map(|n| n.parse().ok().map(UserId)).collect::<Option<Vec<_>>>()?;
        Some(Self { id: id.to_string(), accounts })
    }

    /// The device's id if `user` has signed in from it.
    pub fn known_for(&self, user: UserId) -> Option<&str> {
        self.accounts.contains(&user).then_some(self.id.as_str())
    }

    /// The device after `user` signs in from it: the same browser keeps its id.
    pub fn after_sign_in(previous: Option<Self>, user: UserId) -> Self {
        let mut device = previous.unwrap_or_else(|| Self { id: new_id(), accounts: Vec::new() });
        device.accounts.retain(|&u| u != user);
        device.accounts.insert(0, user);
        device.accounts.truncate(ACCOUNTS_KEPT);
        device
    }

    /// The cookie that carries this device: signed, `HttpOnly`, `SameSite=Strict`.
    pub fn cookie(&self, keys: &TokenKeys, secure: bool) -> Cookie<'static> {
        let accounts: Vec<String> = self.accounts.iter().map(|u| u.0.to_string()).collect();
        let contents = format!("{}.{}", self.id, accounts.join("_"));
        let signature = keys.device_signature(&contents);
        Cookie::build(DEVICE_COOKIE, format!("{contents}.{signature}"))
            .path("/")
            .http_only(true)
            .secure(secure)
            .same_site(SameSite::Strict)
            .max_age(actix_web::cookie::time::Duration::days(LIFETIME_DAYS))
            .finish()
    }
}

fn new_id() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> TokenKeys {
        TokenKeys::new(b"an-example-secret-that-is-long-enough-0123", chrono::Duration::minutes(30))
    }

    #[test]
    fn a_device_cookie_reads_back_with_its_accounts() {
        let device = Device::after_sign_in(Some(Device::after_sign_in(None, UserId(3))), UserId(7));
        let cookie = device.cookie(&keys(), false);
        let read = Device::read(cookie.value(), &keys()).unwrap();
        assert_eq!(read, device);
        assert_eq!(read.known_for(UserId(3)), Some(device.id.as_str()));
        assert_eq!(read.known_for(UserId(9)), None);
    }

    #[test]
    fn a_cookie_changed_by_hand_or_signed_with_another_key_is_not_a_known_device() {
        let device = Device::after_sign_in(None, UserId(3));
        let value = device.cookie(&keys(), false).value().to_string();
        let (contents, signature) = value.rsplit_once('.').unwrap();
        let (id, _) = contents.split_once('.').unwrap();
        assert!(Device::read(&format!("{id}.4.{signature}"), &keys()).is_none(), "another account");
        let other = TokenKeys::new(b"another-secret-that-is-also-long-enough-99", chrono::Duration::minutes(30));
        assert!(Device::read(&value, &other).is_none());
        assert!(Device::read("nonsense", &keys()).is_none());
    }

    #[test]
    fn a_browser_keeps_its_id_and_its_latest_accounts() {
        let mut device = Device::after_sign_in(None, UserId(1));
        let id = device.id.clone();
        for user in 2..=7 {
            device = Device::after_sign_in(Some(device), UserId(user));
        }
        device = Device::after_sign_in(Some(device), UserId(5));
        assert_eq!(device.id, id);
        assert_eq!(device.accounts, vec![UserId(5), UserId(7), UserId(6), UserId(4), UserId(3)]);
    }
}
