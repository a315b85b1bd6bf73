//! The DfE's tidy CSV files (one row per year, area and filter), read by
//! column name: columns move and are renamed between releases.

use super::catalogue::{self, Indicator, StatisticsFile};
use super::{FigureError, Level, Suppression};
use std::collections::{BTreeMap, HashMap, HashSet};

/// A CSV file read whole: its header and rows, each with its line in the file.
#[derive(Debug, Clone)]
pub struct Table {
    pub file: String,
    pub headers: Vec<String>,
    pub rows: Vec<(u64, csv::StringRecord)>,
}

impl Table {
    /// Reads a CSV file, with or without a byte-order mark; rows may be short
    /// or long (a missing cell reads as empty).
    pub fn read(file_name: &str, bytes: &[u8]) -> Result<Table, FigureError> {
        let file = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name).to_string();
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
        let headers = reader
            .headers()
            .map_err(|e| FigureError::new(&file, format!("the first line is not a CSV header: {e}")))?
            .iter()
            .map(|h| h.trim().to_string())
            .collect();
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| FigureError::new(&file, format!("not readable as CSV: {e}")))?;
            let line = record.position().map_or(0, |p| p.line());
            rows.push((line, record));
        }
        Ok(Table { file, headers, rows })
    }

    /// The index of a column, or an error naming it.
    pub fn column(&self, name: &str) -> Result<usize, FigureError> {
        self.headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| FigureError::new(&self.file, format!("no column {name}")))
    }

    /// The index of the first of these names the file has, and that name.
    pub fn column_of(&self, names: &[&str], in_words: &str) -> Result<(usize, String), FigureError> {
        names
            .iter()
            .find_map(|name| self.headers.iter().position(|h| h == name).map(|i| (i, (*name).to_string())))
            .ok_or_else(|| FigureError::new(&self.file, format!("no column {in_words}")))
    }

    /// An error at a row and column.
    pub fn at(&self, line: u64, column: &str, message: impl std::fmt::Display) -> FigureError {
        FigureError::new(&self.file, format!("row {line}, column {column}: {message}"))
    }
}

/// A cell, trimmed; a short row's missing cell is empty.
fn cell(record: &csv::StringRecord, index: usize) -> &str {
    record.get(index).unwrap_or("").trim()
}

/// England, a region or a council, as a file names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Area {
    pub code: String,
    pub level: Level,
    pub name: String,
    pub ons_code: Option<String>,
    pub region_code: Option<String>,
    pub region_name: Option<String>,
    /// The year of the row the name was read from.
    pub named_in: String,
}

/// One published value, or the code that stands in its place.
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    pub time_period: String,
    pub level: Level,
    pub area_code: String,
    pub value: Option<f64>,
    pub suppressed: Option<Suppression>,
}

/// An indicator's values read from one file.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub indicator: &'static Indicator,
    /// The column read (its current name or an older one).
    pub column: String,
    pub values: Vec<Value>,
}

/// A statistics file read.
#[derive(Debug, Clone, PartialEq)]
pub struct Statistics {
    pub file: String,
    pub publication: &'static str,
    /// The newest year in the file: its values replace those of an older release, never the reverse.
    pub release: String,
    pub areas: Vec<Area>,
    pub series: Vec<Series>,
}

/// The columns that say which year and area a row is about.
struct Geography {
    time_period: usize,
    level: usize,
    country_code: usize,
    country_name: Option<usize>,
    region_code: usize,
    region_name: usize,
    old_la_code: usize,
    new_la_code: usize,
    la_name: usize,
}

impl Geography {
    fn find(table: &Table) -> Result<Self, FigureError> {
        Ok(Geography {
            time_period: table.column("time_period")?,
            level: table.column("geographic_level")?,
            country_code: table.column("country_code")?,
            country_name: table.column("country_name").ok(),
            region_code: table.column("region_code")?,
            region_name: table.column("region_name")?,
            old_la_code: table.column("old_la_code")?,
            new_la_code: table.column("new_la_code")?,
            la_name: table.column("la_name")?,
        })
    }

    /// The area a row is about, or none for a level not compared.
    fn area(&self, table: &Table, line: u64, row: &csv::StringRecord) -> Result<Option<Area>, FigureError> {
        let Some(level) = Level::from_file(cell(row, self.level)) else { return Ok(None) };
        let named_in = cell(row, self.time_period).to_string();
        let text = |i: usize| Some(cell(row, i).to_string()).filter(|s| !s.is_empty());
        let required = |i: usize, name: &str| text(i).ok_or_else(|| table.at(line, name, "empty"));
        let (code, name) = match level {
            Level::National => (
                required(self.country_code, "country_code")?,
                self.country_name.and_then(text).unwrap_or_else(|| "England".to_string()),
            ),
            Level::Regional => (required(self.region_code, "region_code")?, required(self.region_name, "region_name")?),
            Level::LocalAuthority => (required(self.old_la_code, "old_la_code")?, required(self.la_name, "la_name")?),
        };
        // Only a council's row is read for its ONS code and the region it is in.
        let of_council = |i: usize| if level == Level::LocalAuthority { text(i) } else { None };
        Ok(Some(Area {
            code,
            level,
            name,
            ons_code: of_council(self.new_la_code),
            region_code: of_council(self.region_code),
            region_name: of_council(self.region_name),
            named_in,
        }))
    }
}

/// A value cell: a number, or a suppression code kept as not published.
fn value(
    table: &Table,
    line: u64,
    column: &str,
    text: &str,
) -> Result<(Option<f64>, Option<Suppression>), FigureError> {
    if let Some(code) = Suppression::from_code(text) {
        return Ok((None, Some(code)));
    }
    match text.parse::<f64>() {
        Ok(n) if n.is_finite() => Ok((Some(n), None)),
        _ if text.is_empty() => Err(table.at(line, column, "empty, where a number or a suppression code was expected")),
        _ => Err(table.at(
            line,
            column,
            format!("'{text}' is neither a number nor a suppression code ({})", Suppression::CODES),
        )),
    }
}

/// One indicator's column and filter in a file.
struct Reading {
    indicator: &'static Indicator,
    index: usize,
    column: String,
    filter: Option<(usize, &'static str)>,
    values: Vec<Value>,
    seen: HashSet<(String, Level, String)>,
}

/// Reads a statistics file: every area it names, and each of its indicators'
/// values. A required column missing is an error naming it; a bad value, an
/// error naming its row and column.
pub fn statistics(table: &Table, file: &'static StatisticsFile) -> Result<Statistics, FigureError> {
    let geography = Geography::find(table)?;
    let mut readings = Vec::new();
    for indicator in catalogue::indicators_of(file) {
        let (index, column) = table.column_of(indicator.columns, &indicator.columns_in_words())?;
        let filter = match indicator.filter {
            Some((name, wanted)) => Some((table.column(name)?, wanted)),
            None => None,
        };
        readings.push(Reading { indicator, index, column, filter, values: Vec::new(), seen: HashSet::new() });
    }
    let mut areas: HashMap<String, Area> = HashMap::new();
    let mut release = String::new();
    for (line, row) in &table.rows {
        let time_period = cell(row, geography.time_period);
        if time_period.is_empty() {
            return Err(table.at(*line, "time_period", "empty"));
        }
        if time_period > release.as_str() {
            release = time_period.to_string();
        }
        let Some(area) = geography.area(table, *line, row)? else { continue };
        for reading in &mut readings {
            if reading.filter.is_some_and(|(i, wanted)| cell(row, i) != wanted) {
                continue;
            }
            let key = (time_period.to_string(), area.level, area.code.clone());
            if !reading.seen.insert(key) {
                return Err(table.at(
                    *line,
                    &reading.column,
                    format!("a second row for {time_period}, {} {}", area.level.as_str(), area.code),
                ));
            }
            let (number, suppressed) = value(table, *line, &reading.column, cell(row, reading.index))?;
            reading.values.push(Value {
                time_period: time_period.to_string(),
                level: area.level,
                area_code: area.code.clone(),
                value: number,
                suppressed,
            });
        }
        let newer = areas.get(&area.code).is_none_or(|known| area.named_in >= known.named_in);
        if newer {
            areas.insert(area.code.clone(), area);
        }
    }
    if table.rows.is_empty() {
        return Err(FigureError::new(&table.file, "no rows under the header"));
    }
    let areas: BTreeMap<_, _> = areas.into_iter().collect();
    Ok(Statistics {
        file: table.file.clone(),
        publication: file.publication,
        release,
        areas: areas.into_values().collect(),
        series: readings
            .into_iter()
            .map(|r| Series { indicator: r.indicator, column: r.column, values: r.values })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::super::{read, FigureFile};
    use super::*;

    const C1: &str =
        "\u{feff}time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,\
        old_la_code,new_la_code,la_name,Re_referrals_percent\n\
        2024,Reporting year,National,E92000001,England,,,,,,22.4\n\
        2025,Reporting year,National,E92000001,England,,,,,,22.6\n\
        2025,Reporting year,Regional,E92000001,England,E12000001,North East,,,,20.7\n\
        2025,Reporting year,Local authority,E92000001,England,E12000007,South West,866,E06000030,Swindon,c\n\
        2025,Reporting year,Local authority district,E92000001,England,,,,,Somewhere,9\n";

    fn statistics_of(name: &str, text: &str) -> Result<Statistics, FigureError> {
        match read(name, text.as_bytes())? {
            FigureFile::Statistics(s) => Ok(s),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_older_column_name_reads_and_suppressed_values_keep_their_code() {
        let s = statistics_of("c1_old.csv", C1).unwrap();
        assert_eq!(s.release, "2025");
        assert_eq!(s.areas.len(), 3);
        let series = &s.series[0];
        assert_eq!(series.column, "Re_referrals_percent");
        assert_eq!(series.values.len(), 4);
        assert_eq!(series.values[1].value, Some(22.6));
        assert_eq!(series.values[3].area_code, "866");
        assert_eq!(series.values[3].suppressed, Some(Suppression::Confidential));
    }

    #[test]
    fn a_missing_column_is_named_with_its_older_names() {
        let text = C1.replace(",Re_referrals_percent", ",something_else");
        let err = statistics_of("c1_x.csv", &text).unwrap_err();
        assert_eq!(err.to_string(), "c1_x.csv: no column rereferral_percent (or Re_referrals_percent)");
    }

    #[test]
    fn a_bad_value_is_named_by_row_and_column() {
        let text = C1.replace("22.6", "2x.6");
        let err = statistics_of("c1_x.csv", &text).unwrap_err();
        assert!(err.to_string().starts_with("c1_x.csv: row 3, column Re_referrals_percent:"), "{err}");
    }
}
