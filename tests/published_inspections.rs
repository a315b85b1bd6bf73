//! Ofsted's published inspection outcomes on both backends: the shipped ODS
//! loads whole, each council's latest inspection is the one the file itself
//! gives (read here with calamine, independently of the loader), a council
//! inspected several times reads latest first, and a bad file writes nothing.

use crate::common;

use calamine::{Data, Ods, Reader};
use chrono::NaiveDate;
use diesel::prelude::*;
use std::collections::BTreeSet;
use sustain::db::published_inspections as stored;
use sustain::db::schema::change_history;
use sustain::db::Actor;
use sustain::reports::sheets::inspections::{import_ods, load_shipped, OutcomesFailure, SHIPPED};

const FILE: &str =
    concat!(env!("CARGO_MANIFEST_DIR"), "/assets/figures/LA_Inspection_Outcomes_as_at_31_March_2025.ods");

/// One inspection as the test reads it from the file: ONS code, start date, overall judgement.
struct FromFile {
    ons_code: String,
    start: NaiveDate,
    overall: String,
}

/// The sheet's data rows under the header row (found by its text), by column header.
fn from_file() -> Vec<FromFile> {
    assert_eq!(std::fs::read(FILE).unwrap(), SHIPPED, "the shipped copy is the file");
    let mut book: Ods<_> = calamine::open_workbook(FILE).unwrap();
    let range = book.worksheet_range("ILACS_inspection_history").unwrap();
    let rows: Vec<&[Data]> = range.rows().collect();
    let header_at = rows.iter().position(|r| r.iter().any(|c| *c == "Local authority area code")).unwrap();
    let column = |name: &str| rows[header_at].iter().position(|c| *c == name).unwrap();
    let (code, start, overall) =
        (column("Local authority area code"), column("Inspection date"), column("Overall effectiveness"));
    rows[header_at + 1..]
        .iter()
        .filter(|r| r.iter().any(|c| *c != Data::Empty))
        .map(|r| FromFile {
            ons_code: r[code].to_string(),
            start: NaiveDate::parse_from_str(&r[start].to_string()[..10], "%Y-%m-%d").unwrap(),
            overall: r[overall].to_string(),
        })
        .collect()
}

on_both_backends! {
    fn the_shipped_file_loads_every_inspection_and_each_councils_latest_is_the_files(backend) {
        let db = common::TestDb::new(backend);
        let mut conn = db.connect();
        let file = from_file();
        assert_eq!(load_shipped(&mut conn, &sustain::db::Actor::system("test")).unwrap(), Some(file.len()));
        assert_eq!(stored::count(&mut conn).unwrap(), file.len() as i64, "one row per data row of the sheet");
        assert_eq!(load_shipped(&mut conn, &sustain::db::Actor::system("test")).unwrap(), None, "loaded only into an instance without any");

        // Swindon (inspected twice, the later Inadequate) and York (latest in 2025).
        for council in ["E06000030", "E06000014"] {
            let latest = file.iter().filter(|i| i.ons_code == council).max_by_key(|i| i.start).unwrap();
            let read = stored::latest(&mut conn, council).unwrap().expect("inspected");
            assert_eq!(read.start_date, Some(latest.start), "{council}");
            assert_eq!(read.overall, latest.overall, "{council}");
        }
        let swindon = stored::latest(&mut conn, "E06000030").unwrap().unwrap();
        assert_eq!((swindon.la_name.as_str(), swindon.overall.as_str()), ("Swindon", "Inadequate"));

        let councils: BTreeSet<&str> = file.iter().map(|i| i.ons_code.as_str()).collect();
        let latest_each = stored::latest_each(&mut conn).unwrap();
        assert_eq!(latest_each.len(), councils.len(), "one latest inspection per council");
        for row in &latest_each {
            let newest = file.iter().filter(|i| i.ons_code == row.ons_code).map(|i| i.start).max();
            assert_eq!(row.start_date, newest, "{}", row.ons_code);
        }
        assert!(stored::latest(&mut conn, "E99999999").unwrap().is_none());

        let entries: Vec<(String, Option<String>)> = change_history::table
            .filter(change_history::entity.eq("published_inspections"))
            .select((change_history::what, change_history::after_json))
            .load(&mut conn)
            .unwrap();
        assert_eq!(entries.len(), 1, "one entry for the load");
        assert_eq!(entries[0].0, "import");
        assert!(entries[0].1.as_deref().unwrap().contains("LA_Inspection_Outcomes_as_at_31_March_2025.ods"));
    }
}

on_both_backends! {
    fn a_council_inspected_several_times_reads_latest_first(backend) {
        let db = common::TestDb::new(backend);
        let mut conn = db.connect();
        load_shipped(&mut conn, &sustain::db::Actor::system("test")).unwrap();
        let file = from_file();
        let most = file.iter().map(|i| &i.ons_code).max_by_key(|c| file.iter().filter(|i| i.ons_code == **c).count());
        let council = most.unwrap().clone();
        let mut dates: Vec<NaiveDate> = file.iter().filter(|i| i.ons_code == council).map(|i| i.start).collect();
        assert!(dates.len() >= 3, "{council} was inspected {} times", dates.len());
        dates.sort_by(|a, b| b.cmp(a));
        let read = stored::of_council(&mut conn, &council).unwrap();
        assert_eq!(read.iter().map(|r| r.start_date.unwrap()).collect::<Vec<_>>(), dates);
        // Care leavers was judged only from 2023: blank before, kept as none.
        for row in &read {
            let judged = row.start_date.unwrap() >= NaiveDate::from_ymd_opt(2023, 1, 1).unwrap();
            assert_eq!(row.care_leavers.is_some(), judged, "{row:?}");
        }
    }
}

on_both_backends! {
    fn a_file_that_cannot_be_read_is_refused_and_writes_nothing(backend) {
        let db = common::TestDb::new(backend);
        let mut conn = db.connect();
        load_shipped(&mut conn, &sustain::db::Actor::system("test")).unwrap();
        let before = stored::latest_each(&mut conn).unwrap();
        let actor = Actor::system("test");
        let failure = import_ods(&mut conn, &actor, b"ons_code,overall\n", "outcomes.csv").unwrap_err();
        assert!(matches!(failure, OutcomesFailure::File { .. }));
        assert!(failure.to_string().starts_with("outcomes.csv: not an OpenDocument spreadsheet"), "{failure}");
        assert_eq!(stored::latest_each(&mut conn).unwrap(), before);
        // Loading the same edition again replaces it with the same rows.
        assert_eq!(import_ods(&mut conn, &actor, SHIPPED, "again.ods").unwrap(), from_file().len());
        let again = stored::latest_each(&mut conn).unwrap();
        assert_eq!(again.len(), before.len());
        assert_eq!(again[0].overall, before[0].overall);
    }
}
