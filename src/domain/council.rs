//! The council's own details: its name (in every header, printed page, report
//! and workbook), its DfE local authority number (to compare it with published
//! figures) and its colour (the page header's, behind white text).

use super::fields::FieldErrors;
use super::plan::LINE_MAX;
use super::valid::{Context, Validate};
use serde::{Deserialize, Serialize};

/// The name shown until a council gives its own.
pub const DEFAULT_NAME: &str = "Your council";

/// The header's colour until a council gives its own: near-black, as the
/// GOV.UK header is.
pub const DEFAULT_COLOUR: &str = "#0b0c0c";

/// The contrast white text needs against the header (WCAG 2.2 AA, normal text).
pub const MIN_CONTRAST: f64 = 4.5;

/// The council's details as people typed them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouncilInput {
    pub name: String,
    /// The DfE's three-digit local authority number ("866"), if known.
    pub la_number: Option<String>,
    /// A hex colour, `#1d3a5f` (or `#abc`); kept as `#rrggbb` in lower case.
    pub colour: String,
    /// Whether a completed action waits for a leader's sign-off before it
    /// counts as delivered (on unless the council turns it off).
    #[serde(default = "asked")]
    pub sign_off: bool,
}

fn asked() -> bool {
    true
}

impl CouncilInput {
    /// Details from settings, each falling back to its default when blank.
    pub fn defaults(name: Option<&str>, colour: Option<&str>) -> Self {
        let or = |value: Option<&str>, default: &str| {
            value.map(str::trim).filter(|v| !v.is_empty()).unwrap_or(default).to_string()
        };
        Self { name: or(name, DEFAULT_NAME), la_number: None, colour: or(colour, DEFAULT_COLOUR), sign_off: true }
    }
}

impl Validate for CouncilInput {
    fn tidy_and_check(&mut self, _: &Context) -> FieldErrors {
        let mut errors = FieldErrors::new();
        errors.line("name", "the council's name", &mut self.name, LINE_MAX, true);
        errors.optional_line("la_number", "the local authority number", &mut self.la_number, LINE_MAX);
        if let Some(number) = &self.la_number {
            if !crate::domain::figures::is_la_code(number) {
                errors.add("la_number", "Enter the local authority number as 3 digits, like 866");
            }
        }
        match parse_colour(&self.colour) {
            Err(message) => errors.add("colour", message),
            Ok(rgb) => {
                let ratio = contrast_with_white(rgb);
                if ratio < MIN_CONTRAST {
                    errors.add(
                        "colour",
                        format!(
                            "Choose a darker colour: white text on {} has a contrast of {ratio:.1} to 1, and at least \
                             4.5 to 1 is needed to be readable (WCAG AA)",
                            hex(rgb)
                        ),
                    );
                } else {
                    self.colour = hex(rgb);
                }
            }
        }
        errors
    }
}

/// A colour typed as `#rrggbb` or `#rgb` (the `#` may be left out), as its
/// red, green and blue parts.
pub fn parse_colour(text: &str) -> Result<[u8; 3], String> {
    let digits = text.trim().trim_start_matches('#');
    let problem = || "Enter the colour as a hex colour code, like #1d3a5f".to_string();
    if digits.is_empty() {
        return Err("Enter the council's colour, like #1d3a5f".into());
    }
    if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(problem());
    }
    let wide: String = match digits.len() {
        3 => digits.chars().flat_map(|c| [c, c]).collect(),
        6 => digits.to_string(),
        _ => return Err(problem()),
    };
    let part = |i: usize| u8::from_str_radix(&wide[i..i + 2], 16).map_err(|_| problem());
    Ok([part(0)?, part(2)?, part(4)?])
}

/// `#rrggbb` in lower case.
pub fn hex([r, g, b]: [u8; 3]) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// The WCAG contrast ratio of white against a colour, from 1 (white) to 21 (black).
pub fn contrast_with_white(rgb: [u8; 3]) -> f64 {
    let linear = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let luminance = 0.2126 * linear(rgb[0]) + 0.7152 * linear(rgb[1]) + 0.0722 * linear(rgb[2]);
    1.05 / (luminance + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn checked(name: &str, la_number: Option<&str>, colour: &str) -> Result<CouncilInput, FieldErrors> {
        let input = CouncilInput {
            name: name.into(),
            la_number: la_number.map(Into::into),
            colour: colour.into(),
            sign_off: true,
        };
        input.validate(&Context::for_today(NaiveDate::from_ymd_opt(2026, 1, 5).unwrap())).map(|v| v.into_inner())
    }

    #[test]
    fn a_dark_colour_is_kept_as_six_lower_case_digits() {
        let council = checked(" Hartwell Borough Council ", Some("866"), "1D3A5F").unwrap();
        assert_eq!(council.name, "Hartwell Borough Council");
        assert_eq!(council.colour, "#1d3a5f");
        assert_eq!(checked("Hartwell", None, "#036").unwrap().colour, "#003366");
    }

    #[test]
    fn a_colour_too_light_for_white_text_is_refused_with_its_contrast() {
        let errors = checked("Hartwell", None, "#ffdd00").unwrap_err();
        let message = errors.for_field("colour").unwrap();
        assert!(message.contains("1.3 to 1") && message.contains("4.5 to 1"), "{message}");
        // GOV.UK blue passes, just.
        assert!(checked("Hartwell", None, "#1d70b8").is_ok());
    }

    #[test]
    fn the_local_authority_number_is_three_digits_or_nothing() {
        assert_eq!(checked("Hartwell", Some("  "), "#0b0c0c").unwrap().la_number, None);
        for wrong in ["86", "8666", "86a", "E09"] {
            let errors = checked("Hartwell", Some(wrong), "#0b0c0c").unwrap_err();
            assert!(errors.for_field("la_number").is_some(), "{wrong}");
        }
    }

    #[test]
    fn a_name_is_needed_and_a_colour_must_be_a_colour() {
        let errors = checked(" ", None, "navy").unwrap_err();
        assert!(errors.for_field("name").is_some());
        assert_eq!(errors.for_field("colour"), Some("Enter the colour as a hex colour code, like #1d3a5f"));
    }

    #[test]
    fn white_on_black_is_the_highest_contrast() {
        assert!((contrast_with_white([0, 0, 0]) - 21.0).abs() < 1e-9);
        assert!((contrast_with_white([255, 255, 255]) - 1.0).abs() < 1e-9);
    }
}
