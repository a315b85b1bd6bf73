//! What checking an issued report found: made again from what Sustain held
//! when it was issued, it has the SHA-256 recorded then, or not.

/// What making an issued report again found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Check {
    /// The same bytes: the SHA-256 recorded at issue.
    Same,
    /// Other bytes, with their SHA-256.
    Different { sha256: String },
    /// The report could not be made again, and why.
    NotMade(String),
}
