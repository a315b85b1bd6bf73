//! Password hashing (argon2id) and the password policy.

use crate::domain::fields::FieldErrors;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

/// Shortest password accepted.
pub const MIN_LENGTH: usize = 12;

/// Passwords of 12 characters or more that people choose most often, and so an
/// attacker tries first: common words and names with the usual digits, years and
/// symbols added, keyboard runs and repeated characters. Compared ignoring case.
const COMMON: &str = include_str!("common_passwords.txt");

/// The argon2id cost of every new hash: 7 MiB of memory and five passes, one
/// of the settings the OWASP password storage guidance gives as equally strong
/// (with 19 MiB and two passes, 12 MiB and three...). The least memory was
/// chosen because every hash in progress holds it: a server answering a burst
/// of sign-ins on two hashing threads holds 14 MiB, not 38. The memory is
/// freed after each hash, and blocks this large are given back to the system
/// when freed (`blocking::tune_allocator`), so an idle server holds none of it.
/// A hash stored with other settings still verifies with its own.
fn todays_params() -> Params {
    // The numbers are within argon2's limits, so this never fails.
    Params::new(7 * 1024, 5, 1, None).unwrap_or_default()
}

/// Hashes and checks passwords on a few threads of its own. Argon2 needs
/// its memory (`todays_params`) for each hash; run on the general blocking pool
/// (hundreds of threads) a burst of sign-ins takes hundreds of megabytes that
/// the allocator keeps. Here at most `threads` hashes run at once, whatever the number of
/// attempts: the rest wait their turn in a queue.
#[derive(Clone)]
pub struct Hasher {
    jobs: tokio::sync::mpsc::Sender<Job>,
}

enum Job {
    Hash(String, tokio::sync::oneshot::Sender<Result<String, String>>),
    Verify(String, String, tokio::sync::oneshot::Sender<bool>),
}

impl std::fmt::Debug for Hasher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Hasher(..)")
    }
}

impl Hasher {
    /// A hasher with one thread per two cores, at least one and at most four:
    /// a hash takes a core for about 20 ms, so one thread signs in 50 people a
    /// second, and on a small server a burst of sign-ins leaves a core for
    /// everyone else and holds one hash's memory, not two.
    pub fn for_this_machine() -> Self {
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
        Self::with_threads((cores / 2).clamp(1, 4))
    }

    /// A hasher with `threads` threads.
    pub fn with_threads(threads: usize) -> Self {
        let (jobs, receiver) = tokio::sync::mpsc::channel::<Job>(1024);
        let receiver = std::sync::Arc::new(std::sync::Mutex::new(receiver));
        for n in 0..threads.max(1) {
            let receiver = receiver.clone();
            let spawned = std::thread::Builder::new().name(format!("password-hasher-{n}")).spawn(move || {
                loop {
                    let job = match receiver.lock() {
                        Ok(mut queue) => queue.blocking_recv(),
                        Err(_) => None,
                    };
                    // A reply nobody waits for (the request went away) is dropped.
                    match job {
                        Some(Job::Hash(password, reply)) => {
                            let _ = reply.send(hash(&password));
                        }
                        Some(Job::Verify(password, stored, reply)) => {
                            let _ = reply.send(verify(&password, &stored));
                        }
                        None => break,
                    }
                }
            });
            if let Err(e) = spawned {
                tracing::error!(error = %e, "could not start a password-hashing thread");
            }
        }
        Self { jobs }
    }

    /// Hashes a password on the hashing threads.
    pub async fn hash(&self, password: String) -> Result<String, crate::error::AppError> {
        let (reply, answer) = tokio::sync::oneshot::channel();
        self.jobs.send(Job::Hash(password, reply)).await.map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?.map_err(crate::error::AppError::unexpected)
    }

    /// Checks a password against a stored hash on the hashing threads.
    pub async fn verify(&self, password: String, stored: String) -> Result<bool, crate::error::AppError> {
        let (reply, answer) = tokio::sync::oneshot::channel();
        self.jobs.send(Job::Verify(password, stored, reply)).await.map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())
    }
}

fn stopped() -> crate::error::AppError {
    crate::error::AppError::unexpected("the password-hashing threads have stopped".into())
}

/// Hashes a password with argon2id and a random salt.
pub fn hash(password: &str) -> Result<String, String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, todays_params())
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
    "$argon2id$v=19$m=7168,t=5,p=1$c3VzdGFpbmRlY295c2FsdA$4m5S3Qn9KrS0lTkeq4FFr0oPjO0WDN9ZVGvaWAtJtEo"
}

/// Whose password it is: what it must not contain follows from their email
/// address and the council they work for.
#[derive(Debug, Clone, Copy)]
pub struct Holder<'a> {
    pub email: &'a str,
    /// The council's name, as configured (`Config::authority`).
    pub authority: &'a str,
}

/// The product's name, which anyone guessing a password here tries first.
const PRODUCT: &str = "sustain";
/// Names shorter than this are left out: too many good passwords hold them by chance.
const SHORTEST_NAME: usize = 4;

/// Letters and digits only, lower case: "J.Reed" and "j-reed" read the same.
fn folded(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// Why a password is too easy to guess for its holder, if it is: it holds the
/// name part of their email address, the council's name or one of its words of
/// four letters or more, or the product's name. Compared as letters and digits
/// in any case, so "Hartwell-2025!" holds "Hartwell".
fn guessable(password: &str, holder: &Holder<'_>) -> Option<String> {
    let password = folded(password);
    let holds = |name: &str| {
        let name = folded(name);
        name.chars().count() >= SHORTEST_NAME && password.contains(&name)
    };
    let local = holder.email.split('@').next().unwrap_or_default().trim();
    if holds(local) {
        return Some(format!(
            "Password must not contain the name in your email address ('{local}'): it is the first thing someone guessing would try"
        ));
    }
    let authority = holder.authority.trim();
    let words = authority.split(|c: char| !c.is_alphanumeric()).filter(|w| w.chars().count() >= SHORTEST_NAME);
    if let Some(word) = std::iter::once(authority).chain(words).find(|name| holds(name)) {
        return Some(format!(
            "Password must not contain the council's name ('{word}'): it is among the first things someone guessing would try"
        ));
    }
    holds(PRODUCT).then(|| {
        "Password must not contain 'Sustain', the name of this service: it is among the first things someone guessing would try"
            .to_string()
    })
}

/// Checks a new password against the policy, naming the field: long enough,
/// no control characters, not a common password, and nothing guessable from
/// whose it is (`Holder`).
pub fn check_policy(field: &str, password: &str, holder: &Holder<'_>) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::new();
    if password.chars().count() < MIN_LENGTH {
        errors.add(field, format!("Password must be {MIN_LENGTH} characters or more"));
    } else if password.chars().count() > 1024 {
        errors.add(field, "Password must be 1024 characters or fewer");
    } else if password.chars().any(char::is_control) {
        errors.add(field, "Password must not contain control characters, such as tabs or line breaks");
    } else if is_common(password) {
        errors.add(field, "This password is too common: choose one that is harder to guess");
    } else if let Some(why) = guessable(password, holder) {
        errors.add(field, why);
    }
    errors.into_result(())
}

fn is_common(password: &str) -> bool {
    let lower = password.to_lowercase();
    COMMON.lines().map(str::trim).any(|p| !p.is_empty() && p == lower)
}

/// A random password for a new user or a reset: 20 characters from an
/// alphabet without look-alikes, drawn again in the rare case that it holds
/// something the policy refuses for its holder.
pub fn generate(holder: &Holder<'_>) -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::thread_rng();
    loop {
        let password: String = (0..20).map(|_| char::from(ALPHABET[rng.gen_range(0..ALPHABET.len())])).collect();
        if check_policy("password", &password, holder).is_ok() {
            return password;
        }
    }
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

    const HOLDER: Holder<'static> = Holder { email: "jo.reed@hartwell.example", authority: "Hartwell Borough Council" };

    fn refusal(password: &str) -> Option<String> {
        check_policy("password", password, &HOLDER).err().map(|e| e.to_string())
    }

    #[test]
    fn short_and_common_passwords_are_refused() {
        assert!(refusal("short").is_some());
        assert!(refusal("password1234").is_some());
        assert!(refusal("Qwertyuiop123").is_some());
        assert!(refusal("tidy-otter-harbour-58").is_none());
        assert!(refusal("tidy-otter\0harbour-58").is_some());
    }

    #[test]
    fn a_password_holding_the_name_in_the_email_address_is_refused_saying_why() {
        let why = refusal("JoReed-otter-harbour").unwrap();
        assert!(why.contains("the name in your email address ('jo.reed')"), "{why}");
        assert!(refusal("jo.reed@hartwell.example").is_some(), "the whole address");
        let short = Holder { email: "jo@hartwell.example", authority: "Hartwell Borough Council" };
        assert!(
            check_policy("password", "jo-otter-harbour-58", &short).is_ok(),
            "a name under four characters is left out"
        );
    }

    #[test]
    fn a_password_holding_the_councils_name_or_one_of_its_words_is_refused_saying_why() {
        for password in ["HartwellBoroughCouncil2025", "Hartwell-2025-otters", "otters-borough-2025", "Council!2025xyz"]
        {
            let why = refusal(password).unwrap_or_else(|| panic!("{password} is accepted"));
            assert!(why.contains("the council's name"), "{password}: {why}");
        }
        let why = refusal("hartwell2025!!!").unwrap();
        assert!(why.contains("('Hartwell')"), "the word as the council writes it: {why}");
        let bath = Holder { email: "qa@bathnes.example", authority: "Bath and North East Somerset Council" };
        assert!(check_policy("password", "tidy-bath-harbour-58", &bath).is_err(), "a word of four letters");
        assert!(check_policy("password", "tidy-and-harbour-58", &bath).is_ok(), "a word of three is left out");
    }

    #[test]
    fn a_password_holding_the_products_name_is_refused_saying_why() {
        let why = refusal("Sustain-2025-otters").unwrap();
        assert!(why.contains("'Sustain', the name of this service"), "{why}");
        assert!(refusal("s-u-s-t-a-i-n-harbour").is_some(), "spelt out with separators");
    }

    #[test]
    fn the_decoy_hash_is_well_formed_and_matches_nothing_likely() {
        assert!(PasswordHash::new(decoy_hash()).is_ok());
        assert!(!verify("", decoy_hash()));
    }

    /// An unknown email must cost what a wrong password costs.
    #[test]
    fn the_decoy_hash_and_new_hashes_have_the_same_cost() {
        let decoy = Params::try_from(&PasswordHash::new(decoy_hash()).unwrap()).unwrap();
        let stored = hash("correct horse battery staple").unwrap();
        let made = Params::try_from(&PasswordHash::new(&stored).unwrap()).unwrap();
        assert_eq!((decoy.m_cost(), decoy.t_cost(), decoy.p_cost()), (made.m_cost(), made.t_cost(), made.p_cost()));
        assert_eq!((made.m_cost(), made.t_cost(), made.p_cost()), (7 * 1024, 5, 1), "OWASP's 7 MiB, five passes");
    }

    /// Hashes stored before the settings changed keep working.
    #[test]
    fn a_hash_stored_under_the_old_settings_still_verifies() {
        let salt = SaltString::generate(&mut OsRng);
        let old = Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::new(19456, 2, 1, None).unwrap())
            .hash_password(b"correct horse battery staple", &salt)
            .unwrap()
            .to_string();
        assert!(old.contains("m=19456,t=2,p=1"), "{old}");
        assert!(verify("correct horse battery staple", &old));
        assert!(!verify("correct horse battery stapl", &old));
    }

    #[actix_web::test]
    async fn the_hasher_hashes_and_verifies_on_its_own_threads() {
        let hasher = Hasher::with_threads(1);
        let stored = hasher.hash("correct horse battery staple".into()).await.unwrap();
        assert!(hasher.verify("correct horse battery staple".into(), stored.clone()).await.unwrap());
        assert!(!hasher.verify("wrong".into(), stored).await.unwrap());
    }

    #[test]
    fn generated_passwords_meet_the_policy() {
        for _ in 0..20 {
            assert!(check_policy("password", &generate(&HOLDER), &HOLDER).is_ok());
        }
    }
}
