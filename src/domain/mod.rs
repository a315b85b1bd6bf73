//! Pure types and rules of the product: no database, no web, no I/O.
//!
//! The status engine (`status`) and statistical process control (`spc`) live
//! here so that every page, report, API route and CLI command shares one
//! verdict.

pub mod access;
pub mod allowance;
pub mod audit;
pub mod calendar;
pub mod commentary;
pub mod council;
pub mod dates;
pub mod digest;
pub mod drafts;
pub mod evidence;
pub mod fields;
pub mod figures;
pub mod formats;
pub mod frameworks;
pub mod history;
pub mod ids;
pub mod issued;
pub mod kinds;
pub mod numbers;
pub mod paging;
pub mod plan;
pub mod references;
pub mod requests;
pub mod results_csv;
pub mod sheets;
pub mod sign_off;
pub mod sign_on;
pub mod spc;
pub mod status;
pub mod upload;
pub mod users;
pub mod valid;
pub mod values;
