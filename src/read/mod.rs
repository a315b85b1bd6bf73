//! Read models: what one page, API answer or command needs, read in one
//! snapshot and joined through maps keyed by id.

pub mod action_page;
pub mod archived;
pub mod area_page;
pub mod areas;
pub mod cache;
pub mod dashboard;
pub mod dated;
pub mod digest;
pub mod evidence_library;
pub mod evidence_page;
pub mod figures;
pub mod findings;
pub mod form_choices;
pub mod grouped;
pub mod history;
pub mod inspections;
pub mod lines;
pub mod measure_figures;
pub mod measures;
pub mod overview;
pub mod owners;
pub mod pack;
pub mod plan;
pub mod progress;
pub mod readiness;
pub mod requests;
pub mod rewind;
mod rewind_links;
pub mod setup;
pub mod slipping;
pub mod timeline;
pub mod tracker;
