//! Pages as pure functions from data to markup: no queries, no actix.

pub mod actions;
pub mod api_docs;
pub mod area;
pub mod areas;
pub mod blocks;
pub mod charts;
pub mod components;
pub mod council;
pub mod dashboard;
pub mod digest;
pub mod errors;
pub mod evidence;
pub mod evidence_library;
pub mod fields;
pub mod figures_import;
pub mod filters;
pub mod findings;
pub mod form_page;
pub mod forms;
pub mod history;
pub mod inspections;
pub mod issued;
pub mod layout;
pub mod measure;
pub mod measures;
pub mod owners;
pub mod pack;
pub mod progress;
pub mod results;
pub mod setup;
pub mod shares;
pub mod sheets;
pub mod signin;
pub mod tracker;
pub mod users;

pub use layout::{layout, Chrome};
