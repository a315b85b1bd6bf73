//! Published figures: the DfE's statistics of every council, region and
//! England, read from the DfE's own files to compare a council with its
//! statistical neighbours. Pure: the files arrive as bytes.

pub mod catalogue;
pub mod compare;
pub mod inspections;
pub mod lait;
pub mod neighbours;
pub mod shipped;
pub mod tidy;

use std::fmt;

/// England's code in every DfE file (`country_code`).
pub const ENGLAND: &str = "E92000001";

/// Whether a text is a DfE local authority number: three digits.
pub fn is_la_code(text: &str) -> bool {
    text.len() == 3 && text.bytes().all(|b| b.is_ascii_digit())
}

/// A council's DfE number as typed (`?la=866`): three digits, or the message saying so.
pub fn la_code(text: &str) -> Result<String, &'static str> {
    let text = text.trim();
    if is_la_code(text) {
        Ok(text.to_string())
    } else {
        Err("Enter a local authority number of 3 digits, like 866")
    }
}

/// What a value counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Percent,
    RatePer10000,
    Number,
}

impl Unit {
    /// The unit a stored text names; an unknown one counts as a plain number.
    pub fn from_stored(text: &str) -> Unit {
        match text {
            "percent" => Unit::Percent,
            "rate_per_10000" => Unit::RatePer10000,
            _ => Unit::Number,
        }
    }

    /// The stored text.
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Percent => "percent",
            Unit::RatePer10000 => "rate_per_10000",
            Unit::Number => "number",
        }
    }
}

/// Which way is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Polarity {
    High,
    Low,
    Neither,
}

impl Polarity {
    /// The polarity a stored text names; an unknown one judges neither way.
    pub fn from_stored(text: &str) -> Polarity {
        match text {
            "high" => Polarity::High,
            "low" => Polarity::Low,
            _ => Polarity::Neither,
        }
    }

    /// Which way is better, in words.
    pub fn in_words(self) -> &'static str {
        match self {
            Polarity::High => "higher is better",
            Polarity::Low => "lower is better",
            Polarity::Neither => "neither higher nor lower is better",
        }
    }

    /// The stored text.
    pub fn as_str(self) -> &'static str {
        match self {
            Polarity::High => "high",
            Polarity::Low => "low",
            Polarity::Neither => "neither",
        }
    }
}

/// Which kind of area a row is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    National,
    Regional,
    LocalAuthority,
}

impl Level {
    /// The level a stored text names.
    pub fn from_stored(text: &str) -> Option<Level> {
        [Level::National, Level::Regional, Level::LocalAuthority].into_iter().find(|l| l.as_str() == text)
    }

    /// The stored text.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::National => "national",
            Level::Regional => "regional",
            Level::LocalAuthority => "local_authority",
        }
    }

    /// The level a file's `geographic_level` names; other levels (local
    /// authority districts, parliamentary constituencies) are not compared.
    pub fn from_file(text: &str) -> Option<Level> {
        match text.trim() {
            "National" => Some(Level::National),
            "Regional" => Some(Level::Regional),
            "Local authority" => Some(Level::LocalAuthority),
            _ => None,
        }
    }
}

/// Why a figure is not published: the code the DfE writes in its place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Suppression {
    Confidential,
    NotAvailable,
    NotApplicable,
    FewerThanHalf,
    LowReliability,
    RoundsToZero,
}

impl Suppression {
    /// Every code, for messages.
    pub const CODES: &'static str = "c, x, z, k, u, low";

    /// The code a file writes in place of the value.
    pub fn from_code(text: &str) -> Option<Suppression> {
        match text.trim() {
            "c" => Some(Suppression::Confidential),
            "x" => Some(Suppression::NotAvailable),
            "z" => Some(Suppression::NotApplicable),
            "k" => Some(Suppression::FewerThanHalf),
            "u" => Some(Suppression::LowReliability),
            "low" => Some(Suppression::RoundsToZero),
            _ => None,
        }
    }

    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Suppression::Confidential => "c",
            Suppression::NotAvailable => "x",
            Suppression::NotApplicable => "z",
            Suppression::FewerThanHalf => "k",
            Suppression::LowReliability => "u",
            Suppression::RoundsToZero => "low",
        }
    }

    /// What the code means, in words.
    pub fn meaning(self) -> &'static str {
        match self {
            Suppression::Confidential => "not published: confidential (too few children to show)",
            Suppression::NotAvailable => "not published: not available",
            Suppression::NotApplicable => "not published: not applicable",
            Suppression::FewerThanHalf => "not published: fewer than 0.5",
            Suppression::LowReliability => "not published: low reliability",
            Suppression::RoundsToZero => "not published: rounds to zero",
        }
    }

    /// The meaning of a stored code; an unknown one is named as it is.
    pub fn meaning_of(code: &str) -> String {
        Suppression::from_code(code).map_or_else(|| format!("not published ({code})"), |s| s.meaning().to_string())
    }
}

/// A file that could not be read as published figures: the file, and where
/// in it (column, row) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigureError {
    pub file: String,
    pub message: String,
}

impl FigureError {
    pub fn new(file: &str, message: impl Into<String>) -> Self {
        Self { file: file.to_string(), message: message.into() }
    }
}

impl fmt::Display for FigureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

impl std::error::Error for FigureError {}

/// A file's content read into records, ready to be stored.
#[derive(Debug, Clone, PartialEq)]
pub enum FigureFile {
    Statistics(tidy::Statistics),
    Neighbours(neighbours::Model),
    Dictionary(lait::Dictionary),
}

/// Reads one file of published figures, recognised by its name or columns.
pub fn read(file_name: &str, bytes: &[u8]) -> Result<FigureFile, FigureError> {
    let table = tidy::Table::read(file_name, bytes)?;
    match catalogue::recognise(file_name, &table.headers) {
        Some(catalogue::Kind::Statistics(file)) => tidy::statistics(&table, file).map(FigureFile::Statistics),
        Some(catalogue::Kind::Neighbours) => neighbours::model(&table).map(FigureFile::Neighbours),
        Some(catalogue::Kind::Dictionary) => lait::dictionary(&table).map(FigureFile::Dictionary),
        None => Err(FigureError::new(
            &table.file,
            "not a file of published figures Sustain reads (a DfE statistics file c1, d3, d5, b1, cla or csww, \
             the statistical-neighbour model or the LAIT data dictionary)",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_suppression_code_reads_back_with_its_meaning() {
        for code in Suppression::CODES.split(", ") {
            let s = Suppression::from_code(code).expect(code);
            assert_eq!(s.code(), code);
            assert!(s.meaning().starts_with("not published"));
        }
        assert_eq!(Suppression::from_code("12"), None);
    }

    #[test]
    fn an_unknown_file_is_refused_by_name() {
        let err = read("notes.csv", b"a,b\n1,2\n").unwrap_err();
        assert_eq!(err.file, "notes.csv");
        assert!(err.message.contains("not a file of published figures"), "{err}");
    }
}
