//! Numbers as people read them in Sustain's pages, reports and documents.

/// A number to one decimal place, ".0" trimmed, thousands grouped with commas.
/// A value no measure can hold (stored before the rules) is written as it is
/// stored, in scientific notation, rather than as a wrong figure.
pub fn plain_number(value: f64) -> String {
    if !value.is_finite() {
        return "not a number".to_string();
    }
    if value.abs() >= 1e15 {
        return format!("{value:e}");
    }
    let tenths = (value * 10.0).round() as i64;
    let sign = if tenths < 0 { "-" } else { "" };
    let (whole, tenth) = (tenths.unsigned_abs() / 10, tenths.unsigned_abs() % 10);
    let digits = whole.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    if tenth == 0 {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{tenth}")
    }
}
