//! Reading a series from CSV text: `period,value[,recalculate]`.

use super::SeriesPoint;
use chrono::NaiveDate;
use std::fmt;

/// Why a CSV series could not be read; its message names the row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeriesCsvError {
    /// The line of the file (the header is line 1), when the problem has one.
    pub line: Option<usize>,
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

/// Reads `period,value[,recalculate]` with a header; periods are ISO dates in
/// any order, `recalculate` is 1 (new segment) or 0/empty. A period may appear once.
pub fn series_from_csv(text: &str) -> Result<Vec<SeriesPoint>, SeriesCsvError> {
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).flexible(true).from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| at(1, format!("the header could not be read: {e}")))?.clone();
    let names: Vec<String> = headers.iter().map(|h| h.trim_start_matches('\u{feff}').to_ascii_lowercase()).collect();
    let wanted_ok = names.len() >= 2
        && names[0] == "period"
        && names[1] == "value"
        && (names.len() == 2 || (names.len() == 3 && names[2] == "recalculate"));
    if !wanted_ok {
        return Err(at(
            1,
            format!("the header must be period,value or period,value,recalculate, not {}", names.join(",")),
        ));
    }
    let mut points: Vec<SeriesPoint> = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let line = index + 2;
        let record = record.map_err(|e| at(line, format!("could not be read: {e}")))?;
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
        let recalculate = match record.get(2).unwrap_or("") {
            "" | "0" => false,
            "1" => true,
            other => return Err(at(line, format!("'{other}' in column recalculate must be 1, 0 or empty"))),
        };
        if points.iter().any(|p| p.period == period) {
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
    fn a_bad_value_names_its_line_and_column() {
        let err = series_from_csv("period,value\n2024-01-31,70\n2024-02-29,abc\n").unwrap_err();
        assert_eq!(err.to_string(), "row 2 (line 3): 'abc' in column value is not a number");
    }

    #[test]
    fn a_bad_date_a_duplicate_and_a_bad_header_are_refused() {
        assert!(series_from_csv("period,value\n31/01/2024,70\n")
            .unwrap_err()
            .to_string()
            .starts_with("row 1 (line 2):"));
        assert!(series_from_csv("period,value\n2024-01-31,70\n2024-01-31,71\n")
            .unwrap_err()
            .to_string()
            .contains("more than once"));
        assert!(series_from_csv("date,amount\n2024-01-31,70\n")
            .unwrap_err()
            .to_string()
            .starts_with("header (line 1):"));
        assert_eq!(series_from_csv("period,value\n").unwrap_err().to_string(), "the file has no data rows");
    }
}
