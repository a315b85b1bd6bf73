//! Spreadsheets in and out. In: a plan or results file (CSV or XLSX) read
//! within limits and imported through one path shared by the page and the
//! command line (`import`). Out: every register as CSV (one file each) or as
//! one XLSX workbook (a sheet each, with a cover sheet), written as it is
//! produced (`export`); and the templates to fill in (`template`). Ofsted's
//! published inspection outcomes (ODS) are read here too (`inspections`).

pub mod export;
pub mod import;
pub mod inspections;
pub mod out;
pub mod read;
pub mod records;
pub mod registers;
pub mod template;
