//! The DfE statistical-neighbour model: for each council (by its DfE
//! number) the ten councils most like it, nearest first, with how close each is.

use super::tidy::Table;
use super::FigureError;

/// How many neighbours the model names per council.
pub const NEIGHBOURS: usize = 10;

/// One council's neighbour at a position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Neighbour {
    pub la_code: String,
    pub position: i32,
    pub neighbour_code: String,
    /// "Close", "Somewhat close", ...: trimmed (one band is written with a trailing space).
    pub closeness: String,
    pub la_name: String,
    pub region_name: String,
}

/// The model read from one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Model {
    pub file: String,
    /// The model's year, from the file's name ("2025"), or "unnamed" when the name gives none.
    pub model: String,
    pub neighbours: Vec<Neighbour>,
}

impl Model {
    /// How many councils the model covers.
    pub fn councils(&self) -> usize {
        let mut codes: Vec<&str> = self.neighbours.iter().map(|n| n.la_code.as_str()).collect();
        codes.dedup();
        codes.len()
    }
}

/// The first four-digit year (20xx) in a file name.
fn year_in(name: &str) -> Option<String> {
    let digits: Vec<char> = name.chars().collect();
    digits.windows(4).enumerate().find_map(|(i, w)| {
        let before = i.checked_sub(1).and_then(|b| digits.get(b)).is_some_and(|c| c.is_ascii_digit());
        let after = digits.get(i + 4).is_some_and(|c| c.is_ascii_digit());
        (w[0] == '2' && w[1] == '0' && w.iter().all(|c| c.is_ascii_digit()) && !before && !after)
            .then(|| w.iter().collect())
    })
}

/// Reads the model: `old_la_code`, `la_name`, `region_name`, and `SN_n` (a
/// neighbour's number) with `SN_nP` (its closeness) for n in 1..=10.
pub fn model(table: &Table) -> Result<Model, FigureError> {
    let code = table.column("old_la_code")?;
    let name = table.column("la_name")?;
    let region = table.column("region_name")?;
    let mut positions = Vec::new();
    for n in 1..=NEIGHBOURS {
        positions.push((n, table.column(&format!("SN_{n}"))?, table.column(&format!("SN_{n}P"))?));
    }
    let mut neighbours = Vec::new();
    for (line, row) in &table.rows {
        let text = |i: usize| row.get(i).unwrap_or("").trim().to_string();
        let la_code = text(code);
        if la_code.is_empty() {
            return Err(table.at(*line, "old_la_code", "empty"));
        }
        for &(n, sn, closeness) in &positions {
            let neighbour_code = text(sn);
            // A council with fewer than ten neighbours leaves the rest blank.
            if neighbour_code.is_empty() {
                continue;
            }
            if !neighbour_code.chars().all(|c| c.is_ascii_digit()) {
                return Err(table.at(
                    *line,
                    &format!("SN_{n}"),
                    format!("'{neighbour_code}' is not a council's number"),
                ));
            }
            neighbours.push(Neighbour {
                la_code: la_code.clone(),
                position: i32::try_from(n).unwrap_or(i32::MAX),
                neighbour_code,
                closeness: text(closeness),
                la_name: text(name),
                region_name: text(region),
            });
        }
    }
    if neighbours.is_empty() {
        return Err(FigureError::new(&table.file, "no council has a neighbour"));
    }
    Ok(Model {
        file: table.file.clone(),
        model: year_in(&table.file).unwrap_or_else(|| "unnamed".to_string()),
        neighbours,
    })
}

#[cfg(test)]
mod tests {
    use super::super::{read, FigureFile};
    use super::*;

    fn header() -> String {
        let mut h = String::from("\u{feff}old_la_code,la_name,region_ind,region_name");
        for n in 1..=10 {
            h.push_str(&format!(",SN_{n},SN_{n}P"));
        }
        h
    }

    #[test]
    fn the_model_reads_with_a_bom_and_trims_the_closeness() {
        let mut row = String::from("866,Swindon,7,South West");
        for n in 1..=10 {
            row.push_str(&format!(",{},Close ", 800 + n));
        }
        let text = format!("{}\n{row}\n", header());
        let FigureFile::Neighbours(m) = read("sn_model_2025_wide.csv", text.as_bytes()).unwrap() else { panic!() };
        assert_eq!(m.model, "2025");
        assert_eq!(m.councils(), 1);
        assert_eq!(m.neighbours.len(), 10);
        assert_eq!(m.neighbours[0].closeness, "Close");
        assert_eq!(m.neighbours[9].neighbour_code, "810");
    }

    #[test]
    fn a_missing_closeness_column_is_named() {
        let text = header().replace(",SN_3P", "") + "\n";
        let err = read("sn.csv", text.as_bytes()).unwrap_err();
        assert_eq!(err.to_string(), "sn.csv: no column SN_3P");
    }

    #[test]
    fn a_year_is_read_from_the_name() {
        assert_eq!(year_in("sn_model_2025_wide.csv").as_deref(), Some("2025"));
        assert_eq!(year_in("model_120255.csv"), None);
    }
}
