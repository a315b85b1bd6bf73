//! Plan references ("1.10", "APA2", "R3a") in the order people number them.

use std::cmp::Ordering;

/// One run of a reference: a number, or the letters and signs between numbers.
/// Numbers come before text at the same place, and compare by value however
/// long they are (by digit count, then digits), so nothing overflows.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum ReferencePart {
    Number { digits: usize, value: String },
    Text(String),
}

/// A key that sorts 1.9 before 1.10 and APA2 before APA10, ignoring case;
/// worked out once per line when a list is sorted.
pub fn reference_key(reference: &str) -> Vec<ReferencePart> {
    let mut parts = Vec::new();
    let mut rest = reference;
    while let Some(first) = rest.chars().next() {
        let numeric = first.is_ascii_digit();
        let end = rest.find(|c: char| c.is_ascii_digit() != numeric).unwrap_or(rest.len());
        let (run, after) = rest.split_at(end);
        parts.push(if numeric {
            let value = run.trim_start_matches('0');
            ReferencePart::Number { digits: value.len(), value: value.to_string() }
        } else {
            ReferencePart::Text(run.to_lowercase())
        });
        rest = after;
    }
    parts
}

/// Compares two references as people number them.
pub fn natural(a: &str, b: &str) -> Ordering {
    reference_key(a).cmp(&reference_key(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_sort_as_people_number_them() {
        let mut refs =
            vec!["APA10", "1.10", "apa2", "1.9", "R3b", "R3a", "2", "1.9.1", "99999999999999999999999", "10"];
        refs.sort_by(|a, b| natural(a, b));
        assert_eq!(refs, ["1.9", "1.9.1", "1.10", "2", "10", "99999999999999999999999", "apa2", "APA10", "R3a", "R3b"]);
        assert_eq!(natural("007", "7"), Ordering::Equal);
        assert!(reference_key("").is_empty());
    }
}
