//! Published figures load from the DfE's own files: the stored values equal
//! those the test reads from the CSV itself; suppressed values are kept as not
//! published; an older column name loads; a missing column is refused with
//! nothing written; an older release never replaces a newer one.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;
use sustain::db::figures::{self, LoadError, Loaded};
use sustain::db::schema::change_history;
use sustain::db::{Actor, DbConnection};
use sustain::domain::figures::{Level, Suppression};

const SHIPPED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/figures");

/// Swindon, Barking and Dagenham, Northumberland.
const COUNCILS: [&str; 3] = ["866", "301", "929"];
const CLA_FILTER: (&str, &str) = ("population_type", "Children looked after on 31 March each year");

/// The shipped file whose name starts with `prefix_`.
fn shipped(prefix: &str) -> PathBuf {
    std::fs::read_dir(SHIPPED)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(&format!("{prefix}_")))
        .unwrap_or_else(|| panic!("no shipped {prefix} file"))
}

/// The cell of `column` in the row of a year and area (a council's number, or
/// England), read from the CSV with nothing but the csv crate.
fn from_csv(prefix: &str, column: &str, filter: Option<(&str, &str)>, year: &str, area: Option<&str>) -> String {
    let text = std::fs::read_to_string(shipped(prefix)).unwrap();
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let index = |name: &str| headers.iter().position(|h| h == name).unwrap_or_else(|| panic!("{name}"));
    for row in reader.records() {
        let row = row.unwrap();
        let level = &row[index("geographic_level")];
        let right_area = match area {
            Some(code) => level == "Local authority" && &row[index("old_la_code")] == code,
            None => level == "National",
        };
        let right_filter = filter.is_none_or(|(f, v)| &row[index(f)] == v);
        if &row[index("time_period")] == year && right_area && right_filter {
            return row[index(column)].to_string();
        }
    }
    panic!("no {prefix} row for {year} {area:?}");
}

fn load_shipped(conn: &mut DbConnection) -> Vec<Loaded> {
    figures::load_shipped(conn, &Actor::system("test")).expect("the shipped files load")
}

fn stored(conn: &mut DbConnection, code: &str, year: &str, area: Option<&str>) -> figures::ValueRow {
    let indicator = figures::indicator_by_code(conn, code).unwrap().expect(code);
    let (level, area) = match area {
        Some(code) => (Level::LocalAuthority, code),
        None => (Level::National, "E92000001"),
    };
    figures::value(conn, indicator.id, year, level, area).unwrap().unwrap_or_else(|| panic!("{code} {year} {area}"))
}

fn history_count(conn: &mut DbConnection) -> i64 {
    use diesel::prelude::*;
    change_history::table.count().get_result(conn).unwrap()
}

/// A copy of a shipped file with its text changed, in a folder of its own.
fn copy_with(dir: &Path, prefix: &str, change: impl Fn(&str) -> String) -> PathBuf {
    let from = shipped(prefix);
    let to = dir.join(from.file_name().unwrap());
    std::fs::write(&to, change(&std::fs::read_to_string(&from).unwrap())).unwrap();
    to
}

fn load_paths(conn: &mut DbConnection, paths: &[&Path]) -> Result<Vec<Loaded>, LoadError> {
    let files: Vec<(String, Vec<u8>)> = paths
        .iter()
        .map(|p| (p.file_name().unwrap().to_string_lossy().to_string(), std::fs::read(p).unwrap()))
        .collect();
    let named: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    figures::load_files(conn, &Actor::system("test"), &named)
}

on_both_backends! {
    fn the_stored_values_are_those_of_the_files(backend) {
        let db = common::TestDb::new(backend);
        let mut conn = db.connect();
        let loaded = load_shipped(&mut conn);
        assert_eq!(loaded.len(), 8, "every shipped file");
        let indicators = [
            ("rereferrals_percent", "c1", "rereferral_percent", None),
            ("cpp_subsequent_percent", "d3", "CPP_subsequent_percent", None),
            ("cla_rate_per_10000", "cla", "rate_per_10000", Some(CLA_FILTER)),
        ];
        for (code, prefix, column, filter) in indicators {
            for area in COUNCILS.map(Some).into_iter().chain([None]) {
                let expected: f64 = from_csv(prefix, column, filter, "2025", area).parse().unwrap();
                let row = stored(&mut conn, code, "2025", area);
                assert_eq!(row.value, Some(expected), "{code} {area:?}");
                assert_eq!((row.suppressed, row.release.as_str()), (None, "2025"));
            }
        }
        // Polarity as the LAIT dictionary gives it: re-referrals low, looked-after rate neither.
        let polarity = |conn: &mut DbConnection, code| figures::indicator_by_code(conn, code).unwrap().unwrap().polarity;
        assert_eq!(polarity(&mut conn, "rereferrals_percent"), "low");
        assert_eq!(polarity(&mut conn, "cla_rate_per_10000"), "neither");
        assert_eq!(figures::indicators(&mut conn).unwrap().len(), 8);
        // b1 gives areas only: every council named, with its ONS code.
        let areas = figures::areas(&mut conn).unwrap();
        let swindon = areas.iter().find(|a| a.code == "866").expect("Swindon");
        assert_eq!((swindon.name.as_str(), swindon.ons_code.as_deref()), ("Swindon", Some("E06000030")));
        let neighbours = figures::neighbours_of(&mut conn, "866").unwrap();
        assert_eq!(neighbours.len(), 10);
        assert!(neighbours.iter().all(|n| !n.closeness.ends_with(' ') && n.model == "2025"));
    }
}

on_both_backends! {
    fn a_suppressed_value_is_kept_as_not_published_with_its_code(backend) {
        let db = common::TestDb::new(backend);
        let mut conn = db.connect();
        load_shipped(&mut conn);
        // Hampshire's re-referrals in 2024 are "u" (low reliability), Hackney's in 2022 "x".
        for (year, council, code) in [("2024", "850", "u"), ("2022", "204", "x")] {
            assert_eq!(from_csv("c1", "rereferral_percent", None, year, Some(council)), code);
            let row = stored(&mut conn, "rereferrals_percent", year, Some(council));
            assert_eq!((row.value, row.suppressed.as_deref()), (None, Some(code)));
        }
        assert_eq!(Suppression::meaning_of("u"), "not published: low reliability");
    }
}

on_both_backends! {
    fn the_older_column_name_loads(backend) {
        let db = common::TestDb::new(backend);
        let mut conn = db.connect();
        let dir = tempfile::tempdir().unwrap();
        let old = copy_with(dir.path(), "c1", |t| t.replacen(",rereferral_percent,", ",Re_referrals_percent,", 1));
        load_paths(&mut conn, &[&old]).expect("the older name loads");
        let indicator = figures::indicator_by_code(&mut conn, "rereferrals_percent").unwrap().unwrap();
        assert_eq!(indicator.column_name, "Re_referrals_percent");
        let expected: f64 = from_csv("c1", "rereferral_percent", None, "2025", Some("866")).parse().unwrap();
        assert_eq!(stored(&mut conn, "rereferrals_percent", "2025", Some("866")).value, Some(expected));
    }
}

on_both_backends! {
    fn a_file_missing_its_column_is_refused_and_nothing_is_written(backend) {
        let db = common::TestDb::new(backend);
        let mut conn = db.connect();
        load_shipped(&mut conn);
        let before = (figures::value_count(&mut conn).unwrap(), history_count(&mut conn));
        let dir = tempfile::tempdir().unwrap();
        let bad = copy_with(dir.path(), "c1", |t| {
            let mut reader = csv::Reader::from_reader(t.as_bytes());
            let drop = reader.headers().unwrap().iter().position(|h| h == "rereferral_percent").unwrap();
            let mut writer = csv::Writer::from_writer(Vec::new());
            writer.write_record(reader.headers().unwrap().iter().enumerate().filter(|(i, _)| *i != drop).map(|(_, h)| h)).unwrap();
            for row in reader.records() {
                writer.write_record(row.unwrap().iter().enumerate().filter(|(i, _)| *i != drop).map(|(_, v)| v)).unwrap();
            }
            String::from_utf8(writer.into_inner().unwrap()).unwrap()
        });
        let good = shipped("d3");
        let err = load_paths(&mut conn, &[&good, &bad]).unwrap_err();
        let name = bad.file_name().unwrap().to_string_lossy().to_string();
        assert_eq!(
            err.to_string(),
            format!("{name}: no column rereferral_percent (or Re_referrals_percent); nothing was loaded")
        );
        assert_eq!((figures::value_count(&mut conn).unwrap(), history_count(&mut conn)), before);
        // The command says the same, on one line, and exits as other commands do for bad input.
        let out = Command::new(env!("CARGO_BIN_EXE_sustain"))
            .args(["figures", "import", good.to_str().unwrap(), bad.to_str().unwrap()])
            .env("SUSTAIN_DATABASE_URL", &db.raw_url)
            .env("SUSTAIN_CONFIG", "/dev/null")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(&format!("{name}: no column rereferral_percent")), "{stderr}");
        assert_eq!((figures::value_count(&mut conn).unwrap(), history_count(&mut conn)), before);
    }
}

on_both_backends! {
    fn an_older_release_loaded_after_a_newer_keeps_the_newer_values(backend) {
        let db = common::TestDb::new(backend);
        let mut conn = db.connect();
        let dir = tempfile::tempdir().unwrap();
        // An older release: the years up to 2024 only, each 2024 figure different from the newer release's.
        let older = copy_with(dir.path(), "c1", |t| {
            let mut reader = csv::Reader::from_reader(t.as_bytes());
            let headers = reader.headers().unwrap().clone();
            let rate = headers.iter().position(|h| h == "rereferral_percent").unwrap();
            let mut writer = csv::Writer::from_writer(Vec::new());
            writer.write_record(&headers).unwrap();
            for row in reader.records() {
                let mut row: Vec<String> = row.unwrap().iter().map(str::to_string).collect();
                match row[0].as_str() {
                    "2025" => continue,
                    "2024" => {
                        if let Ok(n) = row[rate].parse::<f64>() {
                            row[rate] = (n + 1.0).to_string();
                        }
                    }
                    _ => {}
                }
                writer.write_record(&row).unwrap();
            }
            String::from_utf8(writer.into_inner().unwrap()).unwrap()
        });
        let newer = shipped("c1");
        load_paths(&mut conn, &[&newer]).unwrap();
        let loaded = load_paths(&mut conn, &[&older]).unwrap();
        let Loaded::Statistics { release, indicators, .. } = &loaded[0] else { panic!("{loaded:?}") };
        assert_eq!(release, "2024");
        assert!(indicators[0].kept_newer > 1900, "{:?}", indicators[0]);
        let expected: f64 = from_csv("c1", "rereferral_percent", None, "2024", Some("866")).parse().unwrap();
        let row = stored(&mut conn, "rereferrals_percent", "2024", Some("866"));
        assert_eq!((row.value, row.release.as_str()), (Some(expected), "2025"));
        // The other way round, the newer replaces the older.
        let fresh = common::TestDb::new(backend);
        let mut conn = fresh.connect();
        load_paths(&mut conn, &[&older]).unwrap();
        load_paths(&mut conn, &[&newer]).unwrap();
        let row = stored(&mut conn, "rereferrals_percent", "2024", Some("866"));
        assert_eq!((row.value, row.release.as_str()), (Some(expected), "2025"));
    }
}

on_both_backends! {
    fn the_command_says_what_each_file_loaded(backend) {
        let db = common::TestDb::new(backend);
        let files: Vec<PathBuf> = ["c1", "sn", "lait"].iter().map(|p| shipped(p)).collect();
        let out = Command::new(env!("CARGO_BIN_EXE_sustain"))
            .args(["figures", "import"])
            .args(&files)
            .env("SUSTAIN_DATABASE_URL", &db.raw_url)
            .env("SUSTAIN_CONFIG", "/dev/null")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(
            stdout.contains("Re-referrals within 12 months (rereferrals_percent, column rereferral_percent): 2013-2025, 2132 rows, "),
            "{stdout}"
        );
        assert!(stdout.contains("statistical neighbours (2025 model) of 153 councils"), "{stdout}");
    }
}

on_both_backends! {
    fn an_area_named_again_by_a_file_as_new_takes_its_names_and_loses_what_it_no_longer_gives(backend) {
        let db = common::TestDb::new(backend);
        let mut conn = db.connect();
        load_paths(&mut conn, &[&shipped("c1")]).expect("the shipped file loads");
        let swindon = |conn: &mut DbConnection| figures::areas(conn).unwrap().into_iter().find(|a| a.code == "866").unwrap();
        assert_eq!((swindon(&mut conn).name.as_str(), swindon(&mut conn).ons_code.as_deref()), ("Swindon", Some("E06000030")));
        let dir = tempfile::tempdir().unwrap();
        let renamed = copy_with(dir.path(), "c1", |t| t.replace(",866,E06000030,Swindon,", ",866,,Swindon Borough,"));
        load_paths(&mut conn, &[&renamed]).expect("the renamed file loads");
        let area = swindon(&mut conn);
        assert_eq!((area.name.as_str(), area.ons_code, area.region_name.as_deref()), ("Swindon Borough", None, Some("South West")));
    }
}
