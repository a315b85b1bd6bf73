//! Password hashing (argon2id) and the password policy.

use crate::domain::fields::FieldErrors;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

/// Shortest password accepted.
pub const MIN_LENGTH: usize = 12;

/// Passwords of 12 characters or more that people choose most often, and so an
/// attacker tries first: common words and names with the usual digits, years and
/// symbols added, keyboard runs and repeated characters. Compared ignoring case.
const COMMON: &str = include_str!("common_passwords.txt");

/// Hashes a password with argon2id and a random salt.
pub fn hash(password: &str) -> Result<String, String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| format!("could not hash the password: {e}"))
}

/// Whether a password matches a stored hash. A malformed hash never matches.
pub fn verify(password: &str, stored: &str) -> bool {
    match PasswordHash::new(stored) {
        Ok(parsed) => Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok(),
        Err(_) => false,
    }
}

/// A hash to check against when the email is unknown, so that a wrong email
/// takes as long as a wrong password and the two cannot be told apart.
pub fn decoy_hash() -> &'static str {
    "$argon2id$v=19$m=19456,t=2,p=1$c3VzdGFpbmRlY295c2FsdA$4m5S3Qn9KrS0lTkeq4FFr0oPjO0WDN9ZVGvaWAtJtEo"
}

/// Checks a new password against the policy, naming the field.
pub fn check_policy(field: &str, password: &str) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::new();
    if password.chars().count() < MIN_LENGTH {
        errors.add(field, format!("Password must be {MIN_LENGTH} characters or more"));
    } else if password.chars().count() > 1024 {
        errors.add(field, "Password must be 1024 characters or fewer");
    } else if is_common(password) {
        errors.add(field, "This password is too common: choose one that is harder to guess");
    }
    errors.into_result(())
}

fn is_common(password: &str) -> bool {
    let lower = password.to_lowercase();
    COMMON.lines().map(str::trim).any(|p| !p.is_empty() && p == lower)
}

/// A random password for a new admin or a reset: 20 characters from an
/// alphabet without look-alikes.
pub fn generate() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::thread_rng();
    (0..20).map(|_| char::from(ALPHABET[rng.gen_range(0..ALPHABET.len())])).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let stored = hash("correct horse battery staple").unwrap();
        assert!(stored.starts_with("$argon2id$"));
        assert!(verify("correct horse battery staple", &stored));
        assert!(!verify("correct horse battery stapl", &stored));
    }

    #[test]
    fn short_and_common_passwords_are_refused() {
        assert!(check_policy("password", "short").is_err());
        assert!(check_policy("password", "password1234").is_err());
        assert!(check_policy("password", "Qwertyuiop123").is_err());
        assert!(check_policy("password", "tidy-otter-harbour-58").is_ok());
    }

    #[test]
    fn the_decoy_hash_is_well_formed_and_matches_nothing_likely() {
        assert!(PasswordHash::new(decoy_hash()).is_ok());
        assert!(!verify("", decoy_hash()));
    }

    #[test]
    fn generated_passwords_meet_the_policy() {
        for _ in 0..20 {
            assert!(check_policy("password", &generate()).is_ok());
        }
    }
}
