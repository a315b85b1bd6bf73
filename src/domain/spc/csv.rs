//! Reading a series from CSV text: `period,value[,recalculate]`.
//!
//! Errors name the data row (1-based, the header not counted) and the line of
//! the file, e.g. "row 2 (line 3): 'abc' in column value is not a number".

use super::SeriesPoint;
use chrono::NaiveDate;
use std::collections::HashSet;
use std::fmt;

/// Why a CSV series could not be read; its one-line message names the row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeriesCsvError {
    /// The line of the file (the header is line 1), when the problem has one.
    pub line: Option<usize>,
    /// What is wrong, without the position.
    pub message: String,
}

impl fmt::Display for SeriesCsvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(1) => write!(f, "header (line 1): {}", self.message),
            Some(line) => write!(f, "row {} (line {line}): {}", line - 1, self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for SeriesCsvError {}

fn at(line: usize, message: impl Into<String>) -> SeriesCsvError {
    SeriesCsvError { line: Some(line), message: message.into() }
}

/// Reads `period,value[,recalculate]` with a header (any case, a byte-order
/// mark allowed); periods are ISO dates in any order, each at most once;
/// `recalculate` is 1 (a new segment starts here) or 0/empty. Blank rows are
/// skipped. The points come back sorted by period.
pub fn series_from_csv(text: &str) -> Result<Vec<SeriesPoint>, SeriesCsvError> {
    if text.trim().is_empty() {
        return Err(SeriesCsvError {
            line: None,
            message: "the file is empty; it needs the header period,value".into(),
        });
    }
    let mut reader = ::csv::ReaderBuilder::new().trim(::csv::Trim::All).flexible(true).from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| at(1, format!("the header could not be read: {e}")))?.clone();
    let names: Vec<String> = headers.iter().map(|h| h.trim_start_matches('\u{feff}').to_ascii_lowercase()).collect();
    let header_ok = names.len() >= 2
        && names[0] == "period"
        && names[1] == "value"
        && (names.len() == 2 || (names.len() == 3 && names[2] == "recalculate"));
    if !header_ok {
        return Err(at(
            1,
            format!("the header must be period,value or period,value,recalculate, not {}", names.join(",")),
        ));
    }
    let mut points: Vec<SeriesPoint> = Vec::new();
    let mut seen = HashSet::new();
    let mut record = ::csv::StringRecord::new();
    // Lines are counted from the byte offset, past any blank lines the reader
    // skipped: its own line count leaves those out.
    let bytes = text.as_bytes();
    let line_at = |byte: u64| {
        let mut end = usize::try_from(byte).unwrap_or(usize::MAX).min(bytes.len());
        while end < bytes.len() && matches!(bytes[end], b'\n' | b'\r') {
            end += 1;
        }
        bytes[..end].iter().filter(|b| **b == b'\n').count() + 1
    };
    loop {
        let line = line_at(reader.position().byte());
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(at(line, format!("could not be read: {e}"))),
        }
        let line = record.position().map_or(line, |p| line_at(p.byte()));
        if record.iter().all(|f| f.is_empty()) {
            continue;
        }
        if record.len() > names.len() {
            return Err(at(line, format!("has {} columns; the header has {}", record.len(), names.len())));
        }
        let period_text = record.get(0).unwrap_or("");
        let period = NaiveDate::parse_from_str(period_text, "%Y-%m-%d")
            .map_err(|_| at(line, format!("'{period_text}' in column period is not a date like 2024-01-31")))?;
        let value_text = record.get(1).unwrap_or("");
        let value: f64 = value_text
            .parse()
            .ok()
            .filter(|v: &f64| v.is_finite())
            .ok_or_else(|| at(line, format!("'{value_text}' in column value is not a number")))?;
        if !super::analysable(value) {
            return Err(at(
                line,
                format!("'{value_text}' in column value is too large to analyse: values must be within 1e12 of zero"),
            ));
        }
        let recalculate = match record.get(2).unwrap_or("") {
            "" | "0" => false,
            "1" => true,
            other => return Err(at(line, format!("'{other}' in column recalculate must be 1, 0 or empty"))),
        };
        if !seen.insert(period) {
            return Err(at(line, format!("period {period} appears more than once")));
        }
        points.push(SeriesPoint { period, value, recalculate });
    }
    if points.is_empty() {
        return Err(SeriesCsvError { line: None, message: "the file has no data rows".into() });
    }
    points.sort_by_key(|p| p.period);
    Ok(points)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_in_any_order_come_back_sorted_with_segments() {
        let points =
            series_from_csv("period,value,recalculate\n2024-02-29,71\n2024-01-31,70.5,0\n2024-03-31,80,1\n").unwrap();
        assert_eq!(points.len(), 3);
        assert_eq!(points[0].period, NaiveDate::from_ymd_opt(2024, 1, 31).unwrap());
        assert!(points[2].recalculate && !points[1].recalculate);
    }

    #[test]
    fn a_bad_value_names_its_row_line_and_column() {
        let err = series_from_csv("period,value\n2024-01-31,70\n2024-02-29,abc\n").unwrap_err();
        assert_eq!(err.to_string(), "row 2 (line 3): 'abc' in column value is not a number");
    }

    #[test]
    fn a_value_too_large_to_analyse_is_refused_by_row() {
        let err = series_from_csv("period,value\n2024-01-31,70\n2024-02-29,1e308\n").unwrap_err().to_string();
        assert_eq!(
            err,
            "row 2 (line 3): '1e308' in column value is too large to analyse: values must be within 1e12 of zero"
        );
        assert!(series_from_csv("period,value\n2024-01-31,-inf\n").is_err());
    }

    #[test]
    fn a_blank_line_counts_in_the_line_number() {
        let err = series_from_csv("period,value\n2024-01-31,70\n\n2024-03-31,NaN\n").unwrap_err();
        assert_eq!(err.line, Some(4));
    }

    #[test]
    fn a_bad_date_and_a_bad_recalculate_flag_are_refused() {
        let err = series_from_csv("period,value\n31/01/2024,70\n").unwrap_err().to_string();
        assert_eq!(err, "row 1 (line 2): '31/01/2024' in column period is not a date like 2024-01-31");
        let err = series_from_csv("period,value,recalculate\n2024-01-31,70,yes\n").unwrap_err().to_string();
        assert_eq!(err, "row 1 (line 2): 'yes' in column recalculate must be 1, 0 or empty");
    }

    #[test]
    fn a_duplicate_period_is_refused_at_its_second_row() {
        let err = series_from_csv("period,value\n2024-01-31,70\n2024-01-31,71\n").unwrap_err().to_string();
        assert_eq!(err, "row 2 (line 3): period 2024-01-31 appears more than once");
    }

    #[test]
    fn a_wrong_or_missing_header_is_refused() {
        let err = series_from_csv("date,amount\n2024-01-31,70\n").unwrap_err().to_string();
        assert_eq!(
            err,
            "header (line 1): the header must be period,value or period,value,recalculate, not date,amount"
        );
        assert!(series_from_csv("2024-01-31,70\n").unwrap_err().to_string().starts_with("header (line 1):"));
        assert!(series_from_csv("\u{feff}Period,Value\n2024-01-31,70\n").is_ok());
    }

    #[test]
    fn an_empty_file_or_a_header_alone_is_refused() {
        assert_eq!(series_from_csv("").unwrap_err().to_string(), "the file is empty; it needs the header period,value");
        assert_eq!(series_from_csv("period,value\n").unwrap_err().to_string(), "the file has no data rows");
    }

    #[test]
    fn extra_columns_in_a_row_are_refused() {
        let err = series_from_csv("period,value\n2024-01-31,70,1\n").unwrap_err().to_string();
        assert_eq!(err, "row 1 (line 2): has 3 columns; the header has 2");
    }
}
